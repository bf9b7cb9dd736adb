// Where an executor writes what a person will read: masked (across chunk edges), streamed to
// `onOutput`, and kept head + tail up to the request's cap.
import { StreamMasker } from '../secrets/mask';
import { BoundedText } from './boundedText';
import type { ExecRequest, OutputChunk } from './types';

export class OutputCollector {
  private readonly text: BoundedText;
  /** Made on the first `write` to a stream: cells that only write whole blocks (SQL) never need one. */
  private readonly streams: Partial<Record<OutputChunk['stream'], StreamMasker>> = {};
  /** Stdout alone, when asked for (a shell cell's `capture=`). */
  private readonly stdout: BoundedText | undefined;

  constructor(private readonly req: Pick<ExecRequest, 'masker' | 'maxOutputBytes' | 'onOutput'>, opts: { keepStdout?: boolean } = {}) {
    this.text = new BoundedText(req.maxOutputBytes);
    if (opts.keepStdout) this.stdout = new BoundedText(req.maxOutputBytes);
  }

  write(text: string, stream: OutputChunk['stream'] = 'stdout'): void {
    const masker = (this.streams[stream] ??= new StreamMasker(this.req.masker));
    this.emit(masker.push(text), stream);
  }

  /** Text that is complete already (a formatted table, a reply): masked as a whole. */
  writeBlock(text: string, stream: OutputChunk['stream'] = 'stdout'): void {
    this.flush(stream);
    this.emit(this.req.masker.mask(text), stream);
  }

  /** Flushes held-back partial lines; call once the executor is done. */
  finish(): { text: string; omittedBytes: number; stdout?: string; stdoutOmittedBytes?: number } {
    this.flush('stdout');
    this.flush('stderr');
    const stdout = this.stdout ? { stdout: this.stdout.toString(), stdoutOmittedBytes: this.stdout.omittedBytes } : {};
    return { text: this.text.toString(), omittedBytes: this.text.omittedBytes, ...stdout };
  }

  private flush(stream: OutputChunk['stream']): void {
    const masker = this.streams[stream];
    if (masker) this.emit(masker.flush(), stream);
  }

  private emit(text: string, stream: OutputChunk['stream']): void {
    if (!text) return;
    this.text.append(text);
    if (stream === 'stdout') this.stdout?.append(text);
    this.req.onOutput?.({ stream, text });
  }
}

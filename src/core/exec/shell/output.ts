// A shell cell's stdout and stderr, streamed into the collector as they come, with what the run
// needs to stop waiting for them: a process the run could not stop may hold them for ever.
import type { ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import type { OutputCollector } from '../collector';
import { ProcFs } from './procfs';

const proc = new ProcFs();

export interface Output {
  /** Settles when both pipes are closed. */
  done: Promise<void>;
  /** The shell's ends of the output pipes still open, as /proc names them (`socket:[123]`). */
  openPipes(): string[];
  endsInNewline(): boolean;
  /** Stops listening, whether the pipes are closed or not. */
  close(): void;
}

/** Streams the child's stdout and stderr into `out`. */
export function collectOutput(child: ChildProcess, out: OutputCollector): Output {
  let open = 0;
  const stillOpen = new Set<'stdout' | 'stderr'>();
  // Node's stdio 'pipes' are socket pairs: the shell's end has its own inode, read from its fds
  // now, while it has just exec'd and cannot have redirected them yet.
  const writeEnds = {
    stdout: child.pid === undefined ? undefined : proc.fdTarget(child.pid, 1),
    stderr: child.pid === undefined ? undefined : proc.fdTarget(child.pid, 2),
  };
  let lastChar = '\n';
  let closed = false;
  let drained!: () => void;
  const done = new Promise<void>((resolve) => (drained = resolve));
  const flushers: Array<() => void> = [];
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = child[name];
    if (!stream) continue;
    open++;
    stillOpen.add(name);
    const decoder = new StringDecoder('utf8');
    let flushed = false;
    const flush = () => {
      if (flushed) return;
      flushed = true;
      out.write(decoder.end(), name);
    };
    flushers.push(flush);
    stream.on('data', (b: Buffer) => {
      if (closed || b.length === 0) return;
      out.write(decoder.write(b), name);
      lastChar = String.fromCharCode(b[b.length - 1]);
    });
    stream.once('close', () => {
      stillOpen.delete(name);
      if (!closed) flush();
      if (--open === 0) drained();
    });
    // Reading a pipe whose writer was killed can fail; what was read is kept.
    stream.on('error', () => {});
  }
  if (open === 0) drained();
  return {
    done,
    endsInNewline: () => lastChar === '\n',
    openPipes() {
      if (closed) return [];
      return [...stillOpen].map((name) => writeEnds[name]).filter((t): t is string => t !== undefined);
    },
    close() {
      if (closed) return;
      flushers.forEach((f) => f());
      closed = true;
      for (const name of ['stdout', 'stderr'] as const) {
        child[name]?.removeAllListeners('data');
        child[name]?.destroy();
      }
    },
  };
}

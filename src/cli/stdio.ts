// The CLI's own process as a CliIO. A reader that goes away (`runbook … | head -1`) makes the
// next write fail with EPIPE; unhandled, Node prints that as a stack trace. It is no error of
// ours: the output stops quietly, and the failure is passed on as the SIGPIPE it stands for
// (Node ignores the real signal), so commands that go on until stopped (`run`, `health --watch`)
// stop as they would on Ctrl-C, and the rest simply finish.
import type { CliIO } from './io';
import { terminalAsk } from './prompt';

export function processIO(): CliIO {
  const gone = new Set<NodeJS.WriteStream>();
  const watch = (stream: NodeJS.WriteStream) =>
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      if (gone.has(stream)) return;
      gone.add(stream);
      process.emit('SIGPIPE', 'SIGPIPE');
    });
  watch(process.stdout);
  watch(process.stderr);
  const writer = (stream: NodeJS.WriteStream) => (text: string) => {
    if (!gone.has(stream)) stream.write(text);
  };
  return {
    stdout: writer(process.stdout),
    stderr: writer(process.stderr),
    cwd: process.cwd(),
    env: process.env,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    ask: terminalAsk,
  };
}

// Asking a person at the terminal: one readline interface per question, closed afterwards, so
// nothing holds stdin open once the run is over (the process must be free to exit after Ctrl-C).
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { AskOptions } from './io';

/**
 * Prints `question` and reads one line. Undefined when there is no answer: end of input (Ctrl-D),
 * or the run was cancelled. A secret's typing is not echoed. Ctrl-C while asking is a stop, like
 * Ctrl-C while a cell runs: readline takes the key from the terminal, so it is handed on as SIGINT.
 */
export function terminalAsk(question: string, options: AskOptions = {}): Promise<string | undefined> {
  if (options.signal?.aborted) return Promise.resolve(undefined);
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: Boolean(process.stdin.isTTY) });
  return new Promise<string | undefined>((resolve) => {
    let done = false;
    const finish = (answer: string | undefined) => {
      if (done) return;
      done = true;
      options.signal?.removeEventListener('abort', onAbort);
      // (Never remove readline's own 'close' listeners: they detach it from stdin.)
      rl.close();
      if (muted) process.stdout.write('\n');
      resolve(answer);
    };
    const onAbort = () => finish(undefined);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    rl.on('close', () => finish(undefined));
    rl.on('SIGINT', () => {
      // The run's SIGINT handler aborts the run, which withdraws this question (onAbort), so the
      // engine sees a cancel rather than a refusal. Without such a handler SIGINT ends the process.
      process.kill(process.pid, 'SIGINT');
      setTimeout(() => finish(undefined), 200).unref();
    });
    process.stdout.write(question);
    muted = options.secret === true;
    rl.question('', (answer) => finish(answer));
  });
}

// `command`: a shell command's exit code (0 is ok), through the shell executor, so a check gets
// a cell's guarantee: at its timeout everything the command started is stopped, `setsid`
// daemons included, and the check returns whoever holds the command's output.
import { runShell } from '../../exec/shell/run';
import type { CommandCheck } from '../config';
import { down, type CheckContext } from '../outcome';
import type { CheckOutcome } from '../types';

/** Output kept in the details; the summary shows the last line. */
const MAX_OUTPUT_BYTES = 8 * 1024;

export async function checkCommand(check: CommandCheck, { env, signal, masker }: CheckContext): Promise<CheckOutcome> {
  const variables = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  const result = await runShell({
    code: check.command,
    env: variables,
    cwd: check.cwd ?? process.cwd(),
    signal,
    // The runner's own timeout reports first and aborts `signal`; this one is a second bound.
    timeoutMs: check.timeoutMs + 1000,
    attributes: {},
    maxOutputBytes: MAX_OUTPUT_BYTES,
    masker,
  });
  if (signal.aborted) throw signal.reason;
  const output = result.text;
  const lastLine = output.trim().split('\n').pop()?.slice(0, 120) ?? '';
  const details = { command: check.command, exitCode: result.exitCode ?? null, output };
  if (result.exitCode === undefined) {
    const reason = result.error ?? result.status;
    return down(reason, reason, details);
  }
  const code = result.exitCode;
  const summary = `exit ${code}${lastLine ? ` · ${lastLine}` : ''}`;
  if (code === 0) return { status: 'ok', summary, details };
  const error = `exited with code ${code}`;
  const status = check.degradedExitCodes.includes(code) ? 'degraded' : 'down';
  return { status, summary, details: { ...details, error }, error };
}

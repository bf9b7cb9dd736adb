// Shell cells: `bash -c`, stdout and stderr streamed as they come, colours kept. The cell runs in
// its own process group so cancel and timeout kill its children's children too.
import { StringDecoder } from 'node:string_decoder';
import { OutputCollector } from '../collector';
import type { ExecRequest, ExecResult } from '../types';

/** After SIGTERM, how long a process group gets before SIGKILL. */
const KILL_GRACE_MS = 2000;

/**
 * A `console` fence shows a session: `$ command` lines and their output. Only the commands run.
 * Other fences run as written.
 */
export function shellScript(code: string, infoWord?: string): string {
  const lines = code.split('\n');
  const isConsole = infoWord === 'console' || infoWord === 'shellsession';
  const prompted = lines.filter((l) => /^\s*\$ /.test(l));
  if (!isConsole || prompted.length === 0) return code;
  const out: string[] = [];
  let continuing = false;
  for (const line of lines) {
    if (/^\s*\$ /.test(line)) {
      out.push(line.replace(/^\s*\$ /, ''));
      continuing = line.trimEnd().endsWith('\\');
    } else if (continuing) {
      out.push(line);
      continuing = line.trimEnd().endsWith('\\');
    }
  }
  return out.join('\n');
}

export async function runShell(req: ExecRequest): Promise<ExecResult> {
  const { execa } = await import('execa');
  const started = performance.now();
  const out = new OutputCollector(req);
  let timedOut = false;
  let killed = false;
  const child = execa('bash', ['-c', shellScript(req.code, req.infoWord)], {
    cwd: req.cwd,
    env: req.env,
    extendEnv: false,
    detached: true,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    stripFinalNewline: false,
  });
  const pid = child.pid;
  let graceTimer: NodeJS.Timeout | undefined;
  const killGroup = () => {
    if (killed || pid === undefined) return;
    killed = true;
    signalGroup(pid, 'SIGTERM');
    graceTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
  };
  const onAbort = () => killGroup();
  req.signal.addEventListener('abort', onAbort, { once: true });
  if (req.signal.aborted) killGroup();
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, req.timeoutMs);

  for (const stream of ['stdout', 'stderr'] as const) {
    const decoder = new StringDecoder('utf8');
    const s = child[stream];
    s?.on('data', (b: Buffer) => out.write(decoder.write(b), stream));
    s?.on('end', () => out.write(decoder.end(), stream));
  }
  let exitCode: number | undefined;
  let error: string | undefined;
  try {
    const result = await child;
    exitCode = result.exitCode;
    if (result.failed && exitCode === undefined && !killed) error = req.masker.mask(result.shortMessage ?? 'failed');
  } catch (err) {
    error = req.masker.mask(err instanceof Error ? err.message : String(err));
  } finally {
    clearTimeout(timer);
    req.signal.removeEventListener('abort', onAbort);
  }
  // The group may still hold children (a `sleep &` that outlived bash on cancel): make sure they go.
  if (killed && pid !== undefined) {
    clearTimeout(graceTimer);
    signalGroup(pid, 'SIGKILL');
  }
  const { text, omittedBytes } = out.finish();
  const durationMs = performance.now() - started;
  const status = timedOut ? 'timeout' : killed ? 'cancelled' : exitCode === 0 ? 'ok' : 'failed';
  if (timedOut) error = `timed out after ${formatMs(req.timeoutMs)}`;
  else if (killed) error = 'cancelled';
  else if (status === 'failed' && !error) error = `exit code ${exitCode}`;
  return { status, exitCode, durationMs, text, omittedBytes, error };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* the group is gone already */
  }
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

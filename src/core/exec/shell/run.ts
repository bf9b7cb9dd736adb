// Shell cells: `bash -c`, stdout and stderr streamed as they come, colours kept. Every run is
// bounded: at the timeout or on cancel, every process the cell started is stopped (processTree.ts
// finds them, `setsid` daemons included) and the run returns within the kill grace, whoever still
// holds its output pipes. A cell that ends but leaves processes running (`daemon &`) has them
// stopped too, and says so: a cell is a command, not a way to start services.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { OutputCollector } from '../collector';
import type { ExecRequest, ExecResult } from '../types';
import { formatMs } from '../../units';
import { collectOutput } from './output';
import { ProcessTree, type StopResult } from './processTree';

/** From SIGTERM to SIGKILL. Short, so that a CLI told to stop ends within a second or two. */
const KILL_GRACE_MS = 1000;
/** Once the shell has exited, how long what it left behind may still write before it is stopped. */
const DRAIN_MS = 200;
/** How often the cell's process tree is walked while it runs (catches `env -i` children). */
const POLL_MS = 100;
/**
 * A cell that ran this long has every process's environment read when it ends; a shorter one only
 * those of processes created after its shell (pids cannot have wrapped round in that time).
 */
const FULL_SCAN_AFTER_MS = 1000;
/** The longest delay setTimeout takes (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export async function runShell(req: ExecRequest): Promise<ExecResult> {
  const started = performance.now();
  if (req.signal.aborted) return { status: 'cancelled', durationMs: 0, text: '', error: 'cancelled' };
  const out = new OutputCollector(req, { keepStdout: req.attributes.capture !== undefined });
  // Inherited by everything the cell starts, even what clears its process group: see processTree.ts.
  const marker = `RUNBOOK_RUN_${randomBytes(12).toString('hex')}`;
  // node:child_process rather than execa: the run must be able to stop waiting for the pipes while
  // a process still holds them, and execa's promise waits for them (it also costs ~3 ms a spawn).
  const child = spawn('bash', ['-c', req.code], {
    cwd: req.cwd,
    env: { ...req.env, [marker]: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<ShellExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // Kept for the child's life: an 'error' nobody listens to would crash the process.
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
  });
  const output = collectOutput(child, out);
  const tree = child.pid === undefined ? undefined : new ProcessTree(child.pid, `${marker}=1`, { pipes: output.openPipes });

  let stopWhy: 'timeout' | 'cancelled' | undefined;
  let requestStop!: () => void;
  const stopRequested = new Promise<'stop'>((resolve) => (requestStop = () => resolve('stop')));
  // Clamped: Node fires a longer timer at once (a `--timeout` of a month would stop every cell).
  const timer = setTimeout(() => {
    stopWhy ??= 'timeout';
    requestStop();
  }, Math.min(req.timeoutMs, MAX_TIMER_MS));
  const onAbort = () => {
    stopWhy ??= 'cancelled';
    requestStop();
  };
  req.signal.addEventListener('abort', onAbort, { once: true });
  const poller = setInterval(() => tree?.poll(), POLL_MS);

  let exit: ShellExit | undefined;
  let stopped: StopResult | undefined;
  let leftovers: StopResult | undefined;
  try {
    const first = await Promise.race([exited, stopRequested]);
    clearTimeout(timer);
    clearInterval(poller);
    if (first === 'stop' && tree) {
      stopped = await tree.stop({ graceMs: KILL_GRACE_MS });
      exit = await within(exited, DRAIN_MS);
      await within(output.done, DRAIN_MS);
    } else {
      stopWhy = undefined;
      exit = first === 'stop' ? await exited : first;
      await within(output.done, DRAIN_MS);
      if (tree) {
        const found = tree.find(performance.now() - started > FULL_SCAN_AFTER_MS ? 'all' : 'recent');
        if (found.length || tree.groupAlive()) {
          leftovers = await tree.stop({ graceMs: KILL_GRACE_MS, found });
          await within(output.done, DRAIN_MS);
        }
      }
    }
  } finally {
    clearTimeout(timer);
    clearInterval(poller);
    req.signal.removeEventListener('abort', onAbort);
    output.close();
    // A shell we could not stop must not keep the process (the CLI) alive.
    child.unref();
  }

  const notes: string[] = [];
  if (leftovers) notes.push(leftoverNote(leftovers));
  const last = stopped ?? leftovers;
  if (last && (last.survivors.length || last.groupLeft)) notes.push(survivorNote(last));
  // On stdout, after what the cell wrote there (a partial last line included), like the CLI's own notes.
  if (notes.length) out.writeBlock((output.endsInNewline() ? '' : '\n') + notes.join(''), 'stdout');
  const { text, omittedBytes, stdout, stdoutOmittedBytes } = out.finish();
  const durationMs = performance.now() - started;
  const exitCode = exit?.code ?? undefined;
  if (stopWhy) {
    const error = stopWhy === 'timeout' ? `timed out after ${formatMs(req.timeoutMs)}` : 'cancelled';
    return { status: stopWhy, exitCode, durationMs, text, omittedBytes, error };
  }
  if (exit?.error) return { status: 'failed', durationMs, text, omittedBytes, error: req.masker.mask(`cannot run bash in ${req.cwd}: ${exit.error.message}`) };
  if (exitCode === 0) return { status: 'ok', exitCode, durationMs, text, omittedBytes, ...(stdout === undefined ? {} : { stdout, stdoutOmittedBytes }) };
  const error = exitCode === undefined ? `killed by ${exit?.signal ?? 'a signal'}` : `exit code ${exitCode}`;
  return { status: 'failed', exitCode, durationMs, text, omittedBytes, error };
}

interface ShellExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

/** `p`'s value, or undefined if it takes longer than `ms`. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

function leftoverNote(r: StopResult): string {
  const n = r.stopped.length;
  if (n === 0) return '(stopped the processes the cell left running)\n';
  const names = [...new Set(r.stopped.map((p) => p.comm))].join(', ');
  return `(stopped ${n} process${n === 1 ? '' : 'es'} the cell left running: ${names})\n`;
}

function survivorNote(r: StopResult): string {
  if (r.survivors.length === 0) return '(some processes of the cell could not be stopped)\n';
  const list = r.survivors.map((p) => `${p.pid} (${p.comm})`).join(', ');
  return `(could not stop ${r.survivors.length} process${r.survivors.length === 1 ? '' : 'es'} of the cell: ${list})\n`;
}


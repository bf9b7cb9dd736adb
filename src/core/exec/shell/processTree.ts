// Every process a shell cell started, so that a timeout, a cancel or the end of the cell stops them
// all, including those that left the cell's process group with `setsid` and those whose parent
// exited (reparented to init). It must work for a normal user without cgroups, so it combines
// three things, none enough alone:
// - the cell's process group, signalled as a whole (catches what forks while we look);
// - a marker variable in the environment of every process the cell starts, inherited through
//   fork, exec, setsid, nohup and double forks, found in /proc/PID/environ even after reparenting;
// - the tree, walked while the cell runs from every process seen so far, which finds processes
//   that cleared their environment (`env -i`) as long as they were seen while their parent lived;
// - and, while the cell's output pipes are open, whoever holds them: what keeps a run from ending
//   is found even if it cleared its environment and left the tree between two polls.
// Pids are remembered with their start time, so a pid reused by another process is never signalled.
import { ProcFs, allocatedBetween, type ProcStat } from './procfs';

export interface CellProcess {
  pid: number;
  startTime: string;
  comm: string;
}

export type Signaller = (pid: number, signal: NodeJS.Signals | 0) => boolean;

export interface StopResult {
  /** Processes signalled, the cell's shell left out. */
  stopped: CellProcess[];
  /** Still running after SIGKILL: another user's (after sudo) or stuck in the kernel. */
  survivors: CellProcess[];
  /** Some process is still in the cell's group (on a system without /proc it is all we can see). */
  groupLeft: boolean;
}

export interface StopOptions {
  /** From SIGTERM to SIGKILL. */
  graceMs: number;
  /** What the caller found already (saves a scan). */
  found?: ProcStat[];
}

export interface TreeOptions {
  proc?: ProcFs;
  signal?: Signaller;
  /** The cell's ends of its output pipes while they are open, as /proc names them (`socket:[123]`). */
  pipes?: () => string[];
}

/** How often the remaining processes are looked for while they get their SIGTERM grace. */
const TERM_STEP_MS = 50;
/** SIGKILL rounds: each finds and kills what forked during the previous one. */
const KILL_ROUNDS = 5;
const KILL_STEP_MS = 20;

export class ProcessTree {
  private readonly seen = new Map<number, CellProcess>();
  private readonly needle: Buffer;
  private readonly hasProc: boolean;
  private rootSeen = false;

  private readonly proc: ProcFs;
  private readonly signal: Signaller;
  private readonly pipes: () => string[];

  /** `marker` is the `NAME=value` entry put in the cell's environment. */
  constructor(
    readonly rootPid: number,
    marker: string,
    options: TreeOptions = {},
  ) {
    this.proc = options.proc ?? new ProcFs();
    this.signal = options.signal ?? sendSignal;
    this.pipes = options.pipes ?? (() => []);
    this.needle = Buffer.from(marker);
    this.hasProc = this.proc.available();
  }

  /** Records the live descendants of every process seen so far. Cheap: call it while the cell runs. */
  poll(): void {
    if (!this.hasProc) return;
    if (!this.rootSeen) {
      // Read on the first poll, not at spawn, which a short cell never needs: until its parent (us)
      // has reaped it the shell keeps its pid, and after that pids only come round again much later.
      this.rootSeen = true;
      const root = this.proc.stat(this.rootPid);
      if (root && running(root)) this.seen.set(this.rootPid, identity(root));
    }
    const live = this.liveSeen();
    let childrenOf = (pid: number) => this.proc.children(pid);
    if (live.length && childrenOf(live[0].pid) === undefined) {
      // No `children` files in this kernel: one pass over every process's parent instead.
      const byParent = new Map<number, number[]>();
      for (const pid of this.proc.pids()) {
        const s = this.proc.stat(pid);
        if (!s) continue;
        const siblings = byParent.get(s.ppid);
        if (siblings) siblings.push(pid);
        else byParent.set(s.ppid, [pid]);
      }
      childrenOf = (pid) => byParent.get(pid) ?? [];
    }
    const queue = live.map((p) => p.pid);
    for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
      for (const child of childrenOf(pid) ?? []) {
        if (this.seen.has(child)) continue;
        const s = this.proc.stat(child);
        // The parent check drops a child that exited and whose pid was reused meanwhile.
        if (!s || s.ppid !== pid || !running(s)) continue;
        this.seen.set(child, identity(s));
        queue.push(child);
      }
    }
  }

  /**
   * The cell's processes still running. 'recent' reads the environment only of processes created
   * after the cell's shell (cheap, for a cell that just ended); 'all' reads every one.
   */
  find(scope: 'recent' | 'all'): ProcStat[] {
    if (!this.hasProc) return [];
    this.poll();
    const found = new Map<number, ProcStat>();
    for (const p of this.seen.values()) {
      const s = this.current(p);
      if (s && running(s)) found.set(p.pid, s);
    }
    const last = scope === 'recent' ? this.proc.lastPid() : undefined;
    for (const pid of this.proc.pids()) {
      if (found.has(pid) || pid === process.pid) continue;
      if (last !== undefined && !allocatedBetween(pid, this.rootPid, last)) continue;
      if (!this.proc.environHas(pid, this.needle)) continue;
      const s = this.proc.stat(pid);
      if (!s || !running(s)) continue;
      found.set(pid, s);
      this.seen.set(pid, identity(s));
    }
    const pipes = this.pipes();
    if (pipes.length) {
      // Rare (something holds the output after its shell ended or was stopped), so every
      // process's descriptors may be read.
      for (const pid of this.proc.pids()) {
        if (found.has(pid) || pid === process.pid) continue;
        if (!this.proc.fdTargets(pid).some((t) => pipes.includes(t))) continue;
        const s = this.proc.stat(pid);
        if (!s || !running(s)) continue;
        found.set(pid, s);
        this.seen.set(pid, identity(s));
      }
    }
    return [...found.values()];
  }

  /**
   * Whether a process is still running in the cell's process group. Zombies do not count: an
   * orphan's, reaped by a slow init, can linger. Without /proc, the kernel's answer is all there is.
   */
  groupAlive(): boolean {
    if (!this.signal(-this.rootPid, 0)) return false;
    if (!this.hasProc) return true;
    for (const pid of this.proc.pids()) {
      const s = this.proc.stat(pid);
      if (s && s.pgrp === this.rootPid && running(s)) return true;
    }
    return false;
  }

  /** SIGTERM to the group and every process found; SIGKILL to whatever is left after the grace. */
  async stop({ graceMs, found }: StopOptions): Promise<StopResult> {
    const all = new Map<number, CellProcess>();
    const note = (list: ProcStat[]) => list.forEach((s) => all.set(s.pid, identity(s)));
    let left = found ?? this.find('all');
    note(left);
    this.signalAll(left, 'SIGTERM');
    let groupLeft = this.groupAlive();
    const deadline = Date.now() + graceMs;
    while ((left.length || groupLeft) && Date.now() < deadline) {
      await delay(Math.min(TERM_STEP_MS, Math.max(1, deadline - Date.now())));
      left = this.find('all');
      note(left);
      groupLeft = this.groupAlive();
    }
    for (let round = 0; (left.length || groupLeft) && round < KILL_ROUNDS; round++) {
      this.signalAll(left, 'SIGKILL');
      await delay(KILL_STEP_MS);
      left = this.find('all');
      note(left);
      groupLeft = this.groupAlive();
    }
    all.delete(this.rootPid);
    return { stopped: [...all.values()], survivors: left.map(identity), groupLeft };
  }

  private signalAll(targets: ProcStat[], signal: NodeJS.Signals): void {
    // The group id cannot name another group during the run: pids are allocated cyclically and
    // one in use as a group id is never handed out. ESRCH (empty group) is ignored.
    this.signal(-this.rootPid, signal);
    for (const t of targets) {
      const s = this.proc.stat(t.pid);
      if (s && s.startTime === t.startTime) this.signal(t.pid, signal);
    }
  }

  /** Seen processes still running, the others forgotten (their children, if seen, stay). */
  private liveSeen(): CellProcess[] {
    const live: CellProcess[] = [];
    for (const p of this.seen.values()) {
      const s = this.current(p);
      if (s && running(s)) live.push(p);
      else if (p.pid !== this.rootPid) this.seen.delete(p.pid);
    }
    return live;
  }

  /** The process's stat now, if the pid still names the process we saw. */
  private current(p: CellProcess): ProcStat | undefined {
    const s = this.proc.stat(p.pid);
    return s && s.startTime === p.startTime ? s : undefined;
  }
}

/** A zombie has exited already; it only waits for its parent (or a slow init) to reap it. */
function running(s: ProcStat): boolean {
  return s.state !== 'Z' && s.state !== 'X' && s.state !== 'x';
}

function identity(s: ProcStat): CellProcess {
  return { pid: s.pid, startTime: s.startTime, comm: s.comm };
}

function sendSignal(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    return process.kill(pid, signal);
  } catch (err) {
    // ESRCH: gone already. EPERM: there, but not ours to signal (it shows up among the survivors).
    return signal === 0 && (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

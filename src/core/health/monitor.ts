// Polls the checks at an interval, keeps the latest result of each and the last hour of them
// (time, status, latency), and reports status changes (ok → down, down → ok, …). Pure: timers and
// the runner are injectable, so tests drive time.
import { backoffDelay } from './backoff';
import { HealthHistory, type HealthSample } from './history';
import type { CheckConfig } from './config';
import { runChecks, type RunOptions } from './runner';
import type { HealthEnv, HealthResult, HealthTransition } from './types';

export interface MonitorTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: MonitorTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  now: () => Date.now(),
};

export interface HealthMonitorOptions {
  checks: CheckConfig[];
  /** Read at every round, so edits to `.env` apply without a restart. */
  env: HealthEnv | (() => HealthEnv);
  intervalMs: number;
  /** Cap on the backoff of a failing check (default 5 minutes, never below the interval). */
  maxBackoffMs?: number;
  timers?: MonitorTimers;
  run?: (checks: CheckConfig[], options: RunOptions) => Promise<HealthResult[]>;
}

type Listener<T> = (value: T) => void;

interface CheckState {
  failures: number;
  nextDueAt: number;
}

export class HealthMonitor {
  private checks: CheckConfig[];
  private intervalMs: number;
  private readonly maxBackoffMs: number;
  private readonly timers: MonitorTimers;
  private readonly run: NonNullable<HealthMonitorOptions['run']>;
  private readonly results = new Map<string, HealthResult>();
  private readonly histories = new Map<string, HealthHistory>();
  private readonly state = new Map<string, CheckState>();
  private readonly inFlight = new Set<string>();
  private readonly resultListeners = new Set<Listener<HealthResult[]>>();
  private readonly transitionListeners = new Set<Listener<HealthTransition[]>>();
  private timer: unknown;
  private running = false;
  private disposed = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: HealthMonitorOptions) {
    this.checks = options.checks;
    this.intervalMs = options.intervalMs;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
    this.timers = options.timers ?? realTimers;
    this.run = options.run ?? runChecks;
  }

  /** Starts polling: a round now, then one every interval. */
  start(): void {
    if (this.running || this.disposed) return;
    this.running = true;
    void this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Stops polling and cancels checks in flight. */
  dispose(): void {
    this.stop();
    this.disposed = true;
    this.abort.abort(new Error('health monitor disposed'));
    this.resultListeners.clear();
    this.transitionListeners.clear();
  }

  /** The latest result of each check, in configuration order (checks not yet run are left out). */
  latest(): HealthResult[] {
    return this.checks.map((c) => this.results.get(c.id)).filter((r): r is HealthResult => r !== undefined);
  }

  get configuredChecks(): readonly CheckConfig[] {
    return this.checks;
  }

  onResults(listener: Listener<HealthResult[]>): () => void {
    this.resultListeners.add(listener);
    return () => this.resultListeners.delete(listener);
  }

  onTransition(listener: Listener<HealthTransition[]>): () => void {
    this.transitionListeners.add(listener);
    return () => this.transitionListeners.delete(listener);
  }

  /** Faster polling while an incident is open; takes effect from the next round. */
  setIntervalMs(ms: number): void {
    if (ms === this.intervalMs) return;
    this.intervalMs = ms;
    if (this.running) this.schedule();
  }

  /** Replaces the checks; results of checks that remain (same id) are kept. */
  setChecks(checks: CheckConfig[]): void {
    this.checks = checks;
    const ids = new Set(checks.map((c) => c.id));
    for (const id of [...this.results.keys()]) if (!ids.has(id)) this.results.delete(id);
    for (const id of [...this.state.keys()]) if (!ids.has(id)) this.state.delete(id);
    for (const id of [...this.histories.keys()]) if (!ids.has(id)) this.histories.delete(id);
  }

  /** A check's results over the last hour, oldest first. */
  history(id: string): HealthSample[] {
    return this.histories.get(id)?.samples(this.timers.now()) ?? [];
  }

  /** Runs every check now, ignoring backoff (the "Refresh Health" command). */
  async refresh(): Promise<HealthResult[]> {
    await this.runRound(this.checks);
    return this.latest();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    const now = this.timers.now();
    // A little slack so a check due a few milliseconds after the tick is not pushed a whole interval.
    const slack = Math.min(1000, this.intervalMs / 10);
    const due = this.checks.filter((c) => (this.state.get(c.id)?.nextDueAt ?? 0) <= now + slack);
    try {
      await this.runRound(due);
    } finally {
      if (this.running) this.schedule();
    }
  }

  private schedule(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => void this.tick(), this.intervalMs);
  }

  private async runRound(candidates: CheckConfig[]): Promise<void> {
    const checks = candidates.filter((c) => !this.inFlight.has(c.id));
    if (!checks.length || this.disposed) return;
    for (const c of checks) this.inFlight.add(c.id);
    const env = typeof this.options.env === 'function' ? this.options.env() : this.options.env;
    let results: HealthResult[];
    try {
      results = await this.run(checks, { env, signal: this.abort.signal });
    } finally {
      for (const c of checks) this.inFlight.delete(c.id);
    }
    if (this.disposed) return;
    const transitions: HealthTransition[] = [];
    const now = this.timers.now();
    for (const result of results) {
      if (!this.checks.some((c) => c.id === result.id)) continue; // removed while it ran
      const previous = this.results.get(result.id);
      this.results.set(result.id, result);
      let history = this.histories.get(result.id);
      if (!history) this.histories.set(result.id, (history = new HealthHistory()));
      history.push({ at: now, status: result.status, latencyMs: result.latencyMs });
      const failures = result.status === 'down' ? (this.state.get(result.id)?.failures ?? 0) + 1 : 0;
      const delay = backoffDelay(failures, { intervalMs: this.intervalMs, maxMs: this.maxBackoffMs });
      this.state.set(result.id, { failures, nextDueAt: now + delay });
      if (previous && previous.status !== result.status) {
        transitions.push({ id: result.id, name: result.name, kind: result.kind, from: previous.status, to: result.status, result });
      }
    }
    const latest = this.latest();
    for (const l of this.resultListeners) l(latest);
    if (transitions.length) for (const l of this.transitionListeners) l(transitions);
  }

  /** Failures in a row and the next due time of a check (for tests and the tree's tooltip). */
  backoffState(id: string): Readonly<CheckState> | undefined {
    return this.state.get(id);
  }
}

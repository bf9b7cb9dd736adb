import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, HealthMonitor, parseHealthConfig, type HealthResult, type HealthStatus, type MonitorTimers } from '../../src/core/health';

describe('backoffDelay', () => {
  test('doubles with each failure in a row, capped, back to the interval when healthy', () => {
    const policy = { intervalMs: 30_000, maxMs: 300_000 };
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n, policy)), [30_000, 30_000, 60_000, 120_000, 240_000, 300_000, 300_000, 300_000]);
    assert.equal(backoffDelay(3, { intervalMs: 10_000, maxMs: 5_000 }), 10_000, 'the cap is never below the interval');
    assert.ok(Number.isFinite(backoffDelay(10_000, policy)));
  });
});

/** Timers the test moves by hand. */
function fakeTimers() {
  let now = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  const timers: MonitorTimers = {
    setTimeout: (fn, ms) => {
      pending.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimeout: (h) => void pending.delete(h as number),
    now: () => now,
  };
  /** Moves time to the next timer and fires it. */
  const step = async () => {
    const [id, t] = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0];
    pending.delete(id);
    now = t.at;
    t.fn();
    await new Promise((r) => setImmediate(r));
  };
  return { timers, step, time: () => now };
}

describe('HealthMonitor', () => {
  const checks = parseHealthConfig([
    { name: 'Flaky', kind: 'tcp', host: 'h', port: 1 },
    { name: 'Steady', kind: 'tcp', host: 'h', port: 2 },
  ]).checks;

  test('a failing check backs off; the others keep their interval; refresh ignores backoff', async () => {
    const { timers, step, time } = fakeTimers();
    const flaky: HealthStatus[] = ['down', 'down', 'down', 'down', 'ok'];
    const calls: Array<{ at: number; ids: string[] }> = [];
    const monitor = new HealthMonitor({
      checks,
      env: {},
      intervalMs: 1000,
      maxBackoffMs: 4000,
      timers,
      run: async (cs) => {
        calls.push({ at: time(), ids: cs.map((c) => c.id) });
        return cs.map((c) => result(c.id, c.id === 'flaky' ? flaky.shift() ?? 'ok' : 'ok'));
      },
    });
    monitor.start();
    await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 9; i++) await step();
    const flakyAt = calls.filter((c) => c.ids.includes('flaky')).map((c) => c.at);
    const steadyAt = calls.filter((c) => c.ids.includes('steady')).map((c) => c.at);
    // Fails at 0, 1000 (1st retry after one interval), then waits 2 s, 4 s, 4 s (cap).
    assert.deepEqual(flakyAt, [0, 1000, 3000, 7000]);
    assert.deepEqual(steadyAt, [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
    assert.equal(monitor.backoffState('flaky')?.failures, 4);
    await monitor.refresh();
    assert.equal(monitor.backoffState('flaky')?.failures, 0, 'refresh ran the backed-off check (and it passed)');
    monitor.dispose();
  });

  test('emits transitions only when a status changes, with from and to', async () => {
    const statuses: HealthStatus[] = ['ok', 'ok', 'down', 'down', 'ok'];
    const monitor = new HealthMonitor({
      checks: checks.slice(0, 1),
      env: {},
      intervalMs: 1000,
      run: async (cs) => cs.map((c) => result(c.id, statuses.shift()!)),
    });
    const seen: string[] = [];
    monitor.onTransition((ts) => seen.push(...ts.map((t) => `${t.from}→${t.to}`)));
    for (let i = 0; i < 5; i++) await monitor.refresh();
    assert.deepEqual(seen, ['ok→down', 'down→ok']);
    assert.equal(monitor.latest()[0].status, 'ok');
    monitor.dispose();
  });

  test('a check still running is not started again by an overlapping round', async () => {
    let release!: () => void;
    let runs = 0;
    const monitor = new HealthMonitor({
      checks: checks.slice(0, 1),
      env: {},
      intervalMs: 1000,
      run: async (cs) => {
        runs++;
        await new Promise<void>((r) => (release = r));
        return cs.map((c) => result(c.id, 'ok'));
      },
    });
    const first = monitor.refresh();
    await monitor.refresh();
    assert.equal(runs, 1);
    release();
    await first;
    monitor.dispose();
  });
});

function result(id: string, status: HealthStatus): HealthResult {
  return { id, name: id, kind: 'tcp', status, latencyMs: 1, summary: status, details: {}, checkedAt: new Date(0).toISOString() };
}

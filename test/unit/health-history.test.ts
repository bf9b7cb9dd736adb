// The health monitor's last hour per check: a bounded ring buffer, and how it is drawn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthHistory, historySummary, sparklineSvg, sparklineText, type HealthSample } from '../../src/core/health/history';
import { HealthMonitor } from '../../src/core/health/monitor';
import type { CheckConfig } from '../../src/core/health/config';
import type { HealthResult } from '../../src/core/health/types';

const at = (min: number, latencyMs: number, status: HealthSample['status'] = 'ok'): HealthSample => ({ at: min * 60_000, status, latencyMs });

test('only the last hour is returned, oldest first', () => {
  const h = new HealthHistory();
  for (const m of [0, 10, 50, 70, 90]) h.push(at(m, m));
  assert.deepEqual(h.samples(100 * 60_000).map((s) => s.latencyMs), [50, 70, 90]);
});

test('the buffer keeps a fixed number of samples, overwriting the oldest', () => {
  const h = new HealthHistory(Infinity, 3);
  for (let i = 1; i <= 5; i++) h.push(at(i, i));
  assert.deepEqual(h.samples(10 * 60_000).map((s) => s.latencyMs), [3, 4, 5]);
});

test('the sparklines and the summary', () => {
  const samples = [at(1, 10), at(2, 20), at(3, 80, 'degraded'), at(4, 5000, 'down'), at(5, 40)];
  assert.equal(sparklineText(samples), '▁▁!✕▁');
  assert.equal(historySummary(samples), '5 checks: 3 ok, 1 degraded, 1 down · latency min 10 ms, median 40 ms, max 5 s');
  assert.equal(historySummary([]), 'no checks in the last hour');
  const svg = sparklineSvg(samples, { now: 60 * 60_000 });
  assert.match(svg, /^<svg [^>]*role="img"/);
  assert.equal((svg.match(/<circle /g) ?? []).length, 5);
  assert.match(svg, /fill="#e5484d"/, 'the down check stands out');
});

test('the monitor keeps each check\'s results for its history', async () => {
  let now = 1_000_000;
  const checks = [{ id: 'api', name: 'API', kind: 'http' }] as CheckConfig[];
  let latency = 10;
  const monitor = new HealthMonitor({
    checks, env: {}, intervalMs: 30_000,
    timers: { setTimeout: () => 0, clearTimeout: () => {}, now: () => now },
    run: async () => [{ id: 'api', name: 'API', kind: 'http', status: latency > 20 ? 'down' : 'ok', latencyMs: latency, summary: '', details: {}, checkedAt: new Date(now).toISOString() } satisfies HealthResult],
  });
  await monitor.refresh();
  now += 30_000;
  latency = 30;
  await monitor.refresh();
  assert.deepEqual(monitor.history('api'), [{ at: 1_000_000, status: 'ok', latencyMs: 10 }, { at: 1_030_000, status: 'down', latencyMs: 30 }]);
  now += 3_600_001;
  assert.deepEqual(monitor.history('api'), []);
  monitor.setChecks([]);
  assert.deepEqual(monitor.history('api'), []);
  monitor.dispose();
});

// PromQL cells against a real Prometheus (Debian's, scraping itself every second): range and
// instant queries, the 11,000-point limit, Prometheus's own errors, a Prometheus that is down,
// and the text fallback `runbook run` prints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCell, type CellRun } from '../../src/core/exec';
import type { PromqlData } from '../../src/core/exec/promql/result';
import { CONNECT_TIMEOUT_MS } from '../../src/core/exec/promql/run';
import { MAX_POINTS } from '../../src/core/exec/promql/window';
import { IncidentStore } from '../../src/core/incident/store';
import { freePort, testPrometheus } from '../support/services';
import { runCli } from '../support/cli';

let prometheus: { url: string; stop(): Promise<void> };
let dir: string;

const promql = (code: string, attributes: Record<string, unknown> = {}, env: Record<string, string> = { PROMETHEUS_URL: prometheus.url }, extra: { incidentStart?: string } = {}) =>
  runCell({ executor: 'promql', code, attributes, env, cwd: dir, defaultTimeoutMs: 20_000, ...extra });

const dataOf = (run: CellRun): PromqlData => {
  assert.equal(run.status, 'ok', run.error);
  assert.equal(run.data?.kind, 'promql');
  return run.data as PromqlData;
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-promql-'));
  prometheus = await testPrometheus();
  // A fresh Prometheus scrapes for the first time about 5 s after it starts (its discovery settles first).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const run = await promql('up{job="prometheus"}', { instant: true });
    if (run.status === 'ok' && (run.data as PromqlData).series.length) break;
    if (Date.now() > deadline) throw new Error(`Prometheus at ${prometheus.url} has no data after 30 s: ${run.error ?? run.text}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  // Two scrapes at least, so range queries and rate() have points.
  await new Promise((r) => setTimeout(r, 2500));
});

after(async () => {
  await prometheus?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('queries', () => {
  test('a range query returns series of [t, v] points over the window, and a text line per series', async () => {
    const run = await promql('# is Prometheus up?\nup{job="prometheus"}', { range: '2m', step: '1s' });
    const data = dataOf(run);
    assert.equal(data.resultType, 'matrix');
    assert.equal(data.window.step, 1);
    assert.ok(Math.abs(data.window.end - data.window.start - 120) < 0.001);
    assert.equal(data.series.length, 1);
    assert.equal(data.series[0].labels.__name__, 'up');
    assert.ok(data.series[0].values.length >= 2, `${data.series[0].values.length} points`);
    for (const [t, v] of data.series[0].values) {
      assert.ok(t >= data.window.start && t <= data.window.end);
      assert.equal(v, 1);
    }
    assert.equal(run.classification.classification, 'diagnostic');
    assert.match(run.text, /^range \S+Z → \S+Z \(2m, step 1s\), 1 series\n/);
    assert.match(run.text, /^up\{instance="127\.0\.0\.1:\d+", job="prometheus"\} {2}last 1 {2}min 1 {2}max 1$/m);
  });

  test('without range=, the window starts 30 minutes before the incident, which it marks', async () => {
    const started = new Date(Date.now() - 10 * 60_000).toISOString();
    const data = dataOf(await promql('up', {}, undefined, { incidentStart: started }));
    assert.ok(Math.abs(data.window.start - (Date.parse(started) / 1000 - 1800)) < 0.001);
    assert.equal(data.incidentStart, Date.parse(started) / 1000);
    assert.equal(data.window.step, 10); // 40 minutes at about 300 points
    const none = dataOf(await promql('up'));
    assert.ok(Math.abs(none.window.end - none.window.start - 3600) < 1);
    assert.equal(none.incidentStart, undefined);
  });

  test('an instant query returns one value per series', async () => {
    const run = await promql('sum by (job) (up)', { instant: 'true' });
    const data = dataOf(run);
    assert.equal(data.resultType, 'vector');
    assert.equal(data.window.step, undefined);
    assert.deepEqual(data.series.map((s) => s.labels), [{ job: 'prometheus' }]);
    assert.equal(data.series[0].values[0][1], 1);
    assert.match(run.text, /^instant query at \S+Z, 1 series\n\{job="prometheus"\} {2}value 1\n$/);
    const scalar = dataOf(await promql('scalar(sum(up))', { instant: true }));
    assert.equal(scalar.resultType, 'scalar');
    assert.equal(scalar.series[0].values[0][1], 1);
  });

  test('a long range with a small step is widened so no series exceeds 11,000 points', async () => {
    const direct = await fetch(`${prometheus.url}/api/v1/query_range?${new URLSearchParams({ query: 'up', start: String(Date.now() / 1000 - 86_400), end: String(Date.now() / 1000), step: '1' })}`);
    const refused = (await direct.json()) as { error: string };
    assert.match(refused.error, /exceeded maximum resolution of 11,000 points/, 'what Prometheus says to the step as asked');
    const run = await promql('up', { range: '1d', step: '1s' });
    const data = dataOf(run);
    assert.equal(data.window.step, 8); // 86,400 s / 8 s + 1 = 10,801 points
    assert.ok(Math.floor((data.window.end - data.window.start) / data.window.step!) + 1 <= MAX_POINTS);
    assert.match(data.stepNote ?? '', /^step widened from 1s to 8s: 86401 points per series would exceed Prometheus's limit of 11000$/);
    assert.match(run.text, /step widened from 1s to 8s/);
  });

  test('no data is an answer, not an error', async () => {
    const run = await promql('up{job="no-such-job"}', { range: '5m' });
    assert.deepEqual(dataOf(run).series, []);
    assert.match(run.text, /no data: no series matched in this window/);
  });
});

describe('errors', () => {
  test('a bad query fails with the error as Prometheus states it', async () => {
    const run = await promql('sum(rate(up[5m])');
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /^Prometheus: bad_data: (invalid parameter "query": )?1:\d+: parse error: unclosed left parenthesis$/);
    const typed = await promql('rate(up)');
    assert.match(typed.error ?? '', /^Prometheus: bad_data: .*expected type range vector in call to function "rate", got instant vector/);
  });

  test('Prometheus down: a clear error, well within the connect timeout', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await promql('up', {}, { PROMETHEUS_URL: url });
    assert.equal(run.status, 'failed');
    assert.equal(run.error, `could not connect to Prometheus at ${url} ($PROMETHEUS_URL): connection refused — is Prometheus running, and is $PROMETHEUS_URL right?`);
    assert.ok(run.durationMs < CONNECT_TIMEOUT_MS, `${run.durationMs} ms`);
  });

  test('a host that never answers the connection is given up within the connect timeout', async () => {
    // 192.0.2.0/24 is reserved for documentation (RFC 5737): nothing there answers. Depending on the
    // network the connection hangs (our connect timeout ends it) or is refused at once.
    const run = await promql('up', {}, { PROMETHEUS_URL: 'http://192.0.2.1:9090' }, {});
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /^could not connect to Prometheus at http:\/\/192\.0\.2\.1:9090 \(\$PROMETHEUS_URL\)(: | within 5 s)/);
    assert.ok(run.durationMs < CONNECT_TIMEOUT_MS + 1000, `${run.durationMs} ms`);
  });

  test('no URL, or something that is not Prometheus: the message says what to set', async () => {
    assert.match((await promql('up', {}, {})).error ?? '', /^\$PROMETHEUS_URL is not set: set it to the Prometheus server's base URL/);
    assert.match((await promql('up', { db: 'METRICS_URL' }, { PROMETHEUS_URL: prometheus.url })).error ?? '', /^\$METRICS_URL is not set/);
    const viaDb = await promql('up', { db: 'METRICS_URL', instant: true }, { METRICS_URL: prometheus.url });
    assert.equal(viaDb.status, 'ok', viaDb.error);
    const notProm = await promql('up', {}, { PROMETHEUS_URL: `${prometheus.url}/graph/` });
    assert.match(notProm.error ?? '', /is not a Prometheus API answer: is \$PROMETHEUS_URL the server's base URL/);
  });

  test('a query slower than the cell timeout is reported as a timeout', async () => {
    const run = await runCell({ executor: 'promql', code: 'count(up)', attributes: { timeout: 1 }, env: { PROMETHEUS_URL: prometheus.url }, cwd: dir });
    // 1 ms is shorter than any answer: our deadline or Prometheus's own `timeout` parameter fires first.
    assert.equal(run.status, 'timeout', run.error);
  });
});

describe('runbook run', () => {
  test('prints the text fallback and charts the open incident window', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'runbook-promql-cli-'));
    try {
      writeFileSync(join(ws, 'metrics.runbook.md'), '# Metrics\n\n```promql {name=up}\nup{job="prometheus"}\n```\n\n```prometheus {instant=true}\ncount(up)\n```\n');
      const declared = new Date(Date.now() - 5 * 60_000);
      new IncidentStore(ws).declare({ title: 'Slow API', severity: 'P2' }, 'tester', declared);
      const r = await runCli(['run', 'metrics.runbook.md'], ws, { PROMETHEUS_URL: prometheus.url });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /── \[1 up\] promql \(diagnostic\)\nrange \S+ → \S+ \(35m, step 10s\), 1 series\nincident started /);
      assert.match(r.stdout, /^up\{instance="127\.0\.0\.1:\d+", job="prometheus"\} {2}last 1 {2}min 1 {2}max 1$/m);
      assert.match(r.stdout, /instant query at \S+Z, 1 series\n\{\} {2}value 1\n/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});

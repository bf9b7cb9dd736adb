// PromQL cells without a Prometheus: durations, the window, the step under the point limit, the
// text fallback and the classification. The real queries are in test/integration/promql.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyCell } from '../../src/core/exec/classify';
import { formatPromql, formatValue, seriesName } from '../../src/core/exec/promql/format';
import type { PromqlData } from '../../src/core/exec/promql/result';
import { formatDuration, parseDuration, readPromqlCell } from '../../src/core/exec/promql/syntax';
import { MAX_POINTS, chooseStep, incidentStartOf, pointCount, resolveWindow } from '../../src/core/exec/promql/window';
import { parseRunbook } from '../../src/core/runbook/parse';

describe('durations', () => {
  test('Prometheus durations and bare seconds', () => {
    assert.equal(parseDuration('30s'), 30_000);
    assert.equal(parseDuration('5m'), 300_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('2d'), 172_800_000);
    assert.equal(parseDuration('1w'), 604_800_000);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('15'), 15_000);
    assert.equal(parseDuration(' 1.5 '), 1500);
  });

  test('anything else is refused with a hint', () => {
    for (const bad of ['', 'soon', '1x', '-5m', '0s', '0', '5 m', 'm5']) assert.throws(() => parseDuration(bad), /not a duration \(write e\.g\. 30s/, bad);
  });

  test('formatting is the inverse', () => {
    for (const d of ['1h30m', '15s', '250ms', '2d', '1w1d', '1m1s']) assert.equal(formatDuration(parseDuration(d)), d);
  });
});

describe('reading a cell', () => {
  test('comment lines are dropped, attributes read', () => {
    const cell = readPromqlCell('# request rate\nsum(rate(http_requests_total[1m]))\n', { range: '2h', step: '30s' });
    assert.deepEqual(cell, { query: 'sum(rate(http_requests_total[1m]))', instant: false, rangeMs: 7_200_000, stepMs: 30_000 });
    assert.equal(readPromqlCell('up', { instant: 'true' }).instant, true);
    assert.equal(readPromqlCell('up', { instant: true }).instant, true);
  });

  test('a bad attribute or an empty query says which and why', () => {
    assert.throws(() => readPromqlCell('up', { range: 'soon' }), /cell attribute range=soon: 'soon' is not a duration/);
    assert.throws(() => readPromqlCell('up', { instant: 'maybe' }), /instant=maybe: must be true or false/);
    assert.throws(() => readPromqlCell('# only a comment\n', {}), /no query/);
  });

  test('the fence words promql and prometheus run on the promql executor', () => {
    const doc = parseRunbook('```promql {range=1h}\nup\n```\n\n```prometheus\nup\n```\n');
    assert.deepEqual(doc.cells.map((c) => [c.executor, c.language]), [['promql', 'promql'], ['promql', 'promql']]);
    assert.equal(doc.cells[0].attributes.range, '1h');
  });
});

describe('window and step', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');

  test('30 minutes before the incident began, until now', () => {
    const start = Date.parse('2025-03-01T11:00:00Z');
    assert.deepEqual(resolveWindow({ nowMs: now, incidentStartMs: start }), { startMs: start - 30 * 60_000, endMs: now });
  });

  test('the last hour without an incident; range= wins over both', () => {
    assert.deepEqual(resolveWindow({ nowMs: now }), { startMs: now - 3_600_000, endMs: now });
    assert.deepEqual(resolveWindow({ nowMs: now, rangeMs: 600_000, incidentStartMs: now - 86_400_000 }), { startMs: now - 600_000, endMs: now });
  });

  test('the incident starts at its detection when known', () => {
    assert.equal(incidentStartOf({ declaredAt: '2025-03-01T11:00:00Z', detectedAt: '2025-03-01T10:40:00Z' }), '2025-03-01T10:40:00Z');
    assert.equal(incidentStartOf({ declaredAt: '2025-03-01T11:00:00Z' }), '2025-03-01T11:00:00Z');
  });

  test('a default step is round and gives about 300 points', () => {
    assert.equal(chooseStep(3_600_000).stepMs, 15_000); // 1 h → 241 points
    assert.equal(chooseStep(5 * 60_000).stepMs, 1000);
    assert.equal(chooseStep(7 * 86_400_000).stepMs, 3_600_000);
  });

  test('an asked step is kept while it fits', () => {
    assert.deepEqual(chooseStep(3_600_000, 1000), { stepMs: 1000 });
  });

  test('an asked step that would exceed 11,000 points is widened just enough', () => {
    for (const [range, step] of [[86_400_000, 1000], [30 * 86_400_000, 15_000], [11_000_000, 1000], [365 * 86_400_000, 1000]]) {
      const r = chooseStep(range, step);
      assert.equal(r.widenedFrom, step);
      assert.ok(pointCount(range, r.stepMs) <= MAX_POINTS, `${range}/${r.stepMs}`);
      assert.ok(pointCount(range, r.stepMs - 1000) > MAX_POINTS || r.stepMs === 1000, 'not wider than needed');
    }
    // 10,999 s at 1 s is exactly 11,000 points: allowed.
    assert.deepEqual(chooseStep(10_999_000, 1000), { stepMs: 1000 });
  });

  test('a default step never exceeds the limit either, for any range', () => {
    for (const range of [1000, 59_000, 3_600_000, 40 * 86_400_000, 5 * 365 * 86_400_000]) assert.ok(pointCount(range, chooseStep(range).stepMs) <= MAX_POINTS, String(range));
  });
});

describe('text fallback', () => {
  const data: PromqlData = {
    kind: 'promql',
    query: 'rate(http_requests_total[1m])',
    resultType: 'matrix',
    window: { start: 1740826800, end: 1740830400, step: 15 },
    incidentStart: 1740828600,
    series: [
      { labels: { __name__: 'http_requests_total', route: '/health', code: '200' }, values: [[1740826800, 1.5], [1740826815, 0.25], [1740826830, 12.3456]] },
      { labels: { route: '/api' }, values: [[1740826800, null], [1740826815, 3]] },
      { labels: {}, values: [] },
    ],
  };

  test('a header, then one line per series: labels, last, min, max', () => {
    assert.equal(
      formatPromql(data),
      [
        'range 2025-03-01T11:00:00Z → 2025-03-01T12:00:00Z (1h, step 15s), 3 series',
        'incident started 2025-03-01T11:30:00Z',
        'http_requests_total{code="200", route="/health"}  last 12.35  min 0.25  max 12.35',
        '{route="/api"}                                    last 3  min 3  max 3',
        '{}                                                no points',
      ].join('\n') + '\n',
    );
  });

  test('instant results show the value; no series says no data; a widened step is said', () => {
    const text = formatPromql({ ...data, resultType: 'vector', window: { start: 1740830400, end: 1740830400 }, incidentStart: undefined, series: [{ labels: { __name__: 'up', job: 'demo' }, values: [[1740830400, 1]] }] });
    assert.equal(text, 'instant query at 2025-03-01T12:00:00Z, 1 series\nup{job="demo"}  value 1\n');
    assert.match(formatPromql({ ...data, series: [], stepNote: 'step widened from 1s to 9s' }), /step widened from 1s to 9s\nno data: no series matched in this window\n$/);
  });

  test('names and values read like Prometheus writes them', () => {
    assert.equal(seriesName({ labels: { __name__: 'up' }, values: [] }), 'up');
    assert.equal(seriesName({ labels: { a: 'x"y' }, values: [] }), '{a="x\\"y"}');
    assert.deepEqual([0.123456, 1234.56, 123456.7, 42, null, 1e-7, -2.5].map(formatValue), ['0.1235', '1235', '123500', '42', 'NaN', '1.000e-7', '-2.5']);
  });

  test('thousands of series are listed up to a cap, the rest counted', () => {
    const many = { ...data, series: Array.from({ length: 250 }, (_, i) => ({ labels: { i: String(i) }, values: [[1, i]] as Array<[number, number]> })) };
    const lines = formatPromql(many).trimEnd().split('\n');
    assert.equal(lines.at(-1), '… 50 more series not listed');
  });
});

test('a PromQL cell is a diagnostic, unless marked otherwise', () => {
  assert.deepEqual(classifyCell('promql', 'sum(rate(x[5m]))'), { classification: 'diagnostic', reason: 'a PromQL query only reads' });
  assert.equal(classifyCell('promql', 'up', { mutates: true }).classification, 'mitigation');
});

// The text fallback of a PromQL result: a header saying what was asked over which window, then
// one line per series with its labels and its last, min and max. What `runbook run` prints, and
// what the notebook shows where no renderer draws the chart.
import { formatDuration } from './syntax';
import type { PromqlData, PromqlSeries } from './result';

/** Lines shown at most: a query matching thousands of series says how many more there were. */
const MAX_LINES = 200;

export function formatPromql(data: PromqlData): string {
  const lines: string[] = [];
  const when = (s: number) => new Date(Math.round(s) * 1000).toISOString().replace(/\.000Z$/, 'Z');
  if (data.resultType === 'matrix') {
    const step = data.window.step !== undefined ? `, step ${formatDuration(data.window.step * 1000)}` : '';
    lines.push(`range ${when(data.window.start)} → ${when(data.window.end)} (${formatDuration(Math.round(data.window.end - data.window.start) * 1000)}${step}), ${plural(data.series.length, 'series', 'series')}`);
  } else {
    lines.push(`instant query at ${when(data.window.end)}, ${data.resultType === 'vector' ? plural(data.series.length, 'series', 'series') : data.resultType}`);
  }
  if (data.incidentStart !== undefined) lines.push(`incident started ${when(data.incidentStart)}`);
  if (data.stepNote) lines.push(data.stepNote);
  for (const w of data.warnings ?? []) lines.push(`Prometheus warning: ${w}`);
  if (data.series.length === 0) lines.push('no data: no series matched in this window');
  const shown = data.series.slice(0, MAX_LINES);
  const names = shown.map(seriesName);
  const width = Math.min(80, Math.max(0, ...names.map((n) => n.length)));
  shown.forEach((s, i) => lines.push(`${names[i].padEnd(width)}  ${figures(s, data.resultType)}`));
  if (data.series.length > shown.length) lines.push(`… ${data.series.length - shown.length} more series not listed`);
  return lines.join('\n') + '\n';
}

/** `http_requests_total{code="200", method="GET"}`, or `{}` for a series without labels. */
export function seriesName(s: PromqlSeries): string {
  const { __name__: name = '', ...rest } = s.labels;
  const pairs = Object.keys(rest)
    .sort()
    .map((k) => `${k}=${JSON.stringify(rest[k])}`);
  return pairs.length || !name ? `${name}{${pairs.join(', ')}}` : name;
}

function figures(s: PromqlSeries, type: PromqlData['resultType']): string {
  const values = s.values.map(([, v]) => v);
  if (type !== 'matrix') return values.length ? `value ${formatValue(values[values.length - 1])}` : 'no value';
  const numbers = values.filter((v): v is number => v !== null);
  if (!numbers.length) return values.length ? `${plural(values.length, 'point', 'points')}, none a number` : 'no points';
  let min = Infinity;
  let max = -Infinity;
  for (const v of numbers) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return `last ${formatValue(values[values.length - 1])}  min ${formatValue(min)}  max ${formatValue(max)}`;
}

/** Four significant digits, never an exponent for ordinary magnitudes: `0.1235`, `1235`, `123500`. */
export function formatValue(v: number | null): string {
  if (v === null) return 'NaN';
  if (v === 0 || Number.isInteger(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 1e15 || abs < 1e-4) return v.toExponential(3);
  return String(Number(v.toPrecision(4)));
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

// The renderer's pure parts, tested on Node: PromQL series onto one time axis (what uPlot draws),
// and the SQL table's sort, filter and copy formats.
import type { PromqlData } from '../core/exec/promql/result';

export interface AlignedSeries {
  /** Unix seconds, ascending. */
  xs: number[];
  /** One array per series, as long as `xs`; `null` where the series has no point. */
  ys: Array<Array<number | null>>;
  /** Points that are numbers, over all series (what the chart draws). */
  points: number;
}

/**
 * Range results share Prometheus's grid (start + k·step), so each point goes straight to its slot;
 * without a step the axis is the union of the timestamps.
 */
export function alignSeries(data: PromqlData): AlignedSeries {
  const { start, end, step } = data.window;
  let points = 0;
  if (step && step > 0) {
    const n = Math.floor((end - start) / step + 1e-9) + 1;
    const xs = new Array<number>(n);
    for (let i = 0; i < n; i++) xs[i] = start + i * step;
    const ys = data.series.map((s) => {
      // A series with every point (the usual case) is already in slot order.
      if (s.values.length === n && s.values[0][0] === start && Math.round((s.values[n - 1][0] - start) / step) === n - 1) {
        return s.values.map(([, v]) => (v !== null && points++, v));
      }
      const row = new Array<number | null>(n).fill(null);
      for (const [t, v] of s.values) {
        const i = Math.round((t - start) / step);
        if (i >= 0 && i < n && v !== null) {
          row[i] = v;
          points++;
        }
      }
      return row;
    });
    return { xs, ys, points };
  }
  const xs = [...new Set(data.series.flatMap((s) => s.values.map(([t]) => t)))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const ys = data.series.map((s) => {
    const row = new Array<number | null>(xs.length).fill(null);
    for (const [t, v] of s.values) {
      if (v === null) continue;
      row[at.get(t)!] = v;
      points++;
    }
    return row;
  });
  return { xs, ys, points };
}

export type Cell = string | null;
const NUMERIC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Row indexes in the order of `column` (numbers as numbers when the whole column is numeric, text
 * by the collator otherwise); nulls last either way. Stable: equal rows keep their order.
 */
export function sortedIndexes(rows: Cell[][], column: number, direction: 1 | -1, indexes: number[] = rows.map((_, i) => i)): number[] {
  const numeric = rows.every((r) => r[column] === null || NUMERIC.test(r[column]!));
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const keys = numeric ? rows.map((r) => (r[column] === null ? null : Number(r[column]))) : null;
  return [...indexes].sort((a, b) => {
    const va = rows[a][column];
    const vb = rows[b][column];
    if (va === null || vb === null) return va === vb ? a - b : va === null ? 1 : -1;
    const c = keys ? (keys[a]! - keys[b]!) : collator.compare(va, vb);
    return c === 0 ? a - b : c * direction;
  });
}

/** Indexes of the rows where some cell contains `text` (case-insensitive); all rows for an empty filter. */
export function filteredIndexes(rows: Cell[][], text: string, indexes: number[] = rows.map((_, i) => i)): number[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return indexes;
  return indexes.filter((i) => rows[i].some((v) => v !== null && v.toLowerCase().includes(needle)));
}

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; null is empty. */
export function toCsv(columns: string[], rows: Cell[][]): string {
  const field = (v: Cell) => (v === null ? '' : /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [columns.map(field).join(','), ...rows.map((r) => r.map(field).join(','))].join('\r\n') + '\r\n';
}

/** A GitHub Markdown table, as the notebook's Markdown fallback writes it (`|` escaped, null in italics). */
export function toMarkdown(columns: string[], rows: Cell[][]): string {
  const esc = (v: Cell) => (v === null ? '*null*' : v.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' '));
  const head = `| ${columns.map(esc).join(' | ')} |\n|${columns.map(() => ' --- |').join('')}`;
  return [head, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n') + '\n';
}

// psql-like text for query results: aligned columns, "(N rows)", command tags for the rest.
// Plain loops: this runs once per result of every SQL cell, most of them a few rows.
import type { SqlResultData } from '../types';

const NUMERIC = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid', 'money']);

export function formatSqlResult(r: SqlResultData): string {
  if (r.columns.length === 0) return `${r.command}${r.rowCount !== null && r.command !== 'SELECT' ? ` ${r.rowCount}` : ''}\n`;
  const n = r.columns.length;
  const cells = r.rows.map((row) => row.map((v) => (v === null ? '' : v)));
  const widths: number[] = new Array(n);
  const numeric: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let w = width(r.columns[i].name);
    for (const row of cells) w = Math.max(w, width(row[i]));
    widths[i] = w;
    numeric[i] = NUMERIC.has(r.columns[i].type);
  }
  let header = '';
  let rule = '';
  for (let i = 0; i < n; i++) {
    header += (i ? ' | ' : ' ') + center(r.columns[i].name, widths[i]);
    rule += (i ? '+' : '') + '-'.repeat(widths[i] + 2);
  }
  let text = header.trimEnd() + '\n' + rule + '\n';
  for (const row of cells) {
    let line = '';
    for (let i = 0; i < n; i++) line += (i ? ' | ' : ' ') + (numeric[i] ? row[i].padStart(widths[i]) : pad(arrows(row[i]), widths[i]));
    text += line.trimEnd() + '\n';
  }
  const total = r.rows.length + r.omittedRows;
  return text + `(${total} ${total === 1 ? 'row' : 'rows'}${r.omittedRows ? `, ${r.omittedRows} more not shown` : ''})\n`;
}

/** Newlines inside a text value show as ↵ (one character either way, so widths are unchanged). */
function arrows(s: string): string {
  return s.includes('\n') ? s.replace(/\n/g, '↵') : s;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Width in code points (an emoji is one column, as psql counts it). */
function width(s: string): number {
  return SURROGATE.test(s) ? [...s].length : s.length;
}
function pad(s: string, w: number): string {
  const room = w - width(s);
  return room > 0 ? s + ' '.repeat(room) : s;
}
function center(s: string, w: number): string {
  const left = Math.floor((w - width(s)) / 2);
  return pad(left > 0 ? ' '.repeat(left) + s : s, w);
}

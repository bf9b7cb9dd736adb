// psql-like text for query results: aligned columns, "(N rows)", command tags for the rest.
import type { SqlResultData } from './types';

const NUMERIC = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid', 'money']);

export function formatSqlResult(r: SqlResultData): string {
  if (r.columns.length === 0) return `${r.command}${r.rowCount !== null && r.command !== 'SELECT' ? ` ${r.rowCount}` : ''}\n`;
  const cells = r.rows.map((row) => row.map((v) => (v === null ? '' : v)));
  const widths = r.columns.map((c, i) => Math.max(width(c.name), ...cells.map((row) => maxLineWidth(row[i]))));
  const header = r.columns.map((c, i) => center(c.name, widths[i])).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w + 2)).join('+');
  const lines = [' ' + header, rule.slice(0)];
  for (const row of cells) {
    lines.push(
      ' ' + row.map((v, i) => (NUMERIC.has(r.columns[i].type) ? v.padStart(widths[i]) : pad(v.replace(/\n/g, '↵'), widths[i]))).join(' | '),
    );
  }
  const total = r.rows.length + r.omittedRows;
  lines.push(`(${total} ${total === 1 ? 'row' : 'rows'}${r.omittedRows ? `, ${r.omittedRows} more not shown` : ''})`);
  return lines.map((l) => l.trimEnd()).join('\n') + '\n';
}

function width(s: string): number {
  return [...s].length;
}
function maxLineWidth(s: string): number {
  return width(s.replace(/\n/g, '↵'));
}
function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}
function center(s: string, w: number): string {
  const left = Math.floor((w - width(s)) / 2);
  return pad(' '.repeat(Math.max(0, left)) + s, w);
}

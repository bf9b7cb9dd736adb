// How a cell run looks in the notebook: outputs for the cell and the excerpt the timeline keeps.
import * as vscode from 'vscode';
import type { CellRun } from '../core/exec';

/** A run's result as notebook outputs: a typed SQL table with a Markdown fallback, text, and the error. */
export function cellOutputs(r: CellRun): vscode.NotebookCellOutput[] {
  const items: vscode.NotebookCellOutputItem[] = [];
  if (r.data?.kind === 'sql' && r.data.results.some((x) => x.columns.length)) {
    items.push(vscode.NotebookCellOutputItem.json(r.data, 'application/vnd.incident-runbooks.sql+json'));
    items.push(vscode.NotebookCellOutputItem.text(markdownTables(r.data.results), 'text/markdown'));
  }
  // Names only: the value is in the output above, and may be a secret.
  const captured = r.captured ? `\n(captured ${Object.keys(r.captured).map((n) => `$${n}`).join(', ')} for the cells after it)\n` : '';
  items.push(vscode.NotebookCellOutputItem.stdout((r.text || (r.status === 'ok' ? '(no output)' : '')) + captured));
  const meta = { status: r.status, exitCode: r.exitCode, durationMs: Math.round(r.durationMs), omittedBytes: r.omittedBytes, classification: r.classification.classification, captured: r.captured ? Object.keys(r.captured) : undefined };
  const outs = [new vscode.NotebookCellOutput(items, meta)];
  if (r.status !== 'ok') {
    const err = new Error(r.error ?? r.status);
    err.name = r.status === 'timeout' ? 'Timeout' : r.status === 'cancelled' ? 'Cancelled' : 'Failed';
    err.stack = undefined;
    outs.push(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(err)], meta));
  }
  return outs;
}

/** At most 2 KB of a run's output, for the timeline. */
export function excerpt(text: string): string {
  if (Buffer.byteLength(text) <= 2048) return text;
  let out = text.slice(0, 2000);
  while (Buffer.byteLength(out) > 2000) out = out.slice(0, -100);
  return out + '\n…';
}

function markdownTables(results: Array<{ columns: Array<{ name: string }>; rows: Array<Array<string | null>>; omittedRows: number; command: string; rowCount: number | null }>): string {
  const esc = (v: string | null) => (v === null ? '*null*' : v.replace(/\|/g, '\\|').replace(/\n/g, ' '));
  return results
    .map((r) => {
      if (!r.columns.length) return `\`${r.command}${r.rowCount !== null ? ` ${r.rowCount}` : ''}\``;
      const head = `| ${r.columns.map((c) => esc(c.name)).join(' | ')} |\n|${r.columns.map(() => ' --- |').join('')}`;
      const rows = r.rows.map((row) => `| ${row.map(esc).join(' | ')} |`).join('\n');
      const total = r.rows.length + r.omittedRows;
      return `${head}\n${rows}\n\n*${total} row${total === 1 ? '' : 's'}${r.omittedRows ? `, ${r.omittedRows} more not shown` : ''}*`;
    })
    .join('\n\n');
}

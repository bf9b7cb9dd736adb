// How a cell run looks in the notebook: outputs for the cell and the excerpt the timeline keeps.
import * as vscode from 'vscode';
import type { CellRun } from '../core/exec';
import { PROMQL_MIME } from '../core/exec/promql/result';

/** A run's result as notebook outputs: a typed SQL table or PromQL series for our renderer, text, and the error. */
export function cellOutputs(r: CellRun): vscode.NotebookCellOutput[] {
  const items: vscode.NotebookCellOutputItem[] = [];
  // No text/markdown twin: VS Code ranks it above any custom MIME type, so it would hide our
  // renderer's table (which copies as Markdown); the psql-like text stays the fallback.
  if (r.data?.kind === 'sql' && r.data.results.some((x) => x.columns.length)) {
    items.push(vscode.NotebookCellOutputItem.json(r.data, 'application/vnd.incident-runbooks.sql+json'));
  }
  // The series for our chart renderer; the text below is the fallback where it is not installed.
  if (r.data?.kind === 'promql') items.push(vscode.NotebookCellOutputItem.json(r.data, PROMQL_MIME));
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

// Reads what the serializer stored on notebook cells, for the controller, status bar and tree.
import type * as vscode from 'vscode';
import type { CellAttributes, ExecutorKind, Frontmatter, Problem } from '../core/runbook/types';
import { executorForLanguage } from '../core/runbook/languages';
import { parseFrontmatter } from '../core/runbook/frontmatter';

export interface CellInfo {
  executor: ExecutorKind | null;
  attributes: CellAttributes;
  problems: Problem[];
  role?: 'frontmatter' | 'notice';
  line?: number;
  /** The fence's first info word as written (`console` runs only its `$ ` lines). */
  infoWord?: string;
}

/** The runbook facts of a cell. A cell added in the editor has none stored: derive them from its language. */
export function cellInfo(cell: vscode.NotebookCell): CellInfo {
  const meta = cell.metadata?.runbook as (Partial<CellInfo> & { source?: { infoWord?: string } }) | undefined;
  const fromLanguage = cell.kind === 2 /* Code */ ? executorForLanguage(cell.document.languageId) : null;
  return {
    // The language may have been changed in the editor since the file was read: it wins.
    executor: meta?.role === 'frontmatter' ? null : fromLanguage,
    attributes: meta?.attributes ?? {},
    problems: meta?.problems ?? [],
    role: meta?.role,
    line: meta?.line,
    infoWord: meta?.source?.infoWord,
  };
}

/**
 * The runbook's frontmatter (env defaults, services, symptoms), or null when it has none. Read
 * from the frontmatter cell's current text, so an edit counts at once; the metadata the file was
 * opened with only serves when there is no such cell.
 */
export function notebookFrontmatter(notebook: vscode.NotebookDocument): Frontmatter | null {
  const cell = notebook.getCells().find((c) => (c.metadata?.runbook as { role?: string } | undefined)?.role === 'frontmatter');
  // The cell holds the YAML between the fences, which starts on the file's line 2.
  if (cell) return parseFrontmatter(cell.document.getText(), 2).frontmatter;
  return (notebook.metadata?.runbook?.frontmatter as Frontmatter | undefined) ?? null;
}

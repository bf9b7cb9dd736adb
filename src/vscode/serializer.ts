// The notebook serializer: file bytes ↔ NotebookData, through the pure format in src/core/runbook.
// Everything the core needs to write a cell back unchanged travels in the cell's metadata.
import * as vscode from 'vscode';
import { readRunbook, writeRunbook } from '../core/runbook/bytes';
import type { CellSource, RunbookCell, Verbatim } from '../core/runbook/types';
import type { ConfigSource } from './config';

/** `*.runbook.md` open as this by default. */
export const NOTEBOOK_TYPE = 'incident-runbook';
/**
 * Any other Markdown file can be reopened as a runbook ("Reopen Editor With…"). VS Code gives a
 * notebook type one priority for all its selectors, so this is a second type with priority
 * `option`, served by the same serializer and controller.
 */
export const MARKDOWN_NOTEBOOK_TYPE = 'incident-runbook-markdown';
export const NOTEBOOK_TYPES = [NOTEBOOK_TYPE, MARKDOWN_NOTEBOOK_TYPE] as const;

/** Opens a file as a runbook notebook, whatever its name. */
export function openAsRunbook(uri: vscode.Uri): Thenable<unknown> {
  return vscode.commands.executeCommand('vscode.openWith', uri, NOTEBOOK_TYPE);
}

export function isRunbookNotebook(notebook: { notebookType: string } | undefined): boolean {
  return !!notebook && (NOTEBOOK_TYPES as readonly string[]).includes(notebook.notebookType);
}

/** What a cell carries under `metadata.runbook`. */
export interface RunbookCellMetadata {
  executor: RunbookCell['executor'];
  attributes: RunbookCell['attributes'];
  problems: RunbookCell['problems'];
  role?: RunbookCell['role'];
  line: number;
  source?: CellSource;
}

export class RunbookSerializer implements vscode.NotebookSerializer {
  static readonly options: vscode.NotebookDocumentContentOptions = {
    // Outputs are never written into the Markdown (they may hold data from production).
    transientOutputs: true,
    transientCellMetadata: { inputCollapsed: true, outputCollapsed: true },
  };

  /** Original bytes of files kept verbatim (not UTF-8, too large), by an id stored in metadata. */
  private readonly verbatim = new Map<string, Verbatim>();
  private nextId = 0;

  constructor(private readonly config: ConfigSource) {}

  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    const doc = readRunbook(content, { maxBytes: this.config().notebookMaxBytes });
    const cells = doc.cells.map((cell) => {
      const data = new vscode.NotebookCellData(
        cell.kind === 'markup' ? vscode.NotebookCellKind.Markup : vscode.NotebookCellKind.Code,
        cell.value,
        cell.language,
      );
      const meta: RunbookCellMetadata = {
        executor: cell.executor, attributes: cell.attributes, problems: cell.problems, role: cell.role, line: cell.line, source: cell.source,
      };
      data.metadata = { runbook: meta };
      return data;
    });
    const notebook = new vscode.NotebookData(cells);
    let verbatimId: string | undefined;
    if (doc.verbatim) {
      verbatimId = `v${++this.nextId}`;
      this.verbatim.set(verbatimId, doc.verbatim);
    }
    notebook.metadata = {
      runbook: { frontmatter: doc.frontmatter, problems: doc.problems, prefix: doc.prefix, bom: doc.bom, eol: doc.eol, verbatimId },
    };
    return notebook;
  }

  /** Drops the original bytes kept for a notebook that was closed (they can be megabytes). */
  forget(notebook: vscode.NotebookDocument): void {
    const id = notebook.metadata?.runbook?.verbatimId;
    if (typeof id === 'string') this.verbatim.delete(id);
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    const meta = data.metadata?.runbook ?? {};
    const verbatim = meta.verbatimId ? this.verbatim.get(meta.verbatimId) : undefined;
    if (meta.verbatimId && !verbatim) {
      // The original bytes are gone (the extension restarted): refuse rather than write a lossy copy.
      throw new Error('This runbook was opened before the extension restarted and cannot be saved faithfully: reopen it and save again.');
    }
    return writeRunbook({
      prefix: typeof meta.prefix === 'string' ? meta.prefix : '',
      bom: meta.bom === true,
      eol: typeof meta.eol === 'string' ? meta.eol : '\n',
      verbatim,
      cells: data.cells.map((cell) => {
        const m = cell.metadata?.runbook as RunbookCellMetadata | undefined;
        return {
          kind: cell.kind === vscode.NotebookCellKind.Markup ? 'markup' : 'code',
          value: cell.value,
          language: cell.languageId,
          role: m?.role,
          source: m?.source,
        };
      }),
    });
  }
}

/** The serializer for both notebook types; it forgets a closed notebook's original bytes. */
export function registerSerializer(config: ConfigSource): vscode.Disposable {
  const serializer = new RunbookSerializer(config);
  return vscode.Disposable.from(
    ...NOTEBOOK_TYPES.map((type) => vscode.workspace.registerNotebookSerializer(type, serializer, RunbookSerializer.options)),
    vscode.workspace.onDidCloseNotebookDocument((notebook) => serializer.forget(notebook)),
  );
}

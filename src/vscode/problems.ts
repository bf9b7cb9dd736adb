// Shows what the reader found wrong with a runbook (broken frontmatter, an unclosed fence, a bad
// cell attribute) in the Problems panel, on the cell it concerns.
import * as vscode from 'vscode';
import { cellInfo } from './cellInfo';
import { isRunbookNotebook } from './serializer';

export function registerProblems(): vscode.Disposable {
  const diagnostics = vscode.languages.createDiagnosticCollection('incident-runbooks');
  const update = (notebook: vscode.NotebookDocument) => {
    if (!isRunbookNotebook(notebook)) return;
    for (const cell of notebook.getCells()) {
      const info = cellInfo(cell);
      if (info.problems.length === 0) {
        diagnostics.delete(cell.document.uri);
        continue;
      }
      diagnostics.set(
        cell.document.uri,
        info.problems.map((p) => {
          // Problem lines are the file's; cell lines start after the fence (or frontmatter) line.
          const offset = cell.kind === vscode.NotebookCellKind.Code ? (info.line ?? 1) + 1 : info.line ?? 1;
          const line = Math.min(Math.max(0, p.line - offset), Math.max(0, cell.document.lineCount - 1));
          const d = new vscode.Diagnostic(
            cell.document.lineAt(line).range,
            p.message,
            p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
          );
          d.source = 'runbook';
          return d;
        }),
      );
    }
  };
  const clear = (notebook: vscode.NotebookDocument) => {
    for (const cell of notebook.getCells()) diagnostics.delete(cell.document.uri);
  };
  vscode.workspace.notebookDocuments.forEach(update);
  return vscode.Disposable.from(
    diagnostics,
    vscode.workspace.onDidOpenNotebookDocument(update),
    vscode.workspace.onDidCloseNotebookDocument(clear),
  );
}

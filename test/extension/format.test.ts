// The format's promises that only show inside VS Code: any Markdown file reopens as a runbook,
// and what the reader found wrong is in the Problems panel on the cell it concerns.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';

function workspaceFile(name: string, text: string): vscode.Uri {
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
  writeFileSync(uri.fsPath, text);
  return uri;
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('Runbook format in the editor', () => {
  test('a plain Markdown file reopens as a runbook notebook and saves back unchanged', async () => {
    const text = 'Notes\r\n=====\r\n\r\n* check\r\n\r\n  ```bash\r\n  uptime\r\n  ```\r\n';
    const uri = workspaceFile('notes.md', text);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'incident-runbook-markdown');
    const notebook = await until('the notebook editor', () => vscode.window.activeNotebookEditor?.notebook);
    assert.equal(notebook.notebookType, 'incident-runbook-markdown');
    const code = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code);
    assert.deepEqual(code.map((c) => [c.document.languageId, c.document.getText()]), [['shellscript', 'uptime']]);
    // Touch the notebook without changing its text, then save: the bytes stay the same.
    const edit = new vscode.WorkspaceEdit();
    edit.set(notebook.uri, [vscode.NotebookEdit.updateNotebookMetadata({ ...notebook.metadata })]);
    await vscode.workspace.applyEdit(edit);
    await notebook.save();
    assert.equal(readFileSync(uri.fsPath, 'utf8'), text);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('problems show in the Problems panel on their cell', async () => {
    const uri = workspaceFile('broken.runbook.md', '---\ntitle: [oops\n---\n\n# Broken\n\n```sh {timeout=soon}\nls\n```\n\n```bash\nnever closed\n');
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    const [frontmatter, , attrCell, openCell] = notebook.getCells();
    const messages = (cell: vscode.NotebookCell) => vscode.languages.getDiagnostics(cell.document.uri).map((d) => d.message);
    await until('diagnostics', () => messages(openCell).length > 0 || undefined);
    assert.match(messages(frontmatter).join('\n'), /^frontmatter/m);
    assert.match(messages(attrCell).join('\n'), /timeout.*not a duration/);
    assert.match(messages(openCell).join('\n'), /never closed/);
  });
});

// The runbook serializer in a real extension host: a `*.runbook.md` opens as an
// `incident-runbook` notebook, and an edit to one cell changes exactly one line on disk.
import * as assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** The cells a reader sees, leaving out the frontmatter block whatever kind it is shown as. */
function bodyCells(notebook: vscode.NotebookDocument): vscode.NotebookCell[] {
  return notebook.getCells().filter((c) => c.metadata?.runbook?.role !== 'frontmatter');
}

suite('RunbookSerializer in the extension host', () => {
  test('opens a *.runbook.md file as an incident-runbook notebook', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(workspaceFile('sample.runbook.md'));
    assert.equal(notebook.notebookType, 'incident-runbook');

    const cells = bodyCells(notebook);
    const code = cells.filter((c) => c.kind === vscode.NotebookCellKind.Code);
    assert.deepEqual(
      code.map((c) => c.document.languageId),
      ['shellscript', 'sql', 'redis'],
    );
    assert.match(code[0].document.getText(), /^echo "checking cache"\nredis-cli -u "\$REDIS_URL" ping$/);
    assert.equal(code[1].document.getText(), 'SELECT 1 AS alive;');

    const markup = cells.filter((c) => c.kind === vscode.NotebookCellKind.Markup);
    assert.ok(markup.length >= 2, `expected prose cells around the fences, got ${markup.length}`);
    assert.ok(markup.every((c) => c.document.languageId === 'markdown'));
    assert.match(markup[0].document.getText(), /# Sample cache check/);
    assert.match(markup[markup.length - 1].document.getText(), /Done: write down what you saw\./);
  });

  test('shows the notebook in an editor', async () => {
    const notebook = await vscode.workspace.openNotebookDocument(workspaceFile('sample.runbook.md'));
    const editor = await vscode.window.showNotebookDocument(notebook);
    assert.equal(vscode.window.activeNotebookEditor, editor);
    assert.equal(editor.notebook.uri.toString(), notebook.uri.toString());
  });

  test('editing one line of one code cell and saving changes exactly that line on disk', async () => {
    const original = workspaceFile('sample.runbook.md');
    const target = workspaceFile('edit-me.runbook.md');
    copyFileSync(original.fsPath, target.fsPath);
    const before = readFileSync(target.fsPath, 'utf8').split('\n');

    const notebook = await vscode.workspace.openNotebookDocument(target);
    const shell = bodyCells(notebook).find((c) => c.document.languageId === 'shellscript');
    assert.ok(shell, 'the runbook has a shell cell');
    const firstLine = shell.document.lineAt(0);
    assert.equal(firstLine.text, 'echo "checking cache"');

    const edit = new vscode.WorkspaceEdit();
    edit.replace(shell.document.uri, firstLine.range, 'echo "checking the cache again"');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
    assert.ok(notebook.isDirty, 'the notebook is dirty after the edit');
    assert.ok(await notebook.save(), 'the notebook saves');

    const after = readFileSync(target.fsPath, 'utf8').split('\n');
    assert.equal(after.length, before.length, 'no line was added or removed');
    const changed = before.map((line, i) => (line === after[i] ? -1 : i)).filter((i) => i >= 0);
    assert.equal(changed.length, 1, `exactly one line changed, got lines ${changed.map((i) => i + 1).join(', ')}`);
    assert.equal(before[changed[0]], 'echo "checking cache"');
    assert.equal(after[changed[0]], 'echo "checking the cache again"');
  });

  test('a cell added through NotebookEdit is written as a fence, leaving the rest untouched', async () => {
    const target = workspaceFile('add-cell.runbook.md');
    copyFileSync(workspaceFile('sample.runbook.md').fsPath, target.fsPath);
    const before = readFileSync(target.fsPath, 'utf8');

    const notebook = await vscode.workspace.openNotebookDocument(target);
    const edit = new vscode.WorkspaceEdit();
    edit.set(notebook.uri, [
      vscode.NotebookEdit.insertCells(notebook.cellCount, [
        new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'uptime', 'shellscript'),
      ]),
    ]);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await notebook.save());

    const after = readFileSync(target.fsPath, 'utf8');
    assert.ok(after.startsWith(before.trimEnd()), 'everything before the new cell is unchanged');
    assert.match(after.slice(before.trimEnd().length), /```\w+\nuptime\n```/);
  });
});

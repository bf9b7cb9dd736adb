// Cells run for real in the extension host: SQL and Redis against the tier's own servers
// (TEST_DATABASE_URL / TEST_REDIS_URL, inherited from code-server's environment), a shell cell,
// a diagnostic that tries to write, and a connection-string password that must never show.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { Client } from 'pg';

const EXTENSION = 'incident-runbooks.incident-runbooks';
const PASSWORD = 'pg-test-secret-4f9a'; // test/support/services.ts

const RUNBOOK = [
  '# Execution check',
  '',
  '```sql {name=answer db=TEST_DATABASE_URL}',
  'SELECT 41 + 1 AS answer;',
  '```',
  '',
  '```redis {name=ping db=TEST_REDIS_URL}',
  'PING',
  '```',
  '',
  '```sh {name=echo}',
  'echo "from shell $((40 + 2))"',
  'echo "url: $TEST_DATABASE_URL"',
  '```',
  '',
  '```sql {name=sneaky-write db=TEST_DATABASE_URL mutates=false}',
  'CREATE TABLE written_by_a_diagnostic (id int);',
  '```',
  '',
].join('\n');

function outputText(cell: vscode.NotebookCell): string {
  const decoder = new TextDecoder();
  return cell.outputs.flatMap((o) => o.items.map((i) => (i.mime === 'application/vnd.code.notebook.error' ? JSON.parse(decoder.decode(i.data)).message : decoder.decode(i.data)))).join('\n');
}

async function runAndWait(notebook: vscode.NotebookDocument, cell: vscode.NotebookCell): Promise<boolean> {
  const before = cell.executionSummary?.executionOrder;
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: cell.index, end: cell.index + 1 }], document: notebook.uri });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const current = notebook.cellAt(cell.index);
    const summary = current.executionSummary;
    if (summary?.success !== undefined && summary.executionOrder !== before && summary.timing?.endTime) return summary.success;
    if (Date.now() > deadline) throw new Error(`cell ${cell.index} did not finish: ${JSON.stringify(summary)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Writes a runbook into the workspace, opens it in an editor and selects our kernel for it. */
async function openWithKernel(name: string, text: string): Promise<vscode.NotebookDocument> {
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
  writeFileSync(uri.fsPath, text);
  const notebook = await vscode.workspace.openNotebookDocument(uri);
  await vscode.window.showNotebookDocument(notebook);
  await vscode.commands.executeCommand('notebook.selectKernel', { id: 'incident-runbook-controller', extension: EXTENSION });
  return notebook;
}

suite('Running cells in the extension host', () => {
  let notebook: vscode.NotebookDocument;
  const cell = (name: string) => notebook.getCells().find((c) => c.metadata?.runbook?.attributes?.name === name)!;

  suiteSetup(async function () {
    assert.ok(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL, 'the harness passes the test servers');
    notebook = await openWithKernel('execution-check.runbook.md', RUNBOOK);
  });

  test('a SQL cell prints a psql-like table', async () => {
    assert.equal(await runAndWait(notebook, cell('answer')), true);
    const text = outputText(cell('answer'));
    assert.match(text, /answer/);
    assert.match(text, /\b42\b/);
    assert.match(text, /\(1 row\)/);
  });

  test('a Redis cell answers like redis-cli', async () => {
    assert.equal(await runAndWait(notebook, cell('ping')), true);
    assert.match(outputText(cell('ping')), /PONG/);
  });

  test('a shell cell streams its output, and the connection-string password is masked', async () => {
    assert.equal(await runAndWait(notebook, cell('echo')), true);
    const text = outputText(cell('echo'));
    assert.match(text, /from shell 42/);
    assert.match(text, /url: postgres:\/\/postgres:••••@127\.0\.0\.1:/);
    assert.ok(!text.includes(PASSWORD), 'the password never shows');
  });

  test('a diagnostic cell that writes fails and changes nothing', async () => {
    assert.equal(await runAndWait(notebook, cell('sneaky-write')), false);
    assert.match(outputText(cell('sneaky-write')), /read-only/i);
    const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT to_regclass('written_by_a_diagnostic') AS t");
      assert.equal(rows[0].t, null, 'the table was not created');
    } finally {
      await client.end();
    }
  });
});

const FRONTMATTER_RUNBOOK = [
  '---',
  'title: Frontmatter check',
  'env:',
  '  GREETING_FOR_TEST: before',
  '---',
  '',
  '# Frontmatter check',
  '',
  '```sh {name=greet}',
  'echo "greeting=$GREETING_FOR_TEST"',
  '```',
  '',
  '```sh {name=slow}',
  'sleep 3; echo slow done',
  '```',
  '',
].join('\n');

suite('Frontmatter edits and Run Diagnostics', () => {
  let notebook: vscode.NotebookDocument;
  const cell = (name: string) => notebook.getCells().find((c) => c.metadata?.runbook?.attributes?.name === name)!;

  suiteSetup(async () => {
    notebook = await openWithKernel('frontmatter-check.runbook.md', FRONTMATTER_RUNBOOK);
  });

  test('an edit to the frontmatter env counts at the next run, without reopening', async () => {
    assert.equal(await runAndWait(notebook, cell('greet')), true);
    assert.match(outputText(cell('greet')), /greeting=before/);
    const fm = notebook.getCells().find((c) => c.metadata?.runbook?.role === 'frontmatter')!;
    const text = fm.document.getText();
    const edit = new vscode.WorkspaceEdit();
    edit.replace(fm.document.uri, new vscode.Range(fm.document.positionAt(0), fm.document.positionAt(text.length)), text.replace('before', 'after'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(await runAndWait(notebook, cell('greet')), true);
    assert.match(outputText(cell('greet')), /greeting=after/);
  });

  test('a second Run Diagnostics while one runs returns at once instead of competing', async () => {
    await vscode.window.showNotebookDocument(notebook);
    const first = vscode.commands.executeCommand('incidentRunbooks.runDiagnostics');
    // Let the first reach the slow cell before asking again.
    await new Promise((r) => setTimeout(r, 1000));
    let firstDone = false;
    void Promise.resolve(first).then(() => (firstDone = true), () => (firstDone = true));
    await vscode.commands.executeCommand('incidentRunbooks.runDiagnostics');
    assert.equal(firstDone, false, 'the second call returned while the first still ran');
    await first;
    assert.match(outputText(cell('slow')), /slow done/);
    // The summary comes back from the renderer a moment after the run ends.
    const deadline = Date.now() + 15_000;
    while (cell('slow').executionSummary?.success === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(cell('slow').executionSummary?.success, true, 'the first run finished its cells normally');
  });
});

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

suite('Running cells in the extension host', () => {
  let notebook: vscode.NotebookDocument;
  const cell = (name: string) => notebook.getCells().find((c) => c.metadata?.runbook?.attributes?.name === name)!;

  suiteSetup(async function () {
    assert.ok(process.env.TEST_DATABASE_URL && process.env.TEST_REDIS_URL, 'the harness passes the test servers');
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const uri = vscode.Uri.joinPath(folder, 'execution-check.runbook.md');
    writeFileSync(uri.fsPath, RUNBOOK);
    notebook = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(notebook);
    await vscode.commands.executeCommand('notebook.selectKernel', { id: 'incident-runbook-controller', extension: EXTENSION });
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

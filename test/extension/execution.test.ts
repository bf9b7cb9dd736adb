// Cells run for real in the extension host: SQL and Redis against the tier's own servers
// (TEST_DATABASE_URL / TEST_REDIS_URL, inherited from code-server's environment), a shell cell,
// a diagnostic that tries to write, and a connection-string password that must never show.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { Client } from 'pg';
import type { TestHooks } from '../../src/extension';
import type { Prompter, RunReport } from '../../src/core/exec/engine';
import { MITIGATION_FILE, PARITY_REASONS, PARITY_RUNBOOK, PARITY_SCENARIOS } from '../support/parity';

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
  mkdirSync(dirname(uri.fsPath), { recursive: true });
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

/** The hooks `activate` returns in ExtensionMode.Test: scripted answers and each run's report. */
async function testHooks(): Promise<TestHooks> {
  const hooks = (await vscode.extensions.getExtension(EXTENSION)!.activate()) as TestHooks | undefined;
  assert.ok(hooks, 'activate returns test hooks while tests run');
  return hooks;
}

/** A prompter answering from a script, recording each question as the CLI test does. */
function scripted(answers: { variables: Record<string, string>; confirm: boolean }, asked: string[], confirmations: Array<Parameters<Prompter['confirm']>[0]> = []): Prompter {
  return {
    async askVariable({ name }) {
      asked.push(`variable ${name}`);
      return answers.variables[name];
    },
    async confirm(request) {
      asked.push(`confirm ${request.cell.name}`);
      confirmations.push(request);
      return answers.confirm;
    },
  };
}

/** Runs a whole notebook (or its diagnostics) and resolves with the engine's report. */
async function runNotebook(hooks: TestHooks, notebook: vscode.NotebookDocument, mode: 'all' | 'diagnostics'): Promise<RunReport> {
  let sub: vscode.Disposable | undefined;
  const finished = new Promise<RunReport>((resolve) => (sub = hooks.onDidFinishRun(resolve)));
  try {
    await vscode.window.showNotebookDocument(notebook);
    if (mode === 'diagnostics') await vscode.commands.executeCommand('incidentRunbooks.runDiagnostics');
    else await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 0, end: notebook.cellCount }], document: notebook.uri });
    return await Promise.race([finished, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the run did not finish')), 30_000))]);
  } finally {
    sub?.dispose();
  }
}

async function settled(cell: () => vscode.NotebookCell, check: (c: vscode.NotebookCell) => boolean): Promise<vscode.NotebookCell> {
  const deadline = Date.now() + 15_000;
  while (!check(cell()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return cell();
}

suite('The editor ends each cell as the CLI does (same runbook, same answers)', () => {
  let hooks: TestHooks;
  suiteSetup(async () => {
    hooks = await testHooks();
  });
  teardown(() => hooks.usePrompter(undefined));

  for (const scenario of PARITY_SCENARIOS) {
    test(scenario.title, async () => {
      const notebook = await openWithKernel(`parity-${scenario.id}/parity.runbook.md`, PARITY_RUNBOOK);
      const folder = dirname(notebook.uri.fsPath);
      const asked: string[] = [];
      hooks.usePrompter(scripted(scenario.answers, asked));
      const report = await runNotebook(hooks, notebook, scenario.mode);
      const statuses = Object.fromEntries(report.outcomes.map((o) => [o.cell.name, o.status]));
      assert.deepEqual(statuses, scenario.statuses);
      assert.deepEqual(asked, scenario.asked);
      assert.equal(existsSync(join(folder, MITIGATION_FILE)), scenario.mitigated);
      for (const [name, reason] of Object.entries(PARITY_REASONS[scenario.id])) {
        assert.match(report.outcomes.find((o) => o.cell.name === name)!.reason!, reason, name);
      }
      // What a person sees: ran cells end as they ran; the cell that stopped the run says why.
      const byName = (name: string) => () => notebook.getCells().find((c) => c.metadata?.runbook?.attributes?.name === name)!;
      for (const [name, status] of Object.entries(scenario.statuses)) {
        const outcome = report.outcomes.find((o) => o.cell.name === name)!;
        if (status === 'ok') assert.equal((await settled(byName(name), (c) => c.executionSummary?.success !== undefined)).executionSummary?.success, true, name);
        if (status === 'failed') {
          const cell = await settled(byName(name), (c) => c.executionSummary?.success === false);
          assert.equal(cell.executionSummary?.success, false, name);
          if (!outcome.run) assert.match(outputText(cell), /needs PARITY_TARGET/);
        }
        if (status === 'skipped' && outcome.stops) assert.match(outputText(await settled(byName(name), (c) => c.outputs.length > 0)), /not confirmed/);
      }
    });
  }
});

suite('What runs is what is classified, and a runbook cannot set BASH_ENV', () => {
  let hooks: TestHooks;
  suiteSetup(async () => {
    hooks = await testHooks();
  });
  teardown(() => hooks.usePrompter(undefined));

  test('a console cell asks about `rm FILE`, shows it without its prompt, and refused, the file stays', async () => {
    const notebook = await openWithKernel('console-check/console.runbook.md', '# Clean up\n\n```console {name=cleanup}\n$ rm FILE\nremoved\n```\n');
    const file = join(dirname(notebook.uri.fsPath), 'FILE');
    writeFileSync(file, 'keep me');
    const asked: string[] = [];
    const confirmations: Array<Parameters<Prompter['confirm']>[0]> = [];
    hooks.usePrompter(scripted({ variables: {}, confirm: false }, asked, confirmations));
    const report = await runNotebook(hooks, notebook, 'all');
    assert.deepEqual(asked, ['confirm cleanup']);
    assert.equal(confirmations[0].command, 'rm FILE');
    assert.equal(confirmations[0].verdict.classification, 'mitigation');
    assert.equal(report.outcomes[0].status, 'skipped');
    assert.ok(existsSync(file), 'the file was not deleted');
  });

  test('frontmatter env BASH_ENV: reported on the frontmatter cell, and evil.sh never runs', async () => {
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const marker = join(root, 'bash-env-check', 'evil-ran');
    mkdirSync(dirname(marker), { recursive: true });
    writeFileSync(join(root, 'bash-env-check', 'evil.sh'), `touch ${marker}\n`);
    const notebook = await openWithKernel(
      'bash-env-check/evil.runbook.md',
      '---\ntitle: Evil\nenv:\n  BASH_ENV: ./evil.sh\n  GREETING: hi\n---\n\n# Evil\n\n```sh {name=greet}\necho "greeting=$GREETING"\n```\n',
    );
    hooks.usePrompter(scripted({ variables: {}, confirm: true }, []));
    const report = await runNotebook(hooks, notebook, 'all');
    assert.equal(report.outcomes[0].status, 'ok');
    assert.match(report.outcomes[0].run!.text, /greeting=hi/);
    assert.ok(!existsSync(marker), 'evil.sh ran');
    const fm = notebook.getCells().find((c) => c.metadata?.runbook?.role === 'frontmatter')!;
    const problems = vscode.languages.getDiagnostics(fm.document.uri).map((d) => d.message);
    assert.ok(problems.some((m) => /BASH_ENV is ignored/.test(m)), `Problems panel: ${JSON.stringify(problems)}`);
  });
});

suite('The editor refuses what the CLI refuses, and masks every spelling of a secret', () => {
  let hooks: TestHooks;
  suiteSetup(async () => {
    hooks = await testHooks();
  });
  teardown(() => hooks.usePrompter(undefined));

  test('attacks through pipes, here-docs, wrappers, quoting and unknown tools are mitigations: Run Diagnostics runs none of them', async () => {
    const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    try {
      await db.query("DROP TABLE IF EXISTS editor_attacks; CREATE TABLE editor_attacks (v text); INSERT INTO editor_attacks VALUES ('original')");
      const attacks = [
        'echo \'open("MARK", "w")\' | python3',
        'bash <<EOF\ntouch MARK\nEOF',
        'setsid touch MARK',
        'env -S "touch MARK"',
        "$'\\x74\\x6f\\x75\\x63\\x68' MARK",
        'eval "$(echo dG91Y2ggTUFSSw== | base64 -d)"',
        './evil.sh',
        'psql "$TEST_DATABASE_URL" <<< "UPDATE editor_attacks SET v = \'hacked\'"',
      ];
      const fences = attacks.map((code, i) => '```sh {name=attack-' + i + '}\n' + code + '\n```\n').join('\n');
      const notebook = await openWithKernel('attack-check/attacks.runbook.md', `# Attacks\n\n${fences}\n\`\`\`sh {name=read}\necho still-reads\n\`\`\`\n`);
      const folder = dirname(notebook.uri.fsPath);
      writeFileSync(join(folder, 'evil.sh'), '#!/bin/sh\ntouch MARK\n', { mode: 0o755 });
      const asked: string[] = [];
      hooks.usePrompter(scripted({ variables: {}, confirm: true }, asked));
      const report = await runNotebook(hooks, notebook, 'diagnostics');
      assert.deepEqual(asked, [], 'a diagnostics run asks nothing');
      for (const o of report.outcomes.slice(0, attacks.length)) {
        assert.equal(o.status, 'skipped', `${o.cell.name}: ${o.prepared.code}`);
        assert.equal(o.prepared.verdict.classification, 'mitigation', `${o.cell.name}: ${o.prepared.code}`);
      }
      assert.equal(report.outcomes[attacks.length].status, 'ok', 'the read still runs');
      assert.ok(!existsSync(join(folder, 'MARK')), 'an attack ran');
      assert.deepEqual((await db.query('SELECT v FROM editor_attacks')).rows, [{ v: 'original' }]);
    } finally {
      await db.end();
    }
  });

  test('a multi-line secret, its JSON-escaped form and a libpq password never show in outputs', async () => {
    const key = '-----BEGIN TEST KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\nAQEFAASCBKcwggSjAgEAAoIB\n-----END TEST KEY-----';
    const frontmatter = `---\ntitle: Secrets\nenv:\n  PRIVATE_KEY: ${JSON.stringify(key)}\n  PGCONN: "host=db user=app password=libpq-pw-5678 dbname=x"\n---\n`;
    const cell = [
      'printf \'%s\\n\' "$PRIVATE_KEY" | while read -r line; do echo "line: $line"; done',
      'node -e \'console.log(JSON.stringify(process.env.PRIVATE_KEY))\'',
      'echo "$PGCONN" | tr \' \' \'\\n\'',
    ].join('\n');
    const notebook = await openWithKernel('secret-check/secrets.runbook.md', `${frontmatter}\n# Secrets\n\n\`\`\`sh {name=print}\n${cell}\n\`\`\`\n`);
    hooks.usePrompter(scripted({ variables: {}, confirm: true }, []));
    const report = await runNotebook(hooks, notebook, 'all');
    const outcome = report.outcomes[0];
    assert.equal(outcome.status, 'ok', outcome.run?.error);
    const shown = outputText(notebook.getCells().find((c) => c.metadata?.runbook?.role !== 'frontmatter' && c.kind === vscode.NotebookCellKind.Code)!);
    for (const part of ['MIIEvQIBADANBgkqhkiG9w0B', 'AQEFAASCBKcwggSjAgEAAoIB', 'libpq-pw-5678', 'MIIEvQIBADANBgkqhkiG9w0B\\nAQEF']) {
      assert.ok(!shown.includes(part), `${part} shows in:\n${shown}`);
      assert.ok(!outcome.run!.text.includes(part), `${part} is in the run's text`);
    }
    assert.match(shown, /line: ••••/);
    assert.match(shown, /password=••••/);
  });
});

suite('Parameters and captures in the editor keep the rules the CLI keeps', () => {
  let hooks: TestHooks;
  suiteSetup(async () => {
    hooks = await testHooks();
  });
  teardown(() => hooks.usePrompter(undefined));

  test('a typed parameter is data: quotes, ;, $(…), a here-document and a leading - run nothing; a mitigation from: never runs', async () => {
    const frontmatter = '---\ntitle: Params\nparams:\n  ns:\n    from: touch FROM_MARK; echo payments\n---\n';
    const cells = ['```sh {name=quoted}\necho "ns is" <ns>\n```', '```sh {name=heredoc}\ncat <<EOF\nnamespace: <ns>\nEOF\n```'].join('\n\n');
    const notebook = await openWithKernel('param-check/params.runbook.md', `${frontmatter}\n# Params\n\n${cells}\n`);
    const folder = dirname(notebook.uri.fsPath);
    const hostile = `x'; touch MARK; echo '$(touch MARK)\`touch MARK\``;
    const asked: Array<{ name: string; options?: string[]; note?: string }> = [];
    hooks.usePrompter({
      ...scripted({ variables: {}, confirm: true }, []),
      async askParameter(request) {
        asked.push({ name: request.name, options: request.options, note: request.optionsNote });
        return request.name === 'flag' ? '--all' : hostile;
      },
    });
    const report = await runNotebook(hooks, notebook, 'all');
    assert.deepEqual(asked.map((a) => a.name), ['ns'], 'the parameter is asked once for both cells');
    assert.equal(asked[0].options, undefined, 'a mitigation from: lists no options');
    assert.match(asked[0].note ?? '', /not run: it is a mitigation/);
    assert.ok(!existsSync(join(folder, 'FROM_MARK')), 'the from: mitigation ran');
    const [quoted, heredoc] = report.outcomes;
    assert.equal(quoted.status, 'ok', quoted.run?.error ?? quoted.reason);
    assert.ok(quoted.run!.text.includes(`ns is ${hostile}`), quoted.run!.text);
    // In a here-document (maybe a script) the value is refused, and the run stops there.
    assert.notEqual(heredoc.status, 'ok');
    assert.match(heredoc.reason ?? heredoc.run?.error ?? '', /here-document/);

    // As a whole word starting with -, a value would be an option: refused.
    const option = await openWithKernel('param-check/option.runbook.md', '# Option\n\n```sh {name=option}\nls <flag>\n```\n');
    const optionReport = await runNotebook(hooks, option, 'all');
    assert.deepEqual(asked.map((a) => a.name), ['ns', 'flag']);
    assert.notEqual(optionReport.outcomes[0].status, 'ok');
    assert.match(optionReport.outcomes[0].reason ?? optionReport.outcomes[0].run?.error ?? '', /starts with '-'/);
    assert.ok(!existsSync(join(folder, 'MARK')), 'a parameter value ran as a command');
  });

  test('a capture cannot set PATH, and a secret-looking capture is masked in the cells after it', async () => {
    const cells = [
      '```sh {name=token capture=API_TOKEN}\necho tok-captured-9f8e7d6c5b\n```',
      '```sh {name=use}\necho "token: $API_TOKEN"\n```',
      '```sh {name=path capture=PATH}\necho /tmp/evil-bin\n```',
    ].join('\n\n');
    const notebook = await openWithKernel('capture-check/capture.runbook.md', `# Captures\n\n${cells}\n`);
    hooks.usePrompter(scripted({ variables: {}, confirm: true }, []));
    const report = await runNotebook(hooks, notebook, 'all');
    const [token, use, path] = report.outcomes;
    assert.equal(token.status, 'ok', token.run?.error);
    assert.equal(use.status, 'ok', use.run?.error);
    assert.ok(!use.run!.text.includes('tok-captured-9f8e7d6c5b'), use.run!.text);
    assert.match(use.run!.text, /token: ••••/);
    assert.notEqual(path.status, 'ok', 'a capture into PATH was accepted');
    assert.match(path.run?.error ?? path.reason ?? '', /PATH/);
  });
});

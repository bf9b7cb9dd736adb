// Parameters through `runbook run`, as real processes run them: `--param` values reach the command
// as exactly themselves (an injection attempt runs nothing), a missing parameter stops the run
// before any cell with exit 2 naming each, a terminal is asked up front (with a diagnostic
// `from:`'s options; a mitigation `from:` never runs), and the incident remembers them.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { runCli } from '../support/cli';
import { gitWorkspaces } from '../support/workspaces';

const workspaces = gitWorkspaces('runbook-params-');
after(workspaces.cleanup);
const env = { PATH: process.env.PATH ?? '' };

function runbook(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const fence = (info: string, code: string) => '```' + info + '\n' + code + '\n```\n';

describe('--param', () => {
  test('an injection attempt is one word: nothing it tries runs', async () => {
    const dir = workspaces.make();
    const owned = join(dir, 'owned');
    const file = runbook(dir, 'inject.runbook.md', `# Pods\n\n${fence('sh', "printf '[%s]\\n' <ns>")}`);
    const r = await runCli(['run', file, '--param', `ns=x; touch ${owned}`], dir, env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`\\[x; touch ${owned.replace(/[/.]/g, '\\$&')}\\]`));
    assert.ok(!existsSync(owned), 'the injected command ran');
  });

  test('quotes, $(…), backticks, newlines, globs and = reach the command as themselves', async () => {
    const dir = workspaces.make();
    const owned = join(dir, 'owned');
    const file = runbook(dir, 'values.runbook.md', `# Values\n\n${fence('sh {name=show}', "printf '%s\\0' <a> --b=<b>")}`);
    const values = [`it's "quoted"`, `$(touch ${owned})`, `\`touch ${owned}\``, 'two\nlines', '*', 'k=v=w', `'; touch ${owned}; '`];
    for (const value of values) {
      const r = await runCli(['run', file, '--param', `a=${value}`, '--param', `b=${value}`, '--json'], dir, env);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(out.cells[0].output.split('\0').slice(0, 2), [value, `--b=${value}`], JSON.stringify(value));
      assert.deepEqual(out.params, { a: value, b: value });
      assert.deepEqual(out.cells[0].params, { a: value, b: value });
    }
    assert.ok(!existsSync(owned));
  });

  test('a value starting with - is refused where it would be an option, and nothing runs', async () => {
    const dir = workspaces.make();
    const file = runbook(dir, 'opt.runbook.md', `# x\n\n${fence('sh', 'ls <path>')}`);
    const r = await runCli(['run', file, '--param', 'path=--help'], dir, env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /starts with '-'/);
  });

  test('in a here-document fed to bash, a value that is not a plain name is refused and nothing runs', async () => {
    const dir = workspaces.make();
    const owned = join(dir, 'owned');
    const file = runbook(dir, 'heredoc.runbook.md', `# x\n\n${fence('sh {mutates=true}', 'bash <<EOF\necho namespace <ns>\nEOF')}`);
    const bad = await runCli(['run', file, '--yes', '--param', `ns=x; touch ${owned}`], dir, env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /here-document/);
    assert.ok(!existsSync(owned), 'the value ran inside the here-document');
    const good = await runCli(['run', file, '--yes', '--param', 'ns=payments-eu.1'], dir, env);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /namespace payments-eu\.1/);
  });

  test('a capture cannot set PATH or BASH_ENV: the cell fails and the run stops', async () => {
    const dir = workspaces.make();
    const file = runbook(dir, 'capture.runbook.md', `# x\n\n${fence('sh {capture=PATH}', 'echo /tmp/evil-bin')}\n${fence('sh', 'echo later')}`);
    const r = await runCli(['run', file, '--json'], dir, env);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.cells[0].status, 'failed');
    assert.match(out.cells[0].output, /PATH/);
    assert.equal(out.cells[1].status, 'skipped');
  });

  test('a bad --param is a usage error', async () => {
    const dir = workspaces.make();
    const file = runbook(dir, 'x.runbook.md', `# x\n\n${fence('sh', 'echo <ns>')}`);
    const r = await runCli(['run', file, '--param', 'ns'], dir, env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--param expects NAME=VALUE/);
  });
});

describe('a missing parameter', () => {
  test('stops the run before any cell, exit 2, naming every missing parameter and how to pass it', async () => {
    const dir = workspaces.make();
    const marker = join(dir, 'first-cell-ran');
    const file = runbook(dir, 'missing.runbook.md', [
      '# Restart', '', fence('sh {name=mark}', `touch ${marker}`), '', fence('sh {name=delete}', 'oc delete pod <pod-name> -n <namespace>'), '',
      fence('redis', 'GET user:<user-id>'), '',
    ].join('\n'));
    const r = await runCli(['run', file, '--yes', '--param', 'namespace=payments'], dir, env);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nothing ran: 2 parameters are missing/);
    assert.match(r.stderr, /pod-name \(needed by \[2 delete\] shell\)/);
    assert.match(r.stderr, /user-id \(needed by \[3\] redis\)/);
    assert.match(r.stderr, /--param pod-name=VALUE --param user-id=VALUE/);
    assert.doesNotMatch(r.stderr, /namespace \(/);
    assert.ok(!existsSync(marker), 'a cell ran before the missing parameters were found');
  });

  test('a default fills it; a diagnostics run does not need a mitigation\'s parameters', async () => {
    const dir = workspaces.make();
    const file = runbook(dir, 'defaults.runbook.md', [
      '---', 'params:', '  namespace:', '    description: The namespace', '    default: payments', '---', '# x', '',
      fence('sh', 'echo ns=<namespace>'), '', fence('sh', 'kubectl delete pod <pod> -n <namespace>'), '',
    ].join('\n'));
    const r = await runCli(['run', file, '--diagnostics'], dir, env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ns=payments/);
    assert.match(r.stdout, /skipped, mitigation/);
  });
});

/** `runbook run` with a scripted terminal: each question's answer in turn. */
async function interactive(args: string[], cwd: string, answers: string[]) {
  let stdout = '';
  let stderr = '';
  const questions: string[] = [];
  const code = await main(args, {
    stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env, interactive: true,
    ask: async (question) => {
      questions.push(question);
      return answers.shift();
    },
  });
  return { code, stdout, stderr, questions };
}

describe('at a terminal', () => {
  test('missing parameters are asked up front, a diagnostic from: gives the options, a mitigation from: does not run', async () => {
    const dir = workspaces.make();
    const marker = join(dir, 'from-ran');
    const file = runbook(dir, 'ask.runbook.md', [
      '---', 'params:', '  namespace:', '    description: Where the pods run', "    from: printf 'payments\\nsearch\\n'",
      '  pod:', `    from: touch ${marker}; echo web-1`, '---', '# x', '',
      fence('sh {name=first}', 'echo first'), '', fence('sh', 'echo ns=<namespace> pod=<pod>'), '',
    ].join('\n'));
    const r = await interactive(['run', file], dir, ['2', 'web-9']);
    assert.equal(r.code, 0, r.stderr);
    // Both asked before the first cell ran.
    assert.ok(r.stdout.indexOf('pod (') < r.stdout.indexOf('first\n'), r.stdout);
    assert.match(r.stdout, /1\) payments\n {2}2\) search/);
    assert.match(r.stdout, /no list to pick from: its from: command was not run: it is a mitigation/);
    assert.match(r.stdout, /ns=search pod=web-9/);
    assert.ok(!existsSync(marker), 'a mitigation from: ran');
  });

  test('no answer: exit 2, nothing ran', async () => {
    const dir = workspaces.make();
    const file = runbook(dir, 'none.runbook.md', `# x\n\n${fence('sh', 'echo first')}\n${fence('sh', 'echo <ns>')}`);
    const r = await interactive(['run', file], dir, ['']);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stdout, /first/);
  });
});

describe('on an incident', () => {
  test('--param and answers are recorded (params_set), and a later run uses them without asking', async () => {
    const dir = workspaces.make();
    assert.equal((await runCli(['incident', 'declare', '--severity', 'P2', '--title', 'Pods crash'], dir, env)).code, 0);
    const first = runbook(dir, 'first.runbook.md', `# x\n\n${fence('sh', 'echo ns=<namespace>')}`);
    const second = runbook(dir, 'second.runbook.md', `# y\n\n${fence('sh', 'echo again ns=<namespace> pod=<pod>')}`);
    const one = await runCli(['run', first, '--param', 'namespace=payments'], dir, env);
    assert.equal(one.code, 0, one.stderr);
    const two = await interactive(['run', second], dir, ['web-1']);
    assert.equal(two.code, 0, two.stderr);
    assert.equal(two.questions.length, 1, 'asked again for a parameter the incident knows');
    assert.match(two.stdout, /again ns=payments pod=web-1/);
    const [id] = readdirSync(join(dir, 'incidents'));
    const events = readFileSync(join(dir, 'incidents', id, 'timeline.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const set = events.filter((e) => e.type === 'params_set').map((e) => [e.data.source, e.data.params]);
    assert.deepEqual(set, [['cli', { namespace: 'payments' }], ['user', { pod: 'web-1' }]]);
    const runs = events.filter((e) => e.type === 'cell_run');
    assert.deepEqual(runs.map((e) => e.data.params), [{ namespace: 'payments' }, { namespace: 'payments', pod: 'web-1' }]);
    assert.equal(runs[1].data.command, "echo again ns='payments' pod='web-1'");
  });
});

// Runbook parameters: which `<name>` placeholders a cell needs, how each executor gets a value as
// one literal (and refuses when it would not), and the engine asking for them once.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { cellParameters, findPlaceholders, runbookParameters, substituteFound, substituteParameters, shellQuote, type Placeholder } from '../../src/core/exec/params';
import { neededParameters, optionsFrom, prepareCell, runCells, type EngineCell, type ParameterRequest, type Prompter } from '../../src/core/exec/engine';
import type { CellRun } from '../../src/core/exec';
import { resolveVariables } from '../../src/core/exec/variables';
import { splitRedisArgs } from '../../src/core/exec/redis/syntax';
import { parseHttpRequests } from '../../src/core/exec/http/syntax';
import { parseFrontmatter } from '../../src/core/runbook/frontmatter';
import { readRunbook } from '../../src/core/runbook/bytes';
import { loadParsers } from '../../src/core/exec/parsers';

/** Values an attacker would try: each must reach the command as exactly itself. */
const HOSTILE = ["it's", 'say "hi"', '$(touch /tmp/owned)', '`touch /tmp/owned`', 'x; touch /tmp/owned', 'a\nrm -rf /', '*', 'a b', '${HOME}', "'; echo '", '\\', '', 'ünï😀'];

describe('placeholders', () => {
  test('an unquoted <name> in shell is a parameter, in order, each once', () => {
    assert.deepEqual(cellParameters('shell', 'oc delete pod <pod-name> -n <namespace>\noc logs <pod-name>'), ['pod-name', 'namespace']);
    assert.deepEqual(cellParameters('shell', 'kubectl get pods --namespace=<ns> | grep <app_1>'), ['ns', 'app_1']);
  });

  test('not in quotes, comments, $\'…\', ${…}, or as part of <<, <<<, <(…), <&, 2<x, $<x>', () => {
    const code = [
      `echo '<a>' "<b>" $'<c\\'>' \${x:-<d>}`,
      '# oc delete pod <e>',
      'echo x # <f>',
      'cat <<<"<g>" <(ls <h>) 2<i> 0<&3 cmd<<j',
      'j',
      'cat <k>>out; echo <l>&2',
      'echo \\<m>',
    ].join('\n');
    // `<(ls <h>)`: the process substitution is a command of its own, where <h> is a placeholder.
    assert.deepEqual(cellParameters('shell', code), ['h']);
  });

  test('inside $(…), backticks and "$(…)" they count', () => {
    assert.deepEqual(cellParameters('shell', 'echo "$(kubectl get pod <a> -o name)" `oc whoami <b>` $(x <c>)'), ['a', 'b', 'c']);
  });

  test('here-documents: the body is text, its placeholders count; markup (a closing tag) does not; the next line is a command again', () => {
    const code = "kubectl apply -f - <<'EOF'\nmetadata:\n  namespace: <ns>\nEOF\ncat <<-END >page.html\n\t<html><b>x</b></html>\n\tEND\necho <after>";
    assert.deepEqual(findPlaceholders('shell', code).map((p) => `${p.name}:${p.place}`), ['ns:heredoc', 'after:word']);
  });

  test('a session cell: only its commands are read, not its output (`<none>`)', () => {
    const doc = readRunbook(Buffer.from('# x\n\n```console\n$ kubectl get pods -n <ns>\nNAME   IP\nweb-1  <none>\n```\n'));
    assert.deepEqual(runbookParameters(doc), ['ns']);
  });

  test('SQL has no placeholders; declared parameters come first', () => {
    assert.deepEqual(cellParameters('sql', 'SELECT 1 WHERE a <b> c'), []);
    const doc = readRunbook(Buffer.from('---\nparams:\n  region: The region\n---\n# x\n\n```sh\necho <pod>\n```\n\n```sql\nselect <x>\n```\n'));
    assert.deepEqual(runbookParameters(doc), ['region', 'pod']);
  });

  test('Redis: unquoted arguments only, not comments; HTTP: URL, header values, body', () => {
    assert.deepEqual(cellParameters('redis', 'GET user:<id>\n# DEL <no>\nSET "<no2>" <v>'), ['id', 'v']);
    const http = 'POST http://h/<path>?q=<q>\nX-<no>: <hdr>\nContent-Type: application/json\n\n{"a": "<js>", "n": <num>}';
    assert.deepEqual(findPlaceholders('http', http).map((p) => `${p.name}:${p.place}`), ['path:url', 'q:url', 'hdr:header', 'js:json-string', 'num:body']);
  });
});

describe('shell substitution', () => {
  test('every hostile value is one single-quoted word that bash hands over as exactly itself', () => {
    for (const value of HOSTILE) {
      const filled = substituteParameters('shell', 'printf "%s\\0" <v> --ns=<v>', { v: value });
      assert.ok('code' in filled, `${JSON.stringify(value)}: ${'error' in filled ? filled.error : ''}`);
      const out = execFileSync('bash', ['-c', filled.code], { encoding: 'utf8' });
      assert.deepEqual(out.split('\0').slice(0, 2), [value, `--ns=${value}`], JSON.stringify(value));
    }
    assert.ok(!existsSync('/tmp/owned'));
  });

  test('the file is not changed: only the text that runs has the values', () => {
    const code = 'oc get pod <pod> -n <ns>';
    const filled = substituteParameters('shell', code, { pod: 'web-1', ns: 'payments' });
    assert.deepEqual(filled, { code: "oc get pod 'web-1' -n 'payments'" });
  });

  test('a value starting with - as a whole word is refused (read as an option); inside a word it is fine', () => {
    assert.match((substituteParameters('shell', 'kubectl delete pod <pod>', { pod: '--all' }) as { error: string }).error, /starts with '-'/);
    assert.ok('code' in substituteParameters('shell', 'kubectl get pods --selector=<sel>', { sel: '-x' }));
  });

  test('in a here-document (maybe a script: bash <<EOF) only plain names go in', () => {
    const code = 'cat <<EOF\nns: <ns>\nEOF';
    assert.deepEqual(substituteParameters('shell', code, { ns: 'payments' }), { code: 'cat <<EOF\nns: payments\nEOF' });
    assert.ok('code' in substituteParameters('shell', code, { ns: 'eu-west-1.db_2:5432/x@y' }));
    for (const bad of ['$(id)', '`id`', 'a\nEOF\ntouch /tmp/owned', 'a\\', 'x; touch /tmp/owned', 'x && id', "x'y", 'a b']) {
      assert.ok('error' in substituteParameters('shell', code, { ns: bad }), bad);
      assert.ok('error' in substituteParameters('shell', "bash <<'EOF'\nkubectl delete ns <ns>\nEOF", { ns: bad }), bad);
    }
  });

  test('the parser check refuses a value the scanner misplaced', () => {
    // Inside "…" a single-quoted value would be text with quotes in it, not the value: refused.
    const misplaced = substituteParametersAt('echo "x <v> y"', 8, 11, 'v', 'val');
    assert.ok('error' in misplaced);
    // Inside `$'…'` quoting the quotes mean something else again.
    assert.ok('error' in substituteParametersAt("echo $'<v>'", 7, 10, 'v', 'val'));
    // Where the scanner is right, the same check passes.
    assert.ok('code' in substituteParametersAt('echo <v>', 5, 8, 'v', 'val'));
  });

  test('a missing value is an error, never an empty word', () => {
    assert.deepEqual(substituteParameters('shell', 'echo <a> <b>', { a: 'x' }), { error: 'no value for b' });
  });

  test('shellQuote', () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });
});

/** Substitutes at an offset the scanner would not choose, to exercise the parser check alone. */
function substituteParametersAt(code: string, start: number, end: number, name: string, value: string) {
  return substituteWith(code, [{ name, start, end, place: 'word' as const }], { [name]: value });
}

function substituteWith(code: string, found: Placeholder[], values: Record<string, string>) {
  return substituteFound('shell', code, found, values);
}

describe('Redis substitution', () => {
  test('the argument a placeholder is in becomes one quoted argument; the command keeps its arguments', () => {
    for (const value of [...HOSTILE, 'a\r\nFLUSHALL', '"\\x41"']) {
      const filled = substituteParameters('redis', 'SET user:<id> <v>', { id: value, v: value });
      assert.ok('code' in filled, JSON.stringify(value));
      assert.deepEqual(splitRedisArgs(filled.code), ['SET', `user:${value}`, value], JSON.stringify(value));
    }
  });

  test('the command name cannot be a parameter', () => {
    assert.match((substituteParameters('redis', '<cmd> key', { cmd: 'FLUSHALL' }) as { error: string }).error, /command/);
  });
});

describe('HTTP substitution', () => {
  test('the URL gets the value percent-encoded: no new path, query or host', () => {
    const filled = substituteParameters('http', 'GET http://api.local/pods/<pod>?ns=<ns>', { pod: '../admin?x=1#', ns: 'a&b=c' }) as { code: string };
    assert.equal(parseHttpRequests(filled.code)[0].url, 'http://api.local/pods/..%2Fadmin%3Fx%3D1%23?ns=a%26b%3Dc');
  });

  test('a header refuses CR/LF and variable references', () => {
    assert.ok('error' in substituteParameters('http', 'GET http://h/\nX-Ns: <ns>', { ns: 'a\r\nX-Evil: 1' }));
    assert.ok('error' in substituteParameters('http', 'GET http://h/\nX-Ns: <ns>', { ns: '$API_TOKEN' }));
    assert.deepEqual(substituteParameters('http', 'GET http://h/\nX-Ns: <ns>', { ns: 'pay ments' }), { code: 'GET http://h/\nX-Ns: pay ments' });
  });

  test('in a JSON string the value is JSON-escaped ($ and { too); outside a string only a JSON scalar', () => {
    const code = 'POST http://h/\nContent-Type: application/json\n\n{"ns": "<ns>", "replicas": <n>}';
    const filled = substituteParameters('http', code, { ns: 'a"b\n$X{{Y}}', n: '3' }) as { code: string };
    assert.deepEqual(JSON.parse(parseHttpRequests(filled.code)[0].body!), { ns: 'a"b\n$X{{Y}}', replicas: 3 });
    assert.ok('error' in substituteParameters('http', code, { ns: 'x', n: '1, "admin": true' }));
  });

  test('the method and the URL start are not a parameter\'s to choose', () => {
    assert.ok('error' in substituteParameters('http', 'GET <url>/x', { url: 'http://evil' }));
  });
});

describe('frontmatter params', () => {
  test('description, default, options, from; options and from together are a problem', () => {
    const { frontmatter, problems } = parseFrontmatter('params:\n  namespace:\n    description: The namespace\n    default: payments\n    from: kubectl get ns -o name\n  pod: The pod\n  bad:\n    options: [a]\n    from: x\n', 2);
    assert.equal(frontmatter.params.namespace.default, 'payments');
    assert.equal(frontmatter.params.pod.description, 'The pod');
    assert.match(problems[0].message, /options or from/);
  });

  test('from: runs only when it is a diagnostic; its lines are the options', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runbook-params-from-'));
    try {
      const listed = await optionsFrom("printf 'payments\\nsearch\\n\\npayments\\n'", { env: { PATH: process.env.PATH! }, cwd: dir });
      assert.deepEqual(listed, { options: ['payments', 'search'] });
      const marker = join(dir, 'ran');
      const refused = await optionsFrom(`touch ${marker}`, { env: { PATH: process.env.PATH! }, cwd: dir });
      assert.equal(refused.options, undefined);
      assert.match(refused.note!, /mitigation/);
      assert.ok(!existsSync(marker));
      assert.match((await optionsFrom('exit 3', { env: { PATH: process.env.PATH! }, cwd: dir })).note!, /failed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const shell = (index: number, code: string, extra: Partial<EngineCell> = {}): EngineCell => ({ index, name: null, executor: 'shell', code, attributes: {}, ...extra });

function prompter(answers: Record<string, string | undefined>, opts: { cannotAsk?: string; confirm?: boolean } = {}): Prompter & { asked: ParameterRequest[]; confirmed: string[] } {
  const asked: ParameterRequest[] = [];
  const confirmed: string[] = [];
  return {
    asked,
    confirmed,
    cannotAsk: opts.cannotAsk,
    askVariable: async () => undefined,
    askParameter: async (r) => {
      asked.push(r);
      return answers[r.name];
    },
    confirm: async ({ command }) => {
      confirmed.push(command);
      return opts.confirm ?? false;
    },
  };
}

async function run(cells: EngineCell[], p: Prompter, params: { values?: Record<string, string>; specs?: Record<string, { default?: string; options?: string[] }> } = {}, extra: { onParams?: (v: Record<string, string>) => void; mode?: 'all' | 'diagnostics' } = {}) {
  const ran: string[] = [];
  const values = params.values ?? {};
  const report = await runCells({
    cells,
    mode: extra.mode ?? 'all',
    variables: resolveVariables({ process: { PATH: '/usr/bin' } }),
    prompter: p,
    params: { values, specs: params.specs },
    onParams: extra.onParams,
    execute: async (prepared): Promise<CellRun> => {
      ran.push(prepared.code);
      return { status: 'ok', durationMs: 1, text: '', classification: prepared.verdict, command: prepared.code };
    },
  });
  return { report, ran, values };
}

describe('the engine and parameters', () => {
  test('each parameter is asked once, goes in quoted, and is reported through onParams', async () => {
    const p = prompter({ ns: 'x; touch /tmp/owned', pod: 'web-1' });
    const reported: Array<Record<string, string>> = [];
    const { ran, report } = await run([shell(0, 'kubectl get pods -n <ns>'), shell(1, 'kubectl logs <pod> -n <ns>')], p, {}, { onParams: (v) => reported.push(v) });
    assert.deepEqual(p.asked.map((r) => r.name), ['ns', 'pod']);
    assert.deepEqual(ran, ["kubectl get pods -n 'x; touch /tmp/owned'", "kubectl logs 'web-1' -n 'x; touch /tmp/owned'"]);
    assert.deepEqual(reported, [{ ns: 'x; touch /tmp/owned' }, { pod: 'web-1' }]);
    assert.deepEqual(report.outcomes.map((o) => o.prepared.params), [{ ns: 'x; touch /tmp/owned' }, { pod: 'web-1', ns: 'x; touch /tmp/owned' }]);
    // Still a diagnostic: the value is one word.
    assert.equal(report.outcomes[0].prepared.verdict.classification, 'diagnostic');
  });

  test('the options declared are offered; a default is used when nobody can ask', async () => {
    const p = prompter({ ns: 'search' });
    await run([shell(0, 'echo <ns>')], p, { specs: { ns: { options: ['payments', 'search'] } } });
    assert.deepEqual(p.asked[0].options, ['payments', 'search']);
    const silent = prompter({}, { cannotAsk: 'no terminal' });
    const { ran } = await run([shell(0, 'echo <ns>')], silent, { specs: { ns: { default: 'payments' } } });
    assert.deepEqual(ran, ["echo 'payments'"]);
  });

  test('a known value is not asked for', async () => {
    const p = prompter({});
    const { ran } = await run([shell(0, 'echo <ns>')], p, { values: { ns: 'payments' } });
    assert.equal(p.asked.length, 0);
    assert.deepEqual(ran, ["echo 'payments'"]);
  });

  test('missing with nobody to ask: the cell fails naming every missing parameter, and the run stops', async () => {
    const { report, ran } = await run([shell(0, 'oc delete pod <pod-name> -n <namespace>'), shell(1, 'echo later')], prompter({}, { cannotAsk: 'no terminal to ask on' }));
    assert.deepEqual(ran, []);
    assert.equal(report.outcomes[0].status, 'failed');
    assert.match(report.outcomes[0].reason!, /parameters pod-name, namespace.*no terminal to ask on/);
    assert.equal(report.outcomes[1].status, 'skipped');
  });

  test('a refused value stops the run before anything runs', async () => {
    const { report, ran } = await run([shell(0, 'kubectl delete pod <pod>')], prompter({ pod: '--all' }));
    assert.deepEqual(ran, []);
    assert.match(report.stopped!.reason, /option/);
  });

  test('the confirmation shows the text with the values in', async () => {
    const p = prompter({ pod: 'web-1' }, { confirm: false });
    await run([shell(0, 'kubectl delete pod <pod>')], p);
    assert.deepEqual(p.confirmed, ["kubectl delete pod 'web-1'"]);
  });

  test('neededParameters: before anything runs; a diagnostics run does not need mitigations\' parameters', async () => {
    await loadParsers();
    const cells = [shell(0, 'kubectl get pods -n <ns>'), shell(1, 'kubectl delete pod <pod> -n <ns>')];
    const all = await neededParameters(cells, 'all', { params: { values: { ns: 'x' }, specs: { pod: { default: 'p' } } } });
    assert.deepEqual(all.map((n) => [n.name, n.known, n.hasDefault, n.cells.map((c) => c.index)]), [['ns', true, false, [0, 1]], ['pod', false, true, [1]]]);
    const diag = await neededParameters(cells, 'diagnostics', {});
    assert.deepEqual(diag.map((n) => n.name), ['ns']);
  });

  test('prepareCell says what a cell still needs (the status bar)', async () => {
    await loadParsers();
    const prepared = prepareCell(shell(0, 'oc logs <pod> -n <ns>'), { params: { ns: 'x' } });
    assert.deepEqual(prepared.needs, ['pod']);
    assert.equal(prepared.code, 'oc logs <pod> -n <ns>');
    assert.equal(prepared.verdict.classification, 'diagnostic');
  });
});

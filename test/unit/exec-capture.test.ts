// `capture=NAME`: what each executor's result gives, the JSON path subset, the engine passing a
// capture on to later cells (masked when secret), and an incident's remembered values.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { captureValue, jsonAt, parseJsonPath } from '../../src/core/exec/capture';
import { runCells, type EngineCell } from '../../src/core/exec/engine';
import type { CellRun, ExecResult } from '../../src/core/exec';
import { resolveVariables } from '../../src/core/exec/variables';
import { incidentValues } from '../../src/core/exec/incidentValues';
import { foldIncident } from '../../src/core/incident/state';
import type { IncidentEvent } from '../../src/core/incident/events';
import { parseInfo } from '../../src/core/runbook/attributes';

const ok = (extra: Partial<ExecResult>): ExecResult => ({ status: 'ok', durationMs: 1, text: '', ...extra });
const sql = (columns: string[], rows: Array<Array<string | null>>): ExecResult =>
  ok({ data: { kind: 'sql', notices: [], results: [{ command: 'SET', rowCount: null, columns: [], rows: [], omittedRows: 0 }, { command: 'SELECT', rowCount: rows.length, columns: columns.map((name) => ({ name, type: 'text' })), rows, omittedRows: 0 }] } });

describe('what each executor captures', () => {
  test('shell: stdout trimmed, never stderr; nothing printed, or too much, fails', () => {
    assert.deepEqual(captureValue('shell', { name: 'POD' }, ok({ stdout: '  web-1\n', text: 'web-1\nwarning on stderr\n' })), { value: 'web-1' });
    assert.match((captureValue('shell', { name: 'POD' }, ok({ stdout: '\n', text: 'only stderr' })) as { error: string }).error, /capture=POD: the cell printed nothing on stdout/);
    assert.match((captureValue('shell', { name: 'POD' }, ok({ stdout: 'x', stdoutOmittedBytes: 10 })) as { error: string }).error, /too long/);
  });

  test('SQL: the first row\'s first column of the last result with rows, or NAME:column', () => {
    const r = sql(['pid', 'query'], [['42', 'select 1'], ['43', 'x']]);
    assert.deepEqual(captureValue('sql', { name: 'PID' }, r), { value: '42' });
    assert.deepEqual(captureValue('sql', { name: 'Q', path: 'query' }, r), { value: 'select 1' });
    assert.match((captureValue('sql', { name: 'Q', path: 'nope' }, r) as { error: string }).error, /no column nope \(columns: pid, query\)/);
    assert.match((captureValue('sql', { name: 'PID' }, sql(['pid'], [])) as { error: string }).error, /no rows/);
    assert.match((captureValue('sql', { name: 'PID' }, sql(['pid'], [[null]])) as { error: string }).error, /NULL/);
  });

  test('Redis: the last reply; a list joined by line breaks; nil fails', () => {
    const redis = (...replies: unknown[]): ExecResult => ok({ data: { kind: 'redis', replies: replies.map((reply) => ({ command: 'X', reply })) } });
    assert.deepEqual(captureValue('redis', { name: 'V' }, redis('OK', 'value')), { value: 'value' });
    assert.deepEqual(captureValue('redis', { name: 'V' }, redis(['a', ['b', 3]])), { value: 'a\nb\n3' });
    assert.deepEqual(captureValue('redis', { name: 'V' }, redis(7)), { value: '7' });
    assert.match((captureValue('redis', { name: 'V' }, redis(null)) as { error: string }).error, /nil/);
  });

  test('HTTP: a JSON path, the whole body without one; nothing there fails', () => {
    const http = ok({ data: { kind: 'http', status: 200, statusText: 'OK', latencyMs: 1, headers: {}, json: { items: [{ name: 'web-1', port: 80 }], 'a.b': { c: true } } } });
    assert.deepEqual(captureValue('http', { name: 'POD', path: '$.items[0].name' }, http), { value: 'web-1' });
    assert.deepEqual(captureValue('http', { name: 'P', path: "$.items[0]['port']" }, http), { value: '80' });
    assert.deepEqual(captureValue('http', { name: 'C', path: '$["a.b"]' }, http), { value: '{"c":true}' });
    assert.match((captureValue('http', { name: 'X', path: '$.items[5].name' }, http) as { error: string }).error, /nothing at \$\.items\[5\]\.name/);
    assert.match((captureValue('http', { name: 'X' }, ok({ data: { kind: 'http', status: 200, statusText: 'OK', latencyMs: 1, headers: {} } })) as { error: string }).error, /no JSON body/);
  });

  test('a value the output masked is refused, not passed on as ••••', () => {
    assert.match((captureValue('shell', { name: 'URL' }, ok({ stdout: 'postgres://u:••••@h/db' })) as { error: string }).error, /masked/);
  });
});

describe('the JSON path subset', () => {
  test('$, .key, [\'key\'], ["key"], [index]', () => {
    assert.deepEqual(parseJsonPath("$.a['b c'][2].d"), { steps: ['a', 'b c', 2, 'd'] });
    assert.deepEqual(parseJsonPath('$'), { steps: [] });
  });

  test('no wildcards, filters, scripts or recursive descent', () => {
    for (const p of ['$.a[*]', '$..a', '$.a[?(@.b)]', '$.a[(@.length-1)]', 'a.b', '$.a[-1]']) assert.ok('error' in parseJsonPath(p), p);
  });

  test('only own keys', () => {
    assert.equal(jsonAt({}, ['__proto__']), undefined);
    assert.equal(jsonAt({ a: [1] }, ['a', 'length']), undefined);
  });
});

test('the capture attribute: NAME, NAME:column, NAME:$.path', () => {
  assert.deepEqual(parseInfo('sh {capture=POD}').attributes.capture, { name: 'POD' });
  assert.deepEqual(parseInfo('http {capture=ITEM:$.items[0].name}').attributes.capture, { name: 'ITEM', path: '$.items[0].name' });
});

const cell = (index: number, code: string, capture?: { name: string; path?: string }): EngineCell => ({ index, name: null, executor: 'shell', code, attributes: capture ? { capture } : {} });

/** Runs cells whose "output" is given per index; records the env each cell saw. */
async function run(cells: EngineCell[], stdout: Record<number, string>) {
  const seen: Array<Record<string, string>> = [];
  const variables = resolveVariables({ process: { PATH: '/usr/bin' } });
  const report = await runCells({
    cells,
    mode: 'all',
    variables,
    prompter: { askVariable: async () => undefined, confirm: async () => true },
    execute: async (prepared, vars): Promise<CellRun> => {
      seen.push({ ...vars.env });
      return { status: 'ok', durationMs: 1, text: stdout[prepared.cell.index] ?? '', stdout: stdout[prepared.cell.index] ?? '', classification: prepared.verdict, command: prepared.code };
    },
  });
  return { report, seen, variables };
}

describe('the engine and captures', () => {
  test('a capture is $NAME for the cells after it, and on the outcome and the report (unmasked)', async () => {
    const { report, seen } = await run([cell(0, 'kubectl get pods -o name | head -1', { name: 'POD' }), cell(1, 'kubectl logs "$POD"')], { 0: 'pod/web-1\n' });
    assert.equal(seen[1].POD, 'pod/web-1');
    assert.deepEqual(report.outcomes[0].captured, { POD: 'pod/web-1' });
    assert.deepEqual(report.captured, { POD: 'pod/web-1' });
    // `$POD` is set by the capture: nothing asks for it.
    assert.equal(report.outcomes[1].status, 'ok');
  });

  test('a secret-looking capture is masked from then on', async () => {
    const { variables } = await run([cell(0, 'oc whoami -t', { name: 'API_TOKEN' })], { 0: 'sha256~abcdef123456\n' });
    assert.equal(variables.env.API_TOKEN, 'sha256~abcdef123456');
    assert.ok(variables.secretNames.has('API_TOKEN'));
  });

  test('a capture that finds nothing fails the cell and stops the run', async () => {
    const { report, seen } = await run([cell(0, 'true', { name: 'POD' }), cell(1, 'echo later')], {});
    assert.equal(report.outcomes[0].status, 'failed');
    assert.match(report.stopped!.reason, /capture=POD: the cell printed nothing/);
    assert.equal(seen.length, 1);
    assert.equal(report.outcomes[1].status, 'skipped');
  });

  test('a name a runbook may not set is refused', async () => {
    const { report, variables } = await run([cell(0, 'echo /tmp/evil', { name: 'BASH_ENV' })], { 0: '/tmp/evil' });
    assert.equal(report.outcomes[0].status, 'failed');
    assert.match(report.stopped!.reason, /BASH_ENV may not be set/);
    assert.equal(variables.env.BASH_ENV, undefined);
  });
});

describe('an incident\'s remembered values', () => {
  const events = [
    { id: '1', ts: '2026-01-01T00:00:00.000Z', actor: 'a', type: 'incident_declared', data: { title: 'x', severity: 'SEV2' } },
    { id: '2', ts: '2026-01-01T00:01:00.000Z', actor: 'a', type: 'params_set', data: { params: { namespace: 'payments' }, source: 'cli' } },
    { id: '3', ts: '2026-01-01T00:02:00.000Z', actor: 'a', type: 'params_set', data: { params: { namespace: 'search' }, source: 'user' } },
    { id: '4', ts: '2026-01-01T00:03:00.000Z', actor: 'a', type: 'variable_captured', data: { name: 'POD', value: 'web-1' } },
    { id: '5', ts: '2026-01-01T00:04:00.000Z', actor: 'a', type: 'variable_captured', data: { name: 'API_TOKEN', value: '••••••', masked: true } },
  ] as unknown as IncidentEvent[];

  test('the latest parameters, and the captured values that were not masked', () => {
    assert.deepEqual(incidentValues(foldIncident(events)), { params: { namespace: 'search' }, variables: { POD: 'web-1' } });
  });

  test('layered above frontmatter and .env, below the environment and secrets; refused names ignored', () => {
    const v = resolveVariables({
      frontmatter: { POD: 'fm', A: 'fm' }, dotenv: { POD: 'dotenv', B: 'dotenv' }, incident: { POD: 'incident', B: 'incident', C: 'incident', BASH_ENV: '/tmp/x' },
      process: { C: 'process' }, secrets: {},
    });
    assert.deepEqual([v.env.POD, v.env.A, v.env.B, v.env.C, v.env.BASH_ENV], ['incident', 'fm', 'incident', 'process', undefined]);
    assert.equal(v.sourceOf.POD, 'incident');
    assert.deepEqual(v.refused.map((r) => [r.name, r.source]), [['BASH_ENV', 'incident']]);
  });
});

test('runbook check: a capture that cannot work is a warning before anything runs', async () => {
  const { captureProblems } = await import('../../src/core/exec/capture');
  const { readRunbook } = await import('../../src/core/runbook/bytes');
  const doc = readRunbook(Buffer.from('# x\n\n```sh {capture=PATH}\necho /x\n```\n\n```redis {capture=V:$.a}\nGET k\n```\n\n```http {capture=V:$..a}\nGET http://h/\n```\n\n```sql {capture=V:col}\nselect 1 as col\n```\n'));
  assert.deepEqual(captureProblems(doc).map((p) => p.message.replace(/ \(.*$/, '')), [
    'capture=PATH: PATH may not be set by a runbook',
    'capture=V:$.a: a redis cell captures its whole last reply: write capture=V',
    "capture=V:$..a: '$..a' is not a JSON path this reads",
  ]);
});

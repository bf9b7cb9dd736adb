// The incident's side of issue 12's contracts: run logs beside the timeline, captured values, the
// alert and parameter events, and the runbook format's `params:`, `alerts:` and `capture=`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, rmSync, symlinkSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foldIncident } from '../../src/core/incident/state';
import { makeEvent } from '../../src/core/incident/timeline';
import type { IncidentEvent, NewEvent } from '../../src/core/incident/events';
import { IncidentStore } from '../../src/core/incident/store';
import { recordCellRun } from '../../src/core/incident/recordCellRun';
import { RunOutputCollector, capturedEvents } from '../../src/core/incident/runLog';
import { Masker } from '../../src/core/secrets/mask';
import { parseInfo } from '../../src/core/runbook/attributes';
import { parseFrontmatter } from '../../src/core/runbook/frontmatter';

const T0 = Date.parse('2026-12-02T10:00:00.000Z');
function timeline(...events: NewEvent[]): IncidentEvent[] {
  return events.map((e, i) => makeEvent(e, 'alice', new Date(T0 + i * 60_000)));
}
const record = {
  runbook: 'runbooks/x.runbook.md', cellIndex: 2, cellName: 'logs', executor: 'shell', classification: 'diagnostic',
  command: 'oc logs api -n payments', status: 'ok', exitCode: 0, durationMs: 12, outputExcerpt: 'line 1',
};

function workspace(): string {
  return mkdtempSync(join(tmpdir(), 'runbook-evidence-'));
}

describe('the fold of alerts, parameters and captures', () => {
  test('detectedAt, the alert, the latest value of each parameter and capture', () => {
    const s = foldIncident(timeline(
      { type: 'declared', data: { title: 'Pods crash looping', severity: 'P1', detectedAt: '2026-12-02T09:55:00+00:00' } },
      { type: 'alert_received', data: { format: 'alertmanager-webhook', alertname: 'KubePodCrashLooping', labels: { namespace: 'payments' }, annotations: {}, startsAt: '2026-12-02T09:55:00Z' } },
      { type: 'params_set', data: { params: { namespace: 'payments', 'pod-name': 'api-1' }, source: 'alert' } },
      { type: 'params_set', data: { params: { 'pod-name': 'api-2' }, source: 'user' } },
      { type: 'variable_captured', data: { name: 'LEADER', value: 'db-2' } },
      { type: 'variable_captured', data: { name: 'API_TOKEN', value: '••••••', masked: true } },
    ));
    assert.equal(s.detectedAt, '2026-12-02T09:55:00.000Z');
    assert.equal(s.alerts.length, 1);
    assert.equal(s.alerts[0].alertname, 'KubePodCrashLooping');
    assert.deepEqual(Object.fromEntries(Object.entries(s.params).map(([k, v]) => [k, [v.value, v.source]])), { namespace: ['payments', 'alert'], 'pod-name': ['api-2', 'user'] });
    assert.equal(s.variables.LEADER.value, 'db-2');
    assert.equal(s.variables.API_TOKEN.masked, true);
  });

  test('a bad event is refused naming the field', () => {
    assert.throws(() => makeEvent({ type: 'variable_captured', data: { name: '1X', value: 'v' } }, 'alice'), /data\.name: must be a variable name/);
    assert.throws(() => makeEvent({ type: 'params_set', data: { params: {}, source: 'somebody' as 'user' } }, 'alice'), /data\.source/);
  });
});

describe('run logs', () => {
  test('a recorded run writes its whole output beside the timeline and the event links it', () => {
    const ws = workspace();
    try {
      const store = new IncidentStore(ws);
      const { state } = store.declare({ title: 'Checkout down', severity: 'P1' }, 'alice');
      const collector = new RunOutputCollector(1024 * 1024);
      const big = 'x'.repeat(5000) + '\nthe end\n';
      collector.add(big);
      const masker = Masker.forVariables({ API_TOKEN: 'tok-secret-123456' });
      recordCellRun(ws, { ...record, params: { namespace: 'payments' } }, {
        evidence: collector.evidence('(ignored: output streamed)', { kind: 'http', status: 200, statusText: 'OK', latencyMs: 3, headers: {}, json: { token: 'tok-secret-123456' } }),
        captured: { LEADER: 'db-2', API_TOKEN: 'tok-secret-123456' },
        masker,
      });
      const after = store.read(state.id).state;
      const run = after.cellRuns[0];
      assert.match(run.log ?? '', /^runs\/[\w-]+\.log$/);
      assert.equal(run.log, `runs/${run.eventId}.log`);
      const log = readFileSync(join(ws, 'incidents', state.id, run.log!), 'utf8');
      assert.ok(log.includes(big), 'the whole output is in the log');
      assert.match(log, /# params: {3}namespace=payments/);
      assert.equal(statSync(join(ws, 'incidents', state.id, run.log!)).mode & 0o077, 0, 'readable by its owner only');
      const json = readFileSync(join(ws, 'incidents', state.id, `runs/${run.eventId}.json`), 'utf8');
      assert.ok(!json.includes('tok-secret-123456') && json.includes('"status": 200'), json);
      // Captures: the record and the events carry the secret masked, and say so.
      assert.equal(run.captured?.LEADER, 'db-2');
      assert.notEqual(run.captured?.API_TOKEN, 'tok-secret-123456');
      assert.equal(after.variables.LEADER.value, 'db-2');
      assert.equal(after.variables.API_TOKEN.masked, true);
      assert.ok(!readFileSync(store.timelinePath(state.id), 'utf8').includes('tok-secret-123456'));
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  test('the log keeps head and tail within its cap and counts the rest', () => {
    const collector = new RunOutputCollector(2048);
    for (let i = 0; i < 10_000; i++) collector.add(`line ${i}\n`);
    const { output } = collector.evidence('');
    assert.ok(Buffer.byteLength(output) < 2048 + 200, `${Buffer.byteLength(output)} bytes`);
    assert.match(output, /^line 0\n/);
    assert.match(output, /line 9999\n$/);
  });

  test('nothing streamed (SQL, Redis, HTTP): the executor text is the log', () => {
    assert.equal(new RunOutputCollector().evidence('count\n-----\n3').output, 'count\n-----\n3');
  });

  test('a runs folder that links out of the workspace loses the log, never the run', () => {
    const ws = workspace();
    const outside = mkdtempSync(join(tmpdir(), 'runbook-outside-'));
    try {
      const store = new IncidentStore(ws);
      const { state } = store.declare({ title: 'Link attack', severity: 'P2' }, 'alice');
      mkdirSync(join(ws, 'incidents', state.id), { recursive: true });
      symlinkSync(outside, join(ws, 'incidents', state.id, 'runs'));
      recordCellRun(ws, record, { evidence: { output: 'secret output' } });
      const run = store.read(state.id).state.cellRuns[0];
      assert.equal(run.log, undefined);
      assert.match(run.outputExcerpt, /the run log could not be written/);
      assert.ok(!existsSync(join(outside, `${run.eventId}.log`)));
    } finally {
      rmSync(ws, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a captured value whose name says secret is masked even when no secret is known', () => {
    const { onRecord, events } = capturedEvents({ DB_PASSWORD: 'hunter2-long', HOST: 'db-1' }, undefined, { runbook: 'r', cellIndex: 0 });
    assert.equal(onRecord.HOST, 'db-1');
    assert.notEqual(onRecord.DB_PASSWORD, 'hunter2-long');
    assert.deepEqual(events.map((e) => e.type === 'variable_captured' && [e.data.name, e.data.masked ?? false]), [['DB_PASSWORD', true], ['HOST', false]]);
  });
});

describe('the runbook format: params, alerts, capture', () => {
  test('params: a description alone, or description/default/options/from/label; alerts: a list', () => {
    const { frontmatter, problems } = parseFrontmatter(
      ['alerts: [KubePodCrashLooping, KubePodNotReady]', 'params:', '  namespace: The namespace', '  pod-name:', '    label: pod', '    from: kubectl get pods -o name', '  region:', '    default: eu-west-1', '    options: [eu-west-1, us-east-1]', '  bare:'].join('\n'),
      2,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(frontmatter.alerts, ['KubePodCrashLooping', 'KubePodNotReady']);
    assert.deepEqual(frontmatter.params, {
      namespace: { description: 'The namespace' },
      'pod-name': { label: 'pod', from: 'kubectl get pods -o name' },
      region: { default: 'eu-west-1', options: ['eu-west-1', 'us-east-1'] },
      bare: {},
    });
  });

  test('bad params are reported naming the parameter and the key, and the rest still reads', () => {
    const { frontmatter, problems } = parseFrontmatter(['title: T', 'params:', '  ns:', '    defualt: x'].join('\n'), 2);
    assert.equal(frontmatter.title, 'T');
    assert.match(problems[0].message, /frontmatter params\.ns: unknown key 'defualt'/);
    assert.match(parseFrontmatter('params:\n  "1x": y', 2).problems[0].message, /parameter names are a letter/);
    assert.match(parseFrontmatter('params:\n  ns:\n    options: [a]\n    from: ls', 2).problems[0].message, /options or from, not both/);
  });

  test('capture=NAME, NAME:column, NAME:$.path in both attribute syntaxes', () => {
    assert.deepEqual(parseInfo('sh {capture=POD}').attributes.capture, { name: 'POD' });
    assert.deepEqual(parseInfo('sql {capture=LEADER:host}').attributes.capture, { name: 'LEADER', path: 'host' });
    assert.deepEqual(parseInfo('http {capture=ID:$.items[0].id}').attributes.capture, { name: 'ID', path: '$.items[0].id' });
    assert.deepEqual(parseInfo('http {"capture":"URL:$.links.self"}').attributes.capture, { name: 'URL', path: '$.links.self' });
    assert.match(parseInfo('sh {capture=1BAD}').problems[0], /capture=.*not a variable name/);
    assert.match(parseInfo('sh {capture=X:}').problems[0], /nothing after the colon/);
  });
});

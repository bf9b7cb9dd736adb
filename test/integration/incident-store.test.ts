// The store against real files and real concurrent processes: nothing lost, nothing rewritten.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IncidentStore } from '../../src/core/incident/store';
import { readTimeline } from '../../src/core/incident/timeline';
import { recordCellRun } from '../../src/core/incident/recordCellRun';

const repo = resolve(__dirname, '../..');
const dirs: string[] = [];
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'incident-store-'));
  dirs.push(dir);
  return dir;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A separate Node process appending `count` notes (0 = until killed) through the real store. */
function writer(root: string, id: string, name: string, count: number) {
  const code = `
    const count = ${count};
    const { IncidentStore } = require(${JSON.stringify(join(repo, 'src/core/incident/store.ts'))});
    const store = new IncidentStore(${JSON.stringify(root)});
    const pad = 'x'.repeat(2000);
    for (let i = 0; count === 0 || i < count; i++) {
      store.append(${JSON.stringify(id)}, { type: 'note_added', data: { text: ${JSON.stringify(name)} + ' ' + i + ' ' + pad } }, ${JSON.stringify(name)});
      if (i === 20) process.stdout.write('started\\n');
    }`;
  return spawn(process.execPath, ['--import', 'tsx', '-e', code], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
}

function exited(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((res) => child.on('exit', (code) => res(code)));
}

describe('IncidentStore', () => {
  test('2 processes × 1,000 appends to one incident → 2,000 valid events, each writer in order', async () => {
    const root = workspace();
    const store = new IncidentStore(root);
    const { state } = store.declare({ title: 'Concurrent writers', severity: 'P1' }, 'lead');
    const [a, b] = [writer(root, state.id, 'alpha', 1000), writer(root, state.id, 'beta', 1000)];
    assert.deepEqual(await Promise.all([exited(a), exited(b)]), [0, 0]);
    const { state: after, problems } = store.read(state.id);
    assert.deepEqual(problems, []);
    assert.equal(after.notes.length, 2000);
    for (const name of ['alpha', 'beta']) {
      const mine = after.notes.filter((n) => n.actor === name).map((n) => Number(n.text.split(' ')[1]));
      assert.deepEqual(mine, [...Array(1000).keys()], `${name}'s events all present, in order`);
    }
    assert.equal(new Set(after.events.map((e) => e.id)).size, 2001);
  });

  test('kill -9 of a writer mid-stream leaves a readable file, and appending continues', async () => {
    const root = workspace();
    const store = new IncidentStore(root);
    const { state } = store.declare({ title: 'Killed writer', severity: 'P2' }, 'lead');
    const child = writer(root, state.id, 'doomed', 0);
    await new Promise<void>((res) => child.stdout!.once('data', () => res()));
    child.kill('SIGKILL');
    await exited(child);
    const first = store.read(state.id);
    assert.ok(first.state.notes.length > 20, `got ${first.state.notes.length} notes`);
    // At most the very last line can be torn; nothing before it is lost.
    assert.ok(first.problems.every((p) => p.kind === 'torn'));
    store.append(state.id, { type: 'note_added', data: { text: 'after the crash' } }, 'lead');
    const second = store.read(state.id);
    assert.equal(second.state.notes.at(-1)?.text, 'after the crash');
    assert.equal(second.state.notes.length, first.state.notes.length + 1);
  });

  test('a torn last line is reported with its line number; the rest is kept; reading changes no byte', () => {
    const root = workspace();
    const store = new IncidentStore(root);
    const { state } = store.declare({ title: 'Torn', severity: 'P1' }, 'lead');
    store.append(state.id, { type: 'note_added', data: { text: 'one' } }, 'lead');
    const file = store.timelinePath(state.id);
    appendFileSync(file, '{"id":"x","ts":"2024-05-03T10:00:00.000Z","actor":"lead","type":"note_ad');
    const before = readFileSync(file);
    const { state: s, problems } = store.read(state.id);
    assert.deepEqual(problems.map((p) => [p.line, p.kind]), [[3, 'torn']]);
    assert.match(problems[0].message, /line 3 is incomplete/);
    assert.equal(s.notes.length, 1);
    assert.deepEqual(readFileSync(file), before, 'reading does not repair or rewrite');
    // The next append starts on a fresh line: the torn line stays torn, the new event is whole.
    store.append(state.id, { type: 'note_added', data: { text: 'two' } }, 'lead');
    const again = store.read(state.id);
    assert.deepEqual(again.state.notes.map((n) => n.text), ['one', 'two']);
    assert.deepEqual(again.problems.map((p) => [p.line, p.kind]), [[3, 'corrupt']]);
    assert.ok(readFileSync(file).subarray(0, before.length).equals(before), 'history is never rewritten');
  });

  test('a corrupt middle line and an invalid event are reported, skipped and left in the file', () => {
    const root = workspace();
    const store = new IncidentStore(root);
    const { state } = store.declare({ title: 'Corrupt', severity: 'P1' }, 'lead');
    const file = store.timelinePath(state.id);
    appendFileSync(file, 'this is not json\n');
    appendFileSync(file, JSON.stringify({ id: 'y', ts: '2024-05-03T10:00:00.000Z', actor: 'x', type: 'severity_changed', data: { severity: 'P9' } }) + '\n');
    store.append(state.id, { type: 'note_added', data: { text: 'kept' } }, 'lead');
    const before = readFileSync(file);
    const { state: s, problems } = store.read(state.id);
    assert.deepEqual(problems.map((p) => [p.line, p.kind]), [[2, 'corrupt'], [3, 'invalid']]);
    assert.match(problems[1].message, /data\.severity/);
    assert.equal(s.severity, 'P1');
    assert.deepEqual(s.notes.map((n) => n.text), ['kept']);
    assert.deepEqual(readFileSync(file), before);
  });

  test('declare picks a free folder name; list is newest first; mostRecentOpen skips resolved', () => {
    const root = workspace();
    const store = new IncidentStore(root, 'ops/incidents');
    const a = store.declare({ title: 'DB down', severity: 'P0' }, 'lead', new Date('2024-05-03T10:00:00Z'));
    const b = store.declare({ title: 'DB down', severity: 'P1' }, 'lead', new Date('2024-05-03T11:00:00Z'));
    assert.equal(a.state.id, '2024-05-03-db-down');
    assert.equal(b.state.id, '2024-05-03-db-down-2');
    assert.equal(b.state.slackChannel, '#incident-20240503-db-down-2');
    assert.deepEqual(store.list().map((i) => i.state.id), [b.state.id, a.state.id]);
    assert.equal(store.mostRecentOpen()?.state.id, b.state.id);
    store.append(b.state.id, { type: 'status_changed', data: { status: 'resolved' } }, 'lead');
    assert.equal(store.mostRecentOpen()?.state.id, a.state.id);
    assert.throws(() => store.timelinePath('../etc'), /not an incident id/);
    assert.throws(() => store.append('2024-01-01-nope', { type: 'note_added', data: { text: 'x' } }, 'lead'), /no incident/);
  });

  test('recordCellRun puts a capped cell run on the most recent open incident', () => {
    const root = workspace();
    const record = {
      runbook: 'db.runbook.md',
      cellIndex: 2,
      cellName: 'connections',
      executor: 'sql',
      classification: 'read',
      command: 'SELECT 1',
      status: 'succeeded',
      exitCode: 0,
      durationMs: 12,
      outputExcerpt: 'y'.repeat(10_000),
    };
    assert.equal(recordCellRun(root, record, { actor: 'runner' }), undefined, 'no incident: nothing recorded');
    const store = new IncidentStore(root);
    const { state } = store.declare({ title: 'Runs', severity: 'P2' }, 'lead');
    assert.equal(recordCellRun(root, record, { actor: 'runner' }), state.id);
    const run = store.read(state.id).state.cellRuns[0];
    assert.equal(run.actor, 'runner');
    assert.equal(run.cellName, 'connections');
    assert.ok(run.outputExcerpt.length < 2100 && run.outputExcerpt.includes('more characters'));
  });

  test('a timeline written by hand with CRLF endings and blank lines still reads', () => {
    const root = workspace();
    const store = new IncidentStore(root);
    const { state } = store.declare({ title: 'Hand edited', severity: 'P3' }, 'lead');
    const file = store.timelinePath(state.id);
    const text = readFileSync(file, 'utf8').replace('\n', '\r\n') + '\n\n';
    writeFileSync(file, text);
    const { state: s, problems } = store.read(state.id);
    assert.deepEqual(problems, []);
    assert.equal(s.title, 'Hand edited');
    assert.equal(readTimeline(file).events.length, 1);
  });
});

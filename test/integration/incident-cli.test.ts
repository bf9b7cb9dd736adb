// `runbook incident …` end to end: real files, a real git config for the actor, one real process.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCli } from '../support/cli';
import { IncidentStore } from '../../src/core/incident/store';
import { gitWorkspaces } from '../support/workspaces';

const repo = resolve(__dirname, '../..');
const workspaces = gitWorkspaces('incident-cli-');
after(workspaces.cleanup);

function workspace(): string {
  const dir = workspaces.make();
  return dir;
}

const run = (cwd: string, ...args: string[]) => runCli(['incident', ...args], cwd, process.env);

describe('runbook incident', () => {
  test('declare, note, change status and severity, tick, resolve, reopen', async () => {
    const dir = workspace();
    const declared = await run(dir, 'declare', '--severity', 'p1', '--title', 'Payments: 502s on /checkout');
    assert.equal(declared.code, 0, declared.stderr);
    assert.match(declared.stdout, /declared \d{4}-\d\d-\d\d-payments-502s-on-checkout \(P1, commander Ada Lovelace\)/);
    assert.match(declared.stdout, /#incident-\d{8}-payments-502s-on-checkout/);

    assert.equal((await run(dir, 'note', 'pool at 100/100', '--kind', 'finding')).code, 0);
    assert.equal((await run(dir, 'note', 'alert on pool saturation', '--kind', 'action', '--owner', 'bob', '--due', '2024-05-10')).code, 0);
    assert.equal((await run(dir, 'set-status', 'identified')).code, 0);
    assert.equal((await run(dir, 'set-severity', 'P0', '--reason', 'data loss')).code, 0);
    assert.equal((await run(dir, 'assign', 'Grace')).code, 0);
    assert.equal((await run(dir, 'check', 'comm.channel')).code, 0);

    const status = await run(dir, 'status', '--json');
    const s = JSON.parse(status.stdout);
    assert.equal(s.severity, 'P0');
    assert.equal(s.status, 'identified');
    assert.equal(s.commander, 'Grace');
    assert.equal(s.declaredBy, 'Ada Lovelace');
    assert.deepEqual(s.notes.map((n: { kind: string; owner?: string; due?: string }) => [n.kind, n.owner, n.due]), [['finding', undefined, undefined], ['action', 'bob', '2024-05-10']]);
    assert.equal(s.checklist.find((c: { id: string }) => c.id === 'comm.channel').done, true);

    const text = await run(dir, 'status');
    assert.match(text.stdout, /\[x\] Create incident Slack channel/);
    assert.match(text.stdout, /next update due in 2\dm/);

    assert.equal((await run(dir, 'resolve')).code, 0);
    const list = JSON.parse((await run(dir, 'list', '--json')).stdout);
    assert.equal(list.length, 1);
    assert.equal(list[0].status, 'resolved');
    assert.ok(list[0].resolvedAt);

    const after = await run(dir, 'status');
    assert.equal(after.code, 0, 'status shows the incident just resolved');
    assert.match(after.stderr, /^using incident \S+ \(resolved\)\n$/);
    assert.match(after.stdout, /^status {5}Resolved$/m);
    assert.equal(JSON.parse((await run(dir, 'status', '--json')).stdout).status, 'resolved');
    const noOpen = await run(dir, 'note', 'late');
    assert.equal(noOpen.code, 2);
    assert.match(noOpen.stderr, /no open incident/);
    assert.equal((await run(dir, 'reopen')).code, 0);
    assert.equal(JSON.parse((await run(dir, 'status', '--json')).stdout).reopenCount, 1);
  });

  test('bad input gets a clear message and writes nothing', async () => {
    const dir = workspace();
    assert.match((await run(dir, 'declare', '--title', 'x')).stderr, /--severity P0\|P1\|P2\|P3/);
    assert.match((await run(dir, 'declare', '--severity', 'P1')).stderr, /--title/);
    assert.match((await run(dir, 'status')).stderr, /no incident in /);
    await run(dir, 'declare', '--severity', 'P2', '--title', 'Slow search');
    const store = new IncidentStore(dir);
    const id = store.list()[0].state.id;
    const before = readFileSync(store.timelinePath(id));
    const cases: Array<[string[], RegExp]> = [
      [['set-status', 'fixed'], /unknown status 'fixed'/],
      [['set-status', 'investigating'], /already investigating/],
      [['set-severity', 'P7'], /unknown severity 'P7'/],
      [['note', 'x', '--kind', 'todo'], /unknown --kind 'todo'/],
      [['note', 'x', '--due', 'tomorrow'], /due: expected a date/],
      [['check', 'no.such.item'], /no checklist item 'no.such.item'/],
      [['reopen'], /no resolved incident/],
      [['frobnicate'], /unknown subcommand/],
      [['status', '--incident', 'nope'], /no incident 'nope'/],
      [['status', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const r = await run(dir, ...args);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
    }
    assert.deepEqual(readFileSync(store.timelinePath(id)), before, 'nothing was written');
  });

  test('--incident picks one; the default is the most recent open incident; --actor overrides git', async () => {
    const dir = workspace();
    await run(dir, 'declare', '--severity', 'P2', '--title', 'First');
    await run(dir, 'declare', '--severity', 'P3', '--title', 'Second', '--actor', 'pager-bot');
    const [second, first] = new IncidentStore(dir).list().map((i) => i.state);
    assert.equal(second.title, 'Second');
    assert.equal(second.declaredBy, 'pager-bot');
    await run(dir, 'note', 'goes to second');
    await run(dir, 'note', 'goes to first', '--incident', first.id);
    const store = new IncidentStore(dir);
    assert.deepEqual(store.read(second.id).state.notes.map((n) => n.text), ['goes to second']);
    assert.deepEqual(store.read(first.id).state.notes.map((n) => n.text), ['goes to first']);
  });

  test('control characters typed into a title or a note are escaped in human output, kept in JSON', async () => {
    const dir = workspace();
    const title = 'Bad \x1b[31mred\x07\nforged line';
    const declared = await run(dir, 'declare', '--severity', 'P2', '--title', title, '--commander', 'Eve\x1b]0;x\x07');
    assert.equal(declared.code, 0, declared.stderr);
    await run(dir, 'note', 'ring \x07 the \x9b bell');
    for (const args of [['status'], ['list']]) {
      const r = await run(dir, ...args);
      assert.ok(!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(r.stdout + r.stderr + declared.stdout), `${args}: ${r.stdout}`);
    }
    const status = (await run(dir, 'status')).stdout;
    assert.match(status, /: Bad \\x1b\[31mred\\x07\\x0aforged line$/m);
    assert.match(status, /ring \\x07 the \\x9b bell/);
    assert.ok(!/^forged line/m.test(status), 'a newline in a title cannot forge a line');
    assert.equal(JSON.parse((await run(dir, 'status', '--json')).stdout).title, title);
  });

  test('as a real process with --workspace', () => {
    const dir = workspace();
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'incident', 'declare', '--severity', 'P0', '--title', 'API down', '--workspace', dir, '--tag', 'security'], {
      cwd: repo,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const s = new IncidentStore(dir).list()[0].state;
    assert.deepEqual(s.tags, ['security']);
    assert.ok(s.checklist.some((c) => c.id === 'security.rotate'));
  });
});

// `runbook message` and `runbook postmortem` in a real temporary workspace: an incident declared
// through the store, a cell run, a finding, an action item, a resolution, then the documents.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli } from '../support/cli';
import { IncidentStore } from '../../src/core/incident/store';
import { recordCellRun } from '../../src/core/incident/recordCellRun';
import { incidentClock } from '../../src/core/incident/clock';
import { DEFAULT_SEVERITIES } from '../../src/core/incident/severities';
import { gitWorkspaces } from '../support/workspaces';

const repo = resolve(__dirname, '../..');
const SECRET = 'tok-CLI-SENTINEL-5e6f7a8b';
const workspaces = gitWorkspaces('templates-cli-');
after(workspaces.cleanup);

function workspace(): string {
  const dir = workspaces.make();
  mkdirSync(join(dir, 'runbooks'));
  copyFileSync(join(repo, 'runbooks', 'redis-cache-failure.runbook.md'), join(dir, 'runbooks', 'redis-cache-failure.runbook.md'));
  writeFileSync(join(dir, '.env'), `API_TOKEN=${SECRET}\n`);
  return dir;
}

const run = (cwd: string, ...args: string[]) => runCli(args, cwd, { ...process.env, API_TOKEN: undefined });

/** Declared, a diagnostic cell, a finding, an action item; resolved unless `open`. */
function incident(dir: string, open = false): string {
  const store = new IncidentStore(dir);
  const { state } = store.declare({ title: 'Redis cache failure', severity: 'P1', commander: 'Ada Lovelace' }, 'Ada Lovelace');
  recordCellRun(dir, { runbook: 'runbooks/redis-cache-failure.runbook.md', cellIndex: 0, cellName: 'redis-ping', executor: 'redis', classification: 'diagnostic', command: 'PING', status: 'ok', exitCode: 0, durationMs: 3, outputExcerpt: 'PONG' }, { actor: 'Ada Lovelace' });
  store.append(state.id, { type: 'note_added', data: { kind: 'finding', text: 'maxmemory reached with noeviction' } }, 'Grace');
  store.append(state.id, { type: 'note_added', data: { kind: 'note', text: `tried the token ${SECRET}` } }, 'Grace');
  store.append(state.id, { type: 'note_added', data: { kind: 'action', text: 'Alert on Redis memory at 80%', owner: 'Grace Hopper', due: '2026-12-04' } }, 'Ada Lovelace');
  if (!open) store.append(state.id, { type: 'status_changed', data: { status: 'resolved', reason: 'eviction enabled' } }, 'Ada Lovelace');
  return state.id;
}

describe('runbook postmortem', () => {
  test('writes postmortems/<id>.md with the timeline and the action item, and records it', async () => {
    const dir = workspace();
    const id = incident(dir);
    const r = await run(dir, 'postmortem');
    assert.equal(r.code, 0, r.stderr);
    const file = join(dir, 'postmortems', `${id}.md`);
    assert.equal(r.stdout, `wrote ${file}\n`);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# Post-Mortem: Redis cache failure$/m);
    assert.match(text, /^- \d\d:\d\d - Incident declared as P1, Ada Lovelace as incident commander$/m);
    assert.match(text, /^- \d\d:\d\d - Ran 1 diagnostic cell in redis-cache-failure\.runbook\.md$/m);
    assert.match(text, /^- \d\d:\d\d - Finding: maxmemory reached with noeviction$/m);
    assert.match(text, /^- \d\d:\d\d - Incident resolved: eviction enabled$/m);
    assert.match(text, /^- \[ \] Alert on Redis memory at 80% - Owner: Grace Hopper - Due: 2026-12-04$/m);
    assert.match(text, /\*\*Services affected\*\*: redis, api/, 'services come from the runbook frontmatter');
    assert.ok(!text.includes(SECRET), 'the .env secret is masked');
    assert.match(text, /tried the token ••••/);
    const { state } = new IncidentStore(dir).read(id);
    assert.deepEqual(state.postmortems.map((p) => [p.path, p.template]), [[`postmortems/${id}.md`, 'built-in']]);
  });

  test('never overwrites: a second run writes -2, an existing --out is refused', async () => {
    const dir = workspace();
    const id = incident(dir);
    const first = join(dir, 'postmortems', `${id}.md`);
    assert.equal((await run(dir, 'postmortem')).code, 0);
    writeFileSync(first, 'edited by a person\n');
    const second = await run(dir, 'postmortem');
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, `wrote ${join(dir, 'postmortems', `${id}-2.md`)}\n`);
    assert.equal(readFileSync(first, 'utf8'), 'edited by a person\n');

    writeFileSync(join(dir, 'mine.md'), 'keep me\n');
    const refused = await run(dir, 'postmortem', '--out', 'mine.md');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /mine\.md already exists; it was left as it is/);
    assert.equal(readFileSync(join(dir, 'mine.md'), 'utf8'), 'keep me\n');
    assert.equal(new IncidentStore(dir).read(id).state.postmortems.length, 2, 'a refused write records nothing');
  });

  test('no incident: a clear message, nothing written', async () => {
    const dir = workspace();
    const r = await run(dir, 'postmortem');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no incident in .*incidents \(declare one/);
    assert.ok(!existsSync(join(dir, 'postmortems')));
  });

  test('an override in .runbooks/templates wins', async () => {
    const dir = workspace();
    const id = incident(dir);
    mkdirSync(join(dir, '.runbooks', 'templates'), { recursive: true });
    writeFileSync(join(dir, '.runbooks', 'templates', 'postmortem.md'), '# PM {{title}}\n{{#actionItems}}* {{text}} ({{owner}}){{/actionItems}}\n{{ticket}}\n');
    const r = await run(dir, 'postmortem', '--incident', id);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(dir, 'postmortems', `${id}.md`), 'utf8'), '# PM Redis cache failure\n* Alert on Redis memory at 80% (Grace Hopper)\n⟨missing: ticket⟩\n');
    assert.match(r.stderr, /warning: .*postmortem\.md line 3: unknown variable 'ticket'/);
  });
});

describe('runbook message', () => {
  test('prints the message, records it, and restarts the next-update clock', async () => {
    const dir = workspace();
    const id = incident(dir, true);
    const store = new IncidentStore(dir);
    const before = incidentClock(store.read(id).state, DEFAULT_SEVERITIES, new Date());
    await new Promise((r) => setTimeout(r, 20));
    const r = await run(dir, 'message', 'slack');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`using incident ${id} \\(investigating\\)`));
    assert.match(r.stdout, /^:rotating_light: \*INCIDENT P1: Redis cache failure\*/);
    assert.match(r.stdout, /\*Detected:\* \d{4}-\d\d-\d\d \d\d:\d\d UTC \(\+00:00\)/);
    assert.match(r.stdout, /\*Services affected:\* redis, api/);
    const { state } = store.read(id);
    assert.equal(state.messages.length, 1);
    assert.equal(state.messages[0].kind, 'slack');
    assert.equal(state.messages[0].text, r.stdout.trimEnd() + '\n');
    const afterClock = incidentClock(state, DEFAULT_SEVERITIES, new Date());
    assert.ok(afterClock.nextUpdateDueAt! > before.nextUpdateDueAt!, 'the next update is due later now');
  });

  test('--out writes the file (never over one) and the secret from .env is masked on the timeline', async () => {
    const dir = workspace();
    const id = incident(dir, true);
    mkdirSync(join(dir, '.runbooks', 'templates'), { recursive: true });
    writeFileSync(join(dir, '.runbooks', 'templates', 'status-page.md'), '{{title}}: {{status}}. Last note: {{#timeline}}{{text}}|{{/timeline}}\n');
    const r = await run(dir, 'message', 'status-page', '--out', 'status.md');
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(join(dir, 'status.md'), 'utf8');
    assert.match(text, /^Redis cache failure: Investigating\. /);
    assert.match(text, /Note: tried the token ••••\|/);
    const timeline = readFileSync(store(dir).timelinePath(id), 'utf8');
    assert.ok(!timeline.slice(timeline.indexOf('message_generated')).includes(SECRET));
    const again = await run(dir, 'message', 'status-page', '--out', 'status.md');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already exists/);
  });

  test('bad input: unknown kind, no open incident, unknown incident', async () => {
    const dir = workspace();
    const bad = await run(dir, 'message', 'tweet');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown message 'tweet' \(expected status-page, resolution, slack\)/);
    const none = await run(dir, 'message', 'status-page');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no incident in /);
    const missing = await run(dir, 'message', 'slack', '--incident', '2026-01-01-nope');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no incident '2026-01-01-nope'/);
  });

  test('a resolution notice defaults to the most recent incident, even when resolved', async () => {
    const dir = workspace();
    const id = incident(dir);
    const r = await run(dir, 'message', 'resolution');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^## Resolved: Redis cache failure/);
    assert.match(r.stdout, /\*\*Root cause:\*\* maxmemory reached with noeviction/);
    assert.equal(new IncidentStore(dir).read(id).state.messages[0].kind, 'resolution');
  });

  test('after resolve, messages default to the incident just resolved and say so: the final status-page update', async () => {
    const dir = workspace();
    const id = incident(dir);
    const r = await run(dir, 'message', 'status-page');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `using incident ${id} (resolved)\n`);
    assert.match(r.stdout, /^\*\*Status:\*\* Resolved$/m);
    assert.match(r.stdout, /^The problem affecting redis, api has been resolved\.$/m);
    const slack = await run(dir, 'message', 'slack');
    assert.equal(slack.code, 0, slack.stderr);
    assert.match(slack.stdout, /\*Current status:\* Resolved/);
    assert.deepEqual(new IncidentStore(dir).read(id).state.messages.map((m) => m.kind), ['status-page', 'slack']);
  });

  test('an open incident still wins over a more recent resolved one', async () => {
    const dir = workspace();
    const open = incident(dir, true);
    await new Promise((r) => setTimeout(r, 5));
    incident(dir);
    const r = await run(dir, 'message', 'status-page');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`using incident ${open} \\(investigating\\)`));
  });

  test('control characters in the title are escaped when printed, kept in the file written', async () => {
    const dir = workspace();
    const { state } = new IncidentStore(dir).declare({ title: 'Bad \x1b[31mred\x07', severity: 'P2', commander: 'Ada' }, 'Ada');
    const r = await run(dir, 'message', 'status-page');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!/[\x07\x1b]/.test(r.stdout + r.stderr), r.stdout);
    assert.match(r.stdout, /^## Bad \\x1b\[31mred\\x07$/m);
    assert.equal(new IncidentStore(dir).read(state.id).state.messages[0].text?.split('\n')[0], '## Bad \x1b[31mred\x07');
  });
});

function store(dir: string): IncidentStore {
  return new IncidentStore(dir);
}

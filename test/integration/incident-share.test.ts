// Sharing incidents through a real Redis server (src/core/share): two workspaces on one server,
// concurrent writers, an outage that loses the server's data, presence, and the server's
// password never showing. Every server here is this file's own (outages need one to kill).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { runCli } from '../support/cli';
import { gitWorkspaces } from '../support/workspaces';
import { startRedis, type RunningService } from '../support/services';
import { IncidentStore } from '../../src/core/incident/store';
import { readTimeline } from '../../src/core/incident/timeline';
import type { IncidentEvent } from '../../src/core/incident/events';
import { shareConfig, type ShareConfig } from '../../src/core/share/config';
import { IncidentShare, type ShareOptions } from '../../src/core/share/share';

const workspaces = gitWorkspaces('incident-share-');
const servers: RunningService[] = [];
const shares: IncidentShare[] = [];
let redis: RunningService;

before(async () => {
  redis = await startRedis();
  servers.push(redis);
});
after(async () => {
  await Promise.all(shares.map((s) => s.stop()));
  await Promise.all(servers.map((s) => s.stop()));
  workspaces.cleanup();
});

let prefixes = 0;
/** A prefix of its own per test: the tests share one server without seeing each other. */
function freshConfig(url = redis.url): ShareConfig {
  return shareConfig(url, `t${++prefixes}`);
}

function share(root: string, config: ShareConfig, more: Partial<ShareOptions> = {}): IncidentShare {
  const s = new IncidentShare({ store: new IncidentStore(root), config, actor: `actor-of-${root.slice(-6)}`, blockMs: 500, pollMs: 200, ...more });
  shares.push(s);
  return s;
}

const cli = (cwd: string, config: ShareConfig, ...args: string[]) =>
  runCli(['incident', ...args], cwd, { ...process.env, RUNBOOK_SHARE_URL: config.url, RUNBOOK_SHARE_PREFIX: config.prefix });

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - started;
}

async function untilAsync(what: string, check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function eventsOf(root: string, id: string): IncidentEvent[] {
  try {
    return readTimeline(new IncidentStore(root).timelinePath(id)).events;
  } catch {
    return [];
  }
}

function onlyIncident(root: string): string {
  const ids = readdirSync(join(root, 'incidents')).filter((n) => !n.startsWith('.'));
  assert.equal(ids.length, 1, `one incident in ${root}: ${ids.join(', ')}`);
  return ids[0];
}

/** Every file under `dir` (the share's state file included). */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe('two workspaces on one server', () => {
  test('A declares; B has it through `sync`, then live through a running subscriber, each within 1 s', async () => {
    const config = freshConfig();
    const a = workspaces.make();
    const b = workspaces.make();
    // With sharing configured, a CLI write publishes at once: nothing is left for A's sync.
    const declared = await cli(a, config, 'declare', '--severity', 'P1', '--title', 'Checkout 502s');
    assert.equal(declared.code, 0, declared.stderr);
    assert.equal(declared.stderr, '');
    const synced = await cli(a, config, 'sync');
    assert.equal(synced.code, 0, synced.stderr);
    assert.match(synced.stdout, /published 0 events, received 0 events/);

    const started = performance.now();
    const got = await cli(b, config, 'sync');
    const syncMs = performance.now() - started;
    assert.equal(got.code, 0, got.stderr);
    assert.match(got.stdout, /received 1 event/);
    assert.match(got.stdout, /new incident from the server: \d{4}-\d\d-\d\d-checkout-502s/);
    assert.ok(syncMs < 1000, `sync took ${syncMs} ms`);
    const list = JSON.parse((await cli(b, config, 'list', '--json')).stdout);
    assert.deepEqual(list.map((i: { title: string }) => i.title), ['Checkout 502s']);
    const id = onlyIncident(b);
    assert.deepEqual(eventsOf(b, id), eventsOf(a, id), 'the same line on both sides');

    // Live: both follow; what A writes (here, or in another process) shows up on B's disk.
    const seenByB: IncidentEvent[] = [];
    const sa = share(a, config);
    const sb = share(b, config, { onEvent: (_id, e, origin) => origin === 'remote' && seenByB.push(e) });
    await sa.start();
    await sb.start();
    const storeA = new IncidentStore(a);
    const note = storeA.append(id, { type: 'note_added', data: { text: 'pool at 100/100' } }, 'alice');
    const noteMs = await until('the note on B', () => eventsOf(b, id).some((e) => e.id === note.id));
    assert.ok(noteMs < 1000, `the note took ${noteMs} ms`);
    // A new incident declared by another process on A (the CLI) while both follow.
    const t0 = performance.now();
    assert.equal((await cli(a, config, 'declare', '--severity', 'P2', '--title', 'Queue backlog')).code, 0);
    await until('the new incident on B', () => seenByB.some((e) => e.type === 'declared' && e.data.title === 'Queue backlog'));
    // From the start of `declare` (which publishes it itself) to B's disk.
    const newMs = performance.now() - t0;
    assert.ok(newMs < 1000, `the new incident took ${newMs} ms`);
    process.stderr.write(`# two workspaces: sync ${Math.round(syncMs)} ms, a note ${noteMs.toFixed(1)} ms, a new incident from another process ${Math.round(newMs)} ms\n`);
    await sa.stop();
    await sb.stop();

    // `watch` on B prints what A writes, one line per event, and who is here.
    const watching = cli(b, config, 'watch', '--incident', id, '--actor', 'bob');
    await new Promise((r) => setTimeout(r, 800)); // connected and caught up
    assert.equal((await cli(a, config, 'note', 'replica lag 40 s', '--kind', 'finding', '--incident', id, '--actor', 'alice')).code, 0);
    await until('the note on B', () => eventsOf(b, id).some((e) => e.type === 'note_added' && e.data.text === 'replica lag 40 s'));
    await new Promise((r) => setTimeout(r, 100));
    process.emit('SIGPIPE', 'SIGPIPE');
    const watched = await watching;
    assert.equal(watched.code, 0, watched.stderr);
    assert.match(watched.stdout, /^\d\d:\d\d:\d\d {2}alice {2}note: pool at 100\/100$/m, 'the tail first');
    assert.match(watched.stdout, /^\d\d:\d\d:\d\d {2}alice {2}finding: replica lag 40 s$/m);
    assert.match(watched.stderr, new RegExp(`here on ${id}: bob \\(cli\\)`));

    // Resuming: a restarted follower reads nothing twice (the cursor was kept on disk).
    const again = share(b, config);
    const counts = await again.syncOnce();
    assert.equal(counts.received + counts.skipped, 0, JSON.stringify(counts));
    assert.ok(statSync(join(b, 'incidents', '.share')).isDirectory());
    assert.equal(readFileSync(join(b, 'incidents', '.share', '.gitignore'), 'utf8'), '*\n');
  });

  test('concurrent writers: 500 notes each at once, the same 1,000 notes and the same `status --json` on both', async () => {
    const config = freshConfig();
    const a = workspaces.make();
    const b = workspaces.make();
    const storeA = new IncidentStore(a);
    const storeB = new IncidentStore(b);
    const id = storeA.declare({ title: 'Concurrent writers', severity: 'P1', commander: 'alice' }, 'alice').state.id;
    const sa = share(a, config);
    const sb = share(b, config);
    await sa.start();
    await sb.start();
    await until('the incident on B', () => storeB.exists(id));

    const write = async (store: IncidentStore, who: string, s: IncidentShare) => {
      for (let i = 0; i < 500; i++) {
        store.append(id, { type: 'note_added', data: { text: `${who} ${i}` } }, who);
        if (i % 3 === 0) s.nudge();
        // Yield now and then, as separate writers would: the followers publish and receive meanwhile.
        if (i % 10 === 0) await new Promise((r) => setImmediate(r));
      }
      s.nudge();
    };
    await Promise.all([write(storeA, 'alice', sa), write(storeB, 'bob', sb), (async () => {
      // Status races too: the same order settles it on both sides.
      storeA.append(id, { type: 'status_changed', data: { status: 'identified' } }, 'alice');
      storeB.append(id, { type: 'status_changed', data: { status: 'monitoring' } }, 'bob');
    })()]);
    const notes = (root: string) => eventsOf(root, id).filter((e) => e.type === 'note_added').length;
    const ms = await until('1,000 notes on both', () => notes(a) === 1000 && notes(b) === 1000, 20_000);
    process.stderr.write(`# concurrent writers: both had all 1,000 notes ${Math.round(ms)} ms after the last append\n`);
    assert.ok(ms < 10_000, `convergence took ${ms} ms`);
    for (const root of [a, b]) {
      const ids = eventsOf(root, id).map((e) => e.id);
      assert.equal(new Set(ids).size, ids.length, `no event twice in ${root}`);
      assert.equal(ids.length, 1003);
    }
    const statusA = await runCli(['incident', 'status', '--json', '--incident', id], a, process.env);
    const statusB = await runCli(['incident', 'status', '--json', '--incident', id], b, process.env);
    assert.equal(statusA.code, 0, statusA.stderr);
    assert.equal(statusA.stdout, statusB.stdout);
    assert.equal(JSON.parse(statusA.stdout).notes.length, 1000);
    await sa.stop();
    await sb.stop();
  });
});

describe('three responders', () => {
  test('notes, status, severity, commander and checklist ticks from three machines at once: the same state everywhere', async () => {
    const config = freshConfig();
    const roots = [workspaces.make(), workspaces.make(), workspaces.make()];
    const stores = roots.map((r) => new IncidentStore(r));
    const id = stores[0].declare({ title: 'Three responders', severity: 'P2', commander: 'alice' }, 'alice').state.id;
    const sh = roots.map((r) => share(r, config));
    for (const s of sh) await s.start();
    await until('the incident everywhere', () => stores.every((s) => s.exists(id)));
    const who = ['alice', 'bob', 'carol'];
    await Promise.all(
      stores.map(async (store, k) => {
        for (let i = 0; i < 100; i++) {
          store.append(id, { type: 'note_added', data: { text: `${who[k]} ${i}` } }, who[k]);
          if (i % 25 === 0) {
            store.append(id, { type: 'status_changed', data: { status: (['identified', 'monitoring', 'investigating'] as const)[k] } }, who[k]);
            store.append(id, { type: 'severity_changed', data: { severity: (['P0', 'P1', 'P3'] as const)[k] } }, who[k]);
            store.append(id, { type: 'commander_assigned', data: { commander: who[(k + 1) % 3] } }, who[k]);
            store.append(id, { type: 'checklist_toggled', data: { item: 'comm.channel', done: k !== 1 } }, who[k]);
          }
          if (i % 10 === 0) await new Promise((r) => setImmediate(r));
        }
        sh[k].nudge();
      }),
    );
    const total = 1 + 3 * (100 + 4 * 4);
    await until('every event everywhere', () => roots.every((r) => eventsOf(r, id).length === total), 20_000);
    const states = await Promise.all(roots.map((r) => runCli(['incident', 'status', '--json', '--incident', id], r, process.env)));
    for (const st of states) assert.equal(st.code, 0, st.stderr);
    assert.equal(states[1].stdout, states[0].stdout);
    assert.equal(states[2].stdout, states[0].stdout);
    for (const s of sh) await s.stop();
  });
});

describe('an outage', () => {
  test('the server dies and comes back empty; both sides kept writing; afterwards both hold every event exactly once', async () => {
    const own = await startRedis();
    servers.push(own);
    const config = freshConfig(own.url);
    const a = workspaces.make();
    const b = workspaces.make();
    const storeA = new IncidentStore(a);
    const storeB = new IncidentStore(b);
    const problems: string[] = [];
    const statuses: string[] = [];
    const opts = { onProblem: (m: string) => problems.push(m), onStatus: (_o: boolean, m: string) => statuses.push(m) };
    const id = storeA.declare({ title: 'Outage', severity: 'P1' }, 'alice').state.id;
    const sa = share(a, config, opts);
    const sb = share(b, config, opts);
    await sa.start();
    await sb.start();
    await until('the incident on B', () => storeB.exists(id));
    for (let i = 0; i < 5; i++) storeB.append(id, { type: 'note_added', data: { text: `before ${i}` } }, 'bob');
    sb.nudge();
    await until('B before the outage', () => eventsOf(a, id).length === 6);

    // No persistence: stopped, its data is gone. Both sides go on writing.
    await own.pause();
    for (let i = 0; i < 10; i++) {
      storeA.append(id, { type: 'note_added', data: { text: `a offline ${i}` } }, 'alice');
      storeB.append(id, { type: 'note_added', data: { text: `b offline ${i}` } }, 'bob');
    }
    sa.nudge();
    sb.nudge();
    await until('both offline', () => !sa.isOnline && !sb.isOnline);
    await own.start();
    const ms = await until('convergence after the restart', () => eventsOf(a, id).length === 26 && eventsOf(b, id).length === 26, 20_000);
    for (const root of [a, b]) {
      const ids = eventsOf(root, id).map((e) => e.id);
      assert.equal(new Set(ids).size, 26, `every event exactly once in ${root}`);
    }
    assert.deepEqual(new Set(eventsOf(a, id).map((e) => e.id)), new Set(eventsOf(b, id).map((e) => e.id)));
    assert.ok(problems.some((p) => /lost its data/.test(p)), problems.join('\n'));
    assert.ok(statuses.some((s) => /^offline: /.test(s)), statuses.join('\n'));
    // A little later still nothing doubled (the resend is skipped by id).
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(eventsOf(a, id).length, 26);
    assert.equal(eventsOf(b, id).length, 26);
    await sa.stop();
    await sb.stop();
    process.stderr.write(`# outage: converged ${Math.round(ms)} ms after the server came back\n`);
  });
});

describe('an outage of a server that keeps its data', () => {
  test('resumes from the cursors: nothing is sent twice, nothing is missed', async () => {
    const own = await startRedis({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] });
    servers.push(own);
    const config = freshConfig(own.url);
    const a = workspaces.make();
    const b = workspaces.make();
    const storeA = new IncidentStore(a);
    const storeB = new IncidentStore(b);
    const problems: string[] = [];
    const id = storeA.declare({ title: 'Kept', severity: 'P2' }, 'alice').state.id;
    const sa = share(a, config, { onProblem: (m) => problems.push(m) });
    const sb = share(b, config, { onProblem: (m) => problems.push(m) });
    await sa.start();
    await sb.start();
    await until('the incident on B', () => storeB.exists(id));
    await own.pause();
    for (let i = 0; i < 10; i++) {
      storeA.append(id, { type: 'note_added', data: { text: `a ${i}` } }, 'alice');
      storeB.append(id, { type: 'note_added', data: { text: `b ${i}` } }, 'bob');
    }
    sa.nudge();
    sb.nudge();
    await until('both offline', () => !sa.isOnline && !sb.isOnline);
    await own.start();
    await until('convergence', () => eventsOf(a, id).length === 21 && eventsOf(b, id).length === 21, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(problems, [], 'the epoch was kept: no resend of everything');
    const raw = new Redis(own.url);
    try {
      assert.equal(await raw.xlen(`${config.prefix}:incident:${id}`), 21, 'each event on the stream once');
    } finally {
      raw.disconnect();
    }
    await sa.stop();
    await sb.stop();
  });
});

describe('a `git merge` with merge=union', () => {
  test('two branches that each wrote to the timeline merge into lines that fold to the same state as either side after a sync', async () => {
    const a = workspaces.make();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: a, encoding: 'utf8' });
    const store = new IncidentStore(a);
    const id = store.declare({ title: 'Merged', severity: 'P1' }, 'alice').state.id;
    execFileSync('sh', ['-c', 'echo "incidents/**/timeline.jsonl merge=union" > .gitattributes'], { cwd: a });
    git('add', '-A');
    git('commit', '-qm', 'declared');
    git('checkout', '-qb', 'bob');
    for (let i = 0; i < 5; i++) store.append(id, { type: 'note_added', data: { text: `bob ${i}` } }, 'bob');
    store.append(id, { type: 'status_changed', data: { status: 'monitoring' } }, 'bob');
    git('commit', '-qam', 'bob');
    git('checkout', '-q', '-');
    for (let i = 0; i < 5; i++) store.append(id, { type: 'note_added', data: { text: `alice ${i}` } }, 'alice');
    store.append(id, { type: 'status_changed', data: { status: 'identified' } }, 'alice');
    git('commit', '-qam', 'alice');
    const bobsLines = git('show', `bob:incidents/${id}/timeline.jsonl`);
    git('merge', '-q', '--no-edit', 'bob');
    const merged = store.read(id);
    assert.deepEqual(merged.problems, []);
    assert.equal(merged.state.notes.length, 10);
    // The same events arriving in another order (bob's first) fold to the same state.
    const { parseTimeline } = await import('../../src/core/incident/timeline');
    const { foldIncident } = await import('../../src/core/incident/state');
    const all = parseTimeline(bobsLines + readFileSync(store.timelinePath(id), 'utf8')).events;
    assert.deepEqual({ ...foldIncident(all, id), problems: [] }, { ...merged.state, problems: [] });
    // The later of the two status changes wins, on every machine.
    assert.equal(merged.state.status, 'identified');
  });
});

describe('a server that lost part of a stream (same epoch)', () => {
  test('is noticed on connecting, and the incident is published again', async () => {
    const config = freshConfig();
    const a = workspaces.make();
    const b = workspaces.make();
    const storeA = new IncidentStore(a);
    const id = storeA.declare({ title: 'Trimmed', severity: 'P2' }, 'alice').state.id;
    storeA.append(id, { type: 'note_added', data: { text: 'one' } }, 'alice');
    assert.equal((await share(a, config).syncOnce()).published, 2);
    const raw = new Redis(redis.url);
    try {
      // As a server restored from an older snapshot would be: the newest entry is gone.
      const [[newest]] = await raw.xrevrange(`${config.prefix}:incident:${id}`, '+', '-', 'COUNT', 1);
      assert.equal(await raw.xdel(`${config.prefix}:incident:${id}`, newest), 1);
    } finally {
      raw.disconnect();
    }
    const problems: string[] = [];
    const again = await share(a, config, { onProblem: (m) => problems.push(m) }).syncOnce();
    assert.ok(problems.some((p) => /no longer holds all of incident/.test(p)), problems.join('\n'));
    // Read first, so only what the server lost is sent again.
    assert.equal(again.published, 1);
    const got = await share(b, config).syncOnce();
    assert.equal(got.received, 2);
    assert.equal(eventsOf(b, id).length, 2);
  });
});

describe('what comes from the server is checked', () => {
  test('a bad remote event and a bad incident id are reported, never written', async () => {
    const config = freshConfig();
    const a = workspaces.make();
    const storeA = new IncidentStore(a);
    const id = storeA.declare({ title: 'Checked', severity: 'P3' }, 'alice').state.id;
    const raw = new Redis(redis.url);
    try {
      await raw.xadd(`${config.prefix}:incident:${id}`, '*', 'e', JSON.stringify({ id: 'x', ts: 'yesterday', actor: 'mallory', type: 'note_added', data: { text: 'hi' } }));
      await raw.xadd(`${config.prefix}:incident:${id}`, '*', 'e', 'not json');
      await raw.xadd(`${config.prefix}:incidents`, '*', 'id', '../../etc');
    } finally {
      raw.disconnect();
    }
    const problems: string[] = [];
    const counts = await share(a, config, { onProblem: (m) => problems.push(m) }).syncOnce();
    assert.equal(counts.rejected, 3);
    assert.equal(counts.received, 0);
    assert.equal(eventsOf(a, id).length, 1);
    assert.ok(problems.some((p) => /not valid and was not written: ts/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /not a valid id/.test(p)), problems.join('\n'));
    assert.deepEqual(readdirSync(join(a, 'incidents')).sort(), ['.share', id].sort());
  });
});

describe('presence', () => {
  test('appears while someone follows, is gone when they stop, and expires when they stop refreshing', async () => {
    const config = freshConfig();
    const a = workspaces.make();
    const id = new IncidentStore(a).declare({ title: 'Presence', severity: 'P2' }, 'alice').state.id;
    const b = workspaces.make();
    const watcher = share(b, config, { actor: 'bob' });
    await watcher.start([]);
    const alice = share(a, config, { actor: 'alice', via: 'cli', presenceTtlSec: 1, presenceEveryMs: 300 });
    await alice.start([id]);
    await untilAsync('alice present', async () => (await watcher.presence(id)).length === 1);
    const present = await watcher.presence(id);
    assert.deepEqual(present.map((p) => [p.actor, p.via]), [['alice', 'cli']]);
    // Refreshed every 300 ms with a 1 s lifetime: still here after 1.5 s.
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual((await watcher.presence(id)).map((p) => p.actor), ['alice']);
    await alice.stop();
    assert.deepEqual(await watcher.presence(id), [], 'gone at once on stop');

    // Someone whose refresh stopped (a crash, a lost network) drops out when the key expires.
    const carol = share(a, config, { actor: 'carol', presenceTtlSec: 1, presenceEveryMs: 60_000 });
    await carol.start([id]);
    await untilAsync('carol present', async () => (await watcher.presence(id)).length === 1);
    assert.deepEqual((await watcher.presence(id)).map((p) => p.actor), ['carol']);
    await new Promise((r) => setTimeout(r, 1300));
    assert.deepEqual(await watcher.presence(id), [], 'expired after its TTL');
    await carol.stop();
    await watcher.stop();
  });
});

describe('credentials and TLS', () => {
  const PASSWORD = 'share-pw-7c1e9';
  let acl: RunningService;
  let tls: RunningService;
  let certDir: string;
  before(async () => {
    acl = await startRedis({ args: ['--user', 'default', 'off', '--user', 'responder', 'on', `>${PASSWORD}`, '~*', '&*', '+@all'] });
    servers.push(acl);
    certDir = mkdtempSync(join(tmpdir(), 'share-cert-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    tls = await startRedis({ tls: { cert: join(certDir, 'cert.pem'), key: join(certDir, 'key.pem') } });
    servers.push(tls);
  });
  after(() => rmSync(certDir, { recursive: true, force: true }));

  const withUrl = (cwd: string, url: string, extra: NodeJS.ProcessEnv = {}, ...args: string[]) =>
    runCli(['incident', ...args], cwd, { ...process.env, RUNBOOK_SHARE_URL: url, ...extra });

  test('the right password works; a wrong one is a clear error; the password shows nowhere', async () => {
    const a = workspaces.make();
    const good = `redis://responder:${PASSWORD}@127.0.0.1:${acl.port}`;
    assert.equal((await withUrl(a, good, {}, 'declare', '--severity', 'P2', '--title', 'Secret keeper')).code, 0);
    const ok = await withUrl(a, good, {}, 'sync');
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /synced with redis:\/\/responder:••••@127\.0\.0\.1:\d+ \(prefix runbook\): published 0 events/);
    assert.equal(JSON.parse((await withUrl(a, good, {}, 'sync', '--json')).stdout).server, `redis://responder:••••@127.0.0.1:${acl.port}`);

    const wrong = await withUrl(a, `redis://responder:not-${PASSWORD}@127.0.0.1:${acl.port}`, {}, 'sync');
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /refused the credentials \(WRONGPASS\): check the user and password in the share URL/);
    const none = await withUrl(a, `redis://127.0.0.1:${acl.port}`, {}, 'sync');
    assert.match(none.stderr, /refused the credentials \(NOAUTH\)/);
    const bad = await withUrl(a, `http://u:${PASSWORD}@host`, {}, 'sync');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /must start with redis:\/\/ or rediss:\/\//);

    // Watching until Ctrl-C, with a note written meanwhile: the password in no line and no file.
    const watching = withUrl(a, good, {}, 'watch');
    await new Promise((r) => setTimeout(r, 600));
    assert.equal((await withUrl(a, good, {}, 'note', `the share password is ${PASSWORD}`)).code, 0);
    await new Promise((r) => setTimeout(r, 600));
    // As Ctrl-C would (SIGINT itself would also reach the test harness's own cleanup).
    process.emit('SIGPIPE', 'SIGPIPE');
    const watched = await watching;
    assert.equal(watched.code, 0, watched.stderr);
    assert.match(watched.stdout, /note: the share password is ••••/);
    assert.match(watched.stderr, /following every shared incident on redis:\/\/responder:••••@/);
    for (const out of [ok, wrong, none, bad, watched]) {
      assert.ok(!(out.stdout + out.stderr).includes(PASSWORD), `no password in: ${out.stdout}${out.stderr}`);
    }
    for (const f of filesUnder(join(a, 'incidents'))) assert.ok(!readFileSync(f, 'utf8').includes(PASSWORD), `no password in ${f}`);
    const raw = new Redis(good);
    try {
      const stream = JSON.stringify(await raw.xrange(`runbook:incident:${onlyIncident(a)}`, '-', '+'));
      assert.ok(stream.includes('••••') && !stream.includes(PASSWORD), 'masked before it left the machine');
    } finally {
      raw.disconnect();
    }
  });

  test('a user whose ACL forbids XADD is told what the ACL needs', async () => {
    const admin = new Redis(`redis://responder:${PASSWORD}@127.0.0.1:${acl.port}`);
    try {
      await admin.call('ACL', 'SETUSER', 'reader', 'on', `>${PASSWORD}`, '~*', '&*', '+@all', '-xadd');
    } finally {
      admin.disconnect();
    }
    const a = workspaces.make();
    new IncidentStore(a).declare({ title: 'Read only', severity: 'P3' }, 'alice');
    const out = await withUrl(a, `redis://reader:${PASSWORD}@127.0.0.1:${acl.port}`, {}, 'sync');
    assert.equal(out.code, 1);
    assert.match(out.stderr, /does not let this user run a command sharing needs \(NOPERM\): its ACL needs/);
    assert.ok(!out.stderr.includes(PASSWORD));
  });

  test('rediss:// with a self-signed certificate is a clear error, works with its CA, and against a plain port says so', async () => {
    const a = workspaces.make();
    const selfSigned = await withUrl(a, `rediss://127.0.0.1:${tls.port}`, {}, 'sync');
    assert.equal(selfSigned.code, 1);
    assert.match(selfSigned.stderr, /the TLS certificate of rediss:\/\/127\.0\.0\.1:\d+ is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate\): give its CA with RUNBOOK_SHARE_CA/);
    const trusted = await withUrl(a, `rediss://127.0.0.1:${tls.port}`, { RUNBOOK_SHARE_CA: join(certDir, 'cert.pem') }, 'sync');
    assert.equal(trusted.code, 0, trusted.stderr);
    const started = performance.now();
    const plain = await withUrl(a, `rediss://responder:${PASSWORD}@127.0.0.1:${acl.port}`, {}, 'sync');
    assert.equal(plain.code, 1);
    assert.match(plain.stderr, /no answer from the share server rediss:\/\/responder:••••@127\.0\.0\.1:\d+ within 3 s \(with rediss:\/\/, also a plain port/);
    assert.ok(performance.now() - started < 6000, 'the connect timeout is bounded');
    assert.ok(!plain.stderr.includes(PASSWORD));
    const tlsToPlain = await withUrl(a, `redis://127.0.0.1:${tls.port}`, {}, 'sync');
    assert.equal(tlsToPlain.code, 1);
    assert.match(tlsToPlain.stderr, /closed the connection \(ECONNRESET\): if it is a TLS port, use rediss:\/\//);
  });

  test('nothing is shared unless configured; a write while the server is away is kept and said so', async () => {
    const a = workspaces.make();
    const out = await runCli(['incident', 'sync'], a, { ...process.env, RUNBOOK_SHARE_URL: '' });
    assert.equal(out.code, 2);
    assert.match(out.stderr, /nothing is shared: set RUNBOOK_SHARE_URL/);

    const away = await startRedis();
    servers.push(away);
    await away.stop();
    const url = `redis://responder:${PASSWORD}@127.0.0.1:${away.port}`;
    const declared = await withUrl(a, url, {}, 'declare', '--severity', 'P3', '--title', 'Offline first');
    assert.equal(declared.code, 0);
    assert.match(declared.stderr, /^warning: written here but not shared yet \(the share server redis:\/\/responder:••••@127\.0\.0\.1:\d+ refuses connections .*\); `runbook incident sync` or a running `watch` will publish it\n$/);
    assert.ok(!declared.stderr.includes(PASSWORD));
    const down = await withUrl(a, url, {}, 'sync');
    assert.equal(down.code, 1);
    assert.match(down.stderr, /refuses connections/);
  });
});

// The monitor against real services: outages and recoveries, parallel rounds where some services
// hang, and transitions written to an open incident's timeline.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, startRedis, type RunningService } from '../support/services';
import { IncidentStore } from '../../src/core/incident/store';
import { readTimeline } from '../../src/core/incident/timeline';
import { HealthMonitor, parseHealthConfig, recordHealthTransitions, runCheck, runChecks, type HealthTransition } from '../../src/core/health';

let pg: RunningService;
let redis: RunningService;
let http: Server;
let httpPort: number;
let hang: TcpServer;
let hangPort: number;
const sockets = new Set<Socket>();
let env: Record<string, string>;
const dirs: string[] = [];

async function listenHttp(port = 0): Promise<Server> {
  const server = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify({ status: 'ok' }));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return server;
}

before(async () => {
  [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  http = await listenHttp();
  httpPort = (http.address() as { port: number }).port;
  hang = createTcpServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
  hangPort = (hang.address() as { port: number }).port;
  env = { DATABASE_URL: pg.url, REDIS_URL: redis.url, API_BASE_URL: `http://127.0.0.1:${httpPort}` };
});

after(async () => {
  for (const s of sockets) s.destroy();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await Promise.all([new Promise((r) => http?.close(r)), new Promise((r) => hang?.close(r)), pg?.stop(), redis?.stop()]);
});

const checks = (raw: unknown[]) => {
  const parsed = parseHealthConfig(raw);
  assert.deepEqual(parsed.problems, []);
  return parsed.checks;
};

describe('outage and recovery', () => {
  test('Redis stopped → down within its timeout; restarted → ok', async () => {
    const [check] = checks([{ name: 'Redis', kind: 'redis', timeoutMs: 1500 }]);
    assert.equal((await runCheck(check, { env })).status, 'ok');
    await redis.pause();
    const started = Date.now();
    const down = await runCheck(check, { env });
    assert.equal(down.status, 'down');
    assert.match(down.summary, /connection refused|ECONNREFUSED/);
    assert.ok(Date.now() - started < 1500 + 300);
    await redis.start();
    const back = await runCheck(check, { env });
    assert.equal(back.status, 'ok', back.error);
  });

  test('PostgreSQL stopped → down within its timeout; restarted → ok', async () => {
    const [check] = checks([{ name: 'PostgreSQL', kind: 'postgres', timeoutMs: 1500 }]);
    assert.equal((await runCheck(check, { env })).status, 'ok');
    await pg.pause();
    const started = Date.now();
    const down = await runCheck(check, { env });
    assert.equal(down.status, 'down');
    assert.ok(Date.now() - started < 1500 + 300);
    await pg.start();
    const back = await runCheck(check, { env });
    assert.equal(back.status, 'ok', back.error);
  });

  test('HTTP server stopped → down; restarted on the same port → ok', async () => {
    const [check] = checks([{ name: 'API', kind: 'http', url: '$API_BASE_URL/health/detailed', conditions: ['status == "ok"'], timeoutMs: 1500 }]);
    assert.equal((await runCheck(check, { env })).status, 'ok');
    await new Promise((r) => http.close(r));
    const down = await runCheck(check, { env });
    assert.equal(down.status, 'down');
    http = await listenHttp(httpPort);
    assert.equal((await runCheck(check, { env })).status, 'ok');
  });
});

describe('parallel rounds', () => {
  test('20 checks of which 5 hang finish in about one timeout, not five', async () => {
    const timeoutMs = 1000;
    const hung = `127.0.0.1:${hangPort}`;
    const list = checks([
      ...Array.from({ length: 12 }, (_, i) => ({ name: `API ${i}`, kind: 'http', url: '$API_BASE_URL/health', timeoutMs })),
      { name: 'PostgreSQL', kind: 'postgres', timeoutMs },
      { name: 'Redis', kind: 'redis', timeoutMs },
      { name: 'TCP', kind: 'tcp', host: '127.0.0.1', port: httpPort, timeoutMs },
      { name: 'Hung API 1', kind: 'http', url: `http://${hung}/a`, timeoutMs },
      { name: 'Hung API 2', kind: 'http', url: `http://${hung}/b`, timeoutMs },
      { name: 'Hung Redis', kind: 'redis', connection: `redis://${hung}`, timeoutMs },
      { name: 'Hung PostgreSQL', kind: 'postgres', connection: `postgres://u:p@${hung}/db`, timeoutMs },
      { name: 'Hung command', kind: 'command', command: 'sleep 20', timeoutMs },
    ]);
    assert.equal(list.length, 20);
    const started = Date.now();
    const results = await runChecks(list, { env });
    const took = Date.now() - started;
    assert.deepEqual(results.filter((r) => r.status === 'ok').length, 15, JSON.stringify(results.filter((r) => r.status !== 'ok')));
    const hungResults = results.filter((r) => r.name.startsWith('Hung'));
    assert.deepEqual(hungResults.map((r) => r.summary), Array(5).fill('timed out after 1 s'));
    // One timeout plus generous slack for a loaded 2-core machine; sequential would be 5 s.
    assert.ok(took < timeoutMs * 2, `round took ${took} ms`);
  });
});

describe('monitor and incident timeline', () => {
  test('ok → down → ok gives two transitions and two health_changed events on the open incident', async () => {
    const root = mkdtempSync(join(tmpdir(), 'health-incident-'));
    dirs.push(root);
    const store = new IncidentStore(root);
    const incident = store.declare({ title: 'Cache outage', severity: 'P1' }, 'tester').state.id;
    const monitor = new HealthMonitor({
      checks: checks([
        { name: 'Redis', kind: 'redis', timeoutMs: 1500 },
        { name: 'API', kind: 'http', url: '$API_BASE_URL/health', timeoutMs: 1500 },
      ]),
      env: () => env,
      intervalMs: 60_000,
    });
    const seen: HealthTransition[] = [];
    monitor.onTransition((ts) => {
      seen.push(...ts);
      recordHealthTransitions(store, ts);
    });
    try {
      assert.deepEqual((await monitor.refresh()).map((r) => r.status), ['ok', 'ok']);
      await redis.pause();
      assert.deepEqual((await monitor.refresh()).map((r) => r.status), ['down', 'ok']);
      await redis.start();
      assert.deepEqual((await monitor.refresh()).map((r) => r.status), ['ok', 'ok']);
    } finally {
      monitor.dispose();
    }
    assert.deepEqual(seen.map((t) => `${t.name}: ${t.from} → ${t.to}`), ['Redis: ok → down', 'Redis: down → ok']);
    const events = readTimeline(store.timelinePath(incident)).events.filter((e) => e.type === 'health_changed');
    assert.equal(events.length, 2);
    assert.deepEqual(events.map((e) => [e.actor, (e.data as { check: string }).check, (e.data as { status: string }).status]), [
      ['health-monitor', 'Redis', 'down'],
      ['health-monitor', 'Redis', 'ok'],
    ]);
    assert.match((events[0].data as { detail: string }).detail, /^ok → down: /);
  });

  test('no open incident: transitions are not written anywhere', async () => {
    const root = mkdtempSync(join(tmpdir(), 'health-noincident-'));
    dirs.push(root);
    const store = new IncidentStore(root);
    const [check] = checks([{ name: 'Redis', kind: 'redis' }]);
    const result = await runCheck(check, { env });
    assert.equal(recordHealthTransitions(store, [{ id: check.id, name: check.name, kind: 'redis', from: 'ok', to: 'down', result }]), undefined);
    assert.deepEqual(store.list(), []);
  });

  test('polling with real timers: a round at start and another after the interval', async () => {
    const monitor = new HealthMonitor({ checks: checks([{ name: 'API', kind: 'http', url: '$API_BASE_URL/health' }]), env, intervalMs: 150 });
    const rounds: string[] = [];
    const two = new Promise<void>((resolve) =>
      monitor.onResults((rs) => {
        rounds.push(rs[0].checkedAt);
        if (rounds.length === 2) resolve();
      }),
    );
    monitor.start();
    try {
      await two;
    } finally {
      monitor.dispose();
    }
    assert.equal(rounds.length, 2);
    assert.ok(Date.parse(rounds[1]) - Date.parse(rounds[0]) >= 100);
  });
});

// Each check kind against real services: PostgreSQL, Redis, a node:http server, a TCP server that
// accepts and never answers, and real shell commands.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { startPostgres, startRedis, TEST_PG_PASSWORD, type RunningService } from '../support/services';
import { parseHealthConfig, runCheck, runChecks, checksOrDefaults, type CheckConfig, type HealthResult } from '../../src/core/health';

function check(raw: Record<string, unknown>): CheckConfig {
  const { checks, problems } = parseHealthConfig([raw]);
  assert.deepEqual(problems, []);
  return checks[0];
}

/** A JSON health endpoint whose reply the test sets. */
let reply: { status: number; body: unknown } = { status: 200, body: { status: 'ok', memory: { used_pct: 42 } } };
let http: Server;
let httpUrl: string;
/** Accepts connections and never writes a byte. */
let hang: TcpServer;
let hangPort: number;
const hangSockets = new Set<Socket>();
let pg: RunningService;
let redis: RunningService;
let env: Record<string, string>;

before(async () => {
  [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  http = createHttpServer((req, res) => {
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify({ ...(reply.body as object), path: req.url }));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  hang = createTcpServer((socket) => {
    hangSockets.add(socket);
    socket.on('close', () => hangSockets.delete(socket));
  });
  await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
  hangPort = (hang.address() as { port: number }).port;
  env = { PATH: process.env.PATH ?? '', API_BASE_URL: httpUrl, DATABASE_URL: pg.url, REDIS_URL: redis.url, API_TOKEN: 'tok-very-secret-123' };
});

after(async () => {
  for (const s of hangSockets) s.destroy();
  await Promise.all([
    new Promise((r) => http?.close(r)),
    new Promise((r) => hang?.close(r)),
    pg?.stop(),
    redis?.stop(),
  ]);
});

describe('http', () => {
  test('ok: expected status and conditions hold; the summary shows the named fields', async () => {
    reply = { status: 200, body: { status: 'ok', memory: { used_pct: 42 } } };
    const r = await runCheck(check({ name: 'API', kind: 'http', url: '$API_BASE_URL/health/detailed', conditions: ['status == "ok"', 'memory.used_pct < 90'] }), { env });
    assert.equal(r.status, 'ok', r.summary);
    assert.equal(r.summary, '200 · status=ok · memory.used_pct=42');
    assert.equal((r.details.body as { path: string }).path, '/health/detailed');
    assert.ok(r.latencyMs > 0);
  });

  test('degraded: a JSON condition fails', async () => {
    reply = { status: 200, body: { status: 'ok', memory: { used_pct: 95 } } };
    const r = await runCheck(check({ name: 'System', kind: 'http', url: '${API_BASE_URL}/health/system', conditions: ['memory.used_pct < 90'] }), { env });
    assert.equal(r.status, 'degraded');
    assert.match(r.summary, /memory\.used_pct=95 \(want < 90\)/);
    assert.match(r.error!, /memory.used_pct < 90 failed/);
  });

  test('down: 5xx; degraded: a body that is not JSON when conditions are set', async () => {
    reply = { status: 503, body: { status: 'error' } };
    const r = await runCheck(check({ name: 'API', kind: 'http', url: '$API_BASE_URL/health' }), { env });
    assert.equal(r.status, 'down');
    assert.match(r.summary, /^503/);
    reply = { status: 200, body: 'plain text' };
    const t = await runCheck(check({ name: 'API', kind: 'http', url: '$API_BASE_URL/health', conditions: ['status == "ok"'] }), { env });
    assert.equal(t.status, 'degraded');
    assert.match(t.summary, /not JSON/);
  });

  test('down: connection refused, reported at once', async () => {
    const closed = createHttpServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const r = await runCheck(check({ name: 'Gone', kind: 'http', url: `http://127.0.0.1:${port}/health`, timeoutMs: 3000 }), { env });
    assert.equal(r.status, 'down');
    assert.match(r.summary, /connection refused/);
    assert.ok(r.latencyMs < 3000);
  });

  test('down within its timeout: a server that accepts and never answers', async () => {
    const started = Date.now();
    const r = await runCheck(check({ name: 'Hung', kind: 'http', url: `http://127.0.0.1:${hangPort}/`, timeoutMs: 400 }), { env });
    const took = Date.now() - started;
    assert.equal(r.status, 'down');
    assert.equal(r.summary, 'timed out after 400 ms');
    assert.ok(took >= 390 && took < 1400, `took ${took} ms`);
  });

  test('secrets in URLs and headers are masked in every field', async () => {
    reply = { status: 200, body: { status: 'ok' } };
    const r = await runCheck(
      check({ name: 'Token', kind: 'http', url: '$API_BASE_URL/health?token=$API_TOKEN', headers: { authorization: 'Bearer $API_TOKEN' } }),
      { env },
    );
    assert.equal(r.status, 'ok');
    const text = JSON.stringify(r);
    assert.ok(!text.includes('tok-very-secret-123'), text);
    assert.match(String(r.details.url), /token=••••/);
  });
});

describe('postgres', () => {
  test('ok: connections by state against max_connections; no password anywhere', async () => {
    const r = await runCheck(check({ name: 'PostgreSQL', kind: 'postgres' }), { env });
    assert.equal(r.status, 'ok', r.error);
    assert.match(r.summary, /^\d+\/50 connections \(\d+ active/);
    const connections = r.details.connections as { total: number; max: number; byState: Record<string, number> };
    assert.equal(connections.max, 50);
    assert.ok(connections.total >= 1);
    assert.ok(!JSON.stringify(r).includes(TEST_PG_PASSWORD));
  });

  test('degraded: connections above the threshold and a long-running query', async () => {
    const extra = Array.from({ length: 6 }, () => new Client({ connectionString: pg.url }));
    await Promise.all(extra.map((c) => c.connect()));
    const sleeping = extra[0].query('SELECT pg_sleep(2)');
    try {
      await new Promise((r) => setTimeout(r, 700));
      const r = await runCheck(check({ name: 'PostgreSQL', kind: 'postgres', maxConnectionsPct: 10, longQuerySeconds: 0.3 }), { env });
      assert.equal(r.status, 'degraded', r.summary);
      assert.match(r.error!, /connections at \d+% of max_connections \(threshold 10%\)/);
      assert.match(r.error!, /a query has run/);
      assert.match(r.summary, /longest query/);
      assert.match((r.details.longestQuery as { query: string }).query, /pg_sleep/);
    } finally {
      await sleeping;
      await Promise.all(extra.map((c) => c.end()));
    }
  });

  test('down within its timeout: a server that accepts and never answers', async () => {
    const r = await runCheck(check({ name: 'Hung pg', kind: 'postgres', connection: `postgres://u:pw-xyz-secret@127.0.0.1:${hangPort}/db`, timeoutMs: 400 }), { env });
    assert.equal(r.status, 'down');
    assert.ok(r.latencyMs < 1200, `latency ${r.latencyMs}`);
    assert.ok(!JSON.stringify(r).includes('pw-xyz-secret'));
  });
});

describe('redis', () => {
  test('ok: PING, memory, clients, hit rate', async () => {
    const client = new Redis(redis.url);
    await client.set('k', 'v');
    await client.get('k');
    await client.get('missing');
    client.disconnect();
    const r = await runCheck(check({ name: 'Redis', kind: 'redis' }), { env });
    assert.equal(r.status, 'ok', r.error);
    assert.match(r.summary, /^PING [\d.]+ ms · mem .* \(no maxmemory\) · \d+ clients? · hit rate 50%$/);
    assert.equal((r.details.keyspace as { hitRatePct: number }).hitRatePct, 50);
  });

  test('degraded: used memory above 90% of a low maxmemory (CONFIG SET)', async () => {
    const client = new Redis(redis.url);
    try {
      const info = await client.info('memory');
      const used = Number(/used_memory:(\d+)/.exec(info)![1]);
      await client.config('SET', 'maxmemory', String(Math.floor(used * 1.02)));
      const r = await runCheck(check({ name: 'Redis', kind: 'redis' }), { env });
      assert.equal(r.status, 'degraded', r.summary);
      assert.match(r.error!, /memory at \d+% of maxmemory \(threshold 90%\)/);
      assert.match(r.summary, /mem .*\/.* \(\d+%\)/);
    } finally {
      await client.config('SET', 'maxmemory', '0');
      client.disconnect();
    }
  });

  test('down within its timeout: a server that accepts and never answers', async () => {
    const r = await runCheck(check({ name: 'Hung redis', kind: 'redis', connection: `redis://127.0.0.1:${hangPort}`, timeoutMs: 400 }), { env });
    assert.equal(r.status, 'down');
    assert.ok(r.latencyMs < 1200, `latency ${r.latencyMs}`);
  });
});

describe('tcp and command', () => {
  test('tcp: ok when it connects, down when refused', async () => {
    const ok = await runCheck(check({ name: 'Hang port', kind: 'tcp', host: '127.0.0.1', port: hangPort }), { env });
    assert.equal(ok.status, 'ok');
    const closed = await runCheck(check({ name: 'Closed', kind: 'tcp', host: '127.0.0.1', port: 1 }), { env });
    assert.equal(closed.status, 'down');
    assert.match(closed.summary, /connection refused/);
  });

  test('command: exit code decides; output is masked; a hung command is killed with its process group', async () => {
    const ok = await runCheck(check({ name: 'Echo', kind: 'command', command: 'echo "token is $API_TOKEN"; exit 0' }), { env });
    assert.equal(ok.status, 'ok');
    assert.equal(ok.summary, 'exit 0 · token is ••••');
    const failed = await runCheck(check({ name: 'Fail', kind: 'command', command: 'echo broken >&2; exit 3' }), { env });
    assert.equal(failed.status, 'down');
    assert.equal(failed.summary, 'exit 3 · broken');
    const soft = await runCheck(check({ name: 'Soft', kind: 'command', command: 'exit 2', degradedExitCodes: [2] }), { env });
    assert.equal(soft.status, 'degraded');

    const dir = mkdtempSync(join(tmpdir(), 'health-cmd-'));
    try {
      const pidFile = join(dir, 'pid');
      const started = Date.now();
      const hung = await runCheck(check({ name: 'Hung', kind: 'command', command: `sleep 30 & echo $! > ${pidFile}; wait`, timeoutMs: 500 }), { env });
      assert.equal(hung.status, 'down');
      assert.equal(hung.summary, 'timed out after 500 ms');
      assert.ok(Date.now() - started < 1500);
      const pid = Number(readFileSync(pidFile, 'utf8'));
      // Gone or a zombie (this machine's init may be slow to reap orphans): either way not running.
      const running = () => {
        try {
          return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
        } catch {
          return false;
        }
      };
      for (let i = 0; i < 40 && running(); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(!running(), 'the background sleep was killed with its process group');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('defaults', () => {
  test('with no variables, every default check is "unknown: not configured"', async () => {
    const { checks, usingDefaults } = checksOrDefaults([]);
    assert.ok(usingDefaults);
    const results = await runChecks(checks, { env: {} });
    assert.deepEqual(
      results.map((r) => [r.id, r.status, r.summary]),
      [
        ['api', 'unknown', 'not configured: set API_BASE_URL'],
        ['api-database', 'unknown', 'not configured: set API_BASE_URL'],
        ['api-cache', 'unknown', 'not configured: set API_BASE_URL'],
        ['api-system', 'unknown', 'not configured: set API_BASE_URL'],
        ['postgres', 'unknown', 'not configured: set DATABASE_URL'],
        ['redis', 'unknown', 'not configured: set REDIS_URL'],
      ],
    );
  });

  test('with the variables set, the defaults check the guide endpoints, PostgreSQL and Redis', async () => {
    reply = { status: 200, body: { status: 'ok' } };
    const results: HealthResult[] = await runChecks(checksOrDefaults(undefined).checks, { env });
    assert.deepEqual(results.map((r) => r.status), ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'], JSON.stringify(results.map((r) => r.summary)));
    assert.deepEqual(
      results.slice(0, 4).map((r) => (r.details.body as { path: string }).path),
      ['/health/detailed', '/health/database/stats', '/health/cache/stats', '/health/system'],
    );
  });
});

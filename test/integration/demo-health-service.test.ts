// The demo world's health service against real PostgreSQL and Redis: its figures are the
// servers' own, it says "down" while a dependency is stopped and "ok" once it is back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { Client } from 'pg';
import { Redis } from 'ioredis';
import { startPostgres, startRedis, type RunningService } from '../support/services';
import { startHealthService, type HealthService } from '../../scripts/demo/health-service';
import { seedPostgres, seedRedis } from '../../scripts/demo/seed';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('demo health service', () => {
  let pg: RunningService | undefined;
  let redisServer: RunningService | undefined;
  let service: HealthService | undefined;
  let databaseUrl = '';
  const token = 'demo-admin-token-1234';

  const get = async (path: string): Promise<[number, Json]> => {
    const res = await fetch(service!.url + path);
    return [res.status, (await res.json()) as Json];
  };
  const withPg = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const withRedis = async <T>(fn: (r: Redis) => Promise<T>): Promise<T> => {
    const r = new Redis(redisServer!.url, { lazyConnect: true });
    await r.connect();
    try {
      return await fn(r);
    } finally {
      r.disconnect();
    }
  };

  before(async () => {
    [pg, redisServer] = await Promise.all([startPostgres(), startRedis()]);
    databaseUrl = await seedPostgres(pg.url);
    await seedRedis(redisServer.url);
    service = await startHealthService({ databaseUrl, redisUrl: redisServer.url, adminToken: token, checkTimeoutMs: 1500 });
  });

  after(async () => {
    await service?.close();
    await Promise.all([pg?.stop(), redisServer?.stop()]);
  });

  test('the seed loaded the sample database', async () => {
    const counts = await withPg(async (c) => (await c.query(
      `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM orders)::int AS orders,
              (SELECT count(*) FROM audit_logs WHERE ip_address = '203.0.113.66')::int AS suspicious`,
    )).rows[0]);
    assert.deepEqual(counts, { users: 120, orders: 400, suspicious: 45 });
  });

  test('database stats are the server’s own figures', async () => {
    // Hold three extra idle connections: the count must see them.
    const extra = await Promise.all([1, 2, 3].map(async () => {
      const c = new Client({ connectionString: databaseUrl });
      await c.connect();
      return c;
    }));
    try {
      const [code, body] = await get('/health/database/stats');
      assert.equal(code, 200);
      assert.equal(body.status, 'ok');
      const truth = await withPg(async (c) => (await c.query(
        `SELECT current_setting('max_connections')::int AS max, pg_database_size('servio')::text AS bytes`,
      )).rows[0]);
      assert.equal(body.connections.max, truth.max);
      assert.equal(body.connections.max, 50, 'the test server is started with max_connections=50');
      assert.ok(body.connections.byState.idle >= 3, JSON.stringify(body.connections));
      // 3 idle + the service's own active connection, at least.
      assert.ok(body.connections.total >= 4);
      assert.equal(body.database, 'servio');
      assert.ok(Math.abs(body.size.bytes - Number(truth.bytes)) < 1024 * 1024, `${body.size.bytes} vs ${truth.bytes}`);
    } finally {
      await Promise.all(extra.map((c) => c.end()));
    }
  });

  test('cache stats are Redis INFO figures, and hits move the hit rate', async () => {
    const [, before] = await get('/health/cache/stats');
    assert.equal(before.status, 'ok');
    assert.equal(before.keyspace.keys, await withRedis((r) => r.dbsize()));
    assert.equal(before.memory.maxmemory, 64 * 1024 * 1024, 'the seed sets maxmemory 64mb');
    assert.ok(before.memory.used > 0 && before.clients.connected >= 1);
    await withRedis(async (r) => {
      for (let i = 0; i < 20; i++) await r.get('cache:product:1');
      await r.set('big:value', 'x'.repeat(512 * 1024));
    });
    const [, after] = await get('/health/cache/stats');
    assert.equal(after.keyspace.hits, before.keyspace.hits + 20);
    assert.ok(after.memory.used > before.memory.used + 400 * 1024, `${after.memory.used} vs ${before.memory.used}`);
    assert.ok(after.keyspace.hitRate > 0 && after.keyspace.hitRate <= 1);
  });

  test('system stats are this host’s', async () => {
    const [code, body] = await get('/health/system');
    assert.equal(code, 200);
    assert.equal(body.memory.total, os.totalmem());
    assert.equal(body.load.cpus, os.cpus().length);
    assert.equal(body.process.pid, process.pid);
    assert.ok(body.process.rss > 0 && body.uptimeSeconds > 0);
  });

  test('a stopped Redis shows "down", the service stays up, and recovery shows "ok"', async () => {
    await redisServer!.pause();
    const [cacheCode, cache] = await get('/health/cache/stats');
    assert.equal(cacheCode, 503);
    assert.equal(cache.status, 'down');
    assert.match(cache.error, /ECONNREFUSED|refused|closed/i);
    const [detailedCode, detailed] = await get('/health/detailed');
    assert.equal(detailedCode, 200);
    assert.equal(detailed.status, 'degraded');
    assert.equal(detailed.dependencies.cache.status, 'down');
    assert.equal(detailed.dependencies.database.status, 'ok');

    await redisServer!.start();
    const [, back] = await get('/health/cache/stats');
    assert.equal(back.status, 'ok');
    const [, detailedBack] = await get('/health/detailed');
    assert.equal(detailedBack.status, 'ok');
  });

  test('a stopped PostgreSQL shows "down" and recovery shows "ok"', async () => {
    await pg!.pause();
    const [code, body] = await get('/health/database/stats');
    assert.equal(code, 503);
    assert.equal(body.status, 'down');
    assert.ok(body.error);
    const [detailedCode, detailed] = await get('/health/detailed');
    assert.equal(detailedCode, 503);
    assert.equal(detailed.status, 'down');
    await pg!.start();
    const [, back] = await get('/health/database/stats');
    assert.equal(back.status, 'ok');
  });

  test('maintenance mode needs the bearer token and toggles per scope', async () => {
    const post = (body: string, auth?: string) =>
      fetch(`${service!.url}/api/admin/maintenance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
        body,
      });
    assert.equal((await post('{"enabled": true}')).status, 401);
    assert.equal((await post('{"enabled": true}', 'Bearer wrong-token-of-other-len')).status, 401);
    assert.equal(service!.maintenance().enabled, false);

    const bad = await post('{"enabled": "yes"', `Bearer ${token}`);
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as Json).error, /enabled/);

    const on = await post('{"enabled": true, "scope": "assistant"}', `Bearer ${token}`);
    assert.equal(on.status, 200);
    assert.deepEqual(Object.keys(((await on.json()) as Json).scopes), ['assistant']);
    const [, detailed] = await get('/health/detailed');
    assert.equal(detailed.maintenance.enabled, true);

    await post('{"enabled": false, "scope": "assistant"}', `Bearer ${token}`);
    assert.equal(service!.maintenance().enabled, false);
  });

  test('an unknown route is a 404 with a message', async () => {
    const [code, body] = await get('/health/nope');
    assert.equal(code, 404);
    assert.match(body.error, /GET \/health\/nope/);
  });
});

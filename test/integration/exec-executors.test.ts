// Each executor against real things: bash, a throwaway PostgreSQL and Redis, a node:http server.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { Client } from 'pg';
import { testServices, freePort, TEST_PG_PASSWORD } from '../support/services';
import { runCell, closeSqlPools, type RunCellOptions } from '../../src/core/exec';
import { scriptToRun } from '../../src/core/exec/shell/script';

let services: Awaited<ReturnType<typeof testServices>>;
let http: Server;
let httpUrl: string;

function run(executor: RunCellOptions['executor'], code: string, extra: Partial<RunCellOptions> = {}) {
  return runCell({
    executor,
    code,
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl, BASE: httpUrl },
    defaultTimeoutMs: 10_000,
    ...extra,
  });
}

before(async () => {
  services = await testServices();
  http = createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'abc' });
      res.end(JSON.stringify({ ok: true, db: 'up' }));
    } else if (req.url === '/echo' && req.method === 'POST') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ got: JSON.parse(body), auth: req.headers.authorization ?? null }));
      });
    } else if (req.url === '/away') {
      res.writeHead(302, { location: 'http://other.invalid/x' });
      res.end();
    } else if (req.url === '/here') {
      res.writeHead(301, { location: '/health' });
      res.end();
    } else if (req.url === '/slow') {
      setTimeout(() => res.end('late'), 5000).unref();
    } else {
      res.writeHead(404);
      res.end('nope');
    }
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  const c = new Client({ connectionString: services.databaseUrl });
  await c.connect();
  await c.query('DROP TABLE IF EXISTS accounts; CREATE TABLE accounts (id int primary key, name text, balance numeric); INSERT INTO accounts VALUES (1, $$alice$$, 10), (2, $$bob$$, 20)');
  await c.end();
});

after(async () => {
  http?.closeAllConnections();
  http?.close();
  await closeSqlPools();
  await services?.stop();
});

describe('shell', () => {
  test('streams stdout and stderr, keeps colours, reports the exit code', async () => {
    const chunks: string[] = [];
    const r = await run('shell', 'echo out; printf "\\033[31mred\\033[0m\\n"; echo err >&2; exit 3', { onOutput: (c) => chunks.push(c.stream + ':' + c.text) });
    assert.equal(r.status, 'failed');
    assert.equal(r.exitCode, 3);
    assert.match(r.text, /out\n/);
    assert.match(r.text, /\x1b\[31mred\x1b\[0m/);
    assert.ok(chunks.some((c) => c.startsWith('stderr:') && c.includes('err')));
    assert.equal(r.classification.classification, 'diagnostic');
  });

  test('a console fence runs only the prompted lines', async () => {
    const r = await run('shell', scriptToRun('$ echo one\none\n$ echo two\ntwo'));
    assert.equal(r.status, 'ok');
    assert.equal(r.text, 'one\ntwo\n');
  });

  test('timeout kills the command', async () => {
    const r = await run('shell', 'sleep 30', { attributes: { timeout: 300 } });
    assert.equal(r.status, 'timeout');
    assert.ok(r.durationMs < 5000);
  });
});

describe('sql', () => {
  test('several statements: tables, command tags and notices', async () => {
    const r = await run('sql', "SELECT id, name, balance FROM accounts ORDER BY id;\nSHOW server_version_num;\nDO $$BEGIN RAISE NOTICE 'hello notice'; END$$;", { attributes: { mutates: true } });
    assert.equal(r.status, 'ok', r.error);
    assert.match(r.text, / id \| name {2}\| balance\n----\+-------\+---------\n {2}1 \| alice \| {6}10\n/);
    assert.match(r.text, /\(2 rows\)/);
    assert.match(r.text, /NOTICE: {2}hello notice/);
    assert.ok(r.data?.kind === 'sql' && r.data.results[0].columns[0].type === 'int4');
  });

  test('row limit says how many more rows exist', async () => {
    const r = await run('sql', 'SELECT g FROM generate_series(1, 50) g', { rowLimit: 5 });
    assert.match(r.text, /\(50 rows, 45 more not shown\)/);
  });

  test('bad SQL fails with the server message and a caret', async () => {
    const r = await run('sql', 'SELECT nope FROM accounts');
    assert.equal(r.status, 'failed');
    assert.match(r.error!, /column "nope" does not exist/);
    assert.match(r.error!, /LINE 1: SELECT nope FROM accounts\n\s+\^/);
  });

  test('a write in a diagnostic cell fails and changes nothing', async () => {
    const r = await run('sql', "UPDATE accounts SET balance = 0 WHERE id = 1", { attributes: { mutates: false } });
    assert.equal(r.status, 'failed');
    assert.match(r.error!, /read-only transaction/);
    const check = await run('sql', 'SELECT balance FROM accounts WHERE id = 1');
    assert.ok(check.data?.kind === 'sql');
    assert.equal(check.data.results[0].rows[0][0], '10');
  });

  test('a diagnostic cell cannot turn read-only off, and the next one is still read-only', async () => {
    const escapes = [
      "SET default_transaction_read_only = off; COMMIT; UPDATE accounts SET balance = 0 WHERE id = 1",
      "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE; UPDATE accounts SET balance = 0 WHERE id = 1",
      "SET transaction_read_only = off; UPDATE accounts SET balance = 0 WHERE id = 1",
      "BEGIN READ WRITE; UPDATE accounts SET balance = 0 WHERE id = 1; COMMIT",
      "DO $$BEGIN PERFORM set_config('default_transaction_' || 'read_only', 'off', false); COMMIT; UPDATE accounts SET balance = 0 WHERE id = 1; END$$",
      // Only the session setting, no write: must not leak into the next cell on the pool.
      "SELECT set_config('default_transaction_read_only', 'off', false)",
      "SET default_transaction_read_only = off",
    ];
    for (const code of escapes) {
      const r = await run('sql', code, { attributes: { mutates: false } });
      assert.equal(r.classification.classification, 'diagnostic');
      const next = await run('sql', 'SHOW default_transaction_read_only');
      assert.equal(next.status, 'ok', next.error);
      assert.ok(next.data?.kind === 'sql');
      assert.equal(next.data.results[0].rows[0][0], 'on', `after: ${code}`);
      const write = await run('sql', 'UPDATE accounts SET balance = 0 WHERE id = 1', { attributes: { mutates: false } });
      assert.equal(write.status, 'failed', `after: ${code}`);
    }
    const check = await run('sql', 'SELECT balance FROM accounts WHERE id = 1');
    assert.ok(check.data?.kind === 'sql');
    assert.equal(check.data.results[0].rows[0][0], '10');
  });

  test('a read that turns its session read-write through a function does not leak into the next cell', async () => {
    const make = await run('sql', "CREATE OR REPLACE FUNCTION sneaky() RETURNS text LANGUAGE sql AS $f$SELECT set_config('default_transaction_' || 'read_only', 'off', false)$f$", { attributes: { mutates: true } });
    assert.equal(make.status, 'ok', make.error);
    const r = await run('sql', 'SELECT sneaky()');
    assert.equal(r.classification.classification, 'diagnostic');
    for (let i = 0; i < 3; i++) {
      const next = await run('sql', 'SHOW default_transaction_read_only');
      assert.ok(next.data?.kind === 'sql', next.error);
      assert.equal(next.data.results[0].rows[0][0], 'on');
    }
  });

  test('a forced-diagnostic cell that ends its transaction is refused before it runs', async () => {
    const r = await run('sql', 'SELECT 1; COMMIT; SELECT 2', { attributes: { mutates: false } });
    assert.equal(r.status, 'failed');
    assert.match(r.error!, /refused: COMMIT is transaction control, which a read-only session does not stop; nothing was run/);
    assert.equal(r.text, '');
  });

  test('statement_timeout follows the cell timeout on read-only and read-write sessions', async () => {
    for (const mutates of [undefined, true]) {
      for (const timeout of [1234, 4321, 1234]) {
        const r = await run('sql', 'SHOW statement_timeout', { attributes: { timeout, mutates } });
        assert.ok(r.data?.kind === 'sql', r.error);
        assert.equal(r.data.results[0].rows[0][0], `${timeout}ms`);
      }
    }
    const forced = await run('sql', 'SELECT pg_sleep(10)', { attributes: { timeout: 300, mutates: false } });
    assert.equal(forced.status, 'timeout');
    assert.match(forced.error!, /cancelled on the server/);
  });

  test('a mitigation cell writes', async () => {
    const r = await run('sql', "UPDATE accounts SET name = 'bobby' WHERE id = 2");
    assert.equal(r.classification.classification, 'mitigation');
    assert.equal(r.status, 'ok', r.error);
    assert.match(r.text, /UPDATE 1/);
  });

  test('timeout cancels the statement on the server', async () => {
    const r = await run('sql', 'SELECT pg_sleep(10)', { attributes: { timeout: 300 } });
    assert.equal(r.status, 'timeout');
    assert.ok(r.durationMs < 3000);
    const active = await run('sql', "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(10)' AND state = 'active'");
    assert.ok(active.data?.kind === 'sql');
    assert.equal(active.data.results[0].rows[0][0], '0');
  });

  test('cancel sends a real cancel', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const r = await run('sql', 'SELECT pg_sleep(10)', { signal: ac.signal });
    assert.equal(r.status, 'cancelled');
    assert.ok(r.durationMs < 3000);
  });

  test('connection refused is a clear failure with the password masked', async () => {
    const port = await freePort();
    const r = await run('sql', 'SELECT 1', { env: { DATABASE_URL: `postgres://postgres:${TEST_PG_PASSWORD}@127.0.0.1:${port}/postgres` } });
    assert.equal(r.status, 'failed');
    assert.match(r.error!, /cannot connect to PostgreSQL.*ECONNREFUSED/);
    assert.ok(!JSON.stringify(r).includes(TEST_PG_PASSWORD));
  });
});

describe('redis', () => {
  test('replies read like redis-cli', async () => {
    const r = await run('redis', 'SET greeting "hello world"\nGET greeting\nINCR counter\nGET missing\nRPUSH l a b\nLRANGE l 0 -1\nPING', { attributes: { mutates: true } });
    assert.equal(r.status, 'ok', r.error);
    assert.match(r.text, /> SET greeting "hello world"\nOK\n/);
    assert.match(r.text, /"hello world"\n/);
    assert.match(r.text, /\(integer\) 1\n/);
    assert.match(r.text, /\(nil\)\n/);
    assert.match(r.text, /1\) "a"\n2\) "b"\n/);
    assert.match(r.text, /PONG/);
  });

  test('INFO is readable and classified diagnostic', async () => {
    const r = await run('redis', 'INFO server');
    assert.equal(r.classification.classification, 'diagnostic');
    assert.match(r.text, /^# Server\nredis_version:/m);
  });

  test('an unknown command fails with Redis\'s message', async () => {
    const r = await run('redis', 'NOSUCHCMD x', { attributes: { mutates: false } });
    assert.equal(r.status, 'failed');
    assert.match(r.error!, /unknown command/i);
  });

  test('connection refused fails quickly', async () => {
    const port = await freePort();
    const r = await run('redis', 'PING', { env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    assert.equal(r.status, 'failed');
    assert.match(r.error!, /cannot connect to Redis.*ECONNREFUSED/);
  });

  test('the db attribute names the URL variable', async () => {
    const r = await run('redis', 'PING', { attributes: { db: 'CACHE_URL' }, env: { CACHE_URL: services.redisUrl } });
    assert.equal(r.status, 'ok', r.error);
  });
});

describe('http', () => {
  test('GET: status, latency, selected headers, pretty JSON', async () => {
    const r = await run('http', 'GET {{BASE}}/health\nAccept: application/json');
    assert.equal(r.status, 'ok', r.error);
    assert.match(r.text, /^HTTP 200 OK {2}\(\d+ ms\)\ncontent-type: application\/json\n/);
    assert.match(r.text, /x-request-id: abc/);
    assert.match(r.text, /\{\n {2}"ok": true,\n {2}"db": "up"\n\}/);
  });

  test('POST with headers and a body; a mitigation', async () => {
    const r = await run('http', 'POST $BASE/echo\nContent-Type: application/json\nAuthorization: Bearer {{TOKEN}}\n\n{"enabled": true}', {
      env: { BASE: httpUrl, TOKEN: 'tok-sentinel-123' },
    });
    assert.equal(r.classification.classification, 'mitigation');
    assert.equal(r.status, 'ok', r.error);
    assert.match(r.text, /HTTP 201/);
    assert.match(r.text, /"enabled": true/);
    assert.ok(!r.text.includes('tok-sentinel-123'), 'the token is masked in the echoed reply');
    assert.match(r.text, /Bearer ••••/);
  });

  test('a redirect to another host is not followed; one within the origin is', async () => {
    const away = await run('http', `GET ${httpUrl}/away`);
    assert.equal(away.status, 'failed');
    assert.match(away.text, /redirect to another origin not followed: http:\/\/other.invalid\/x/);
    const here = await run('http', `GET ${httpUrl}/here`);
    assert.equal(here.status, 'ok');
    assert.match(here.text, /followed 301 to \/health/);
  });

  test('404 fails; connection refused and DNS failure are clear', async () => {
    assert.equal((await run('http', `GET ${httpUrl}/missing`)).status, 'failed');
    const port = await freePort();
    const refused = await run('http', `GET http://127.0.0.1:${port}/`);
    assert.match(refused.error!, /connection refused/);
    const dns = await run('http', 'GET http://nonexistent.invalid/health');
    assert.equal(dns.status, 'failed');
    assert.match(dns.error!, /could not resolve host nonexistent.invalid/);
  });

  test('timeout', async () => {
    const r = await run('http', `GET ${httpUrl}/slow`, { attributes: { timeout: 200 } });
    assert.equal(r.status, 'timeout');
  });
});

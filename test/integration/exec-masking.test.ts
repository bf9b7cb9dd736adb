// Secrets holding characters the output format escapes (`"`, `\`) are masked before escaping:
// a Redis reply is quoted like redis-cli, a JSON body is pretty-printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import Redis from 'ioredis';
import { testServices } from '../support/services';
import { runCell, closeSqlPools, type RunCellOptions } from '../../src/core/exec';
import { MASK } from '../../src/core/secrets/mask';

const REDIS_SECRET = 's3cr"et\\pw-7731';
const API_TOKEN = 'tok"en-123456\\x';
/** A multi-line secret with quotes, a backslash and a tab, as a private key or a JSON credential has. */
const DEPLOY_KEY = '-----BEGIN TEST KEY-----\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldY\nab"cd\\ef\tgh-line-three\n-----END TEST KEY-----';

let services: Awaited<ReturnType<typeof testServices>>;
let http: Server;
let httpUrl: string;

function run(executor: RunCellOptions['executor'], code: string) {
  return runCell({
    executor,
    code,
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', REDIS_URL: services.redisUrl, DATABASE_URL: services.databaseUrl, BASE: httpUrl, APP_SECRET: REDIS_SECRET, API_TOKEN, DEPLOY_KEY, PGCONN: 'host=db user=app password=libpq-secret-77 dbname=x' },
    defaultTimeoutMs: 10_000,
  });
}

/** The escaped spellings a leak would show: JSON's and redis-cli's quoting of the secret. */
function assertNoLeak(text: string, secret: string) {
  for (const form of [secret, JSON.stringify(secret).slice(1, -1), secret.replace(/["\\]/g, '\\$&')]) assert.ok(!text.includes(form), `leaked ${form} in ${text}`);
}

before(async () => {
  services = await testServices();
  const client = new Redis(services.redisUrl);
  await client.set('exec-masking:secret', REDIS_SECRET);
  await client.hset('exec-masking:hash', 'password', REDIS_SECRET, 'user', 'ops');
  client.disconnect();
  http = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token: req.headers.authorization?.replace(/^Bearer /, '') ?? null, nested: [{ again: API_TOKEN }] }));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
});

after(async () => {
  http?.closeAllConnections();
  http?.close();
  await closeSqlPools();
  await services?.stop();
});

test('redis: a secret with quotes and a backslash is masked in the quoted reply', async () => {
  const r = await run('redis', 'GET exec-masking:secret\nHGETALL exec-masking:hash');
  assert.equal(r.status, 'ok', r.error);
  assertNoLeak(r.text, REDIS_SECRET);
  assertNoLeak(JSON.stringify(r.data), REDIS_SECRET);
  assert.match(r.text, new RegExp(`^"${MASK}"$`, 'm'));
  assert.match(r.text, /"ops"/);
});

test('http: a secret with quotes and a backslash is masked in the pretty-printed JSON', async () => {
  const r = await run('http', 'GET {{BASE}}/echo\nAuthorization: Bearer {{API_TOKEN}}');
  assert.equal(r.status, 'ok', r.error);
  assertNoLeak(r.text, API_TOKEN);
  assertNoLeak(JSON.stringify(r.data), API_TOKEN);
  assert.match(r.text, new RegExp(`"token": "${MASK}"`));
  assert.match(r.text, new RegExp(`"again": "${MASK}"`));
});

test('sql: a multi-line secret JSON-escaped inside a json result, as json and as text, is masked', async () => {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: services.databaseUrl });
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS exec_masking_keys (name text, key text)');
  await client.query('DELETE FROM exec_masking_keys');
  await client.query('INSERT INTO exec_masking_keys VALUES ($1, $2)', ['deploy', DEPLOY_KEY]);
  await client.end();
  const r = await run('sql', 'SELECT row_to_json(k) AS j, row_to_json(k)::text AS t, json_agg(k.key)::text AS a FROM exec_masking_keys k GROUP BY k.*');
  assert.equal(r.status, 'ok', r.error);
  for (const shown of [r.text, JSON.stringify(r.data)]) {
    for (const line of DEPLOY_KEY.split('\n')) assertNoLeak(shown, line);
    assert.ok(!shown.includes('QUJDREVGR0hJSktMTU5PUFFSU1RVVldY'), shown);
  }
});

test('shell: each line of a multi-line secret printed on its own, a libpq password and shell-escaped forms are masked', async () => {
  const r = await run(
    'shell',
    [
      // One line at a time, indented, in separate chunks.
      'while IFS= read -r l; do printf \'  %s\\n\' "$l"; sleep 0.02; done <<< "$DEPLOY_KEY"',
      'echo "$PGCONN"',
      'echo "password=libpq-secret-77" | sed s/password=//',
      'printf \'%q\\n\' "$APP_SECRET"',
      'python3 -c \'import json,os; print(json.dumps({"k": os.environ["DEPLOY_KEY"]}))\'',
    ].join('\n'),
  );
  assert.equal(r.status, 'ok', r.error);
  for (const line of DEPLOY_KEY.split('\n')) assertNoLeak(r.text, line);
  assert.ok(!r.text.includes('libpq-secret-77'), r.text);
  assertNoLeak(r.text, REDIS_SECRET);
  assert.ok(!r.text.includes('s3cr\\"et'), r.text);
  assert.match(r.text, /host=db user=app password=•••• dbname=x/);
});

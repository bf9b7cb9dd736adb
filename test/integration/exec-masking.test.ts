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

let services: Awaited<ReturnType<typeof testServices>>;
let http: Server;
let httpUrl: string;

function run(executor: RunCellOptions['executor'], code: string) {
  return runCell({
    executor,
    code,
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', REDIS_URL: services.redisUrl, BASE: httpUrl, APP_SECRET: REDIS_SECRET, API_TOKEN },
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

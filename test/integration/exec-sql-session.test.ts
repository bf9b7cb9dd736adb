// The session a SQL cell used is kept for the next cell (no pg-pool checkout per cell), and that
// shortcut never costs correctness: a session the server killed is not reused and crashes
// nothing, concurrent cells get sessions of their own, closing is prompt.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from 'pg';
import { runCell, closeSqlPools } from '../../src/core/exec';
import { testServices } from '../support/services';

let services: Awaited<ReturnType<typeof testServices>>;
let env: Record<string, string>;
before(async () => {
  services = await testServices();
  env = { DATABASE_URL: services.databaseUrl };
});
after(async () => {
  await closeSqlPools();
  await services.stop();
});

async function backendPid(attributes: { mutates?: boolean } = {}): Promise<number> {
  const r = await runCell({ executor: 'sql', code: 'SELECT pg_backend_pid() AS pid', env, cwd: '/', attributes });
  assert.equal(r.status, 'ok', r.error);
  const data = r.data as { results: Array<{ rows: string[][] }> };
  return Number(data.results[0].rows[0][0]);
}

test('consecutive cells run on the same warm session, per pool', async () => {
  assert.equal(await backendPid(), await backendPid());
  assert.equal(await backendPid({ mutates: true }), await backendPid({ mutates: true }));
  assert.notEqual(await backendPid(), await backendPid({ mutates: true }), 'read-only and read-write sessions stay apart');
});

test('a kept session the server killed is not reused and crashes nothing', async () => {
  const pid = await backendPid();
  const admin = new Client({ connectionString: services.databaseUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
  await new Promise((r) => setTimeout(r, 200)); // the kept session hears its server go
  const next = await backendPid();
  assert.notEqual(next, pid);
  assert.equal(await backendPid(), next);
});

test('cells running at the same time each get a session of their own', async () => {
  const slow = () => runCell({ executor: 'sql', code: 'SELECT pg_sleep(0.2), pg_backend_pid() AS pid', env, cwd: '/' });
  const [a, b] = await Promise.all([slow(), slow()]);
  assert.equal(a.status, 'ok');
  assert.equal(b.status, 'ok');
  const pidOf = (r: typeof a) => (r.data as { results: Array<{ rows: string[][] }> }).results[0].rows[0][1];
  assert.notEqual(pidOf(a), pidOf(b));
});

test('closing the pools does not wait for kept sessions', async () => {
  await backendPid();
  const t = performance.now();
  await closeSqlPools();
  assert.ok(performance.now() - t < 900, `closeSqlPools took ${Math.round(performance.now() - t)} ms`);
  assert.ok((await backendPid()) > 0, 'a new pool opens on the next cell');
});

// A PostgreSQL restart breaks every pooled connection: the next SQL cell reconnects instead of
// reusing a dead one, on the read-only and the read-write pools alike.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPostgres, type RunningService } from '../support/services';
import { runCell, closeSqlPools } from '../../src/core/exec';

let pg: RunningService | undefined;

after(async () => {
  await closeSqlPools();
  await pg?.stop();
});

test('after a server restart the next cell reconnects', async () => {
  pg = await startPostgres();
  const env = { DATABASE_URL: pg.url };
  const run = (code: string, mutates?: boolean) => runCell({ executor: 'sql', code, env, cwd: process.cwd(), attributes: { mutates }, defaultTimeoutMs: 10_000 });
  const pid = async (mutates?: boolean) => {
    const r = await run('SELECT pg_backend_pid()', mutates);
    assert.equal(r.status, 'ok', r.error);
    assert.ok(r.data?.kind === 'sql');
    return r.data.results[0].rows[0][0];
  };
  const before = [await pid(), await pid(true)];
  await pg.pause();
  await pg.start();
  const afterRestart = [await pid(), await pid(true)];
  assert.notDeepEqual(afterRestart, before);
  const ro = await run('SHOW default_transaction_read_only');
  assert.ok(ro.data?.kind === 'sql');
  assert.equal(ro.data.results[0].rows[0][0], 'on');
});

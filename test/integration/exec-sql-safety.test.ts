// The review's SQL attacks, replayed through the CLI as a person runs a runbook without --yes and
// with nobody at the terminal: each one either asks (so is refused here) or fails having changed
// nothing, and "nothing" is checked against the real database, with a superuser URL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { testServices } from '../support/services';
import { runCli } from '../support/cli';
import { closeSqlPools, runCell } from '../../src/core/exec';

let services: Awaited<ReturnType<typeof testServices>>;
let dir: string;
let url: string;
let admin: Client;
const DB = `sql_safety_${process.pid}`;

interface CellReport {
  status: string;
  mutates: boolean;
  reason?: string;
  output: string;
}

before(async () => {
  services = await testServices();
  dir = mkdtempSync(join(tmpdir(), 'runbook-sql-safety-'));
  const root = new Client({ connectionString: services.databaseUrl });
  await root.connect();
  await root.query(`DROP DATABASE IF EXISTS ${DB}`);
  await root.query(`CREATE DATABASE ${DB}`);
  await root.end();
  const u = new URL(services.databaseUrl);
  u.pathname = `/${DB}`;
  url = u.toString();
  admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`
    CREATE TABLE t (id int PRIMARY KEY, v text);
    INSERT INTO t VALUES (1, 'original');
    CREATE FUNCTION bump() RETURNS int LANGUAGE sql VOLATILE AS $$UPDATE t SET v = 'bumped' RETURNING 1$$;
    CREATE FUNCTION unlock_writes() RETURNS text LANGUAGE sql VOLATILE AS $$SELECT set_config('default_transaction_read_only', 'off', false)$$;
  `);
});

after(async () => {
  await closeSqlPools();
  await admin?.end();
  if (dir) rmSync(dir, { recursive: true, force: true });
  const root = new Client({ connectionString: services.databaseUrl });
  await root.connect();
  await root.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`).catch(() => {});
  await root.end();
  await services?.stop();
});

let files = 0;
/** Runs one ```sql cell through `runbook run --json`, as a person would (no --yes, no terminal). */
async function runSqlCell(code: string, { attrs = '', flags = [] as string[] } = {}) {
  const file = `cell-${++files}.runbook.md`;
  writeFileSync(join(dir, file), `# Attack ${files}\n\n\`\`\`sql${attrs ? ` {${attrs}}` : ''}\n${code}\n\`\`\`\n`);
  const r = await runCli(['run', file, '--json', ...flags], dir, { PATH: process.env.PATH ?? '', DATABASE_URL: url });
  const report = JSON.parse(r.stdout) as { cells: CellReport[] };
  return { code: r.code, cell: report.cells[0], stderr: r.stderr };
}

async function rows(): Promise<string> {
  return JSON.stringify((await admin.query('SELECT id, v FROM t ORDER BY id')).rows);
}
const ORIGINAL = JSON.stringify([{ id: 1, v: 'original' }]);

/** The three ways a person meets an attack: asked (refused here), --diagnostics, and `mutates=false`. */
async function allThreeWays(code: string, reason: RegExp, forcedRefused = true): Promise<void> {
  const asked = await runSqlCell(code);
  assert.equal(asked.code, 1, code);
  assert.equal(asked.cell.status, 'skipped', code);
  assert.equal(asked.cell.mutates, true, code);
  assert.match(asked.cell.reason ?? '', /refused: no terminal to ask on/, code);
  assert.match(asked.cell.reason ?? '', reason, code);

  const diagnostics = await runSqlCell(code, { flags: ['--diagnostics'] });
  assert.equal(diagnostics.cell.status, 'skipped', code);
  assert.match(diagnostics.cell.reason ?? '', /a diagnostics run skips mitigations/, code);

  const forced = await runSqlCell(code, { attrs: 'mutates=false' });
  assert.equal(forced.code, 1, code);
  assert.equal(forced.cell.status, 'failed', code);
  // A write the read-only transaction refuses is left to the server; anything else never leaves.
  if (!forcedRefused) return assert.match(forced.cell.output, /read-only transaction/, code);
  assert.match(forced.cell.output, /ERROR: {2}refused: .*nothing was run\nHINT: {2}this cell is marked `mutates: false`/, code);
  assert.match(forced.cell.output, reason, code);
  assert.doesNotMatch(forced.cell.output, /\(\d+ rows?\)/, `no statement ran: ${code}`);
}

describe('attacks on diagnostic SQL', () => {
  test('a quoted "--" does not hide COMMIT; BEGIN READ WRITE; UPDATE', async () => {
    await allThreeWays(`SELECT 1 AS "--"; COMMIT; BEGIN READ WRITE; UPDATE t SET v = 'hacked'`, /COMMIT is transaction control/);
    assert.equal(await rows(), ORIGINAL);
  });

  test('x$$ and E\'\\\'\' are read as the server reads them', async () => {
    await allThreeWays(`SELECT 1 AS x$$; UPDATE t SET v = 'hacked'; SELECT 1 AS y$$`, /UPDATE changes data/, false);
    await allThreeWays(`SELECT E'\\''; COMMIT; UPDATE t SET v = 'hacked'; SELECT ''`, /COMMIT is transaction control/);
    assert.equal(await rows(), ORIGINAL);
  });

  test('COPY … TO PROGRAM asks, and runs no shell command on the database host', async () => {
    const marker = join(tmpdir(), `runbook-copy-program-${process.pid}`);
    rmSync(marker, { force: true });
    await allThreeWays(`COPY (SELECT 1) TO PROGRAM 'touch ${marker}'`, /COPY … PROGRAM runs a shell command on the database host/);
    assert.equal(existsSync(marker), false);
  });

  test('"pg_terminate_backend"(pid) asks, and the other session survives', async () => {
    const victim = new Client({ connectionString: url, application_name: 'victim' });
    victim.on('error', () => {});
    await victim.connect();
    try {
      await allThreeWays(`SELECT "pg_terminate_backend"(pid) FROM pg_stat_activity WHERE application_name = 'victim'`, /pg_terminate_backend\(\) ends another session/);
      await allThreeWays(`SELECT pg_catalog.pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'victim'`, /pg_terminate_backend/);
      assert.equal((await victim.query('SELECT 1 AS alive')).rows[0].alive, 1);
    } finally {
      await victim.end().catch(() => {});
    }
  });

  test('pg_reload_conf() asks, and the configuration is not reloaded', async () => {
    const loaded = async () => String((await admin.query('SELECT pg_conf_load_time() AS t')).rows[0].t);
    const before = await loaded();
    await allThreeWays('SELECT pg_reload_conf()', /pg_reload_conf\(\) reloads/);
    assert.equal(await loaded(), before);
  });

  test('pg_notify asks, and a listening session receives nothing', async () => {
    const listener = new Client({ connectionString: url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.payload ?? ''));
    try {
      await listener.query('LISTEN alarms');
      await allThreeWays(`SELECT pg_notify('alarms', 'from the cell')`, /pg_notify\(\) sends a notification/);
      await allThreeWays(`NOTIFY alarms, 'from the cell'`, /NOTIFY sends a notification/);
      // The listener does hear a notification that is really sent: the silence above is real.
      await admin.query(`NOTIFY alarms, 'control'`);
      await listener.query('SELECT 1');
      assert.deepEqual(heard, ['control']);
    } finally {
      await listener.end();
    }
  });

  test('lo_create asks, and no large object is created', async () => {
    const count = async () => Number((await admin.query('SELECT count(*)::int AS n FROM pg_largeobject_metadata')).rows[0].n);
    const before = await count();
    await allThreeWays('SELECT lo_create(0)', /lo_create\(\) works on large objects/);
    await allThreeWays(`SELECT lo_import('/etc/hostname')`, /lo_import\(\)/);
    assert.equal(await count(), before);
  });

  test('dblink asks, and writes nothing over its own connection', async () => {
    await admin.query('CREATE EXTENSION IF NOT EXISTS dblink');
    const u = new URL(url);
    const conn = `host=${u.hostname} port=${u.port} dbname=${DB} user=${u.username} password=${decodeURIComponent(u.password)}`;
    await allThreeWays(`SELECT dblink_exec('${conn}', 'UPDATE t SET v = ''hacked''')`, /dblink_exec\(\) runs SQL over another connection/);
    await allThreeWays(`SELECT * FROM dblink('${conn}', 'UPDATE t SET v = ''hacked'' RETURNING 1') AS r(x int)`, /dblink\(\)/);
    assert.equal(await rows(), ORIGINAL);
  });

  test('SET and set_config cannot turn read-only off in a mutates=false cell', async () => {
    for (const code of [
      `SET default_transaction_read_only = off; UPDATE t SET v = 'hacked'`,
      `SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE; UPDATE t SET v = 'hacked'`,
      `RESET ALL; UPDATE t SET v = 'hacked'`,
      `SELECT set_config('default_transaction_read_only', 'off', false); UPDATE t SET v = 'hacked'`,
      `DO $$BEGIN PERFORM set_config('default_transaction_read_only', 'off', false); COMMIT; UPDATE t SET v = 'hacked'; END$$`,
      `DISCARD ALL; UPDATE t SET v = 'hacked'`,
    ]) {
      const forced = await runSqlCell(code, { attrs: 'mutates=false' });
      assert.equal(forced.cell.status, 'failed', code);
      assert.match(forced.cell.output, /ERROR: {2}refused: /, code);
    }
    assert.equal(await rows(), ORIGINAL);
  });
});

describe('what diagnostics still do', () => {
  test('a genuine read runs without asking and prints every result', async () => {
    const r = await runSqlCell('SELECT count(*) FROM t; SHOW server_version');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.cell.status, 'ok');
    assert.equal(r.cell.mutates, false);
    assert.match(r.cell.output, /^ count\n-------\n {5}1\n\(1 row\)\n/);
    assert.match(r.cell.output, /server_version\n-+\n \d+\.\d+.*\n\(1 row\)/);
  });

  test('a user function that writes, called from a SELECT, fails read-only and changes nothing', async () => {
    const r = await runSqlCell('SELECT bump()');
    assert.equal(r.cell.mutates, false, 'unknown user functions count as reads');
    assert.equal(r.cell.status, 'failed');
    assert.match(r.cell.output, /cannot execute UPDATE in a read-only transaction/);
    assert.match(r.cell.output, /HINT: {2}this cell is classified diagnostic and runs read-only/);
    assert.equal(await rows(), ORIGINAL);
  });

  test('a function turning read-only off does not let the next statement write', async () => {
    const r = await runSqlCell('SELECT unlock_writes(); SELECT bump()');
    assert.equal(r.cell.mutates, false);
    assert.equal(r.cell.status, 'failed');
    assert.match(r.cell.output, /cannot execute UPDATE in a read-only transaction/);
    assert.equal(await rows(), ORIGINAL);
    const next = await runSqlCell('SHOW default_transaction_read_only');
    assert.match(next.cell.output, /\n on\n/);
  });

  test('a write in a mutates=false cell reaches the server, which refuses it', async () => {
    const r = await runSqlCell(`SELECT 1; UPDATE t SET v = 'hacked'`, { attrs: 'mutates=false' });
    assert.equal(r.cell.status, 'failed');
    assert.match(r.cell.output, /\(1 row\)/, 'the statements before it ran and printed');
    assert.match(r.cell.output, /cannot execute UPDATE in a read-only transaction\nHINT: {2}this cell is marked `mutates: false`/);
    assert.equal(await rows(), ORIGINAL);
  });

  test("an error in a later statement points at that statement's line in the cell", async () => {
    const r = await runSqlCell('SELECT 1;\n  SELECT nope FROM t');
    assert.equal(r.cell.status, 'failed');
    assert.match(r.cell.output, /column "nope" does not exist\nLINE 2: {3}SELECT nope FROM t\n {17}\^/);
  });

  test('a multi-statement cell stopped or failed in its transaction leaves a clean session for the next', async () => {
    const run = (code: string, timeout?: number) => runCell({ executor: 'sql', code, env: { DATABASE_URL: url }, cwd: dir, attributes: { timeout } });
    const pid = async () => {
      const r = await run('SELECT pg_backend_pid() AS pid');
      assert.ok(r.data?.kind === 'sql', r.error);
      return r.data.results[0].rows[0][0];
    };
    const session = await pid();
    const slow = await run('SELECT 1; SELECT pg_sleep(10); SELECT 3', 300);
    assert.equal(slow.status, 'timeout');
    assert.ok(slow.data?.kind === 'sql' && slow.data.results.length === 1, 'the first result is kept');
    const failed = await run('SELECT 1; SELECT nope FROM t; SELECT 3');
    assert.equal(failed.status, 'failed');
    const next = await run('SELECT 1 AS a; SHOW default_transaction_read_only; SHOW transaction_read_only');
    assert.equal(next.status, 'ok', next.error);
    assert.ok(next.data?.kind === 'sql');
    assert.deepEqual(next.data.results.map((x) => x.rows[0][0]), ['1', 'on', 'on']);
    assert.equal(await pid(), session, 'the warm session was kept, not replaced');
  });
});

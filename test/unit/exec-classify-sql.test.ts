// SQL classification read by PostgreSQL's own parser: reads, changes with their reasons, every
// quoting trick the old lexer fell for, side-effect functions however they are named, and what a
// cell that runs read-only is refused before it runs.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySql } from '../../src/core/exec/sql/classify';
import { planReadOnly } from '../../src/core/exec/sql/readOnly';
import { readSql } from '../../src/core/exec/sql/statements';
import { loadParsers } from '../../src/core/exec/parsers';

before(() => loadParsers());

const reads = [
  'SELECT 1',
  'select count(*), state from pg_stat_activity group by state;',
  'SHOW work_mem',
  'SHOW ALL',
  'TABLE pg_settings',
  'VALUES (1), (2)',
  'EXPLAIN SELECT 1',
  'EXPLAIN UPDATE t SET a = 1', // planned, not run
  'EXPLAIN (ANALYZE false) DELETE FROM t',
  'EXPLAIN (ANALYZE off, VERBOSE) DELETE FROM t',
  'EXPLAIN (ANALYZE 0) DELETE FROM t',
  'EXPLAIN ANALYZE SELECT * FROM t',
  'WITH x AS (SELECT 1) SELECT * FROM x',
  'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r',
  "SELECT 'DELETE FROM t'",
  '-- UPDATE t\nSELECT 1',
  '/* outer /* nested; DROP TABLE t; */ still a comment; DELETE FROM t */ SELECT 1',
  "SELECT $$; DROP TABLE t; $$",
  "SELECT $tag$ $$ ; UPDATE t SET a = 1; $$ $tag$",
  "SELECT E'\\'; UPDATE t SET a = 1; --'",
  'SELECT x$$ FROM t', // an identifier may contain $: no dollar quote starts here
  'SELECT 1 AS "--", 2 AS "/*"',
  'SELECT pg_sleep(0.1), now(), pg_backend_pid(), pg_current_wal_lsn(), txid_current_if_assigned()',
  "SELECT query_to_xml('SELECT * FROM pg_stat_activity', true, false, '')",
  "SELECT table_to_xml('t', true, false, '')",
  'SELECT "PG_TERMINATE_BACKEND"(1)', // quoted upper case: another (user) function to the server
  'SELECT * FROM t',
  'COPY (SELECT 1) TO STDOUT',
  'COPY t TO STDOUT WITH (FORMAT csv)',
  '-- only a comment',
  '',
];

const changes: Array<[string, RegExp]> = [
  ['UPDATE t SET a = 1', /^UPDATE changes data$/],
  ['insert into t values (1)', /^INSERT changes data$/],
  ['DELETE FROM t', /^DELETE changes data$/],
  ['MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE', /^MERGE changes data$/],
  ['TRUNCATE t', /TRUNCATE/],
  ['DROP TABLE IF EXISTS t', /^DROP TABLE changes the schema$/],
  ['CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)', /^CREATE INDEX changes the schema$/],
  ['CREATE OR REPLACE VIEW v AS SELECT 1', /^CREATE VIEW changes the schema$/],
  ['ALTER TABLE t ADD COLUMN b int', /^ALTER TABLE changes the schema$/],
  ['GRANT SELECT ON t TO public', /^GRANT changes privileges$/],
  ['CREATE ROLE r', /roles/],
  ['ALTER SYSTEM SET work_mem = 1000', /configuration/],
  ['SELECT * INTO t2 FROM t', /SELECT … INTO creates a table/],
  ['CREATE TABLE t2 AS SELECT 1', /CREATE TABLE changes the schema/],
  ['SELECT * FROM t FOR UPDATE', /FOR UPDATE locks rows/],
  ['SELECT * FROM t FOR NO KEY UPDATE SKIP LOCKED', /FOR NO KEY UPDATE locks rows/],
  ['SELECT * FROM (SELECT * FROM t FOR SHARE) s', /FOR SHARE locks rows/],
  ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', /WITH … DELETE changes data/],
  ['WITH a AS (SELECT 1), b AS (INSERT INTO t VALUES (1) RETURNING *) SELECT 1', /WITH … INSERT changes data/],
  ['EXPLAIN ANALYZE DELETE FROM t', /^EXPLAIN ANALYZE runs the statement: DELETE changes data$/],
  ['EXPLAIN ANALYSE UPDATE t SET a = 1', /EXPLAIN ANALYZE runs the statement: UPDATE/],
  ['EXPLAIN (ANALYZE, BUFFERS) INSERT INTO t VALUES (1)', /INSERT/],
  ['EXPLAIN ANALYZE CREATE TABLE x AS SELECT 1', /^EXPLAIN ANALYZE runs the statement: CREATE TABLE changes the schema$/],
  ['EXPLAIN (ANALYZE true) SELECT pg_terminate_backend(1)', /pg_terminate_backend\(\)/],
  ['COPY t FROM STDIN', /COPY … FROM loads rows/],
  ["COPY (SELECT 1) TO PROGRAM 'touch /tmp/x'", /COPY … PROGRAM runs a shell command on the database host/],
  ["COPY t FROM PROGRAM 'curl x'", /PROGRAM runs a shell command/],
  ["COPY t TO '/tmp/t.csv'", /writes a file on the database host/],
  ['COPY (DELETE FROM t RETURNING *) TO STDOUT', /^COPY \(… DELETE …\) changes data$/],
  ['BEGIN', /^BEGIN is transaction control$/],
  ['BEGIN READ WRITE', /^BEGIN is transaction control$/],
  ['START TRANSACTION READ WRITE', /^START TRANSACTION is transaction control$/],
  ['COMMIT', /^COMMIT is transaction control$/],
  ['END', /^END is transaction control$/],
  ['ABORT', /^ABORT is transaction control$/],
  ['ROLLBACK', /^ROLLBACK is transaction control$/],
  ["PREPARE TRANSACTION 'x'", /^PREPARE TRANSACTION is transaction control$/],
  ['SAVEPOINT s', /transaction control/],
  ['SET default_transaction_read_only = off', /^SET changes a setting of the session$/],
  ['SET transaction_read_only = off', /SET changes a setting/],
  ['SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE', /SET changes a setting/],
  ['SET LOCAL statement_timeout = 0', /SET changes a setting/],
  ['RESET ALL', /^RESET changes a setting of the session$/],
  ['RESET default_transaction_read_only', /RESET/],
  ['DISCARD ALL', /^DISCARD resets the session$/],
  ['LISTEN ch', /^LISTEN makes the session listen/],
  ["NOTIFY ch, 'x'", /^NOTIFY sends a notification/],
  ['LOCK t IN ACCESS EXCLUSIVE MODE', /^LOCK locks a table$/],
  ['VACUUM t', /^VACUUM/],
  ['VACUUM FULL ANALYZE t', /^VACUUM/],
  ['ANALYZE t', /^ANALYZE updates the planner's statistics$/],
  ['REINDEX TABLE t', /REINDEX rebuilds indexes/],
  ['CLUSTER t USING i', /CLUSTER rewrites a table/],
  ['CALL p()', /^CALL runs a procedure/],
  ["DO $$BEGIN RAISE NOTICE 'x'; END$$", /^DO runs procedural code/],
  ['PREPARE q AS SELECT 1', /PREPARE changes the session/],
  ['EXECUTE q', /EXECUTE runs a prepared statement/],
  ['DEALLOCATE ALL', /DEALLOCATE/],
  ['CHECKPOINT', /^CHECKPOINT forces a checkpoint$/],
  ["LOAD 'auto_explain'", /^LOAD loads a library/],
  ['DECLARE c CURSOR FOR SELECT 1', /DECLARE opens a cursor/],
  ['REFRESH MATERIALIZED VIEW v', /materialized view/],
  ['SELECT 1; DROP TABLE t', /^DROP TABLE changes the schema$/],
  // The old lexer's blind spots: what follows is read exactly as the server reads it.
  ['SELECT 1 AS "--"; COMMIT; BEGIN READ WRITE; UPDATE t SET a = 1', /^COMMIT is transaction control$/],
  ["SELECT 'it''s'; UPDATE t SET a = 1", /UPDATE changes data/],
  ['SELECT x$$; UPDATE t SET a = 1', /UPDATE changes data/],
  ["SELECT E'\\''; UPDATE t SET a = 1; SELECT ''", /UPDATE changes data/],
  ["SELECT U&'\\0041'; DELETE FROM t", /DELETE changes data/],
  ['/* a /* nested */ comment */ DELETE FROM t', /DELETE changes data/],
  ['SELECT 1 -- comment ; \n; UPDATE t SET a = 1', /UPDATE changes data/],
  ["SELECT $a$ $b$ $a$; UPDATE t SET a = 1", /UPDATE changes data/],
];

const functions: Array<[string, string]> = [
  ['SELECT pg_terminate_backend(123)', 'pg_terminate_backend'],
  ['SELECT "pg_terminate_backend"(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()', 'pg_terminate_backend'],
  ['SELECT pg_catalog.pg_terminate_backend(1)', 'pg_terminate_backend'],
  ['SELECT "pg_catalog"."pg_terminate_backend"(1)', 'pg_terminate_backend'],
  ['SELECT PG_TERMINATE_BACKEND(1)', 'pg_terminate_backend'],
  ['select pg_cancel_backend(pid) from pg_stat_activity', 'pg_cancel_backend'],
  ['SELECT 1 WHERE EXISTS (SELECT pg_cancel_backend(1))', 'pg_cancel_backend'],
  ['SELECT * FROM pg_stat_activity ORDER BY pg_cancel_backend(pid)', 'pg_cancel_backend'],
  ['SELECT * FROM pg_reload_conf()', 'pg_reload_conf'],
  ['WITH x AS (SELECT pg_reload_conf()) SELECT * FROM x', 'pg_reload_conf'],
  ['SELECT pg_rotate_logfile()', 'pg_rotate_logfile'],
  ['SELECT pg_log_backend_memory_contexts(1)', 'pg_log_backend_memory_contexts'],
  ['SELECT pg_switch_wal()', 'pg_switch_wal'],
  ['SELECT pg_promote()', 'pg_promote'],
  ["SELECT pg_create_physical_replication_slot('s')", 'pg_create_physical_replication_slot'],
  ["SELECT pg_create_logical_replication_slot('s', 'pgoutput')", 'pg_create_logical_replication_slot'],
  ["SELECT pg_create_restore_point('r')", 'pg_create_restore_point'],
  ["SELECT pg_drop_replication_slot('s')", 'pg_drop_replication_slot'],
  ["SELECT pg_replication_origin_create('o')", 'pg_replication_origin_create'],
  ['SELECT pg_stat_reset()', 'pg_stat_reset'],
  ["SELECT pg_stat_reset_shared('bgwriter')", 'pg_stat_reset_shared'],
  ['SELECT pg_stat_statements_reset()', 'pg_stat_statements_reset'],
  ['SELECT pg_wal_replay_pause()', 'pg_wal_replay_pause'],
  ['SELECT pg_wal_replay_resume()', 'pg_wal_replay_resume'],
  ["SELECT pg_backup_start('b')", 'pg_backup_start'],
  ['SELECT pg_backup_stop()', 'pg_backup_stop'],
  ["SELECT pg_import_system_collations('pg_catalog')", 'pg_import_system_collations'],
  ["SELECT pg_file_write('f', 'x', false)", 'pg_file_write'],
  ["SELECT pg_file_rename('a', 'b')", 'pg_file_rename'],
  ["SELECT pg_file_unlink('a')", 'pg_file_unlink'],
  ["SELECT set_config('default_transaction_read_only', 'off', false)", 'set_config'],
  ["SELECT pg_catalog.set_config('search_path', 'x', false)", 'set_config'],
  ["SELECT nextval('s')", 'nextval'],
  ["SELECT setval('s', 1)", 'setval'],
  ["SELECT pg_notify('ch', 'x')", 'pg_notify'],
  ['SELECT pg_advisory_lock(1)', 'pg_advisory_lock'],
  ['SELECT pg_advisory_xact_lock_shared(1)', 'pg_advisory_xact_lock_shared'],
  ['SELECT pg_try_advisory_lock(1)', 'pg_try_advisory_lock'],
  ['SELECT pg_advisory_unlock_all()', 'pg_advisory_unlock_all'],
  ['SELECT lo_create(0)', 'lo_create'],
  ['SELECT lo_unlink(1)', 'lo_unlink'],
  ["SELECT lo_import('/etc/passwd')", 'lo_import'],
  ["SELECT lo_export(1, '/tmp/x')", 'lo_export'],
  ['SELECT loread(0, 10)', 'loread'],
  ["SELECT lowrite(0, 'x')", 'lowrite'],
  ["SELECT * FROM dblink('dbname=x', 'SELECT 1') AS t(a int)", 'dblink'],
  ["SELECT dblink_exec('dbname=x', 'DELETE FROM t')", 'dblink_exec'],
  ["SELECT dblink_connect('c', 'dbname=x')", 'dblink_connect'],
  ["SELECT pg_background_launch('DELETE FROM t')", 'pg_background_launch'],
  ['SELECT txid_current()', 'txid_current'],
  ['SELECT pg_current_xact_id()', 'pg_current_xact_id'],
  ["SELECT query_to_xml('DELETE FROM t RETURNING *', true, false, '')", 'query_to_xml'],
  ["SELECT query_to_xml('SELECT pg_terminate_backend(1)', true, false, '')", 'pg_terminate_backend'],
  ["SELECT query_to_xml('SELECT ' || 'pg_terminate_backend(1)', true, false, '')", 'query_to_xml'],
  ["SELECT * FROM ts_stat('SELECT pg_cancel_backend(1)::text::tsvector')", 'pg_cancel_backend'],
  ['UPDATE t SET a = pg_terminate_backend(1)', 'UPDATE'],
];

test('reads are diagnostics', () => {
  for (const code of reads) assert.deepEqual(classifySql(code).classification, 'diagnostic', code);
});

test('changes are mitigations, with a reason a person reads', () => {
  for (const [code, reason] of changes) {
    const c = classifySql(code);
    assert.equal(c.classification, 'mitigation', code);
    assert.match(c.reason, reason, code);
  }
});

test('side-effect functions are mitigations however they are quoted, qualified or nested', () => {
  for (const [code, name] of functions) {
    const c = classifySql(code);
    assert.equal(c.classification, 'mitigation', code);
    assert.ok(c.reason.includes(name), `${code}: ${c.reason}`);
  }
});

test('a syntax error or a psql command is a mitigation with the reason', () => {
  const bad = classifySql('SELECT 1 FROM WHERE');
  assert.equal(bad.classification, 'mitigation');
  assert.equal(bad.reason, 'could not be read by PostgreSQL\'s parser: syntax error at or near "WHERE"');
  assert.match(classifySql("SELECT 'unterminated").reason, /unterminated quoted string/);
  assert.match(classifySql('SELECT $$ never closed').reason, /unterminated dollar-quoted string/);
  assert.match(classifySql('/* never closed').reason, /unterminated \/\* comment/);
  for (const meta of ['\\dt', '\\x\nSELECT 1', 'SELECT 1;\n  \\gset']) {
    const c = classifySql(meta);
    assert.equal(c.classification, 'mitigation', meta);
    assert.match(c.reason, /is a psql command, not SQL/, meta);
  }
});

test('statements are split exactly where the server splits them, multi-byte text included', () => {
  const code = "-- lead\nSELECT 'é;' AS \"a;b\";\n  SELECT $x$;$x$ ; SHOW work_mem";
  const r = readSql(code)!;
  // Comments between statements are not part of either.
  assert.deepEqual(r.statements!.map((s) => s.text), ["SELECT 'é;' AS \"a;b\"", "SELECT $x$;$x$ ", 'SHOW work_mem']);
  assert.deepEqual(r.statements!.map((s) => code.slice(s.start, s.start + s.text.length)), r.statements!.map((s) => s.text));
  assert.equal(readSql('SELECT éé FROM WHERE')!.error!.position, 'SELECT éé FROM '.length);
});

test('a cell that runs read-only is refused what a read-only transaction does not stop', () => {
  const refused = [
    'SELECT 1 AS "--"; COMMIT; BEGIN READ WRITE; UPDATE t SET a = 1',
    'SELECT 1; COMMIT; SELECT 2',
    'END',
    'ROLLBACK',
    'BEGIN READ WRITE',
    "PREPARE TRANSACTION 'x'",
    'SET default_transaction_read_only = off',
    'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE',
    'SET transaction_read_only = off',
    'SET search_path = evil',
    'RESET ALL',
    'DISCARD ALL',
    "SELECT set_config('default_transaction_' || 'read_only', 'off', false)",
    "DO $$BEGIN PERFORM set_config('default_transaction_read_only', 'off', false); COMMIT; END$$",
    'CALL p()',
    "COPY (SELECT 1) TO PROGRAM 'touch /tmp/x'",
    "COPY t TO '/tmp/t'",
    'SELECT pg_terminate_backend(1)',
    'SELECT pg_reload_conf()',
    "SELECT pg_notify('c', 'x')",
    "NOTIFY c",
    'SELECT lo_create(0)',
    "SELECT dblink_exec('dbname=postgres', 'UPDATE t SET a = 1')",
    'VACUUM t',
    'CHECKPOINT',
    'ALTER SYSTEM SET work_mem = 1000',
    'SELECT pg_advisory_lock(1)',
    'LISTEN c',
    "LOAD 'auto_explain'",
    'UPDATE t SET a = pg_terminate_backend(1)',
  ];
  for (const code of refused) {
    const plan = planReadOnly(code, true)!;
    assert.ok(plan.refused, code);
    assert.match(plan.refused, /^ERROR: {2}refused: .+, which a read-only session does not stop; nothing was run\nHINT: {2}this cell is marked `mutates: false`/, code);
  }
  // Writes the server refuses in a read-only transaction are left to it: its error says so.
  for (const code of ['UPDATE t SET a = 1', 'DROP TABLE t', 'SELECT 1; INSERT INTO t VALUES (1)', 'SELECT * FROM t FOR UPDATE', 'SELECT 1', 'SHOW work_mem'])
    assert.ok(planReadOnly(code, true)!.statements, code);
  const syntax = planReadOnly('SELECT 1;\nSELECT 1 FROM WHERE', false)!;
  assert.equal(syntax.refused, 'ERROR:  syntax error at or near "WHERE"\nLINE 2: SELECT 1 FROM WHERE\n                      ^');
});

// SQL cells on PostgreSQL: two pools per connection string, several statements per cell, psql-like
// tables. Mitigations run as written on read-write sessions. Diagnostic cells (and cells marked
// `mutates: false`) run on sessions opened read-only, statement by statement as PostgreSQL's parser
// split them (several inside one read-only transaction, rolled back at the end): the server
// refuses writes. What a read-only transaction does not stop is refused before anything runs
// (readOnly.ts). A one-statement read costs one round trip and one statement on the server, as
// with a raw client. Cancel and timeout send a real cancel to the server.
import type { EventEmitter } from 'node:events';
import { Pool, type PoolClient, type QueryResult } from 'pg';
import { OutputCollector } from '../collector';
import { loadParsers } from '../parsers';
import { formatSqlResult } from './format';
import { positionLine, readOnlyHint } from './errors';
import { calledFunctions } from './judge';
import { planReadOnly } from './readOnly';
import { readSql, type SqlStatement } from './statements';
import { formatMs } from '../shell/run';
import type { Masker } from '../../secrets/mask';
import type { ExecRequest, ExecResult, SqlResultData } from '../types';

/** Mitigations write through `readWrite`; everything else runs on `readOnly` sessions. */
interface SessionPools {
  readOnly: Pool;
  readWrite: Pool;
}

const pools = new Map<string, SessionPools>();
const typeNames = new Map<number, string>();
/** statement_timeout last set on each session: set again only when it changes. */
const sessionTimeouts = new WeakMap<PoolClient, number>();
/**
 * Read-only sessions that were checked to be read-only, and those no longer to be trusted: turned
 * read-write, or reading strings differently from the parser that split the cell.
 */
const checkedReadOnly = new WeakSet<PoolClient>();
const turnedReadWrite = new WeakSet<PoolClient>();
/** Read-only sessions whose server reports default_transaction_read_only when it changes (14+). */
const reportsReadOnly = new WeakSet<PoolClient>();

/** How long a cell runs before it listens for cancel (see `arm` below). */
const ARM_MS = 20;
// standard_conforming_strings decides what a backslash in '…' means. The parser that splits and
// classifies the cell reads it on (the default since PostgreSQL 9.1); the session must read it so
// too, or `'a\'; UPDATE …'` would be one string to one and two statements to the other.
const READ_ONLY_OPTION = '-c default_transaction_read_only=on -c standard_conforming_strings=on';
// Around the statements of a read-only cell with several, sent in the same round trips as the
// first and the last: the transaction is read-only whatever the session's default, so a function
// that turns the default off in one statement cannot make the next one read-write, and rolling it
// back undoes any setting a function changed (set_config(…, false) included). A single statement
// runs alone, in its own implicit transaction: read-only by the session default, which was checked
// and is watched (servers since PostgreSQL 14 report it), and which one statement cannot change for
// itself (DO and CALL, which could commit, are refused). That keeps a one-statement read at one
// statement on the server; on older servers it is wrapped too.
const BEGIN_READ_ONLY = 'BEGIN READ ONLY;';
const END_READ_ONLY = '\n;ROLLBACK';
/** Statements that leave the session's settings alone (unless they call set_config). */
const PLAIN = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'VariableShowStmt', 'ExplainStmt']);

/** The variable holding the connection string: the cell's `db` attribute or DATABASE_URL. */
export function sqlUrlVariable(attributes: { db?: string }): string {
  return attributes.db || 'DATABASE_URL';
}

function poolsFor(url: string, connectTimeoutMs: number): SessionPools {
  let p = pools.get(url);
  if (!p) {
    p = { readOnly: newPool(withReadOnlyOption(url), connectTimeoutMs), readWrite: newPool(url, connectTimeoutMs) };
    pools.set(url, p);
  }
  return p;
}

function newPool(connectionString: string, connectionTimeoutMillis: number): Pool {
  const pool = new Pool({ connectionString, max: 4, idleTimeoutMillis: 60_000, connectionTimeoutMillis, allowExitOnIdle: true });
  // An idle client losing its server must not crash the process; the pool drops it.
  pool.on('error', () => {});
  return pool;
}

/** The URL with the read-only options appended to any `options` it has (a later `-c` wins). */
function withReadOnlyOption(url: string): string {
  try {
    const u = new URL(url);
    u.searchParams.set('options', [u.searchParams.get('options'), READ_ONLY_OPTION].filter(Boolean).join(' '));
    return u.toString();
  } catch {
    return url; // not a URL: the session check below refuses to run diagnostics on it
  }
}

/** Closes every pool (CLI exit, extension deactivate, tests). */
export async function closeSqlPools(): Promise<void> {
  releaseKept();
  const all = [...pools.values()].flatMap((p) => [p.readOnly, p.readWrite]);
  pools.clear();
  await Promise.all(all.map((p) => p.end().catch(() => {})));
}

/** One round trip: a text sent to the server, and where it sits in the cell. */
interface Unit {
  text: string;
  /** Character offset in the cell of the text's first character (negative while BEGIN precedes it). */
  offset: number;
  /** Opens the read-only transaction (its first result is BEGIN's). */
  begins: boolean;
  /** Closes it (its last result is ROLLBACK's). */
  ends: boolean;
}

function readOnlyUnits(statements: SqlStatement[], wrapSingle: boolean): Unit[] {
  if (statements.length === 1 && !wrapSingle) {
    let units = singleUnits.get(statements);
    if (!units) singleUnits.set(statements, (units = [{ text: statements[0].text, offset: statements[0].start, begins: false, ends: false }]));
    return units;
  }
  return statements.map((st, i) => {
    const begins = i === 0;
    const ends = i === statements.length - 1;
    return { text: (begins ? BEGIN_READ_ONLY : '') + st.text + (ends ? END_READ_ONLY : ''), offset: st.start - (begins ? BEGIN_READ_ONLY.length : 0), begins, ends };
  });
}

/** The unit of each (kept) one-statement plan: the common read builds nothing per run. */
const singleUnits = new WeakMap<SqlStatement[], Unit[]>();

/** Whether a mitigation may have changed its session's statement_timeout (SET, RESET, DISCARD, DO…). */
function mayChangeSettings(code: string): boolean {
  let answer = settingsAnswers.get(code);
  if (answer === undefined) {
    const statements = readSql(code)?.statements;
    if (!statements) return true; // not read (yet): assume it did
    answer = statements.some((st) => !PLAIN.has(st.type) || calledFunctions(st).includes('set_config'));
    if (settingsAnswers.size >= 256) settingsAnswers.clear();
    settingsAnswers.set(code, answer);
  }
  return answer;
}
const settingsAnswers = new Map<string, boolean>();

export async function runSql(req: ExecRequest): Promise<ExecResult> {
  const started = performance.now();
  const out = new OutputCollector(req);
  const urlVar = sqlUrlVariable(req.attributes);
  const url = req.env[urlVar];
  if (!url) return finish(out, started, req, 'failed', `no connection string: set ${urlVar}`);
  if (req.signal.aborted) return finish(out, started, req, 'cancelled', 'cancelled');

  const readOnly = req.classification !== 'mitigation';
  const forced = req.attributes.mutates === false;
  let statements: SqlStatement[] = [];
  if (readOnly) {
    // runCell has loaded the parser; a caller that did not waits for it here.
    const plan = planReadOnly(req.code, forced) ?? (await loadParsers().then(() => planReadOnly(req.code, forced)));
    if (!plan) return finish(out, started, req, 'failed', "ERROR:  refused: PostgreSQL's parser is not loaded");
    if (plan.refused !== undefined) return finish(out, started, req, 'failed', plan.refused);
    // Only comments: nothing to send.
    if (plan.statements.length === 0) return finish(out, started, req, 'ok', undefined, { kind: 'sql', results: [], notices: [] });
    statements = plan.statements;
  }

  const sessionPools = poolsFor(url, Math.min(req.timeoutMs, 10_000));
  const pool = readOnly ? sessionPools.readOnly : sessionPools.readWrite;
  let client: PoolClient;
  try {
    client = takeKept(pool) ?? (await pool.connect());
  } catch (err) {
    return finish(out, started, req, 'failed', `cannot connect to PostgreSQL: ${(err as Error).message || (err as { code?: string }).code || String(err)}`);
  }
  const run = new SqlRun(req, out, client, sessionPools.readWrite, started);
  hookNotices(client);
  currentRun.set(client, run);
  watch(run);

  let broken = false;
  let inTransaction = false;
  let unit: Unit = { text: req.code, offset: 0, begins: false, ends: false };
  const results: SqlResultData[] = [];
  try {
    const timeoutMs = Math.max(1, Math.round(req.timeoutMs));
    if (needsPrepare(client, timeoutMs, readOnly)) await prepareSession(client, timeoutMs, readOnly);
    const units = readOnly ? readOnlyUnits(statements, !reportsReadOnly.has(client)) : [unit];
    for (unit of units) {
      // A cancel or deadline that came between two statements stops the next one from starting.
      if (req.signal.aborted && !run.stopped) run.stopped = 'cancelled';
      if (run.stopped) throw Object.assign(new Error(run.stopped), { code: '57014' });
      if (unit.begins) inTransaction = true;
      const raw = await client.query(unit.text);
      if (unit.ends) inTransaction = false;
      let list = Array.isArray(raw) ? (raw as QueryResult[]) : [raw];
      if (unit.begins || unit.ends) list = list.slice(unit.begins ? 1 : 0, unit.ends ? -1 : undefined);
      if (missingTypes(list)) await loadTypeNames(client, list);
      for (const r of list) {
        const data = toData(r, req.rowLimit ?? 200, req.masker);
        results.push(data);
        out.writeBlock(formatSqlResult(data) + '\n');
      }
    }
    return run.done('ok', undefined, { kind: 'sql', results, notices: run.notices });
  } catch (err) {
    const e = err as { message?: string; code?: string; position?: string; detail?: string; hint?: string };
    if (inTransaction) await client.query('ROLLBACK').catch(() => (broken = true));
    if (e.code === '57014' || run.stopped) {
      const why = run.stopped ?? 'timeout';
      return run.done(why, why === 'timeout' ? `timed out after ${formatMs(req.timeoutMs)} (statement cancelled on the server)` : 'cancelled (statement cancelled on the server)', {
        kind: 'sql',
        results,
        notices: run.notices,
      });
    }
    if (!e.code) broken = true;
    let msg = `ERROR:  ${e.message ?? String(err)}`;
    if (e.code === '25006') msg += `\nHINT:  ${readOnlyHint(forced)}`;
    if (e.detail) msg += `\nDETAIL:  ${e.detail}`;
    if (e.hint) msg += `\nHINT:  ${e.hint}`;
    if (e.position) msg += `\n${positionLine(req.code, Number(e.position) + unit.offset)}`;
    return run.done('failed', msg, { kind: 'sql', results, notices: run.notices });
  } finally {
    unwatch(run);
    currentRun.delete(client);
    if (!readOnly && mayChangeSettings(req.code)) sessionTimeouts.delete(client);
    // A read-only session a cell managed to turn read-write is closed, never handed to the next cell.
    if (broken || turnedReadWrite.has(client)) client.release(true);
    else if (!keep(pool, client)) client.release();
  }
}

// The session the last cell of each pool used stays checked out for the next one: cells mostly
// run one after another, and pg-pool's checkout and release (a promise, events, an idle timer)
// cost as much as the rest of a fast cell. Only public API is relied on: a session that emits
// 'end' or 'error' is never reused, and kept sessions go back to the pool within KEEP_MS, so the
// pool's idle timeout and end() work as usual. Cells running at the same time use the pool.
const KEEP_MS = 1000;
const kept = new Map<Pool, PoolClient>();
const dead = new WeakSet<PoolClient>();
const lifeWatched = new WeakSet<PoolClient>();
let keepTimer: NodeJS.Timeout | null = null;

function keep(pool: Pool, client: PoolClient): boolean {
  if (kept.has(pool) || dead.has(client) || pool.ending) return false;
  if (!lifeWatched.has(client)) {
    lifeWatched.add(client);
    client.on('end', () => dead.add(client));
    // A checked-out session that loses its server emits 'error' with no pool listener attached:
    // without this listener that would crash the extension host.
    client.on('error', () => {
      dead.add(client);
      if (kept.get(pool) !== client) return;
      kept.delete(pool);
      client.release(true);
    });
  }
  kept.set(pool, client);
  if (!keepTimer) {
    keepTimer = setTimeout(releaseKept, KEEP_MS);
    keepTimer.unref();
  }
  return true;
}

function takeKept(pool: Pool): PoolClient | undefined {
  const client = kept.get(pool);
  if (!client) return undefined;
  kept.delete(pool);
  if (!dead.has(client)) return client;
  client.release(true);
  return undefined;
}

function releaseKept(): void {
  if (keepTimer) clearTimeout(keepTimer);
  keepTimer = null;
  for (const [pool, client] of kept) {
    kept.delete(pool);
    client.release(dead.has(client) ? true : undefined);
  }
}

function finish(out: OutputCollector, started: number, req: ExecRequest, status: ExecResult['status'], error?: string, data?: ExecResult['data']): ExecResult {
  const { text, omittedBytes } = out.finish();
  return { status, durationMs: performance.now() - started, text, omittedBytes, error: error && req.masker.mask(error), data };
}

/** One cell on one session: its notices, and whether (and why) it was stopped. */
class SqlRun {
  readonly notices: string[] = [];
  stopped: 'cancelled' | 'timeout' | null = null;
  /** When the watchdog stops the cell. */
  readonly deadline: number;

  constructor(
    readonly req: ExecRequest,
    private readonly out: OutputCollector,
    private readonly client: PoolClient,
    private readonly canceller: Pool,
    readonly started: number,
  ) {
    // The server's statement_timeout normally fires first; this catches a stuck connection.
    this.deadline = started + Math.max(0, req.timeoutMs) + 1000;
  }

  /** The abort listener, made when the ticker starts listening (most cells end before). */
  onAbort: (() => void) | null = null;

  notice(n: { severity?: string; message?: string }): void {
    const line = `${n.severity ?? 'NOTICE'}:  ${n.message ?? ''}`;
    this.notices.push(this.req.masker.mask(line));
    this.out.write(line + '\n', 'stderr');
  }

  cancel(why: 'cancelled' | 'timeout'): void {
    if (this.stopped) return;
    this.stopped = why;
    const pid = (this.client as unknown as { processID?: number }).processID;
    if (pid) void this.canceller.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => {});
  }

  done(status: ExecResult['status'], error?: string, data?: ExecResult['data']): ExecResult {
    return finish(this.out, this.started, this.req, status, error, data);
  }
}

// Notices: one listener per session, for the life of the session, passing them to the cell it runs.
const currentRun = new WeakMap<PoolClient, SqlRun>();
const noticesHooked = new WeakSet<PoolClient>();

function hookNotices(client: PoolClient): void {
  if (noticesHooked.has(client)) return;
  noticesHooked.add(client);
  client.on('notice', (n: { severity?: string; message?: string }) => currentRun.get(client)?.notice(n));
}

// Cancel and the watchdog: most cells answer in well under ARM_MS, and listening to the signal
// (or arming a timer) for each would cost more than their query. One shared ticker, running only
// while cells run, looks at the running cells every ARM_MS: it cancels those whose signal fired,
// starts listening to the signal of those running longer than ARM_MS (so a cancel then is
// immediate), and stops those past their deadline. A cancel waits at most 2 × ARM_MS.
const running = new Set<SqlRun>();
let ticker: NodeJS.Timeout | null = null;

function watch(run: SqlRun): void {
  running.add(run);
  if (!ticker) ticker = setInterval(tick, ARM_MS);
}

function unwatch(run: SqlRun): void {
  running.delete(run);
  if (run.onAbort) run.req.signal.removeEventListener('abort', run.onAbort);
}

function tick(): void {
  if (running.size === 0) {
    clearInterval(ticker!);
    ticker = null;
    return;
  }
  const now = performance.now();
  for (const run of running) {
    if (run.req.signal.aborted) run.cancel('cancelled');
    else if (now >= run.deadline) run.cancel('timeout');
    else if (!run.onAbort && now - run.started >= ARM_MS) {
      run.onAbort = () => run.cancel('cancelled');
      run.req.signal.addEventListener('abort', run.onAbort, { once: true });
    }
  }
}

/** Whether `prepareSession` has anything to do (checked first: most cells need no extra round trip). */
function needsPrepare(client: PoolClient, timeoutMs: number, readOnly: boolean): boolean {
  return sessionTimeouts.get(client) !== timeoutMs || (readOnly && !checkedReadOnly.has(client));
}

/**
 * Sets the session's statement_timeout when it differs from the last one set, and checks once that
 * a read-only session really is one (a connection string's own options could have undone it).
 */
async function prepareSession(client: PoolClient, timeoutMs: number, readOnly: boolean): Promise<void> {
  const newTimeout = sessionTimeouts.get(client) !== timeoutMs;
  const check = readOnly && !checkedReadOnly.has(client);
  if (!newTimeout && !check) return;
  const sql = [
    newTimeout ? `SET statement_timeout = ${timeoutMs}` : '',
    check ? "SELECT current_setting('default_transaction_read_only') AS default_transaction_read_only, current_setting('server_version_num')::int >= 140000 AS reports" : '',
  ]
    .filter(Boolean)
    .join(';');
  const res = await client.query(sql);
  if (newTimeout) sessionTimeouts.set(client, timeoutMs);
  if (!check) return;
  const last = Array.isArray(res) ? res[res.length - 1] : res;
  const row = last.rows[0] as { default_transaction_read_only?: string; reports?: boolean } | undefined;
  if (row?.default_transaction_read_only !== 'on') {
    turnedReadWrite.add(client);
    throw Object.assign(new Error('the read-only session is not read-only (does the connection string set default_transaction_read_only?)'), { code: 'RO000' });
  }
  checkedReadOnly.add(client);
  if (row.reports) reportsReadOnly.add(client);
  // PostgreSQL 14+ reports this setting whenever it changes, so a cell switching it off is seen.
  const connection = (client as unknown as { connection?: EventEmitter }).connection;
  connection?.on('parameterStatus', (m: { parameterName?: string; parameterValue?: string }) => {
    if (m.parameterName === 'default_transaction_read_only' && m.parameterValue !== 'on') turnedReadWrite.add(client);
    if (m.parameterName === 'standard_conforming_strings' && m.parameterValue !== 'on') turnedReadWrite.add(client);
  });
}

/** A result as text values, secrets masked (every string a person or the timeline may see). */
function toData(r: QueryResult, rowLimit: number, masker: Masker): SqlResultData {
  const fields = r.fields ?? [];
  const rows = (r.rows as Array<Record<string, unknown> | unknown[]>) ?? [];
  const shown = rows.slice(0, rowLimit).map((row) =>
    fields.map((f, i) => {
      const v = Array.isArray(row) ? row[i] : (row as Record<string, unknown>)[f.name];
      return v === null || v === undefined ? null : masker.mask(typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : String(v));
    }),
  );
  return {
    command: r.command ?? '',
    rowCount: r.rowCount ?? null,
    columns: fields.map((f) => ({ name: masker.mask(f.name), type: typeNames.get(f.dataTypeID) ?? String(f.dataTypeID) })),
    rows: shown,
    omittedRows: Math.max(0, rows.length - shown.length),
  };
}

function missingTypes(results: QueryResult[]): boolean {
  for (const r of results) for (const f of r.fields ?? []) if (!typeNames.has(f.dataTypeID)) return true;
  return false;
}

async function loadTypeNames(client: PoolClient, results: QueryResult[]): Promise<void> {
  const missing = new Set<number>();
  for (const r of results) for (const f of r.fields ?? []) if (!typeNames.has(f.dataTypeID)) missing.add(f.dataTypeID);
  if (missing.size === 0) return;
  const res = await client.query('SELECT oid::int AS oid, typname FROM pg_type WHERE oid = ANY($1::oid[])', [[...missing]]);
  for (const row of res.rows as Array<{ oid: number; typname: string }>) typeNames.set(row.oid, row.typname);
}

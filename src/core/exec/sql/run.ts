// SQL cells on PostgreSQL: two pools per connection string, several statements per cell, psql-like
// tables. Diagnostic cells run on sessions opened read-only (`default_transaction_read_only=on`), so
// the server refuses a write in them and a plain read costs one round trip, as with a raw client.
// Cancel and timeout send a real cancel to the server.
import type { EventEmitter } from 'node:events';
import { Pool, type PoolClient, type QueryResult } from 'pg';
import { sqlReadsOnly, sqlStatements } from './classify';
import { OutputCollector } from '../collector';
import { formatSqlResult } from './format';
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
/** Read-only sessions that were checked to be read-only, and those a cell turned read-write. */
const checkedReadOnly = new WeakSet<PoolClient>();
const turnedReadWrite = new WeakSet<PoolClient>();

/** How long a cell runs before it listens for cancel (see `arm` below). */
const ARM_MS = 20;
const READ_ONLY_OPTION = '-c default_transaction_read_only=on';
// A cell forced diagnostic (`mutates: false`) may hold anything: it runs in a read-only
// transaction, rolled back in the same round trip, so no SET it makes outlives it.
const GUARD_PREFIX = 'BEGIN READ ONLY;\n';
const GUARD_SUFFIX = '\n;ROLLBACK';
/** Statements that would end the guarding transaction, or make it (or the session) read-write. */
const ENDS_TRANSACTION = /^(BEGIN|START|COMMIT|END|ABORT|ROLLBACK|PREPARE|CALL)\b/i;
const TURNS_READ_WRITE = /\b(commit|rollback)\b|transaction_read_only|read\s+write|characteristics/i;
/** A mitigation that may have changed the session's statement_timeout. */
const TOUCHES_TIMEOUT = /statement_timeout|\breset\b|\bdiscard\b/i;

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

/** The URL with the read-only option appended to any `options` it has (a later `-c` wins). */
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

/** Why a forced-diagnostic cell is refused before it runs: it could leave its read-only transaction. */
function readWriteEscape(code: string): string | null {
  const end = sqlStatements(code).find((st) => ENDS_TRANSACTION.test(st));
  if (end) return `${/^\w+/.exec(end)![0].toUpperCase()} would leave the read-only transaction`;
  const rw = TURNS_READ_WRITE.exec(code);
  return rw ? `\`${rw[0]}\` could turn read-only off` : null;
}

export async function runSql(req: ExecRequest): Promise<ExecResult> {
  const started = performance.now();
  const out = new OutputCollector(req);
  const urlVar = sqlUrlVariable(req.attributes);
  const url = req.env[urlVar];
  if (!url) return finish(out, started, req, 'failed', `no connection string: set ${urlVar}`);
  if (req.signal.aborted) return finish(out, started, req, 'cancelled', 'cancelled');

  const readOnly = req.classification !== 'mitigation';
  // Reads alone (as the classifier sees them) need nothing but the read-only session. Without a
  // `mutates` attribute a diagnostic classification already is the classifier's reading.
  const textReads = req.classification === 'diagnostic' && req.attributes.mutates === undefined;
  const guarded = readOnly && !textReads && !sqlReadsOnly(req.code);
  if (guarded) {
    const why = readWriteEscape(req.code);
    if (why) return finish(out, started, req, 'failed', `ERROR:  refused: ${why}\nHINT:  this cell is classified diagnostic and runs read-only; mark it \`mutates\` if it is meant to change data`);
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
  let inGuard = false;
  const results: SqlResultData[] = [];
  try {
    const timeoutMs = Math.max(1, Math.round(req.timeoutMs));
    if (needsPrepare(client, timeoutMs, readOnly)) await prepareSession(client, timeoutMs, readOnly);
    inGuard = guarded;
    let raw = await client.query(guarded ? GUARD_PREFIX + req.code + GUARD_SUFFIX : req.code);
    inGuard = false;
    if (guarded) raw = (raw as unknown as QueryResult[]).slice(1, -1) as unknown as QueryResult;
    const list = Array.isArray(raw) ? raw : [raw];
    if (missingTypes(list)) await loadTypeNames(client, list);
    for (const r of list) {
      const data = toData(r, req.rowLimit ?? 200, req.masker);
      results.push(data);
      out.writeBlock(formatSqlResult(data) + '\n');
    }
    return run.done('ok', undefined, { kind: 'sql', results, notices: run.notices });
  } catch (err) {
    const e = err as { message?: string; code?: string; position?: string; detail?: string; hint?: string };
    if (inGuard) await client.query('ROLLBACK').catch(() => (broken = true));
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
    if (e.code === '25006') msg += '\nHINT:  this cell is classified diagnostic and runs read-only; mark it `mutates` if it is meant to change data';
    if (e.detail) msg += `\nDETAIL:  ${e.detail}`;
    if (e.hint) msg += `\nHINT:  ${e.hint}`;
    if (e.position) msg += `\n${positionLine(req.code, Number(e.position) - (guarded ? GUARD_PREFIX.length : 0))}`;
    return run.done('failed', msg, { kind: 'sql', results, notices: run.notices });
  } finally {
    unwatch(run);
    currentRun.delete(client);
    if (!readOnly && TOUCHES_TIMEOUT.test(req.code)) sessionTimeouts.delete(client);
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
  const sql = [newTimeout ? `SET statement_timeout = ${timeoutMs}` : '', check ? 'SHOW default_transaction_read_only' : ''].filter(Boolean).join(';');
  const res = await client.query(sql);
  if (newTimeout) sessionTimeouts.set(client, timeoutMs);
  if (!check) return;
  const last = Array.isArray(res) ? res[res.length - 1] : res;
  if ((last.rows[0] as { default_transaction_read_only?: string })?.default_transaction_read_only !== 'on') {
    turnedReadWrite.add(client);
    throw Object.assign(new Error('the read-only session is not read-only (does the connection string set default_transaction_read_only?)'), { code: 'RO000' });
  }
  checkedReadOnly.add(client);
  // PostgreSQL 14+ reports this setting whenever it changes, so a cell switching it off is seen.
  const connection = (client as unknown as { connection?: EventEmitter }).connection;
  connection?.on('parameterStatus', (m: { parameterName?: string; parameterValue?: string }) => {
    if (m.parameterName === 'default_transaction_read_only' && m.parameterValue !== 'on') turnedReadWrite.add(client);
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

/** The line of the cell an error position points at, with a caret, as psql prints it. */
function positionLine(code: string, position: number): string {
  const before = code.slice(0, position - 1);
  const lineNo = before.split('\n').length;
  const line = code.split('\n')[lineNo - 1] ?? '';
  const col = before.length - before.lastIndexOf('\n') - 1;
  return `LINE ${lineNo}: ${line}\n${' '.repeat(`LINE ${lineNo}: `.length + col)}^`;
}

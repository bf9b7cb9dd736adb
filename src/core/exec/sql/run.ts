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
import { formatMs } from '../../units';
import type { Masker } from '../../secrets/mask';
import type { ExecRequest, ExecResult, SqlResultData } from '../types';

/** Mitigations write through `readWrite`; everything else runs on `readOnly` sessions. */
interface SessionPools {
  readOnly: Pool;
  readWrite: Pool;
}

/** What is known of one server session (a pg client), for as long as it lives. */
interface Session {
  /** statement_timeout last set: set again only when it changes. */
  timeoutMs?: number;
  /** A read-only session checked to be read-only. */
  checkedReadOnly: boolean;
  /** No longer to be trusted: turned read-write, or reading strings differently from the parser that split the cell. */
  turnedReadWrite: boolean;
  /** The server reports default_transaction_read_only when it changes (14+). */
  reportsReadOnly: boolean;
  /** Emitted 'end' or 'error': never reused. */
  dead: boolean;
  /** Listens for 'end' and 'error' (from the first time it is kept). */
  lifeWatched: boolean;
  /** The cell it runs now, which its notices go to. */
  run: SqlRun | null;
}

/** How long a kept session waits for the next cell before it goes back to its pool. */
const KEEP_MS = 1000;
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

/** Closes every pool of the shared sessions (CLI exit, extension deactivate, tests). */
export function closeSqlPools(): Promise<void> {
  return sqlSessions.dispose();
}

/** Runs a SQL cell on the shared sessions. */
export function runSql(req: ExecRequest): Promise<ExecResult> {
  return sqlSessions.run(req);
}

/**
 * The PostgreSQL sessions SQL cells run on, and all that is known of them: two pools per
 * connection string, the session each pool keeps for the next cell, the cells running now (one
 * ticker watches them), and the names of the column types seen. `dispose()` closes the pools; a
 * later cell opens new ones.
 */
class SqlSessions {
  private readonly pools = new Map<string, SessionPools>();
  private readonly sessions = new WeakMap<PoolClient, Session>();
  private readonly typeNames = new Map<number, string>();
  /** The unit of each (kept) one-statement plan: the common read builds nothing per run. */
  private readonly singleUnits = new WeakMap<SqlStatement[], Unit[]>();
  /** Whether a mitigation's text may change its session's settings, by text (at most 256). */
  private readonly settingsAnswers = new Map<string, boolean>();
  /** The session each pool's last cell used, kept checked out for the next one (see `keep`). */
  private readonly kept = new Map<Pool, PoolClient>();
  private keepTimer: NodeJS.Timeout | null = null;
  /** The cells running now, and the one ticker that watches them (see `watch`). */
  private readonly running = new Set<SqlRun>();
  private ticker: NodeJS.Timeout | null = null;

  /** Closes every pool. The instance stays usable: the next cell opens new pools. */
  async dispose(): Promise<void> {
    this.releaseKept();
    const all = [...this.pools.values()].flatMap((p) => [p.readOnly, p.readWrite]);
    this.pools.clear();
    await Promise.all(all.map((p) => p.end().catch(() => {})));
  }

  async run(req: ExecRequest): Promise<ExecResult> {
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

    const sessionPools = this.poolsFor(url, Math.min(req.timeoutMs, 10_000));
    const pool = readOnly ? sessionPools.readOnly : sessionPools.readWrite;
    let client: PoolClient;
    try {
      client = this.takeKept(pool) ?? (await pool.connect());
    } catch (err) {
      return finish(out, started, req, 'failed', `cannot connect to PostgreSQL: ${(err as Error).message || (err as { code?: string }).code || String(err)}`);
    }
    const session = this.sessionOf(client);
    const run = new SqlRun(req, out, client, sessionPools.readWrite, started);
    session.run = run;
    this.watch(run);

    let broken = false;
    let inTransaction = false;
    let unit: Unit = { text: req.code, offset: 0, begins: false, ends: false };
    const results: SqlResultData[] = [];
    try {
      const timeoutMs = Math.max(1, Math.round(req.timeoutMs));
      if (needsPrepare(session, timeoutMs, readOnly)) await prepareSession(client, session, timeoutMs, readOnly);
      const units = readOnly ? this.readOnlyUnits(statements, !session.reportsReadOnly) : [unit];
      for (unit of units) {
        // A cancel or deadline that came between two statements stops the next one from starting.
        if (req.signal.aborted && !run.stopped) run.stopped = 'cancelled';
        if (run.stopped) throw Object.assign(new Error(run.stopped), { code: '57014' });
        if (unit.begins) inTransaction = true;
        const raw = await client.query(unit.text);
        if (unit.ends) inTransaction = false;
        let list = Array.isArray(raw) ? (raw as QueryResult[]) : [raw];
        if (unit.begins || unit.ends) list = list.slice(unit.begins ? 1 : 0, unit.ends ? -1 : undefined);
        if (this.missingTypes(list)) await this.loadTypeNames(client, list);
        for (const r of list) {
          const data = this.toData(r, req.rowLimit ?? 200, req.masker);
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
      this.unwatch(run);
      session.run = null;
      if (!readOnly && this.mayChangeSettings(req.code)) session.timeoutMs = undefined;
      // A read-only session a cell managed to turn read-write is closed, never handed to the next cell.
      if (broken || session.turnedReadWrite) client.release(true);
      else if (!this.keep(pool, client, session)) client.release();
    }
  }

  private poolsFor(url: string, connectTimeoutMs: number): SessionPools {
    let p = this.pools.get(url);
    if (!p) {
      p = { readOnly: newPool(withReadOnlyOption(url), connectTimeoutMs), readWrite: newPool(url, connectTimeoutMs) };
      this.pools.set(url, p);
    }
    return p;
  }

  /** The session's record, made the first time a client is seen; its notices go to the cell it runs. */
  private sessionOf(client: PoolClient): Session {
    let session = this.sessions.get(client);
    if (!session) {
      const s: Session = { checkedReadOnly: false, turnedReadWrite: false, reportsReadOnly: false, dead: false, lifeWatched: false, run: null };
      this.sessions.set(client, s);
      client.on('notice', (n: { severity?: string; message?: string }) => s.run?.notice(n));
      session = s;
    }
    return session;
  }

  private readOnlyUnits(statements: SqlStatement[], wrapSingle: boolean): Unit[] {
    if (statements.length === 1 && !wrapSingle) {
      let units = this.singleUnits.get(statements);
      if (!units) this.singleUnits.set(statements, (units = [{ text: statements[0].text, offset: statements[0].start, begins: false, ends: false }]));
      return units;
    }
    return statements.map((st, i) => {
      const begins = i === 0;
      const ends = i === statements.length - 1;
      return { text: (begins ? BEGIN_READ_ONLY : '') + st.text + (ends ? END_READ_ONLY : ''), offset: st.start - (begins ? BEGIN_READ_ONLY.length : 0), begins, ends };
    });
  }

  /** Whether a mitigation may have changed its session's statement_timeout (SET, RESET, DISCARD, DO…). */
  private mayChangeSettings(code: string): boolean {
    let answer = this.settingsAnswers.get(code);
    if (answer === undefined) {
      const statements = readSql(code)?.statements;
      if (!statements) return true; // not read (yet): assume it did
      answer = statements.some((st) => !PLAIN.has(st.type) || calledFunctions(st).includes('set_config'));
      if (this.settingsAnswers.size >= 256) this.settingsAnswers.clear();
      this.settingsAnswers.set(code, answer);
    }
    return answer;
  }

  // The session the last cell of each pool used stays checked out for the next one: cells mostly
  // run one after another, and pg-pool's checkout and release (a promise, events, an idle timer)
  // cost as much as the rest of a fast cell. Only public API is relied on: a session that emits
  // 'end' or 'error' is never reused, and kept sessions go back to the pool within KEEP_MS, so the
  // pool's idle timeout and end() work as usual. Cells running at the same time use the pool.
  private keep(pool: Pool, client: PoolClient, session: Session): boolean {
    if (this.kept.has(pool) || session.dead || pool.ending) return false;
    if (!session.lifeWatched) {
      session.lifeWatched = true;
      client.on('end', () => (session.dead = true));
      // A checked-out session that loses its server emits 'error' with no pool listener attached:
      // without this listener that would crash the extension host.
      client.on('error', () => {
        session.dead = true;
        if (this.kept.get(pool) !== client) return;
        this.kept.delete(pool);
        client.release(true);
      });
    }
    this.kept.set(pool, client);
    if (!this.keepTimer) {
      this.keepTimer = setTimeout(() => this.releaseKept(), KEEP_MS);
      this.keepTimer.unref();
    }
    return true;
  }

  private takeKept(pool: Pool): PoolClient | undefined {
    const client = this.kept.get(pool);
    if (!client) return undefined;
    this.kept.delete(pool);
    if (!this.sessions.get(client)?.dead) return client;
    client.release(true);
    return undefined;
  }

  private releaseKept(): void {
    if (this.keepTimer) clearTimeout(this.keepTimer);
    this.keepTimer = null;
    for (const [pool, client] of this.kept) {
      this.kept.delete(pool);
      client.release(this.sessions.get(client)?.dead ? true : undefined);
    }
  }

  // Cancel and the watchdog: most cells answer in well under ARM_MS, and listening to the signal
  // (or arming a timer) for each would cost more than their query. One shared ticker, running only
  // while cells run, looks at the running cells every ARM_MS: it cancels those whose signal fired,
  // starts listening to the signal of those running longer than ARM_MS (so a cancel then is
  // immediate), and stops those past their deadline. A cancel waits at most 2 × ARM_MS.
  private watch(run: SqlRun): void {
    this.running.add(run);
    if (!this.ticker) this.ticker = setInterval(() => this.tick(), ARM_MS);
  }

  private unwatch(run: SqlRun): void {
    this.running.delete(run);
    if (run.onAbort) run.req.signal.removeEventListener('abort', run.onAbort);
  }

  private tick(): void {
    if (this.running.size === 0) {
      clearInterval(this.ticker!);
      this.ticker = null;
      return;
    }
    const now = performance.now();
    for (const run of this.running) {
      if (run.req.signal.aborted) run.cancel('cancelled');
      else if (now >= run.deadline) run.cancel('timeout');
      else if (!run.onAbort && now - run.started >= ARM_MS) {
        run.onAbort = () => run.cancel('cancelled');
        run.req.signal.addEventListener('abort', run.onAbort, { once: true });
      }
    }
  }

  /** A result as text values, secrets masked (every string a person or the timeline may see). */
  private toData(r: QueryResult, rowLimit: number, masker: Masker): SqlResultData {
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
      columns: fields.map((f) => ({ name: masker.mask(f.name), type: this.typeNames.get(f.dataTypeID) ?? String(f.dataTypeID) })),
      rows: shown,
      omittedRows: Math.max(0, rows.length - shown.length),
    };
  }

  private missingTypes(results: QueryResult[]): boolean {
    for (const r of results) for (const f of r.fields ?? []) if (!this.typeNames.has(f.dataTypeID)) return true;
    return false;
  }

  private async loadTypeNames(client: PoolClient, results: QueryResult[]): Promise<void> {
    const missing = new Set<number>();
    for (const r of results) for (const f of r.fields ?? []) if (!this.typeNames.has(f.dataTypeID)) missing.add(f.dataTypeID);
    if (missing.size === 0) return;
    const res = await client.query('SELECT oid::int AS oid, typname FROM pg_type WHERE oid = ANY($1::oid[])', [[...missing]]);
    for (const row of res.rows as Array<{ oid: number; typname: string }>) this.typeNames.set(row.oid, row.typname);
  }
}

/** The sessions every caller in this process shares (runCell, the CLI, the extension). */
const sqlSessions = new SqlSessions();

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

/** Whether `prepareSession` has anything to do (checked first: most cells need no extra round trip). */
function needsPrepare(session: Session, timeoutMs: number, readOnly: boolean): boolean {
  return session.timeoutMs !== timeoutMs || (readOnly && !session.checkedReadOnly);
}

/**
 * Sets the session's statement_timeout when it differs from the last one set, and checks once that
 * a read-only session really is one (a connection string's own options could have undone it).
 */
async function prepareSession(client: PoolClient, session: Session, timeoutMs: number, readOnly: boolean): Promise<void> {
  const newTimeout = session.timeoutMs !== timeoutMs;
  const check = readOnly && !session.checkedReadOnly;
  if (!newTimeout && !check) return;
  const sql = [
    newTimeout ? `SET statement_timeout = ${timeoutMs}` : '',
    check ? "SELECT current_setting('default_transaction_read_only') AS default_transaction_read_only, current_setting('server_version_num')::int >= 140000 AS reports" : '',
  ]
    .filter(Boolean)
    .join(';');
  const res = await client.query(sql);
  if (newTimeout) session.timeoutMs = timeoutMs;
  if (!check) return;
  const last = Array.isArray(res) ? res[res.length - 1] : res;
  const row = last.rows[0] as { default_transaction_read_only?: string; reports?: boolean } | undefined;
  if (row?.default_transaction_read_only !== 'on') {
    session.turnedReadWrite = true;
    throw Object.assign(new Error('the read-only session is not read-only (does the connection string set default_transaction_read_only?)'), { code: 'RO000' });
  }
  session.checkedReadOnly = true;
  if (row.reports) session.reportsReadOnly = true;
  // PostgreSQL 14+ reports this setting whenever it changes, so a cell switching it off is seen.
  const connection = (client as unknown as { connection?: EventEmitter }).connection;
  connection?.on('parameterStatus', (m: { parameterName?: string; parameterValue?: string }) => {
    if (m.parameterName === 'default_transaction_read_only' && m.parameterValue !== 'on') session.turnedReadWrite = true;
    if (m.parameterName === 'standard_conforming_strings' && m.parameterValue !== 'on') session.turnedReadWrite = true;
  });
}


// SQL cells on PostgreSQL: a pool per connection string, several statements per cell, psql-like
// tables. Diagnostic cells run inside `BEGIN READ ONLY` and are rolled back, so a write fails and
// changes nothing. Cancel and timeout send a real cancel to the server.
import { Pool, type PoolClient, type QueryResult } from 'pg';
import { OutputCollector } from './collector';
import { formatSqlResult } from './sqlFormat';
import { formatMs } from './shell';
import type { ExecRequest, ExecResult, SqlResultData } from './types';

const pools = new Map<string, Pool>();
const typeNames = new Map<number, string>();
const sessionTimeouts = new WeakMap<PoolClient, number>();
const READ_ONLY_PREFIX = 'BEGIN READ ONLY;\n';

/** The variable holding the connection string: the cell's `db` attribute or DATABASE_URL. */
export function sqlUrlVariable(attributes: { db?: string }): string {
  return attributes.db || 'DATABASE_URL';
}

function poolFor(url: string, connectTimeoutMs: number): Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new Pool({ connectionString: url, max: 4, idleTimeoutMillis: 30_000, connectionTimeoutMillis: connectTimeoutMs, allowExitOnIdle: true });
    // An idle client losing its server must not crash the process.
    pool.on('error', () => {});
    pools.set(url, pool);
  }
  return pool;
}

/** Closes every pool (CLI exit, extension deactivate, tests). */
export async function closeSqlPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.end().catch(() => {})));
}

export async function runSql(req: ExecRequest): Promise<ExecResult> {
  const started = performance.now();
  const out = new OutputCollector(req);
  const urlVar = sqlUrlVariable(req.attributes);
  const url = req.env[urlVar];
  const done = (status: ExecResult['status'], error?: string, data?: ExecResult['data']): ExecResult => {
    const { text, omittedBytes } = out.finish();
    return { status, durationMs: performance.now() - started, text, omittedBytes, error: error && req.masker.mask(error), data };
  };
  if (!url) return done('failed', `no connection string: set ${urlVar}`);
  if (req.signal.aborted) return done('cancelled', 'cancelled');

  const pool = poolFor(url, Math.min(req.timeoutMs, 10_000));
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    return done('failed', `cannot connect to PostgreSQL: ${(err as Error).message || (err as { code?: string }).code || String(err)}`);
  }
  const notices: string[] = [];
  const onNotice = (n: { severity?: string; message?: string }) => {
    const line = `${n.severity ?? 'NOTICE'}:  ${n.message ?? ''}`;
    notices.push(req.masker.mask(line));
    out.write(line + '\n', 'stderr');
  };
  client.on('notice', onNotice);

  let stopped: 'cancelled' | 'timeout' | null = null;
  const cancel = (why: 'cancelled' | 'timeout') => {
    if (stopped) return;
    stopped = why;
    const pid = (client as unknown as { processID?: number }).processID;
    if (pid) void pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => {});
  };
  const onAbort = () => cancel('cancelled');
  req.signal.addEventListener('abort', onAbort, { once: true });
  // The server's statement_timeout normally fires first; this catches a stuck connection.
  const timer = setTimeout(() => cancel('timeout'), req.timeoutMs + 1000);

  const readOnly = req.classification !== 'mitigation';
  let broken = false;
  const results: SqlResultData[] = [];
  try {
    // The session keeps its statement_timeout between cells: set it only when it changes.
    const ms = Math.max(1, Math.round(req.timeoutMs));
    if (sessionTimeouts.get(client) !== ms) {
      await client.query(`SET statement_timeout = ${ms}`);
      sessionTimeouts.set(client, ms);
    }
    // BEGIN travels with the cell's text: one round trip, and the first result is BEGIN's.
    let raw: QueryResult | QueryResult[];
    try {
      raw = await client.query(readOnly ? READ_ONLY_PREFIX + req.code : req.code);
    } finally {
      if (readOnly) await client.query('ROLLBACK').catch(() => (broken = true));
    }
    if (readOnly) raw = (Array.isArray(raw) ? raw : [raw]).slice(1);
    const list = Array.isArray(raw) ? raw : [raw];
    await loadTypeNames(client, list);
    for (const r of list) {
      const data = toData(r, req.rowLimit ?? 200);
      results.push(req.masker.maskDeep(data));
      out.writeBlock(formatSqlResult(data) + '\n');
    }
    return done('ok', undefined, { kind: 'sql', results, notices });
  } catch (err) {
    const e = err as { message?: string; code?: string; position?: string; detail?: string; hint?: string };
    if (e.code === '57014' || stopped) {
      const why = stopped ?? 'timeout';
      return done(why, why === 'timeout' ? `timed out after ${formatMs(req.timeoutMs)} (statement cancelled on the server)` : 'cancelled (statement cancelled on the server)', {
        kind: 'sql',
        results,
        notices,
      });
    }
    if (!e.code) broken = true;
    let msg = `ERROR:  ${e.message ?? String(err)}`;
    if (e.code === '25006') msg += '\nHINT:  this cell is classified diagnostic and runs read-only; mark it `mutates` if it is meant to change data';
    if (e.detail) msg += `\nDETAIL:  ${e.detail}`;
    if (e.hint) msg += `\nHINT:  ${e.hint}`;
    if (e.position) msg += `\n${positionLine(req.code, Number(e.position) - (readOnly ? READ_ONLY_PREFIX.length : 0))}`;
    return done('failed', msg, { kind: 'sql', results, notices });
  } finally {
    clearTimeout(timer);
    req.signal.removeEventListener('abort', onAbort);
    client.off('notice', onNotice);
    client.release(broken ? true : undefined);
  }
}

function toData(r: QueryResult, rowLimit: number): SqlResultData {
  const fields = r.fields ?? [];
  const rows = (r.rows as Array<Record<string, unknown> | unknown[]>) ?? [];
  const shown = rows.slice(0, rowLimit).map((row) =>
    fields.map((f, i) => {
      const v = Array.isArray(row) ? row[i] : (row as Record<string, unknown>)[f.name];
      return v === null || v === undefined ? null : typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : String(v);
    }),
  );
  return {
    command: r.command ?? '',
    rowCount: r.rowCount ?? null,
    columns: fields.map((f) => ({ name: f.name, type: typeNames.get(f.dataTypeID) ?? String(f.dataTypeID) })),
    rows: shown,
    omittedRows: Math.max(0, rows.length - shown.length),
  };
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

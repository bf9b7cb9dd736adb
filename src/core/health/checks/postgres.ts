// `postgres`: connections by state against max_connections, and the longest running query.
import { Client } from 'pg';
import type { PostgresCheck } from '../config';
import { describeError, down, judged, notConfigured, type CheckContext } from '../outcome';
import { formatMs } from '../../units';
import type { CheckOutcome } from '../types';
import { resolveConnection } from '../variables';

const STATS_SQL = `
  SELECT coalesce(state, 'unknown') AS state, count(*)::int AS count
  FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1 ORDER BY 2 DESC`;
const LONGEST_SQL = `
  SELECT pid, extract(epoch FROM now() - query_start)::float8 AS seconds, left(query, 300) AS query
  FROM pg_stat_activity
  WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
  ORDER BY query_start LIMIT 1`;

export async function checkPostgres(check: PostgresCheck, { env, signal }: CheckContext): Promise<CheckOutcome> {
  const connection = resolveConnection(check.connection, env);
  if (connection.missing.length) return notConfigured(connection.missing);

  const client = new Client({
    connectionString: connection.value,
    connectionTimeoutMillis: check.timeoutMs,
    query_timeout: check.timeoutMs,
    application_name: 'incident-runbooks-health',
  });
  client.on('error', () => {}); // a dropped connection is reported by the awaited call instead
  // pg has no AbortSignal: on timeout, destroy the socket so nothing is left waiting.
  const abort = () => {
    (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    client.end().catch(() => {});
  };
  signal.addEventListener('abort', abort, { once: true });
  try {
    await client.connect();
    const max = Number((await client.query('SHOW max_connections')).rows[0].max_connections);
    const byState = (await client.query<{ state: string; count: number }>(STATS_SQL)).rows;
    const longest = (await client.query<{ pid: number; seconds: number; query: string }>(LONGEST_SQL)).rows[0];

    const total = byState.reduce((sum, r) => sum + r.count, 0);
    const usedPct = max > 0 ? (total / max) * 100 : 0;
    const states = Object.fromEntries(byState.map((r) => [r.state, r.count]));
    const details: Record<string, unknown> = {
      connections: { total, max, usedPct: round(usedPct), byState: states },
      longestQuery: longest ? { pid: longest.pid, seconds: round(longest.seconds), query: longest.query } : null,
      thresholds: { maxConnectionsPct: check.maxConnectionsPct, longQuerySeconds: check.longQuerySeconds },
    };
    const stateText = byState.map((r) => `${r.count} ${r.state}`).join(', ');
    const figures = [`${total}/${max} connections${stateText ? ` (${stateText})` : ''}`];
    if (longest) figures.push(`longest query ${formatMs(longest.seconds * 1000)}`);

    const problems: string[] = [];
    if (usedPct > check.maxConnectionsPct) {
      problems.push(`connections at ${Math.round(usedPct)}% of max_connections (threshold ${check.maxConnectionsPct}%)`);
    }
    if (longest && longest.seconds > check.longQuerySeconds) {
      problems.push(`a query has run ${formatMs(longest.seconds * 1000)} (threshold ${check.longQuerySeconds} s)`);
    }
    return judged(figures, problems, details);
  } catch (err) {
    if (signal.aborted) throw err;
    const reason = describeError(err);
    return down(reason, reason);
  } finally {
    signal.removeEventListener('abort', abort);
    client.end().catch(() => {});
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

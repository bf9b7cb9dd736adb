// `redis`: PING latency, used_memory against maxmemory, connected clients, cache hit rate.
import Redis from 'ioredis';
import type { RedisCheck } from '../config';
import { describeError, down, judged, notConfigured, type CheckContext } from '../outcome';
import { formatBytes, formatMs } from '../../units';
import type { CheckOutcome } from '../types';
import { resolveConnection } from '../variables';

export async function checkRedis(check: RedisCheck, { env, signal }: CheckContext): Promise<CheckOutcome> {
  const connection = resolveConnection(check.connection, env);
  if (connection.missing.length) return notConfigured(connection.missing);

  // One attempt, no reconnects, no queueing: a health check must fail fast, not retry forever.
  const redis = new Redis(connection.value, {
    lazyConnect: true,
    connectTimeout: check.timeoutMs,
    commandTimeout: check.timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
    connectionName: 'incident-runbooks-health',
  });
  // ioredis rejects with "Connection is closed." after the real cause arrives as an event: keep it.
  let lastError: unknown;
  redis.on('error', (err) => (lastError = err));
  const abort = () => redis.disconnect();
  signal.addEventListener('abort', abort, { once: true });
  try {
    await redis.connect();
    const started = performance.now();
    await redis.ping();
    const pingMs = performance.now() - started;
    const info = parseInfo(await redis.info());

    const used = num(info.used_memory);
    const max = num(info.maxmemory);
    const clients = num(info.connected_clients);
    const hits = num(info.keyspace_hits);
    const misses = num(info.keyspace_misses);
    const memoryPct = max > 0 ? (used / max) * 100 : null;
    const hitRatePct = hits + misses > 0 ? (hits / (hits + misses)) * 100 : null;
    const details: Record<string, unknown> = {
      pingMs: round(pingMs),
      memory: { used, max, usedPct: memoryPct === null ? null : round(memoryPct), human: info.used_memory_human },
      connectedClients: clients,
      keyspace: { hits, misses, hitRatePct: hitRatePct === null ? null : round(hitRatePct) },
      version: info.redis_version,
      uptimeSeconds: num(info.uptime_in_seconds),
      thresholds: { maxMemoryPct: check.maxMemoryPct, minHitRatePct: check.minHitRatePct ?? null },
    };
    const memoryText = max > 0 ? `mem ${formatBytes(used)}/${formatBytes(max)} (${Math.round(memoryPct!)}%)` : `mem ${formatBytes(used)} (no maxmemory)`;
    const figures = [`PING ${formatMs(pingMs)}`, memoryText, `${clients} client${clients === 1 ? '' : 's'}`];
    if (hitRatePct !== null) figures.push(`hit rate ${Math.round(hitRatePct)}%`);

    const problems: string[] = [];
    if (memoryPct !== null && memoryPct > check.maxMemoryPct) {
      problems.push(`memory at ${Math.round(memoryPct)}% of maxmemory (threshold ${check.maxMemoryPct}%)`);
    }
    if (check.minHitRatePct !== undefined && hitRatePct !== null && hitRatePct < check.minHitRatePct) {
      problems.push(`hit rate ${Math.round(hitRatePct)}% (threshold ${check.minHitRatePct}%)`);
    }
    return judged(figures, problems, details);
  } catch (err) {
    if (signal.aborted) throw err;
    const reason = describeError(lastError ?? err);
    return down(reason, reason);
  } finally {
    signal.removeEventListener('abort', abort);
    redis.disconnect();
  }
}

/** `INFO` text ("key:value" lines under "# Section" headings) as a flat map. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return out;
}

function num(value: string | undefined): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

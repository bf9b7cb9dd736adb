// The demo world's API: a small node:http service that answers the guide's health endpoints
// with real figures from PostgreSQL, Redis and the host, and an admin maintenance switch so
// mitigation cells have something to act on. It stays up when a dependency is down and says so.
// `/metrics` serves request counts, a latency histogram and database connection use in
// Prometheus's text format, for the demo's Prometheus and the runbooks' PromQL cells.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import * as os from 'node:os';
import { Client } from 'pg';
import { Redis } from 'ioredis';

export type DependencyStatus = 'ok' | 'degraded' | 'down';

export interface HealthServiceOptions {
  databaseUrl: string;
  redisUrl: string;
  /** 0 picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** Bearer token for /api/admin/*; without one, admin calls are refused. */
  adminToken?: string;
  /** How long one dependency check may take before it counts as down. */
  checkTimeoutMs?: number;
}

export interface HealthService {
  url: string;
  port: number;
  maintenance(): MaintenanceState;
  close(): Promise<void>;
}

export interface MaintenanceState {
  enabled: boolean;
  /** Scopes in maintenance (`all`, `assistant`…), with when each was switched on. */
  scopes: Record<string, string>;
}

const started = Date.now();

export async function startHealthService(options: HealthServiceOptions): Promise<HealthService> {
  const timeoutMs = options.checkTimeoutMs ?? 2000;
  const maintenance: MaintenanceState = { enabled: false, scopes: {} };
  const checks = {
    database: () => databaseStats(options.databaseUrl, timeoutMs),
    cache: () => cacheStats(options.redisUrl, timeoutMs),
    system: async () => systemStats(),
  };

  const routes: Record<string, (req: IncomingMessage) => Promise<[number, unknown]>> = {
    'GET /health': async () => [200, { status: 'ok', uptimeSeconds: uptimeSeconds() }],
    'GET /health/database/stats': async () => withCode(await checks.database()),
    'GET /health/cache/stats': async () => withCode(await checks.cache()),
    'GET /health/system': async () => withCode(await checks.system()),
    'GET /health/detailed': async () => {
      const [database, cache, system] = await Promise.all([checks.database(), checks.cache(), checks.system()]);
      const dependencies = { database, cache, system };
      const statuses = Object.values(dependencies).map((d) => d.status);
      const status: DependencyStatus = statuses.every((s) => s === 'ok')
        ? 'ok'
        : database.status === 'down'
          ? 'down'
          : 'degraded';
      return withCode({
        status,
        timestamp: new Date().toISOString(),
        uptimeSeconds: uptimeSeconds(),
        maintenance,
        dependencies,
      });
    },
    'GET /api/admin/maintenance': async (req) =>
      authorized(req, options.adminToken) ? [200, maintenance] : [401, { error: 'missing or wrong bearer token' }],
    'POST /api/admin/maintenance': async (req) => {
      if (!authorized(req, options.adminToken)) return [401, { error: 'missing or wrong bearer token' }];
      const body = await readJson(req);
      if (!body || typeof body.enabled !== 'boolean') {
        return [400, { error: 'expected a JSON body like {"enabled": true} (optional "scope": "assistant")' }];
      }
      const scope = typeof body.scope === 'string' && body.scope ? body.scope : 'all';
      if (body.enabled) maintenance.scopes[scope] = new Date().toISOString();
      else delete maintenance.scopes[scope];
      maintenance.enabled = Object.keys(maintenance.scopes).length > 0;
      return [200, maintenance];
    },
  };

  const metrics = new Metrics(() => databaseStats(options.databaseUrl, timeoutMs));
  const server = createServer((req, res) => {
    const started = performance.now();
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/\/+$/, '') || '/';
    const route = routes[`${req.method} ${path}`];
    // Unknown paths count as one route, so a scanner cannot blow up the number of series.
    res.once('finish', () => metrics.observe(route !== undefined || path === '/metrics' ? path : 'other', req.method ?? 'GET', res.statusCode, (performance.now() - started) / 1000));
    if (req.method === 'GET' && path === '/metrics') {
      void metrics.render().then((text) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(text);
      });
      return;
    }
    if (!route) return send(res, 404, { error: `no route ${req.method} ${path}` });
    route(req).then(
      ([code, body]) => send(res, code, body),
      (err) => send(res, 500, { error: String(err instanceof Error ? err.message : err) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    maintenance: () => structuredClone(maintenance),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The service's own metrics, kept in memory and written in Prometheus's text exposition format. */
class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, { buckets: number[]; sum: number; count: number }>();
  private pool: { at: number; used: number; max: number } | undefined;

  constructor(private readonly database: () => ReturnType<typeof databaseStats>) {}

  observe(route: string, method: string, code: number, seconds: number): void {
    const key = `route="${route}",method="${method}",code="${code}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    let h = this.latency.get(route);
    if (!h) this.latency.set(route, (h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((b, i) => seconds <= b && h.buckets[i]++);
    h.sum += seconds;
    h.count++;
  }

  async render(): Promise<string> {
    const lines = [
      '# HELP http_requests_total Requests answered, by route, method and status code.',
      '# TYPE http_requests_total counter',
      ...[...this.requests].map(([labels, n]) => `http_requests_total{${labels}} ${n}`),
      '# HELP http_request_duration_seconds Time to answer a request.',
      '# TYPE http_request_duration_seconds histogram',
    ];
    for (const [route, h] of this.latency) {
      BUCKETS.forEach((b, i) => lines.push(`http_request_duration_seconds_bucket{route="${route}",le="${b}"} ${h.buckets[i]}`));
      lines.push(`http_request_duration_seconds_bucket{route="${route}",le="+Inf"} ${h.count}`);
      lines.push(`http_request_duration_seconds_sum{route="${route}"} ${h.sum}`, `http_request_duration_seconds_count{route="${route}"} ${h.count}`);
    }
    // Connection use, measured at most every 5 s: a scrape every second must not load the database.
    if (!this.pool || Date.now() - this.pool.at > 5000) {
      const stats = await this.database();
      this.pool = 'connections' in stats && stats.connections ? { at: Date.now(), used: stats.connections.total, max: stats.connections.max } : { at: Date.now(), used: NaN, max: NaN };
    }
    lines.push(
      '# HELP db_connections_in_use Client connections to PostgreSQL (pg_stat_activity).',
      '# TYPE db_connections_in_use gauge',
      `db_connections_in_use ${this.pool.used}`,
      '# HELP db_connections_max PostgreSQL max_connections.',
      '# TYPE db_connections_max gauge',
      `db_connections_max ${this.pool.max}`,
      '# HELP process_resident_memory_bytes Resident memory of the service.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes ${process.memoryUsage().rss}`,
    );
    return lines.join('\n') + '\n';
  }
}

/** 503 when the figure's subject is down, so `curl -f` and monitors notice. */
function withCode<T extends { status: DependencyStatus }>(body: T): [number, unknown] {
  return [body.status === 'down' ? 503 : 200, body];
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(code, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function uptimeSeconds(): number {
  return Math.round((Date.now() - started) / 1000);
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  if (!token || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 64 * 1024) return undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function errorText(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length) return errorText(err.errors[0]);
  return err instanceof Error ? err.message || err.name : String(err);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Connections by state, max_connections and database size, from a fresh connection each time. */
export async function databaseStats(databaseUrl: string, timeoutMs = 2000) {
  const t0 = performance.now();
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs, statement_timeout: timeoutMs });
  client.on('error', () => {});
  try {
    await withTimeout(client.connect(), timeoutMs, 'PostgreSQL');
    const { rows: states } = await client.query<{ state: string | null; count: number }>(
      `SELECT coalesce(state, 'background') AS state, count(*)::int AS count FROM pg_stat_activity GROUP BY 1 ORDER BY 2 DESC`,
    );
    const { rows: [info] } = await client.query<{ max: number; bytes: string; pretty: string; database: string; version: string; longest: number | null }>(
      `SELECT current_setting('max_connections')::int AS max,
              pg_database_size(current_database())::text AS bytes,
              pg_size_pretty(pg_database_size(current_database())) AS pretty,
              current_database() AS database,
              current_setting('server_version') AS version,
              (SELECT extract(epoch FROM max(now() - query_start))::float FROM pg_stat_activity
                WHERE state = 'active' AND pid <> pg_backend_pid()) AS longest`,
    );
    const byState = Object.fromEntries(states.map((r) => [r.state, r.count]));
    const clients = states.filter((r) => r.state !== 'background').reduce((n, r) => n + r.count, 0);
    const usedPercent = Math.round((1000 * clients) / info.max) / 10;
    return {
      status: (usedPercent >= 80 ? 'degraded' : 'ok') as DependencyStatus,
      latencyMs: Math.round(performance.now() - t0),
      database: info.database,
      version: info.version,
      connections: { total: clients, max: info.max, usedPercent, byState },
      longestActiveQuerySeconds: info.longest === null ? null : Math.round(info.longest * 10) / 10,
      size: { bytes: Number(info.bytes), pretty: info.pretty },
    };
  } catch (err) {
    return { status: 'down' as DependencyStatus, latencyMs: Math.round(performance.now() - t0), error: errorText(err) };
  } finally {
    client.end().catch(() => {});
  }
}

/** Redis INFO figures: memory, clients, hits and misses, from a fresh connection each time. */
export async function cacheStats(redisUrl: string, timeoutMs = 2000) {
  const t0 = performance.now();
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const info = parseInfo(await redis.info());
    const keys = await redis.dbsize();
    const num = (k: string) => Number(info[k] ?? 0);
    const hits = num('keyspace_hits');
    const misses = num('keyspace_misses');
    const maxmemory = num('maxmemory');
    const usedMemory = num('used_memory');
    const memoryPercent = maxmemory ? Math.round((1000 * usedMemory) / maxmemory) / 10 : null;
    return {
      status: (memoryPercent !== null && memoryPercent >= 90 ? 'degraded' : 'ok') as DependencyStatus,
      latencyMs: Math.round(performance.now() - t0),
      version: info.redis_version,
      uptimeSeconds: num('uptime_in_seconds'),
      memory: {
        used: usedMemory,
        usedHuman: info.used_memory_human,
        peak: num('used_memory_peak'),
        maxmemory,
        maxmemoryHuman: info.maxmemory_human,
        maxmemoryPolicy: info.maxmemory_policy,
        usedPercent: memoryPercent,
      },
      clients: { connected: num('connected_clients'), blocked: num('blocked_clients'), rejected: num('rejected_connections') },
      keyspace: {
        keys,
        hits,
        misses,
        hitRate: hits + misses ? Math.round((1000 * hits) / (hits + misses)) / 1000 : null,
        evictedKeys: num('evicted_keys'),
        expiredKeys: num('expired_keys'),
      },
    };
  } catch (err) {
    return { status: 'down' as DependencyStatus, latencyMs: Math.round(performance.now() - t0), error: errorText(err) };
  } finally {
    redis.disconnect();
  }
}

function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** The host and this process: memory, load, uptime. */
export function systemStats() {
  const total = os.totalmem();
  const free = os.freemem();
  const usedPercent = Math.round((1000 * (total - free)) / total) / 10;
  const mem = process.memoryUsage();
  return {
    status: (usedPercent >= 90 ? 'degraded' : 'ok') as DependencyStatus,
    hostname: os.hostname(),
    memory: { total, free, used: total - free, usedPercent },
    load: { '1m': os.loadavg()[0], '5m': os.loadavg()[1], '15m': os.loadavg()[2], cpus: os.cpus().length },
    uptimeSeconds: Math.round(os.uptime()),
    process: {
      pid: process.pid,
      uptimeSeconds: Math.round(process.uptime()),
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      heapTotal: mem.heapTotal,
      external: mem.external,
    },
  };
}

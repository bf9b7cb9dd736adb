// The health-check configuration (workspace settings or a CLI config file), validated with zod.
// Each check is validated on its own, so one bad entry is reported by position, name and field
// and the others still run.
import { z } from 'zod';
import { ConditionError, parseCondition } from './condition';

export const CHECK_KINDS = ['http', 'postgres', 'redis', 'tcp', 'command'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const DEFAULT_TIMEOUT_MS = 5000;

const common = {
  /** Stable key for results and transitions; derived from the name when left out. */
  id: z.string().regex(/^[\w.-]+$/, { error: 'use letters, digits, ".", "-" or "_"' }).optional(),
  name: z.string().min(1, { error: 'must not be empty' }),
  timeoutMs: z.number().int().min(50, { error: 'must be at least 50 (milliseconds)' }).max(600_000).default(DEFAULT_TIMEOUT_MS),
};

const condition = z.string().superRefine((text, ctx) => {
  try {
    parseCondition(text);
  } catch (err) {
    if (!(err instanceof ConditionError)) throw err;
    ctx.addIssue({ code: 'custom', message: err.message });
  }
});

const pct = z.number().min(0).max(100);

const httpCheck = z.strictObject({
  ...common,
  kind: z.literal('http'),
  /** `$VAR` and `${VAR}` are resolved from the environment. */
  url: z.string().min(1, { error: 'must not be empty' }),
  method: z.enum(['GET', 'HEAD', 'POST']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  expectStatus: z.number().int().min(100).max(599).default(200),
  /** Each must hold on the JSON body, else the check is degraded. */
  conditions: z.array(condition).default([]),
});

const postgresCheck = z.strictObject({
  ...common,
  kind: z.literal('postgres'),
  /** A variable name (`DATABASE_URL`) or a connection string that may use `$VAR`. */
  connection: z.string().min(1).default('DATABASE_URL'),
  /** Degraded when connections exceed this share of max_connections. */
  maxConnectionsPct: pct.default(80),
  /** Degraded when an active query has run longer than this. */
  longQuerySeconds: z.number().positive().default(60),
});

const redisCheck = z.strictObject({
  ...common,
  kind: z.literal('redis'),
  connection: z.string().min(1).default('REDIS_URL'),
  /** Degraded when used_memory exceeds this share of maxmemory (when maxmemory is set). */
  maxMemoryPct: pct.default(90),
  /** Degraded when the cache hit rate falls below this (off when left out). */
  minHitRatePct: pct.optional(),
});

const tcpCheck = z.strictObject({
  ...common,
  kind: z.literal('tcp'),
  host: z.string().min(1),
  port: z.union([z.number().int().min(1).max(65535), z.string().min(1)]),
});

const commandCheck = z.strictObject({
  ...common,
  kind: z.literal('command'),
  /** Run with `bash -c`; exit code 0 is ok. */
  command: z.string().min(1, { error: 'must not be empty' }),
  cwd: z.string().optional(),
  /** Exit codes that mean "degraded" rather than "down". */
  degradedExitCodes: z.array(z.number().int()).default([]),
});

const schemas = { http: httpCheck, postgres: postgresCheck, redis: redisCheck, tcp: tcpCheck, command: commandCheck };

export type HttpCheck = z.infer<typeof httpCheck> & { id: string };
export type PostgresCheck = z.infer<typeof postgresCheck> & { id: string };
export type RedisCheck = z.infer<typeof redisCheck> & { id: string };
export type TcpCheck = z.infer<typeof tcpCheck> & { id: string };
export type CommandCheck = z.infer<typeof commandCheck> & { id: string };
export type CheckConfig = HttpCheck | PostgresCheck | RedisCheck | TcpCheck | CommandCheck;

export interface ParsedHealthConfig {
  checks: CheckConfig[];
  /** One line per problem: "health check 2 "API" (http): url: must not be empty". */
  problems: string[];
}

/** Validates a list of checks (anything: it comes from settings or a file). Never throws. */
export function parseHealthConfig(raw: unknown): ParsedHealthConfig {
  const list = raw && typeof raw === 'object' && !Array.isArray(raw) && 'checks' in raw ? (raw as { checks: unknown }).checks : raw;
  if (list === undefined || list === null) return { checks: [], problems: [] };
  if (!Array.isArray(list)) {
    return { checks: [], problems: [`health checks: expected a list of checks, got ${describe(list)}`] };
  }
  const checks: CheckConfig[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  list.forEach((item, index) => {
    const label = labelOf(item, index);
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push(`${label}: expected an object such as { "name": "API", "kind": "http", "url": "$API_BASE_URL/health" }, got ${describe(item)}`);
      return;
    }
    const kind = (item as { kind?: unknown }).kind;
    if (typeof kind !== 'string' || !(CHECK_KINDS as readonly string[]).includes(kind)) {
      problems.push(`${label}: kind: must be one of ${CHECK_KINDS.join(', ')}${kind === undefined ? '' : ` (got ${JSON.stringify(kind)})`}`);
      return;
    }
    const result = schemas[kind as CheckKind].safeParse(item);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issue.path.length ? issue.path.map(String).join('.') : '(check)';
        problems.push(`${label}: ${field}: ${issue.message}`);
      }
      return;
    }
    const check = { ...result.data, id: result.data.id ?? slug(result.data.name) } as CheckConfig;
    if (seen.has(check.id)) {
      problems.push(`${label}: id: '${check.id}' is used by another check; give one of them a distinct "id"`);
      return;
    }
    seen.add(check.id);
    checks.push(check);
  });
  return { checks, problems };
}

function labelOf(item: unknown, index: number): string {
  const base = `health check ${index + 1}`;
  if (!item || typeof item !== 'object') return base;
  const { name, kind } = item as { name?: unknown; kind?: unknown };
  return `${base}${typeof name === 'string' && name ? ` "${name}"` : ''}${typeof kind === 'string' ? ` (${kind})` : ''}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `the text ${JSON.stringify(value)}` : `a ${typeof value}`;
}

export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'check';
}

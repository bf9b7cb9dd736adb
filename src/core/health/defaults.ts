// The checks the incident guide runs by hand ("Check Health Endpoints", "Common Checks"), used
// when no checks are configured. Each one whose variable is unset reports "not configured".
import { parseHealthConfig, type CheckConfig } from './config';

export const DEFAULT_CHECK_SETTINGS = [
  { id: 'api', name: 'API (detailed)', kind: 'http', url: '$API_BASE_URL/health/detailed' },
  { id: 'api-database', name: 'API database', kind: 'http', url: '$API_BASE_URL/health/database/stats' },
  { id: 'api-cache', name: 'API cache', kind: 'http', url: '$API_BASE_URL/health/cache/stats' },
  { id: 'api-system', name: 'API system', kind: 'http', url: '$API_BASE_URL/health/system' },
  { id: 'postgres', name: 'PostgreSQL', kind: 'postgres', connection: 'DATABASE_URL' },
  { id: 'redis', name: 'Redis', kind: 'redis', connection: 'REDIS_URL' },
] as const;

export function defaultChecks(): CheckConfig[] {
  return parseHealthConfig(DEFAULT_CHECK_SETTINGS).checks;
}

/** The configured checks, or the defaults when the list is empty or missing. */
export function checksOrDefaults(raw: unknown): { checks: CheckConfig[]; problems: string[]; usingDefaults: boolean } {
  const parsed = parseHealthConfig(raw);
  const empty = parsed.checks.length === 0 && parsed.problems.length === 0;
  return empty ? { checks: defaultChecks(), problems: [], usingDefaults: true } : { ...parsed, usingDefaults: false };
}

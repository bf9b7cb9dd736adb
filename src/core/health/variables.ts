// `$VAR` and `${VAR}` in URLs, hosts and connection strings, resolved from a plain variable map.
import type { HealthEnv } from './types';

export interface Resolved {
  value: string;
  /** Variables the text names that are unset or empty: the check is "not configured". */
  missing: string[];
}

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
const BARE_NAME = /^[A-Z_][A-Z0-9_]*$/;

export function resolveVariables(text: string, env: HealthEnv): Resolved {
  const missing: string[] = [];
  const value = text.replace(REFERENCE, (_whole, braced: string | undefined, bare: string | undefined, offset: number) => {
    const name = (braced ?? bare)!;
    const found = env[name];
    if (found === undefined || found === '') {
      if (!missing.includes(name)) missing.push(name);
      return '';
    }
    // `$API_BASE_URL/health` with API_BASE_URL="https://x/" must not give "https://x//health".
    const next = text[offset + _whole.length];
    return next === '/' ? found.replace(/\/+$/, '') : found;
  });
  return { value, missing };
}

/** A connection setting is either a variable name (`DATABASE_URL`) or a string that may use `$VAR`. */
export function resolveConnection(setting: string, env: HealthEnv): Resolved {
  return resolveVariables(BARE_NAME.test(setting) ? `$${setting}` : setting, env);
}

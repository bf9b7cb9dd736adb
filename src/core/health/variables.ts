// `$VAR` and `${VAR}` in URLs, hosts and connection strings, resolved from a plain variable map.
import type { HealthEnv } from './types';
import { replaceVariableReferences } from '../variableReferences';

export interface Resolved {
  value: string;
  /** Variables the text names that are unset or empty: the check is "not configured". */
  missing: string[];
}

const BARE_NAME = /^[A-Z_][A-Z0-9_]*$/;

export function resolveVariables(text: string, env: HealthEnv): Resolved {
  const missing: string[] = [];
  const value = replaceVariableReferences(text, (name, _whole, end) => {
    const found = env[name];
    if (found === undefined || found === '') {
      if (!missing.includes(name)) missing.push(name);
      return '';
    }
    // `$API_BASE_URL/health` with API_BASE_URL="https://x/" must not give "https://x//health".
    return text[end] === '/' ? found.replace(/\/+$/, '') : found;
  });
  return { value, missing };
}

/** A connection setting is either a variable name (`DATABASE_URL`) or a string that may use `$VAR`. */
export function resolveConnection(setting: string, env: HealthEnv): Resolved {
  return resolveVariables(BARE_NAME.test(setting) ? `$${setting}` : setting, env);
}

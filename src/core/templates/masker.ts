// The masker for a workspace when no richer one (stored secrets) is handed in: secret-looking
// variables from the workspace `.env` and the process environment, and any URL password.
import { join } from 'node:path';
import { Masker } from '../secrets/mask';
import { readDotenv } from '../exec/variables';

export function workspaceMasker(workspace: string, env: NodeJS.ProcessEnv = process.env): Masker {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) vars[k] = v;
  Object.assign(vars, readDotenv(join(workspace, '.env')));
  return Masker.forVariables(vars);
}

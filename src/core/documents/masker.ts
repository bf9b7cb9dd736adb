// The masker for a workspace: secret-looking variables from the workspace `.env` and the process
// environment, any URL password, and (when the caller has them) the stored secrets, masked whatever their name.
import { join } from 'node:path';
import { Masker } from '../secrets/mask';
import { readDotenv } from '../exec/variables';

export function workspaceMasker(workspace: string, env: NodeJS.ProcessEnv = process.env, stored: Record<string, string> = {}): Masker {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) vars[k] = v;
  Object.assign(vars, readDotenv(join(workspace, '.env')));
  // Stored secrets under their own keys, so a `.env` entry of the same name does not hide them.
  const secretVars: Record<string, string> = {};
  for (const [k, v] of Object.entries(stored)) secretVars[`stored:${k}`] = v;
  return Masker.forVariables({ ...vars, ...secretVars }, Object.keys(secretVars));
}

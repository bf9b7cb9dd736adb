// What `runbook run`, `list` and `check` read a runbook's cells with: its variables (frontmatter
// env, the workspace .env, the environment) and the workspace's command rules, with the warnings
// a person should see about them (refused variables, an unreadable rules file).
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { RunbookDocument } from '../core/runbook/types';
import { loadCommandRules, type CommandRules } from '../core/exec/rules';
import { describeRefused, readDotenv, resolveVariables, type ResolvedVariables } from '../core/exec/variables';
import type { CliIO } from './io';

export interface RunbookContext {
  variables: ResolvedVariables;
  rules: CommandRules;
  /** One line each, without the `warning: ` prefix. */
  warnings: string[];
}

/** The variables and rules a runbook's cells run with, as `runbook run` resolves them. */
export function runbookContext(
  io: CliIO,
  opts: { file: string; doc: RunbookDocument; envFile: string; workspace: string; incidentVariables?: Record<string, string> },
): RunbookContext {
  const variables = resolveVariables({ frontmatter: opts.doc.frontmatter?.env, dotenv: readDotenv(opts.envFile), incident: opts.incidentVariables, process: io.env });
  const { rules, problems } = loadCommandRules(opts.workspace);
  return { variables, rules, warnings: [...variables.refused.map(describeRefused), ...problems] };
}

/** The workspace's `.env`: in the current directory, else the nearest one above the runbook. */
export function findDotenv(cwd: string, runbookDir: string): string {
  if (existsSync(resolve(cwd, '.env'))) return resolve(cwd, '.env');
  for (let dir = runbookDir; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, '.env'))) return resolve(dir, '.env');
    if (dirname(dir) === dir) return resolve(cwd, '.env');
  }
}

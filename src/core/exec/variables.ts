// Which variables a cell sees, and which it needs that nobody set. Sources, lowest priority first:
// the runbook's frontmatter `env`, the workspace `.env`, the incident's captured values (a cell's
// `capture=NAME` in an earlier run of the incident, incidentValues.ts), the process environment,
// stored secrets. The first three cannot set the shell's start-up and loader variables
// (refusedVariables.ts). A capture is more recent than the files, so it wins over them; the
// person's own environment and secrets are theirs, and win over anything a cell printed.
import { parse as parseDotenv } from 'dotenv';
import { readFileSync, existsSync } from 'node:fs';
import type { CellAttributes, ExecutorKind } from '../runbook/types';
import { sqlUrlVariable } from './sql/run';
import { redisUrlVariable } from './redis/run';
import { refusedMessage, refusedVariable } from './refusedVariables';
import { variableReferences } from '../variableReferences';
import { FileCache } from '../workspace/fileCache';

export { refusedVariable } from './refusedVariables';

export type VariableSource = 'frontmatter' | 'dotenv' | 'incident' | 'process' | 'secret';

export interface ResolvedVariables {
  env: Record<string, string>;
  sourceOf: Record<string, VariableSource>;
  /** Names that hold secrets (from SecretStorage), for the masker. */
  secretNames: Set<string>;
  /** Entries the runbook or the workspace tried to set and may not: ignored, to be reported. */
  refused: RefusedVariable[];
}

export interface RefusedVariable {
  name: string;
  source: 'frontmatter' | 'dotenv' | 'incident';
  /** Why it may not be set, for the person reading the warning. */
  why: string;
}

/** How a refused entry is reported, the same words in the editor and the CLI. */
export function describeRefused(r: RefusedVariable): string {
  return refusedMessage(r.source, r.name, r.why);
}

export function resolveVariables(sources: {
  frontmatter?: Record<string, string>;
  dotenv?: Record<string, string>;
  /** Values captured in earlier runs of the incident. */
  incident?: Record<string, string>;
  process?: Record<string, string | undefined>;
  secrets?: Record<string, string>;
}): ResolvedVariables {
  const env: Record<string, string> = {};
  const sourceOf: Record<string, VariableSource> = {};
  const refused: RefusedVariable[] = [];
  const layer = (vars: Record<string, string | undefined> | undefined, source: VariableSource) => {
    for (const [k, v] of Object.entries(vars ?? {})) {
      if (v === undefined) continue;
      if (source === 'frontmatter' || source === 'dotenv' || source === 'incident') {
        const why = refusedVariable(k);
        if (why !== null) {
          refused.push({ name: k, source, why });
          continue;
        }
      }
      env[k] = String(v);
      sourceOf[k] = source;
    }
  };
  layer(sources.frontmatter, 'frontmatter');
  layer(sources.dotenv, 'dotenv');
  layer(sources.incident, 'incident');
  layer(sources.process, 'process');
  layer(sources.secrets, 'secret');
  return { env, sourceOf, secretNames: new Set(Object.keys(sources.secrets ?? {})), refused };
}

/**
 * A workspace `.env`'s entries without those a workspace may not set: for the other readers of
 * `.env` that start processes (health command checks), the same rule as resolveVariables.
 */
export function withoutRefused(vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).filter(([name]) => refusedVariable(name) === null));
}

/** A `.env` file read with dotenv; a missing file is empty. */
export function readDotenv(path: string): Record<string, string> {
  // A copy: callers layer and edit what they get.
  return { ...dotenvFiles.get(path) };
}

const dotenvFiles = new FileCache((path) => (existsSync(path) ? parseDotenv(readFileSync(path)) : {}));

/** Environment-style names; a name with a lowercase letter is a shell local. */
const UPPERCASE = /^[A-Z_][A-Z0-9_]*$/;

/**
 * The variables a cell refers to: `$VAR`, `${VAR}`, `{{VAR}}`, and the connection-string variable
 * SQL and Redis cells use. Shell variables the cell assigns itself, `${VAR:-default}` and
 * names with a lowercase letter (`$var`, `$FOO_bar`: shell locals) are not counted.
 */
export function referencedVariables(executor: ExecutorKind, code: string, attributes: CellAttributes = {}): string[] {
  const names = new Set<string>();
  for (const m of code.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) names.add(m[1]);
  if (executor === 'shell' || executor === 'http') {
    // Single-quoted shell text is literal (awk '{print $1}').
    const text = executor === 'shell' ? code.replace(/'[^']*'/g, "''") : code;
    for (const name of variableReferences(text)) if (UPPERCASE.test(name)) names.add(name);
    if (executor === 'shell') {
      for (const m of code.matchAll(/(?:^|[\s;&|(])(?:export\s+|local\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)=/g)) names.delete(m[1]);
      for (const m of code.matchAll(/\b(?:for|read(?:\s+-\w+)*)\s+([A-Za-z_][A-Za-z0-9_]*)/g)) names.delete(m[1]);
    }
  }
  if (executor === 'sql') names.add(sqlUrlVariable(attributes));
  if (executor === 'redis') names.add(redisUrlVariable(attributes));
  // Always set by the shell itself.
  for (const n of ['HOME', 'PATH', 'PWD', 'OLDPWD', 'SHELL', 'USER', 'RANDOM', 'LINENO', 'SECONDS', 'BASH_SOURCE', 'PIPESTATUS', 'IFS', 'UID', 'EUID', 'HOSTNAME', 'PPID']) names.delete(n);
  return [...names];
}

/**
 * The variables a cell needs that no source sets. Refused names are never asked for: a runbook
 * must not get them set by asking the person either.
 */
export function missingVariables(executor: ExecutorKind, code: string, attributes: CellAttributes, env: Record<string, string>): string[] {
  return referencedVariables(executor, code, attributes).filter((n) => !(n in env) && refusedVariable(n) === null);
}

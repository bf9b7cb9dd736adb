// The executors, keyed by kind, and `runCell`: the one path both the VS Code controller and the
// CLI take to run a cell (classify, mask, cap, time out).
import { setMaxListeners } from 'node:events';
import { resolve } from 'node:path';
import type { CellAttributes, ExecutorKind } from '../runbook/types';
import { Masker } from '../secrets/mask';
import { classifyCell, type CellClass } from './classify';
import { loadParsers } from './parsers';
import { runHttp } from './http/run';
import { runRedis } from './redis/run';
import { runShell } from './shell/run';
import { runSql } from './sql/run';
import type { ExecRequest, ExecResult, Executor, OutputChunk } from './types';

export const executors: Record<ExecutorKind, Executor> = {
  shell: runShell,
  sql: runSql,
  redis: runRedis,
  http: runHttp,
};

export { classifyCell } from './classify';
export { closeSqlPools } from './sql/run';
export type * from './types';

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_OUTPUT_LIMIT = 1024 * 1024;
export const DEFAULT_ROW_LIMIT = 200;

export interface RunCellOptions {
  executor: ExecutorKind;
  code: string;
  attributes?: CellAttributes;
  env: Record<string, string>;
  /** Names of stored secrets among `env` (masked even if their names look harmless). */
  secretNames?: Iterable<string>;
  cwd: string;
  signal?: AbortSignal;
  /** Used when the cell has no `timeout` attribute. */
  defaultTimeoutMs?: number;
  maxOutputBytes?: number;
  rowLimit?: number;
  /**
   * The verdict on exactly this code, when the caller has one (the run engine classifies the
   * prepared text with the workspace rules and the variables): used as is, so what was confirmed
   * is what the executor is told (SQL diagnostics run read-only).
   */
  classification?: CellClass;
  onOutput?(chunk: OutputChunk): void;
}

export interface CellRun extends ExecResult {
  classification: CellClass;
  /** The cell's code with secrets masked: what a confirmation or the timeline shows. */
  command: string;
  /** What its `capture=` stored (unmasked), once the run engine has read it (engine.ts applyCapture). */
  captured?: Record<string, string>;
}

/** A masker for a cell run: the variables' secrets, plus the passwords of connection strings. */
export function maskerFor(env: Record<string, string>, secretNames: Iterable<string> = NO_NAMES): Masker {
  const names = secretNames === NO_NAMES ? NO_NAMES : [...secretNames];
  const hit = maskers.get(env);
  if (hit && sameStrings(hit.secretNames, names) && sameVariables(hit, env)) return hit.masker;
  const masker = Masker.forVariables(env, names);
  maskers.set(env, { names: Object.keys(env), values: Object.values(env), secretNames: names, masker });
  return masker;
}

/**
 * The last masker built for each variables object, with a snapshot of what it was built from: a
 * caller re-running cells with the same (unchanged) variables skips rebuilding it. Any change to
 * the variables or the secret names builds a new one.
 */
const maskers = new WeakMap<Record<string, string>, { names: string[]; values: string[]; secretNames: string[]; masker: Masker }>();

const NO_NAMES: string[] = [];

/** Same own names, in the same order, with the same values (what `Object.entries` gave the masker). */
function sameVariables(snap: { names: string[]; values: string[] }, env: Record<string, string>): boolean {
  let i = 0;
  for (const name in env) {
    if (!Object.hasOwn(env, name)) return false;
    if (name !== snap.names[i] || env[name] !== snap.values[i]) return false;
    i++;
  }
  return i === snap.names.length;
}

function sameStrings(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The signal of a run nobody can cancel: shared, since it never fires (executors remove their listeners). */
const NEVER_ABORTED = new AbortController().signal;
setMaxListeners(0, NEVER_ABORTED);

/** Classifications of recent cells without a `mutates` attribute (it depends on the code alone). */
const classified = new Map<string, CellClass>();
const CLASSIFIED_MAX = 512;

function classify(executor: ExecutorKind, code: string, attributes: CellAttributes): CellClass {
  if (attributes.mutates !== undefined) return classifyCell(executor, code, attributes);
  const key = executor + '\0' + code;
  const hit = classified.get(key);
  if (hit) return { classification: hit.classification, reason: hit.reason };
  const c = classifyCell(executor, code, attributes);
  if (classified.size >= CLASSIFIED_MAX) classified.clear();
  classified.set(key, { classification: c.classification, reason: c.reason });
  return c;
}

/** Runs one cell. Never throws: every failure is a result with a masked error. */
export async function runCell(opts: RunCellOptions): Promise<CellRun> {
  await loadParsers();
  const attributes = opts.attributes ?? {};
  const masker = maskerFor(opts.env, opts.secretNames);
  const classification = opts.classification ?? classify(opts.executor, opts.code, attributes);
  const req: ExecRequest = {
    code: opts.code,
    env: opts.env,
    cwd: attributes.cwd ? resolveCwd(opts.cwd, attributes.cwd) : opts.cwd,
    signal: opts.signal ?? NEVER_ABORTED,
    timeoutMs: typeof attributes.timeout === 'number' && attributes.timeout > 0 ? attributes.timeout : (opts.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS),
    attributes,
    maxOutputBytes: opts.maxOutputBytes ?? DEFAULT_OUTPUT_LIMIT,
    rowLimit: opts.rowLimit ?? DEFAULT_ROW_LIMIT,
    classification: classification.classification,
    masker,
    onOutput: opts.onOutput,
  };
  let result: ExecResult;
  const started = performance.now();
  try {
    result = await executors[opts.executor](req);
  } catch (err) {
    result = { status: 'failed', durationMs: performance.now() - started, text: '', error: masker.mask(err instanceof Error ? err.message : String(err)) };
  }
  const run = result as CellRun;
  run.classification = classification;
  run.command = masker.mask(opts.code);
  return run;
}

function resolveCwd(base: string, cwd: string): string {
  return resolve(base, cwd);
}

// The executors, keyed by kind, and `runCell`: the one path both the VS Code controller and the
// CLI take to run a cell (classify, mask, cap, time out).
import { resolve } from 'node:path';
import type { CellAttributes, ExecutorKind } from '../format/types';
import { Masker } from '../secrets/mask';
import { classifyCell, type CellClass } from './classify';
import { runHttp } from './http';
import { runRedis } from './redis';
import { runShell } from './shell';
import { runSql } from './sql';
import type { ExecRequest, ExecResult, Executor, OutputChunk } from './types';

export const executors: Record<ExecutorKind, Executor> = {
  shell: runShell,
  sql: runSql,
  redis: runRedis,
  http: runHttp,
};

export { classifyCell, cellMutates } from './classify';
export { closeSqlPools } from './sql';
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
  infoWord?: string;
  onOutput?(chunk: OutputChunk): void;
}

export interface CellRun extends ExecResult {
  classification: CellClass;
  /** The cell's code with secrets masked: what a confirmation or the timeline shows. */
  command: string;
}

/** A masker for a cell run: the variables' secrets, plus the passwords of connection strings. */
export function maskerFor(env: Record<string, string>, secretNames: Iterable<string> = []): Masker {
  return Masker.forVariables(env, secretNames);
}

/** Runs one cell. Never throws: every failure is a result with a masked error. */
export async function runCell(opts: RunCellOptions): Promise<CellRun> {
  const attributes = opts.attributes ?? {};
  const masker = maskerFor(opts.env, opts.secretNames);
  const classification = classifyCell(opts.executor, opts.code, attributes);
  const req: ExecRequest = {
    code: opts.code,
    env: opts.env,
    cwd: attributes.cwd ? resolveCwd(opts.cwd, attributes.cwd) : opts.cwd,
    signal: opts.signal ?? new AbortController().signal,
    timeoutMs: typeof attributes.timeout === 'number' && attributes.timeout > 0 ? attributes.timeout : (opts.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS),
    attributes,
    maxOutputBytes: opts.maxOutputBytes ?? DEFAULT_OUTPUT_LIMIT,
    rowLimit: opts.rowLimit ?? DEFAULT_ROW_LIMIT,
    infoWord: opts.infoWord,
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
  return { ...result, classification, command: masker.mask(opts.code) };
}

function resolveCwd(base: string, cwd: string): string {
  return resolve(base, cwd);
}

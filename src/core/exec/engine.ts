// The run engine: the one set of rules for running a runbook's cells, shared by the notebook
// controller and `runbook run`. They differ only in how they ask (a Prompter) and how they show
// output (the `execute` and `onOutcome` they pass); what runs, how it is classified and when to
// ask, skip or stop is decided here.
//
// The policy, in the order it is applied to each cell:
// 1. What runs is prepared first (a cell written with `$ ` prompts runs only its prompted
//    commands, see shell/script.ts), and exactly that text is classified, with the workspace's command rules
//    and the resolved variables. A confirmation shows that text, masked.
// 2. After a stop, every later cell is skipped, with the reason.
// 3. In a diagnostics run ("Run Diagnostics", `--diagnostics`), a mitigation is skipped and the
//    run goes on.
// 4. A variable the cell needs that no source sets is asked for (editor: an input box; CLI: a
//    prompt on a terminal; without a terminal there is nobody to answer). No answer: the cell
//    fails with a message naming every variable it is missing, and the run stops.
// 5. A mitigation (or a cell marked `confirm`) asks first, unless the caller confirmed them all
//    beforehand (`--yes`). Refused, or nobody to ask: the cell is skipped and the run stops.
// 6. A cell that fails, times out or is cancelled stops the run.
// Running one cell in the editor is a run of one: the same rules.
import type { CellAttributes, ExecutorKind } from '../runbook/types';
import { looksSecret } from '../secrets/mask';
import { classifyCell, type CellClass } from './classify';
import { maskerFor, runCell, type CellRun, type RunCellOptions } from './index';
import type { CommandRules } from './rules';
import { loadParsers } from './parsers';
import { scriptToRun } from './shell/script';
import type { ExecStatus } from './types';
import { missingVariables, type ResolvedVariables } from './variables';

/** A runnable cell as a host reads it from its document. */
export interface EngineCell {
  /** How the host numbers the cell in reports. */
  index: number;
  name: string | null;
  /** How the host names the cell in messages (default `cell INDEX (NAME)`). */
  label?: string;
  executor: ExecutorKind;
  /** The cell's text as written. */
  code: string;
  attributes: CellAttributes;
  /** The fence's info word, for reports. */
  infoWord?: string;
}

export type RunMode = 'all' | 'diagnostics';

/** A cell made ready to run: the text that runs, and the verdict on that very text. */
export interface PreparedCell {
  cell: EngineCell;
  /** What runs, what was classified, and what a confirmation shows (masked). */
  code: string;
  verdict: CellClass;
  /** Whether it asks before it runs: a mitigation, or a cell marked `confirm`. */
  asks: boolean;
}

export interface VariableRequest {
  name: string;
  cell: EngineCell;
  /** Every variable this cell needs that no source sets (this one included). */
  missing: string[];
  signal: AbortSignal;
}

export interface ConfirmRequest {
  cell: EngineCell;
  verdict: CellClass;
  /** The prepared text, secrets masked: exactly what will run. */
  command: string;
  signal: AbortSignal;
}

/** How a host asks a person. */
export interface Prompter {
  /**
   * Set when nobody can be asked (the CLI without a terminal): the engine does not ask, and
   * says this in the reason.
   */
  readonly cannotAsk?: string;
  /** The value of a variable; undefined when no answer was given. */
  askVariable(request: VariableRequest): Promise<string | undefined>;
  /** Whether to run a cell that asks first. */
  confirm(request: ConfirmRequest): Promise<boolean>;
}

export type OutcomeStatus = ExecStatus | 'skipped';

export interface CellOutcome {
  cell: EngineCell;
  prepared: PreparedCell;
  status: OutcomeStatus;
  /** Why the cell did not run (skipped) or could not start (missing variables). */
  reason?: string;
  /** The run stops after this cell. */
  stops: boolean;
  /** The executor's result, when the cell ran. */
  run?: CellRun;
}

export interface RunReport {
  outcomes: CellOutcome[];
  /** The cell that stopped the run, and why. */
  stopped?: { cell: EngineCell; reason: string };
}

export interface RunOptions {
  cells: readonly EngineCell[];
  mode: RunMode;
  /** The resolved variables; answers to questions are added to them. */
  variables: ResolvedVariables;
  rules?: CommandRules;
  prompter: Prompter;
  /** Every cell that asks is confirmed beforehand (the CLI's --yes). */
  assumeYes?: boolean;
  /** Cancels the run: the running cell is the executor's to stop; no later cell starts. */
  signal?: AbortSignal;
  /** Runs a prepared cell and shows its output; `runPrepared` does the running. */
  execute(prepared: PreparedCell, variables: ResolvedVariables): Promise<CellRun>;
  /** Each cell's outcome as soon as it is known, in order. */
  onOutcome?(outcome: CellOutcome): void | Promise<void>;
}

const NEVER = new AbortController().signal;

/** What a cell runs and the verdict on exactly that text. */
export function prepareCell(cell: EngineCell, context: { rules?: CommandRules; env?: Record<string, string> } = {}): PreparedCell {
  const code = cell.executor === 'shell' ? scriptToRun(cell.code) : cell.code;
  const verdict = classifyCell(cell.executor, code, cell.attributes, { rules: context.rules, env: context.env });
  return { cell, code, verdict, asks: verdict.classification === 'mitigation' || cell.attributes.confirm === true };
}

/** Runs a prepared cell with the core executors: the prepared text, as is, with its verdict. */
export function runPrepared(
  prepared: PreparedCell,
  variables: ResolvedVariables,
  options: Omit<RunCellOptions, 'executor' | 'code' | 'attributes' | 'env' | 'secretNames' | 'classification'>,
): Promise<CellRun> {
  return runCell({
    ...options,
    executor: prepared.cell.executor,
    code: prepared.code,
    attributes: prepared.cell.attributes,
    env: variables.env,
    secretNames: variables.secretNames,
    classification: prepared.verdict,
  });
}

/** Runs cells in order under the policy above. Never throws for a cell; the report says what happened. */
export async function runCells(opts: RunOptions): Promise<RunReport> {
  await loadParsers();
  const vars = opts.variables;
  const signal = opts.signal ?? NEVER;
  const prepare = (cell: EngineCell) => prepareCell(cell, { rules: opts.rules, env: vars.env });
  const report: RunReport = { outcomes: [] };
  const emit = async (outcome: CellOutcome) => {
    report.outcomes.push(outcome);
    if (outcome.stops && !report.stopped) report.stopped = { cell: outcome.cell, reason: outcome.reason ?? outcome.status };
    await opts.onOutcome?.(outcome);
  };
  let afterStop: string | undefined;

  for (const cell of opts.cells) {
    let prepared = prepare(cell);
    const skip = (reason: string, stops = false) => emit({ cell, prepared, status: 'skipped', reason, stops });
    if (afterStop === undefined && signal.aborted) afterStop = 'cancelled';
    if (afterStop !== undefined) {
      await skip(afterStop);
      continue;
    }
    const diagnosticsSkip = () => opts.mode === 'diagnostics' && prepared.verdict.classification === 'mitigation';
    if (diagnosticsSkip()) {
      await skip(`mitigation (${prepared.verdict.reason}); a diagnostics run skips mitigations`);
      continue;
    }

    const missing = missingVariables(cell.executor, prepared.code, cell.attributes, vars.env);
    if (missing.length) {
      const unanswered = await askVariables(opts.prompter, cell, missing, vars, signal);
      if (unanswered.length) {
        const why = signal.aborted ? 'cancelled' : (opts.prompter.cannotAsk ?? 'no value given');
        const reason = `needs ${unanswered.join(', ')}, which no frontmatter env, .env file or environment sets (${why})`;
        await emit({ cell, prepared, status: signal.aborted ? 'cancelled' : 'failed', reason, stops: true });
        afterStop = stoppedAt(cell, signal.aborted ? 'cancelled' : 'variables were missing');
        continue;
      }
      // `$CMD file` reads as what CMD now holds.
      prepared = prepare(cell);
      if (diagnosticsSkip()) {
        await skip(`mitigation (${prepared.verdict.reason}); a diagnostics run skips mitigations`);
        continue;
      }
    }

    if (prepared.asks && !opts.assumeYes) {
      const what = prepared.verdict.classification === 'mitigation' ? `mitigation (${prepared.verdict.reason})` : 'cell marked `confirm`';
      let confirmed = false;
      if (opts.prompter.cannotAsk === undefined) {
        const command = maskerFor(vars.env, vars.secretNames).mask(prepared.code);
        // A question that fails to show is a question not answered.
        confirmed = await opts.prompter.confirm({ cell, verdict: prepared.verdict, command, signal }).catch(() => false);
      }
      if (signal.aborted) {
        await skip('cancelled', true);
        afterStop = 'cancelled';
        continue;
      }
      if (!confirmed) {
        await skip(opts.prompter.cannotAsk === undefined ? `${what} not confirmed` : `${what} refused: ${opts.prompter.cannotAsk}`, true);
        afterStop = stoppedAt(cell, 'a mitigation was not confirmed');
        continue;
      }
    }

    const run = await opts.execute(prepared, vars).catch((err: unknown): CellRun => ({
      status: 'failed', durationMs: 0, text: '', classification: prepared.verdict,
      error: maskerFor(vars.env, vars.secretNames).mask(err instanceof Error ? err.message : String(err)),
      command: maskerFor(vars.env, vars.secretNames).mask(prepared.code),
    }));
    const stops = run.status !== 'ok';
    await emit({ cell, prepared, status: run.status, run, stops, reason: stops ? (run.error ?? run.status) : undefined });
    if (stops) afterStop = run.status === 'cancelled' ? 'cancelled' : stoppedAt(cell, run.status === 'timeout' ? 'it timed out' : 'it failed');
  }
  return report;
}

/** Asks for each missing variable in turn; returns those still unset (all of them after a no-answer). */
async function askVariables(prompter: Prompter, cell: EngineCell, missing: string[], vars: ResolvedVariables, signal: AbortSignal): Promise<string[]> {
  if (prompter.cannotAsk !== undefined) return missing;
  for (const name of missing) {
    const value = signal.aborted ? undefined : await prompter.askVariable({ name, cell, missing, signal }).catch(() => undefined);
    if (value === undefined) return missing.filter((n) => !(n in vars.env));
    vars.env[name] = value;
    // A typed value whose name says secret is masked like a stored one.
    if (looksSecret(name)) vars.secretNames.add(name);
  }
  return [];
}

function stoppedAt(cell: EngineCell, why: string): string {
  return `not run: the run stopped at ${cell.label ?? `cell ${cell.index}${cell.name ? ` (${cell.name})` : ''}`}: ${why}`;
}

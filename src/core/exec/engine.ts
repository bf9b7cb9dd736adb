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
// 4. A parameter the cell needs (a `<name>` placeholder, params.ts) that no source sets (the CLI's
//    --param, the incident, an alert) is asked for, once: a pick from the options the frontmatter
//    gives or its `from:` command lists (run only if it is a diagnostic), else free input with the
//    default filled in; with nobody to ask, the default fills it. Answers join the known values
//    (and `onParams` reports them). Still missing: the cell fails naming every missing parameter,
//    and the run stops. The values go into the text shell-quoted (or as Redis or HTTP need), and
//    that text is classified again: what a confirmation shows and what runs has the values in.
//    A value that would not stay one literal is refused, and the run stops.
// 5. A variable the cell needs that no source sets is asked for (editor: an input box; CLI: a
//    prompt on a terminal; without a terminal there is nobody to answer). No answer: the cell
//    fails with a message naming every variable it is missing, and the run stops.
// 6. A mitigation (or a cell marked `confirm`) asks first, unless the caller confirmed them all
//    beforehand (`--yes`). Refused, or nobody to ask: the cell is skipped and the run stops.
// 7. A cell that fails, times out or is cancelled stops the run.
// 8. A cell with `capture=NAME` that ran OK stores what it returned (capture.ts) as `$NAME` for
//    the cells after it (masked in outputs when the name looks secret); a capture that finds
//    nothing fails the cell, and the run stops.
// Running one cell in the editor is a run of one: the same rules.
import type { CellAttributes, ExecutorKind, ParamSpec } from '../runbook/types';
import { looksSecret } from '../secrets/mask';
import { captureValue } from './capture';
import { classifyCell, type CellClass } from './classify';
import { findPlaceholders, substituteParameters } from './params';
import { refusedVariable } from './refusedVariables';
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
  /** The parameters put into `code`, by name. */
  params: Record<string, string>;
  /**
   * Parameters the cell needs that have no value yet: `code` is then the text with its
   * placeholders, classified with them read as the words they stand for.
   */
  needs: string[];
  /** Why the values cannot go in (one would not stay one literal): the cell must not run. */
  refused?: string;
}

interface VariableRequest {
  name: string;
  cell: EngineCell;
  /** Every variable this cell needs that no source sets (this one included). */
  missing: string[];
  signal: AbortSignal;
}

interface ConfirmRequest {
  cell: EngineCell;
  verdict: CellClass;
  /** The prepared text, secrets masked: exactly what will run. */
  command: string;
  signal: AbortSignal;
}

export interface ParameterRequest {
  name: string;
  /** What the frontmatter declares about it, if anything. */
  spec?: ParamSpec;
  /** The values to pick from (declared, or listed by `from:`), when known. */
  options?: string[];
  /** Why `from:` gave no options (not a diagnostic, failed, timed out), for the prompt. */
  optionsNote?: string;
  cell: EngineCell;
  /** Every parameter this cell needs that has no value (this one included). */
  missing: string[];
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
  /** The value of a parameter; undefined when no answer was given. Absent: parameters are not asked for. */
  askParameter?(request: ParameterRequest): Promise<string | undefined>;
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
  /** What the cell's `capture=` stored (unmasked: a host masks it when it records it). */
  captured?: Record<string, string>;
}

export interface RunReport {
  outcomes: CellOutcome[];
  /** The cell that stopped the run, and why. */
  stopped?: { cell: EngineCell; reason: string };
  /** Every value captured during the run (unmasked). */
  captured: Record<string, string>;
}

/** Where parameters come from for a run. */
interface RunParameters {
  /** Known values (the CLI's --param, the incident, an alert): answers are added to it. */
  values: Record<string, string>;
  /** The frontmatter's declarations. */
  specs?: Record<string, ParamSpec>;
  /** Where a declaration's `from:` command runs. */
  cwd?: string;
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
  /** The `<name>` parameters' values and declarations; without it every placeholder is unset. */
  params?: RunParameters;
  /** Parameters a person gave during the run (a host records them on the incident). */
  onParams?(values: Record<string, string>, source: 'user'): void | Promise<void>;
}

const NEVER = new AbortController().signal;

/** What a cell runs and the verdict on exactly that text: with the parameters' values in when all are known. */
export function prepareCell(
  cell: EngineCell,
  context: { rules?: CommandRules; env?: Record<string, string>; params?: Record<string, string> } = {},
): PreparedCell {
  const script = cell.executor === 'shell' ? scriptToRun(cell.code) : cell.code;
  const values = context.params ?? {};
  const names = [...new Set(findPlaceholders(cell.executor, script).map((p) => p.name))];
  const needs = names.filter((n) => !Object.hasOwn(values, n));
  let code = script;
  let refused: string | undefined;
  const params: Record<string, string> = {};
  if (names.length && needs.length === 0) {
    const filled = substituteParameters(cell.executor, script, values);
    if ('code' in filled) {
      code = filled.code;
      for (const n of names) params[n] = values[n];
    } else refused = filled.error;
  }
  const verdict = classifyCell(cell.executor, code, cell.attributes, { rules: context.rules, env: context.env });
  return { cell, code, verdict, asks: verdict.classification === 'mitigation' || cell.attributes.confirm === true, params, needs, ...(refused ? { refused } : {}) };
}

/** Runs a prepared cell with the core executors: the prepared text, as is, with its verdict. */
export async function runPrepared(
  prepared: PreparedCell,
  variables: ResolvedVariables,
  options: Omit<RunCellOptions, 'executor' | 'code' | 'attributes' | 'env' | 'secretNames' | 'classification'>,
): Promise<CellRun> {
  const run = await runCell({
    ...options,
    executor: prepared.cell.executor,
    code: prepared.code,
    attributes: prepared.cell.attributes,
    env: variables.env,
    secretNames: variables.secretNames,
    classification: prepared.verdict,
  });
  applyCapture(prepared, run);
  return run;
}

/**
 * A run's `capture=`: sets `run.captured`, or fails the run saying why (a capture that finds
 * nothing, a name a runbook may not set). Done once; `runPrepared` does it, so a host shows and
 * records the run with its capture.
 */
export function applyCapture(prepared: PreparedCell, run: CellRun): void {
  const spec = prepared.cell.attributes.capture;
  if (!spec || run.status !== 'ok' || run.captured) return;
  const why = refusedVariable(spec.name);
  const found = why !== null ? { error: `capture=${spec.name}: ${spec.name} may not be set by a runbook (${why})` } : captureValue(prepared.cell.executor, spec, run);
  if ('value' in found) {
    run.captured = { [spec.name]: found.value };
    return;
  }
  run.status = 'failed';
  run.error = found.error;
}

/** Runs cells in order under the policy above. Never throws for a cell; the report says what happened. */
export async function runCells(opts: RunOptions): Promise<RunReport> {
  await loadParsers();
  const vars = opts.variables;
  const signal = opts.signal ?? NEVER;
  const known = opts.params?.values ?? {};
  const prepare = (cell: EngineCell) => prepareCell(cell, { rules: opts.rules, env: vars.env, params: known });
  const report: RunReport = { outcomes: [], captured: {} };
  const options = new Map<string, Promise<ParameterOptions>>();
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

    if (prepared.needs.length) {
      const unanswered = await askParameters(opts, cell, prepared.needs, known, options, signal);
      if (unanswered.length) {
        const why = signal.aborted ? 'cancelled' : (opts.prompter.cannotAsk ?? 'no value given');
        const reason = `needs the parameter${unanswered.length === 1 ? '' : 's'} ${unanswered.join(', ')}, which nothing sets (${why})`;
        await emit({ cell, prepared, status: signal.aborted ? 'cancelled' : 'failed', reason, stops: true });
        afterStop = stoppedAt(cell, signal.aborted ? 'cancelled' : 'parameters were missing');
        continue;
      }
      prepared = prepare(cell);
      if (diagnosticsSkip()) {
        await skip(`mitigation (${prepared.verdict.reason}); a diagnostics run skips mitigations`);
        continue;
      }
    }
    if (prepared.refused) {
      await emit({ cell, prepared, status: 'failed', reason: `not run: ${prepared.refused}`, stops: true });
      afterStop = stoppedAt(cell, 'a parameter could not be put in safely');
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

    // The variables as this cell ran with them: captures below change them for the next cell.
    const masker = maskerFor(vars.env, vars.secretNames);
    const run = await opts.execute(prepared, vars).catch((err: unknown): CellRun => ({
      status: 'failed', durationMs: 0, text: '', classification: prepared.verdict,
      error: masker.mask(err instanceof Error ? err.message : String(err)),
      command: masker.mask(prepared.code),
    }));
    applyCapture(prepared, run);
    if (run.status === 'ok' && run.captured) {
      for (const [name, value] of Object.entries(run.captured)) {
        // Masked from now on when its name says secret or it holds one the masker knows.
        if (looksSecret(name) || masker.mask(value) !== value) vars.secretNames.add(name);
        vars.env[name] = value;
        report.captured[name] = value;
      }
    }
    const stops = run.status !== 'ok';
    await emit({ cell, prepared, status: run.status, run, stops, reason: stops ? (run.error ?? run.status) : undefined, ...(run.captured && !stops ? { captured: run.captured } : {}) });
    if (stops) afterStop = run.status === 'cancelled' ? 'cancelled' : stoppedAt(cell, run.status === 'timeout' ? 'it timed out' : 'it failed');
  }
  return report;
}

/** The options a parameter is asked with: declared, or listed by its `from:` command. */
interface ParameterOptions {
  options?: string[];
  /** Why there are none although `from:` was given. */
  note?: string;
}

/** The longest a `from:` command may take: it stands between a person and their question. */
const FROM_TIMEOUT_MS = 5_000;
const MAX_OPTIONS = 500;

/**
 * What a parameter can be picked from: its declared `options`, else what its `from:` lists, else
 * nothing. The engine and `runbook run`'s up-front questions both ask with these.
 */
export async function parameterOptions(spec: ParamSpec | undefined, context: Parameters<typeof optionsFrom>[1]): Promise<ParameterOptions> {
  if (spec?.options?.length) return { options: spec.options };
  if (!spec?.from) return {};
  return optionsFrom(spec.from, context).catch((err: unknown) => ({ note: `its from: command failed (${String(err)})` }));
}

/**
 * Runs a declaration's `from:` command for its options (one per output line), only if it
 * classifies as a diagnostic with the workspace's rules; otherwise, or when it fails, says why.
 */
export async function optionsFrom(
  from: string,
  context: { rules?: CommandRules; env: Record<string, string>; secretNames?: Iterable<string>; cwd: string; signal?: AbortSignal; timeoutMs?: number },
): Promise<ParameterOptions> {
  await loadParsers();
  const verdict = classifyCell('shell', from, {}, { rules: context.rules, env: context.env });
  if (verdict.classification !== 'diagnostic') return { note: `its from: command was not run: it is a mitigation (${verdict.reason})` };
  const run = await runCell({
    executor: 'shell', code: from, env: context.env, secretNames: context.secretNames, cwd: context.cwd, signal: context.signal,
        // `capture` keeps stdout apart: the options are what it lists, not what it complains about on stderr.
    defaultTimeoutMs: context.timeoutMs ?? FROM_TIMEOUT_MS, classification: verdict, attributes: { capture: { name: 'OPTIONS' } },
  });
  if (run.status !== 'ok') return { note: `its from: command ${run.status === 'timeout' ? 'timed out' : `failed (${run.error ?? run.status})`}` };
  const lines = [...new Set((run.stdout ?? '').split('\n').map((l) => l.trim()).filter((l) => l && !l.includes('••••')))];
  return lines.length ? { options: lines.slice(0, MAX_OPTIONS) } : { note: 'its from: command listed nothing' };
}

/**
 * Asks for each parameter the cell needs in turn (with nobody to ask, a default fills it);
 * returns those still unset. Answers go into `known` and are reported through `onParams`.
 */
async function askParameters(
  opts: RunOptions,
  cell: EngineCell,
  needs: string[],
  known: Record<string, string>,
  cache: Map<string, Promise<ParameterOptions>>,
  signal: AbortSignal,
): Promise<string[]> {
  const prompter = opts.prompter;
  const specs = opts.params?.specs ?? {};
  const canAsk = prompter.cannotAsk === undefined && prompter.askParameter !== undefined;
  const answered: Record<string, string> = {};
  for (const name of needs) {
    if (Object.hasOwn(known, name)) continue;
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!canAsk || signal.aborted) {
      if (spec?.default !== undefined) known[name] = spec.default;
      continue;
    }
    if (!cache.has(name)) {
      const cwd = opts.params?.cwd ?? process.cwd();
      cache.set(name, parameterOptions(spec, { rules: opts.rules, env: opts.variables.env, secretNames: opts.variables.secretNames, cwd, signal }));
    }
    const listed = await cache.get(name)!;
    const value = await prompter.askParameter!({ name, spec, options: listed.options, optionsNote: listed.note, cell, missing: needs.filter((n) => !Object.hasOwn(known, n)), signal }).catch(() => undefined);
    if (value === undefined) break;
    known[name] = value;
    answered[name] = value;
  }
  if (Object.keys(answered).length) await Promise.resolve(opts.onParams?.(answered, 'user')).catch(() => {});
  return needs.filter((n) => !Object.hasOwn(known, n));
}

/** A parameter a run needs, and the cells that need it. */
export interface NeededParameter {
  name: string;
  spec?: ParamSpec;
  cells: EngineCell[];
  /** Set already (a known value), or filled by its default when nobody sets it. */
  known: boolean;
  hasDefault: boolean;
}

/**
 * Every parameter the cells need, before anything runs, in order of first use: a diagnostics run
 * skips mitigations, so theirs are not needed. The CLI asks for (or stops on) the missing ones.
 */
export async function neededParameters(
  cells: readonly EngineCell[],
  mode: RunMode,
  context: { rules?: CommandRules; env?: Record<string, string>; params?: RunParameters },
): Promise<NeededParameter[]> {
  await loadParsers();
  const values = context.params?.values ?? {};
  const specs = context.params?.specs ?? {};
  const needed = new Map<string, NeededParameter>();
  for (const cell of cells) {
    const prepared = prepareCell(cell, { rules: context.rules, env: context.env });
    if (mode === 'diagnostics' && prepared.verdict.classification === 'mitigation') continue;
    for (const name of prepared.needs) {
      const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
      const entry = needed.get(name) ?? { name, spec, cells: [], known: Object.hasOwn(values, name), hasDefault: spec?.default !== undefined };
      entry.cells.push(cell);
      needed.set(name, entry);
    }
  }
  return [...needed.values()];
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

// `runbook run FILE [--cell NAME|INDEX]... [--param NAME=VALUE]... [--diagnostics] [--yes] [--json]
// [--timeout SECONDS] [--env-file FILE] [--workspace DIR] [--folder DIR] [--incident ID]`: runs a
// runbook's cells with the same engine as the notebook (src/core/exec/engine.ts: when to ask, skip
// or stop). This file only asks at the terminal (with --yes, mitigations are confirmed beforehand;
// without a terminal nobody can be asked) and prints. Each run is recorded on the workspace's open
// incident (or --incident's), with its whole output in the incident's runs/ folder.
//
// Parameters (`<namespace>`) come from --param, then the incident's, then the frontmatter's
// defaults. Every one the selected cells need is known before the first cell runs: at a terminal
// the missing ones are asked for up front; without one, the run does not start (exit 2) and the
// message names each, with the --param that sets it. Values cells capture on the incident
// (`capture=NAME`) are `$NAME` for the cells of later runs.
// What the runbook file says (names, commands, reasons quoting them) is printed escaped
// (printable.ts); a cell's own output is the cell's, and passes through as it is.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { readRunbook } from '../core/runbook/bytes';
import { PARAM_NAME } from '../core/runbook/frontmatter';
import type { RunbookCell } from '../core/runbook/types';
import { closeSqlPools, maskerFor } from '../core/exec';
import { incidentStartOf } from '../core/exec/promql/window';
import type { IncidentState } from '../core/incident/state';
import {
  neededParameters, optionsFrom, parameterOptions, runCells, runPrepared,
  type CellOutcome, type EngineCell, type NeededParameter, type OutcomeStatus, type ParameterRequest, type PreparedCell, type Prompter, type RunReport,
} from '../core/exec/engine';
import { incidentValues, type IncidentValues } from '../core/exec/incidentValues';
import type { ResolvedVariables } from '../core/exec/variables';
import { looksSecret, MASK, type Masker } from '../core/secrets/mask';
import { recordCellRun, type RecordCellRunOptions } from '../core/incident/recordCellRun';
import { RunOutputCollector } from '../core/incident/runLog';
import { resolveActor } from '../core/incident/actor';
import { DEFAULT_INCIDENT_FOLDER, IncidentStore } from '../core/incident/store';
import { UsageError, type CliCommand, type CliIO } from './io';
import { parseArgs, workspaceRoot } from './args';
import { findDotenv, runbookContext } from './variables';
import { commandUsage } from './usage';
import { printable, printableLine as line } from './printable';

interface CellReport {
  index: number;
  name: string | null;
  executor: string;
  mutates: boolean;
  /** Why the cell counts as a mitigation or a diagnostic (of the text that runs). */
  mutatesReason: string;
  status: OutcomeStatus;
  exitCode: number | null;
  durationMs: number;
  output: string;
  /** Why the cell was skipped or could not start. */
  reason?: string;
  /** The parameters put into the cell, masked. */
  params?: Record<string, string>;
  /** What its `capture=` stored, masked where it holds a secret. */
  captured?: Record<string, string>;
}

/** Output kept per cell in --json (the executors cap it anyway; this keeps the JSON readable). */
const JSON_OUTPUT_LIMIT = 64 * 1024;

export const run: CliCommand = async (args, io) => {
  const { positionals, flags } = parseArgs(args, {
    boolean: ['diagnostics', 'yes', 'json'],
    string: ['cell', 'param', 'timeout', 'env-file', 'workspace', 'folder', 'incident'],
    multiple: ['cell', 'param'],
    short: { y: 'yes' },
  });
  if (positionals.length !== 1) throw new UsageError(`expects one FILE\n${commandUsage('run')}`);
  const file = resolve(io.cwd, positionals[0]);
  let timeoutMs: number | undefined;
  if (flags.timeout !== undefined) {
    const s = Number(flags.timeout);
    if (!Number.isFinite(s) || s <= 0) throw new UsageError(`--timeout expects a number of seconds, got '${flags.timeout}'`);
    timeoutMs = s * 1000;
  }
  const given = parseParams((flags.param as string[] | undefined) ?? []);
  const incidents = incidentTarget(io, flags);
  const incidentStart = incidents.state ? incidentStartOf(incidents.state) : undefined; // PromQL cells chart the incident's window
  const doc = readRunbook(await readFile(file));
  const cells = doc.cells.filter((c) => c.role !== 'notice');
  const runnable = cells.map((cell, index) => ({ cell, index })).filter(({ cell }) => cell.kind === 'code' && cell.executor && cell.role !== 'frontmatter');
  const selected = selectCells(runnable, (flags.cell as string[] | undefined) ?? []);

  const envFile = flags['env-file'] ? resolve(io.cwd, String(flags['env-file'])) : findDotenv(io.cwd, dirname(file));
  if (flags['env-file'] && !(await exists(envFile))) throw new UsageError(`--env-file: no such file ${envFile}`);
  const remembered = incidentMemory(io, incidents);
  const { variables, rules, warnings } = runbookContext(io, { file, doc, envFile, workspace: incidents.workspace, incidentVariables: remembered.variables });
  for (const w of warnings) io.stderr(`warning: ${line(w)}\n`);

  const labels = new Map<EngineCell, string>();
  const engineCells = selected.map(({ cell, index }) => {
    const c: EngineCell = { index, name: cellName(cell), executor: cell.executor!, code: cell.value, attributes: cell.attributes, infoWord: cell.source?.infoWord };
    labels.set(c, `[${index}${c.name ? ` ${line(c.name)}` : ''}] ${c.executor}`);
    return c;
  });
  const label = (c: EngineCell) => labels.get(c)!;
  const mode = flags.diagnostics ? 'diagnostics' : 'all';
  const specs = doc.frontmatter?.params ?? {};
  const params = { values: { ...remembered.params, ...given }, specs, cwd: dirname(file) };
  const masker = () => maskerFor(variables.env, variables.secretNames);

  // Every parameter is known before the first cell runs: asked for now, or the run does not start.
  const needed = await neededParameters(engineCells, mode, { rules, env: variables.env, params });
  for (const name of Object.keys(given)) {
    if (!needed.some((n) => n.name === name) && !Object.hasOwn(specs, name)) io.stderr(`warning: --param ${line(name)}: no cell to run has <${line(name)}>\n`);
  }
  const ac = new AbortController();
  const onSignal = () => ac.abort();
  for (const sig of STOP_SIGNALS) process.on(sig, onSignal);
  try {
    const unknown = needed.filter((n) => !n.known);
    const answers: Record<string, string> = {};
    if (unknown.length && io.interactive && io.ask) {
      for (const n of unknown) {
        const value = await askParameterAtTerminal(io, { name: n.name, spec: n.spec, ...(await listedOptions(n, { rules, variables, cwd: dirname(file), signal: ac.signal })) }, ac.signal, describeCells(n, label));
        if (value === undefined) break;
        params.values[n.name] = value;
        answers[n.name] = value;
      }
    }
    const missing = needed.filter((n) => !Object.hasOwn(params.values, n.name) && !n.hasDefault);
    if (missing.length) {
      if (ac.signal.aborted) return 1;
      io.stderr(missingMessage(missing, label, io.interactive));
      return 2;
    }
    // On the incident once the run goes ahead: what --param changed, then what was answered.
    const changed = Object.fromEntries(Object.entries(given).filter(([name, value]) => remembered.params[name] !== value));
    recordParams(io, incidents, changed, 'cli', masker());
    recordParams(io, incidents, answers, 'user', masker());
  } finally {
    for (const sig of STOP_SIGNALS) process.off(sig, onSignal);
  }

  const reports: CellReport[] = [];
  // Ctrl-C, a closed terminal and a plain `kill` all cancel: the executor then kills the cell's
  // process group, so nothing it started outlives the run, and no later cell starts.
  for (const sig of STOP_SIGNALS) process.on(sig, onSignal);
  const logs = new Map<PreparedCell, RunOutputCollector>();
  let report: RunReport;
  try {
    report = await runCells({
      cells: engineCells,
      mode,
      variables,
      rules,
      params,
      prompter: terminalPrompter(io, label),
      assumeYes: flags.yes === true,
      signal: ac.signal,
      onParams: (values, source) => recordParams(io, incidents, values, source, masker()),
      execute: (prepared, vars) => {
        if (!flags.json) io.stdout(`── ${label(prepared.cell)} (${prepared.verdict.classification})\n`);
        const log = new RunOutputCollector();
        logs.set(prepared, log);
        return runPrepared(prepared, vars, {
          cwd: dirname(file),
          signal: ac.signal,
          defaultTimeoutMs: timeoutMs,
          incidentStart,
          onOutput: (c) => {
            log.add(c.text);
            if (!flags.json) (c.stream === 'stderr' ? io.stderr : io.stdout)(c.text);
          },
        });
      },
      onOutcome: (o) => {
        // Masked with what the run knows now: a value this cell captured may be a secret it printed.
        const mask = masker();
        reports.push(cellReport(o, mask));
        if (o.run) {
          if (!flags.json) printRun(io, o);
          const r = o.run;
          const text = stripVTControlCharacters(r.text + (r.error ? `\n${r.error}` : ''));
          record(io, incidents, {
            runbook: file, cellIndex: o.cell.index, cellName: o.cell.name, executor: o.cell.executor, classification: o.prepared.verdict.classification,
            command: mask.mask(r.command), status: r.status, exitCode: r.exitCode, durationMs: Math.round(r.durationMs), outputExcerpt: mask.mask(reports.at(-1)!.output),
            ...(Object.keys(o.prepared.params).length ? { params: mask.maskDeep(o.prepared.params) } : {}),
          }, {
            evidence: (logs.get(o.prepared) ?? new RunOutputCollector()).evidence(text, r.data),
            captured: o.captured,
            masker: mask,
          });
        } else if (o.stops) {
          // Why the run stopped goes to stderr even with --json: a script's log should say it.
          io.stderr(`── ${label(o.cell)}: ${line(o.reason ?? '')}${o.reason?.includes(' refused: ') ? ' (--yes confirms mitigations)' : ''}\n`);
        } else if (!flags.json) {
          io.stdout(`── ${label(o.cell)}: skipped, ${line(o.reason ?? '')}\n`);
        }
      },
    });
  } finally {
    for (const sig of STOP_SIGNALS) process.off(sig, onSignal);
    // Idle pool connections would keep the process alive after the run (or after a Ctrl-C).
    await closeSqlPools();
  }
  if (flags.json) {
    const stopped = report.stopped ? { stopped: { index: report.stopped.cell.index, reason: report.stopped.reason } } : {};
    const used = Object.fromEntries(needed.filter((n) => Object.hasOwn(params.values, n.name)).map((n) => [n.name, params.values[n.name]]));
    io.stdout(JSON.stringify({ file: positionals[0], params: masker().maskDeep(used), cells: reports, ...stopped, ...(warnings.length ? { warnings } : {}) }, null, 2) + '\n');
  }
  return report.stopped ? 1 : 0;
};

/** `--param name=value` (the value may hold `=`). */
function parseParams(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of list) {
    const eq = p.indexOf('=');
    const name = eq < 0 ? p : p.slice(0, eq);
    if (eq < 0 || !PARAM_NAME.test(name)) throw new UsageError(`--param expects NAME=VALUE (NAME: a letter, then letters, digits, - or _), got '${p}'`);
    out[name] = p.slice(eq + 1);
  }
  return out;
}

/** The parameters and captured values of the incident the runs go to, if any. */
function incidentMemory(io: CliIO, target: IncidentTarget): IncidentValues {
  if (target.unreadable) io.stderr(`warning: the incident's parameters and captured values could not be read: ${line(target.unreadable)}\n`);
  return target.state ? incidentValues(target.state) : { params: {}, variables: {} };
}

/** A parameter's options: declared, or what its `from:` lists (run only when it is a diagnostic). */
async function listedOptions(
  n: NeededParameter,
  context: { rules: Parameters<typeof optionsFrom>[1]['rules']; variables: ResolvedVariables; cwd: string; signal: AbortSignal },
): Promise<Pick<ParameterRequest, 'options' | 'optionsNote'>> {
  const listed = await parameterOptions(n.spec, { rules: context.rules, env: context.variables.env, secretNames: context.variables.secretNames, cwd: context.cwd, signal: context.signal });
  return { options: listed.options, optionsNote: listed.note };
}

function describeCells(n: NeededParameter, label: (c: EngineCell) => string): string {
  return n.cells.map(label).join(', ');
}

function missingMessage(missing: NeededParameter[], label: (c: EngineCell) => string, interactive: boolean): string {
  const lines = missing.map((n) => `  ${line(n.name)}${n.spec?.description ? `: ${line(n.spec.description)}` : ''} (needed by ${describeCells(n, label)})`);
  const how = missing.map((n) => `--param ${line(n.name)}=VALUE`).join(' ');
  return `runbook run: nothing ran: ${missing.length === 1 ? 'a parameter is' : `${missing.length} parameters are`} missing${interactive ? ' (no answer given)' : ''}:\n${lines.join('\n')}\npass ${how}${interactive ? '' : ', or run at a terminal to be asked'}\n`;
}

/** Puts parameters set for the run on the incident (`params_set`), masked; never fails the run. */
function recordParams(io: CliIO, target: IncidentTarget, values: Record<string, string>, source: 'cli' | 'user', masker: Masker): void {
  if (!target.id || Object.keys(values).length === 0) return;
  try {
    new IncidentStore(target.workspace, target.options.folder).append(target.id, { type: 'params_set', data: { params: masker.maskDeep(values), source } }, resolveActor({ cwd: target.workspace }));
  } catch (err) {
    io.stderr(`(parameters not recorded on the incident timeline: ${line((err as Error).message)})\n`);
  }
}

/** Asks for a parameter at the terminal: a numbered pick when there are options, the default on an empty line. */
async function askParameterAtTerminal(io: CliIO, request: Pick<ParameterRequest, 'name' | 'spec' | 'options' | 'optionsNote'>, signal: AbortSignal, where: string): Promise<string | undefined> {
  const { name, spec, options } = request;
  io.stdout(`\n${where} need${where.includes(', ') ? '' : 's'} the parameter <${line(name)}>${spec?.description ? `: ${line(spec.description)}` : ''}\n`);
  if (request.optionsNote) io.stdout(`(no list to pick from: ${line(request.optionsNote)})\n`);
  options?.forEach((o, i) => io.stdout(`  ${i + 1}) ${line(o)}\n`));
  const hint = [options?.length ? 'a number or a value' : '', spec?.default !== undefined ? `empty line: ${line(spec.default)}` : 'empty line: no answer'].filter(Boolean).join('; ');
  const answer = await io.ask!(`${line(name)} (${hint}): `, { signal });
  if (answer === undefined) return undefined;
  const typed = answer.trim();
  if (typed === '') return spec?.default;
  if (options?.length && /^\d+$/.test(typed) && Number(typed) >= 1 && Number(typed) <= options.length) return options[Number(typed) - 1];
  return answer;
}

/**
 * Asks at the terminal when there is one; otherwise nobody can be asked: a missing variable
 * stops the run, and a mitigation is refused unless --yes confirmed it beforehand.
 */
function terminalPrompter(io: CliIO, label: (c: EngineCell) => string): Prompter {
  const ask = io.ask;
  if (!io.interactive || !ask) return { cannotAsk: 'no terminal to ask on', askVariable: async () => undefined, confirm: async () => false };
  return {
    askParameter: (request) => askParameterAtTerminal(io, request, request.signal, label(request.cell)),
    async askVariable({ name, cell, signal }) {
      io.stdout(`\n${label(cell)} needs ${line(name)}, which no frontmatter env, .env file or environment sets.\n`);
      const answer = await ask(`${line(name)} (empty line: no answer): `, { secret: looksSecret(name), signal });
      return answer === undefined || answer === '' ? undefined : answer;
    },
    async confirm({ cell, verdict, command, signal }) {
      const what = verdict.classification === 'mitigation' ? `is a mitigation (${line(verdict.reason)})` : 'is marked `confirm`';
      io.stdout(`\n${label(cell)} ${what}:\n\n${printable(command).replace(/^/gm, '    ')}\n\n`);
      const answer = await ask('Run it? [y/N] ', { signal });
      return /^y(es)?$/i.test((answer ?? '').trim());
    },
  };
}

function cellReport(o: CellOutcome, masker: Masker): CellReport {
  const base = {
    index: o.cell.index, name: o.cell.name, executor: o.cell.executor,
    mutates: o.prepared.verdict.classification === 'mitigation', mutatesReason: o.prepared.verdict.reason,
    ...(Object.keys(o.prepared.params).length ? { params: masker.maskDeep(o.prepared.params) } : {}),
  };
  if (!o.run) return { ...base, status: o.status, exitCode: null, durationMs: 0, output: o.status === 'skipped' ? '' : (o.reason ?? ''), reason: o.reason };
  const r = o.run;
  const output = masker.mask(r.text + (r.error ? (r.text && !r.text.endsWith('\n') ? '\n' : '') + r.error : '')).slice(0, JSON_OUTPUT_LIMIT);
  const captured = o.captured ? { captured: maskCaptured(o.captured, masker) } : {};
  return { ...base, status: r.status, exitCode: r.exitCode ?? null, durationMs: Math.round(r.durationMs), output: stripVTControlCharacters(output), ...captured };
}

/** Captured values as a report shows them: a secret (by its name or its value) as ••••. */
function maskCaptured(captured: Record<string, string>, masker: Masker): Record<string, string> {
  return Object.fromEntries(Object.entries(captured).map(([k, v]) => [k, looksSecret(k) ? MASK : masker.mask(v)]));
}

function printRun(io: CliIO, o: CellOutcome): void {
  const r = o.run!;
  if (r.text && !r.text.endsWith('\n')) io.stdout('\n');
  if (r.omittedBytes) io.stdout(`(${r.omittedBytes} bytes of output left out)\n`);
  if (r.error) io.stderr(`${printable(r.error)}\n`);
  io.stdout(`── ${r.status}${r.exitCode !== undefined ? ` (exit ${r.exitCode})` : ''} in ${Math.round(r.durationMs)} ms\n\n`);
}

/** SIGPIPE: the reader of the output went away (stdio.ts); nobody would see the rest. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGPIPE'] as const;

interface IncidentTarget {
  workspace: string;
  /** The incident the runs go to: --incident's, or the most recent open one when the run starts. */
  id?: string;
  /** Its state, read once for the run (its parameters, captures and start). */
  state?: IncidentState;
  /** Why --incident's timeline could not be read. */
  unreadable?: string;
  options: RecordCellRunOptions;
}

/** Where runs are recorded, like `runbook incident`: --workspace (default cwd), --folder, --incident. */
function incidentTarget(io: CliIO, flags: Record<string, unknown>): IncidentTarget {
  const workspace = workspaceRoot(io, flags.workspace);
  const folder = flags.folder === undefined ? DEFAULT_INCIDENT_FOLDER : String(flags.folder);
  if (!folder) throw new UsageError('--folder expects a directory name');
  const incident = flags.incident === undefined ? undefined : String(flags.incident);
  // A named incident that is not there is a mistake worth stopping for before anything runs;
  // without --incident, no open incident just means nothing is recorded.
  if (incident !== undefined) {
    let found: boolean;
    try {
      found = new IncidentStore(workspace, folder).exists(incident);
    } catch (err) {
      throw new UsageError(`--incident: ${(err as Error).message}`);
    }
    if (!found) throw new UsageError(`--incident ${incident}: no such incident in ${resolve(workspace, folder)}`);
  }
  const store = new IncidentStore(workspace, folder);
  let state: IncidentState | undefined;
  let unreadable: string | undefined;
  try {
    state = incident !== undefined ? store.read(incident).state : store.mostRecentOpen()?.state;
  } catch (err) {
    // Without --incident an unreadable folder just means nothing is recorded.
    if (incident !== undefined) unreadable = (err as Error).message;
  }
  const id = incident ?? state?.id;
  return { workspace, id, state, unreadable, options: { folder, incident: id } };
}

/** Puts the run on the incident, if there is one, with its log and captures; never fails the run. */
function record(io: CliIO, target: IncidentTarget, data: Parameters<typeof recordCellRun>[1], beside: Pick<RecordCellRunOptions, 'evidence' | 'captured' | 'masker'>): void {
  try {
    recordCellRun(target.workspace, data, { ...target.options, ...beside });
  } catch (err) {
    io.stderr(`(not recorded on the incident timeline: ${(err as Error).message})\n`);
  }
}

function cellName(cell: RunbookCell): string | null {
  return typeof cell.attributes.name === 'string' ? cell.attributes.name : null;
}

function selectCells<T extends { cell: RunbookCell; index: number }>(runnable: T[], wanted: string[]): T[] {
  if (wanted.length === 0) return runnable;
  return wanted.map((w) => {
    const byIndex = /^\d+$/.test(w) ? runnable.find((r) => r.index === Number(w)) : undefined;
    const found = byIndex ?? runnable.find((r) => cellName(r.cell) === w);
    if (!found) {
      const names = runnable.map((r) => (cellName(r.cell) ? `${r.index} (${cellName(r.cell)})` : String(r.index))).join(', ');
      throw new UsageError(`--cell ${w}: no runnable cell with that name or index; runnable cells: ${names || 'none'}`);
    }
    return found;
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch {
    return false;
  }
}

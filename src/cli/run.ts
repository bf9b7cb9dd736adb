// `runbook run FILE [--cell NAME|INDEX]... [--diagnostics] [--yes] [--json] [--timeout SECONDS] [--env-file FILE]
// [--workspace DIR] [--folder DIR] [--incident ID]`: runs a runbook's cells with the same engine
// as the notebook (src/core/exec/engine.ts: when to ask, skip or stop). This file only asks at the
// terminal (with --yes, mitigations are confirmed beforehand; without a terminal nobody can be
// asked) and prints. Each run is recorded on the workspace's open incident (or --incident's).
// What the runbook file says (names, commands, reasons quoting them) is printed escaped
// (printable.ts); a cell's own output is the cell's, and passes through as it is.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { readRunbook } from '../core/runbook/bytes';
import type { RunbookCell } from '../core/runbook/types';
import { closeSqlPools } from '../core/exec';
import { incidentStartIn } from '../core/exec/promql/incident';
import { runCells, runPrepared, type CellOutcome, type EngineCell, type OutcomeStatus, type Prompter, type RunReport } from '../core/exec/engine';
import { looksSecret } from '../core/secrets/mask';
import { recordCellRun, type RecordCellRunOptions } from '../core/incident/recordCellRun';
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
}

/** Output kept per cell in --json (the executors cap it anyway; this keeps the JSON readable). */
const JSON_OUTPUT_LIMIT = 64 * 1024;

export const run: CliCommand = async (args, io) => {
  const { positionals, flags } = parseArgs(args, {
    boolean: ['diagnostics', 'yes', 'json'],
    string: ['cell', 'timeout', 'env-file', 'workspace', 'folder', 'incident'],
    multiple: ['cell'],
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
  const incidents = incidentTarget(io, flags);
  const incidentStart = incidentStartIn(incidents.workspace, incidents.options); // PromQL cells chart the incident's window
  const doc = readRunbook(await readFile(file));
  const cells = doc.cells.filter((c) => c.role !== 'notice');
  const runnable = cells.map((cell, index) => ({ cell, index })).filter(({ cell }) => cell.kind === 'code' && cell.executor && cell.role !== 'frontmatter');
  const selected = selectCells(runnable, (flags.cell as string[] | undefined) ?? []);

  const envFile = flags['env-file'] ? resolve(io.cwd, String(flags['env-file'])) : findDotenv(io.cwd, dirname(file));
  if (flags['env-file'] && !(await exists(envFile))) throw new UsageError(`--env-file: no such file ${envFile}`);
  const { variables, rules, warnings } = runbookContext(io, { file, doc, envFile, workspace: incidents.workspace });
  for (const w of warnings) io.stderr(`warning: ${line(w)}\n`);

  const reports: CellReport[] = [];
  const ac = new AbortController();
  // Ctrl-C, a closed terminal and a plain `kill` all cancel: the executor then kills the cell's
  // process group, so nothing it started outlives the run, and no later cell starts.
  const onSignal = () => ac.abort();
  for (const sig of STOP_SIGNALS) process.on(sig, onSignal);
  const labels = new Map<EngineCell, string>();
  const engineCells = selected.map(({ cell, index }) => {
    const c: EngineCell = { index, name: cellName(cell), executor: cell.executor!, code: cell.value, attributes: cell.attributes, infoWord: cell.source?.infoWord };
    labels.set(c, `[${index}${c.name ? ` ${line(c.name)}` : ''}] ${c.executor}`);
    return c;
  });
  const label = (c: EngineCell) => labels.get(c)!;
  let report: RunReport;
  try {
    report = await runCells({
      cells: engineCells,
      mode: flags.diagnostics ? 'diagnostics' : 'all',
      variables,
      rules,
      prompter: terminalPrompter(io, label),
      assumeYes: flags.yes === true,
      signal: ac.signal,
      execute: (prepared, vars) => {
        if (!flags.json) io.stdout(`── ${label(prepared.cell)} (${prepared.verdict.classification})\n`);
        return runPrepared(prepared, vars, {
          cwd: dirname(file),
          signal: ac.signal,
          defaultTimeoutMs: timeoutMs,
          incidentStart,
          onOutput: flags.json ? undefined : (c) => (c.stream === 'stderr' ? io.stderr(c.text) : io.stdout(c.text)),
        });
      },
      onOutcome: (o) => {
        reports.push(cellReport(o));
        if (o.run) {
          if (!flags.json) printRun(io, o);
          record(io, incidents, {
            runbook: file, cellIndex: o.cell.index, cellName: o.cell.name, executor: o.cell.executor, classification: o.prepared.verdict.classification,
            command: o.run.command, status: o.run.status, exitCode: o.run.exitCode, durationMs: Math.round(o.run.durationMs), outputExcerpt: reports.at(-1)!.output,
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
    io.stdout(JSON.stringify({ file: positionals[0], cells: reports, ...stopped, ...(warnings.length ? { warnings } : {}) }, null, 2) + '\n');
  }
  return report.stopped ? 1 : 0;
};

/**
 * Asks at the terminal when there is one; otherwise nobody can be asked: a missing variable
 * stops the run, and a mitigation is refused unless --yes confirmed it beforehand.
 */
function terminalPrompter(io: CliIO, label: (c: EngineCell) => string): Prompter {
  const ask = io.ask;
  if (!io.interactive || !ask) return { cannotAsk: 'no terminal to ask on', askVariable: async () => undefined, confirm: async () => false };
  return {
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

function cellReport(o: CellOutcome): CellReport {
  const base = {
    index: o.cell.index, name: o.cell.name, executor: o.cell.executor,
    mutates: o.prepared.verdict.classification === 'mitigation', mutatesReason: o.prepared.verdict.reason,
  };
  if (!o.run) return { ...base, status: o.status, exitCode: null, durationMs: 0, output: o.status === 'skipped' ? '' : (o.reason ?? ''), reason: o.reason };
  const r = o.run;
  const output = (r.text + (r.error ? (r.text && !r.text.endsWith('\n') ? '\n' : '') + r.error : '')).slice(0, JSON_OUTPUT_LIMIT);
  return { ...base, status: r.status, exitCode: r.exitCode ?? null, durationMs: Math.round(r.durationMs), output: stripVTControlCharacters(output) };
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
  return { workspace, options: { folder, incident } };
}

/** Puts the run on the incident, if there is one; never fails the run. */
function record(io: CliIO, target: IncidentTarget, data: Parameters<typeof recordCellRun>[1]): void {
  try {
    recordCellRun(target.workspace, data, target.options);
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

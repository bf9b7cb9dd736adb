// `runbook run FILE [--cell NAME|INDEX]... [--diagnostics] [--yes] [--json] [--timeout SECONDS] [--env-file FILE]
// [--workspace DIR] [--folder DIR] [--incident ID]`: runs a runbook's cells with the same executors
// as the notebook. Mitigations need --yes or a person at the terminal; the first failing cell stops
// the run. Each run is recorded on the workspace's open incident (or the one --incident names).
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { stripVTControlCharacters } from 'node:util';
import { readRunbook } from '../core/format/bytes';
import type { RunbookCell } from '../core/format/types';
import { closeSqlPools, runCell, classifyCell, maskerFor, type CellRun } from '../core/exec';
import { missingVariables, readDotenv, resolveVariables } from '../core/exec/variables';
import { recordCellRun, type RecordCellRunOptions } from '../core/incident/recordCellRun';
import { DEFAULT_INCIDENT_FOLDER, IncidentStore } from '../core/incident/store';
import { UsageError, type CliCommand, type CliIO } from './io';
import { parseArgs, workspaceRoot } from './args';

type CellStatus = 'ok' | 'failed' | 'skipped' | 'timeout' | 'cancelled';

interface CellReport {
  index: number;
  name: string | null;
  executor: string;
  mutates: boolean;
  status: CellStatus;
  exitCode: number | null;
  durationMs: number;
  output: string;
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
  if (positionals.length !== 1) throw new UsageError('expects one FILE: runbook run FILE [--cell NAME|INDEX]... [--diagnostics] [--yes] [--json] [--timeout SECONDS] [--env-file FILE] [--workspace DIR] [--folder DIR] [--incident ID]');
  const file = resolve(io.cwd, positionals[0]);
  let timeoutMs: number | undefined;
  if (flags.timeout !== undefined) {
    const s = Number(flags.timeout);
    if (!Number.isFinite(s) || s <= 0) throw new UsageError(`--timeout expects a number of seconds, got '${flags.timeout}'`);
    timeoutMs = s * 1000;
  }
  const incidents = incidentTarget(io, flags);
  const doc = readRunbook(await readFile(file));
  const cells = doc.cells.filter((c) => c.role !== 'notice');
  const runnable = cells.map((cell, index) => ({ cell, index })).filter(({ cell }) => cell.kind === 'code' && cell.executor && cell.role !== 'frontmatter');
  const selected = selectCells(runnable, (flags.cell as string[] | undefined) ?? []);

  const envFile = flags['env-file'] ? resolve(io.cwd, String(flags['env-file'])) : await findDotenv(io.cwd, dirname(file));
  if (flags['env-file'] && !(await exists(envFile))) throw new UsageError(`--env-file: no such file ${envFile}`);
  const vars = resolveVariables({ frontmatter: doc.frontmatter?.env, dotenv: readDotenv(envFile), process: io.env });
  const masker = maskerFor(vars.env);

  const reports: CellReport[] = [];
  let failed = false;
  const ac = new AbortController();
  // Ctrl-C, a closed terminal and a plain `kill` all cancel: the executor then kills the cell's
  // process group, so nothing it started outlives the run.
  const onSignal = () => ac.abort();
  for (const sig of STOP_SIGNALS) process.on(sig, onSignal);
  try {
    for (const { cell, index } of selected) {
      const executor = cell.executor!;
      const cls = classifyCell(executor, cell.value, cell.attributes);
      const mutates = cls.classification === 'mitigation';
      const base = { index, name: cellName(cell), executor, mutates, exitCode: null, durationMs: 0, output: '' };
      const label = `[${index}${base.name ? ` ${base.name}` : ''}] ${executor}`;
      if (failed || ac.signal.aborted) {
        reports.push({ ...base, status: 'skipped', reason: failed ? 'an earlier cell failed' : 'cancelled' });
        continue;
      }
      if (flags.diagnostics && mutates) {
        reports.push({ ...base, status: 'skipped', reason: `mitigation (${cls.reason}); --diagnostics runs diagnostics only` });
        if (!flags.json) io.stdout(`── ${label}: skipped, mitigation (${cls.reason})\n`);
        continue;
      }
      const missing = missingVariables(executor, cell.value, cell.attributes, vars.env);
      if (missing.length) {
        const msg = `needs ${missing.join(', ')}, which no frontmatter env, .env file or environment sets`;
        reports.push({ ...base, status: 'failed', output: msg });
        if (!flags.json) io.stderr(`── ${label}: ${msg}\n`);
        failed = true;
        continue;
      }
      if (mutates || cell.attributes.confirm === true) {
        const ok = flags.yes ? true : io.interactive ? await confirm(io, label, cls.reason, masker.mask(cell.value)) : false;
        if (!ok) {
          const why = io.interactive ? 'not confirmed' : `mitigation (${cls.reason}) refused without --yes: no terminal to ask on`;
          reports.push({ ...base, status: 'skipped', reason: why });
          io.stderr(`── ${label}: ${why}\n`);
          failed = true;
          continue;
        }
      }
      if (!flags.json) io.stdout(`── ${label} (${cls.classification})\n`);
      const r: CellRun = await runCell({
        executor,
        code: cell.value,
        attributes: cell.attributes,
        env: vars.env,
        cwd: dirname(file),
        signal: ac.signal,
        defaultTimeoutMs: timeoutMs,
        infoWord: cell.source?.infoWord,
        onOutput: flags.json ? undefined : (c) => (c.stream === 'stderr' ? io.stderr(c.text) : io.stdout(c.text)),
      });
      if (!flags.json) {
        if (r.text && !r.text.endsWith('\n')) io.stdout('\n');
        if (r.omittedBytes) io.stdout(`(${r.omittedBytes} bytes of output left out)\n`);
        if (r.error) io.stderr(`${r.error}\n`);
        io.stdout(`── ${r.status}${r.exitCode !== undefined ? ` (exit ${r.exitCode})` : ''} in ${Math.round(r.durationMs)} ms\n\n`);
      }
      const output = (r.text + (r.error ? (r.text && !r.text.endsWith('\n') ? '\n' : '') + r.error : '')).slice(0, JSON_OUTPUT_LIMIT);
      reports.push({ ...base, status: r.status, exitCode: r.exitCode ?? null, durationMs: Math.round(r.durationMs), output: stripVTControlCharacters(output) });
      record(io, incidents, {
        runbook: file, cellIndex: index, cellName: base.name, executor, classification: cls.classification, command: masker.mask(cell.value),
        status: r.status, exitCode: r.exitCode, durationMs: Math.round(r.durationMs), outputExcerpt: stripVTControlCharacters(output),
      });
      if (r.status !== 'ok') failed = true;
    }
  } finally {
    for (const sig of STOP_SIGNALS) process.off(sig, onSignal);
    await closeSqlPools();
  }
  if (flags.json) io.stdout(JSON.stringify({ file: positionals[0], cells: reports }, null, 2) + '\n');
  return failed ? 1 : 0;
};

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

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

/** The workspace's `.env`: in the current directory, else the nearest one above the runbook. */
async function findDotenv(cwd: string, from: string): Promise<string> {
  if (await exists(resolve(cwd, '.env'))) return resolve(cwd, '.env');
  for (let dir = from; ; dir = dirname(dir)) {
    if (await exists(resolve(dir, '.env'))) return resolve(dir, '.env');
    if (dirname(dir) === dir) return resolve(cwd, '.env');
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

async function confirm(io: CliIO, label: string, reason: string, command: string): Promise<boolean> {
  io.stdout(`\n${label} is a mitigation (${reason}):\n\n${command.replace(/^/gm, '    ')}\n\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question('Run it? [y/N] ');
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch {
    return false;
  }
}

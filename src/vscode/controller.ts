// The notebook controller: runs runbook cells through the core run engine, asks through its
// Prompter, streams output, and reports every run through `onDidRunCell` (the incident timeline).
// Parameters (`<namespace>`) and captured values (`capture=NAME`) are remembered per notebook for
// the session, and taken from (and given to) the open incident through a RunIncident.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { closeSqlPools, maskerFor, type CellRun } from '../core/exec';
import type { CellRunReport } from '../core/incident/recordCellRun';
import { RunOutputCollector } from '../core/incident/runLog';
import { prepareCell, runCells, runPrepared, type CellOutcome, type EngineCell, type PreparedCell, type Prompter, type RunMode, type RunReport } from '../core/exec/engine';
import { loadParsers } from '../core/exec/parsers';
import { loadCommandRules, NO_RULES } from '../core/exec/rules';
import { describeRefused, readDotenv, resolveVariables, type ResolvedVariables } from '../core/exec/variables';
import { looksSecret } from '../core/secrets/mask';
import { NO_RUN_INCIDENT, type RunIncident } from './runIncident';
import { NOTEBOOK_TYPES, isRunbookNotebook } from './serializer';
import { cellInfo, notebookFrontmatter } from './cellInfo';
import type { RunbookSecrets } from './secrets';
import type { ConfigSource } from './config';
import type { CommandTable } from './commands';
import { cellOutputs, excerpt } from './cellOutputs';

/** Streamed output is redrawn at most this often: a chatty command must not flood the renderer. */
const STREAM_THROTTLE_MS = 150;

export class RunbookController implements vscode.Disposable {
  /** One per notebook type (a controller serves a single type). */
  private readonly controllers: vscode.NotebookController[];
  private readonly runEmitter = new vscode.EventEmitter<CellRunReport>();
  readonly onDidRunCell = this.runEmitter.event;
  private readonly finishEmitter = new vscode.EventEmitter<RunReport>();
  /** Each run's report, per cell: what ran, what was skipped and why. */
  readonly onDidFinishRun = this.finishEmitter.event;
  private order = 0;
  /**
   * Variables asked for in this session, per notebook (never written anywhere). They only fill
   * names that no other source sets: a value typed once must not shadow a later .env edit.
   */
  private readonly asked = new Map<string, Map<string, string>>();
  /** Parameters answered or set (`setParameters`) per notebook, for the session. */
  private readonly params = new Map<string, Map<string, string>>();
  /** Values cells captured per notebook, for the session (an incident keeps its own on its timeline). */
  private readonly captured = new Map<string, Map<string, string>>();
  /** Cells running now: closing the window cancels them (their process groups go with them). */
  private readonly running = new Set<AbortController>();
  /** Notebooks whose "Run Diagnostics" loop is running. */
  private readonly diagnosing = new Set<string>();
  /** Notebooks whose next cell to run is brought into view (the first cell of Run Diagnostics). */
  private readonly revealNext = new Set<string>();
  /** Notebooks our controllers are selected for: VS Code refuses executions anywhere else. */
  private readonly selected = new Set<string>();
  private readonly selectionEmitter = new vscode.EventEmitter<void>();
  private readonly selectionSubs: vscode.Disposable[];
  /** When the open incident began (ISO): PromQL cells chart its window. Set by `activate`, which knows the session. */
  incidentStart: () => string | undefined = () => undefined;

  constructor(
    private readonly secrets: RunbookSecrets,
    /** How the controller asks: the editor's dialogs unless a test scripts them. */
    private readonly prompter: Prompter,
    private readonly config: ConfigSource,
    /** The incident in progress: its parameters and captured values, and where answers are recorded. */
    private readonly incident: RunIncident = NO_RUN_INCIDENT,
  ) {
    this.controllers = NOTEBOOK_TYPES.map((type, i) => {
      const controller = vscode.notebooks.createNotebookController(i === 0 ? 'incident-runbook-controller' : `${type}-controller`, type, 'Incident Runbook');
      controller.supportedLanguages = ['shellscript', 'sql', 'redis', 'http', 'promql'];
      controller.supportsExecutionOrder = true;
      controller.description = 'shell, PostgreSQL, Redis, HTTP and PromQL cells';
      controller.executeHandler = async (cells, notebook) => {
        await this.runCells(cells, notebook, 'all');
      };
      return controller;
    });
    this.selectionSubs = this.controllers.map((c) =>
      c.onDidChangeSelectedNotebooks(({ notebook, selected }) => {
        if (selected) this.selected.add(notebook.uri.toString());
        else this.selected.delete(notebook.uri.toString());
        this.selectionEmitter.fire();
      }),
    );
  }

  /**
   * Parameters for a notebook's next runs (the alert flow: an alert's labels), over the
   * incident's; a cell that needs one of them is not asked.
   */
  setParameters(notebookUri: vscode.Uri, params: Record<string, string>): void {
    const known = this.memory(this.params, notebookUri.toString());
    for (const [name, value] of Object.entries(params)) known.set(name, value);
  }

  /** The parameters known for a notebook: the incident's, then those set or answered here. */
  knownParameters(notebook: vscode.NotebookDocument): Record<string, string> {
    return { ...this.incident.values()?.params, ...Object.fromEntries(this.params.get(notebook.uri.toString()) ?? []) };
  }

  /**
   * Selects our controller for the active notebook editor's notebook unless it already is, as the
   * run button would: a command ("Run Diagnostics") runs before anyone picked a kernel.
   */
  async selectFor(notebook: vscode.NotebookDocument, extensionId: string): Promise<void> {
    const key = notebook.uri.toString();
    if (this.selected.has(key)) return;
    const controller = this.controllers.find((c) => c.notebookType === notebook.notebookType) ?? this.controllers[0];
    const associated = new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), 5_000);
      const sub = this.selectionEmitter.event(() => this.selected.has(key) && done());
      const done = () => {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      };
    });
    await vscode.commands.executeCommand('notebook.selectKernel', { id: controller.id, extension: extensionId });
    await associated;
  }

  /**
   * Runs cells with the run engine (src/core/exec/engine.ts), which decides what runs and when to
   * ask, skip or stop; this adapts its questions, outputs and outcomes to the editor. A single
   * cell is a run of one. `diagnostics` skips mitigations and goes on.
   */
  async runCells(cells: readonly vscode.NotebookCell[], notebook: vscode.NotebookDocument, mode: RunMode): Promise<RunReport | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Runbook cells do not run in an untrusted workspace. Trust this folder to run them (Workspaces: Manage Workspace Trust).');
      return undefined;
    }
    const byEngineCell = new Map<EngineCell, vscode.NotebookCell>();
    for (const cell of cells) {
      const engineCell = this.engineCell(cell);
      if (engineCell) byEngineCell.set(engineCell, cell);
    }
    if (byEngineCell.size === 0) return undefined;
    const vars = await this.variables(notebook);
    const rules = this.rules(notebook);
    // Refused frontmatter entries show on the frontmatter cell; a .env has no cell to show them on.
    const warnings = [...vars.refused.filter((r) => r.source === 'dotenv').map(describeRefused), ...rules.problems];
    if (warnings.length) void vscode.window.showWarningMessage(warnings.join(' '));
    const report = await runCells({
      cells: [...byEngineCell.keys()],
      mode,
      variables: vars,
      rules: rules.rules,
      params: { values: this.knownParameters(notebook), specs: notebookFrontmatter(notebook)?.params, cwd: this.cwdFor(notebook) },
      onParams: (values, source) => {
        try {
          this.incident.recordParams(values, source);
        } catch (err) {
          void vscode.window.showErrorMessage(`Could not record the parameters on the incident timeline: ${err instanceof Error ? err.message : err}`);
        }
      },
      prompter: this.remembering(notebook),
      execute: (prepared, variables) => this.execute(byEngineCell.get(prepared.cell)!, notebook, prepared, variables),
      onOutcome: async (o) => {
        // The cell that stopped the run without running says why on itself.
        if (!o.run && o.stops) await this.showNotRun(byEngineCell.get(o.cell)!, notebook, o);
      },
    });
    const notRun = report.outcomes.filter((o) => o.status === 'skipped' && !o.stops && o.reason?.startsWith('not run: the run stopped'));
    if (report.stopped && notRun.length) {
      void vscode.window.showInformationMessage(`The run stopped at ${report.stopped.cell.label}: ${report.stopped.reason}. ${notRun.length} later cell${notRun.length === 1 ? '' : 's'} not run.`);
    }
    const captured = this.memory(this.captured, notebook.uri.toString());
    for (const [name, value] of Object.entries(report.captured)) captured.set(name, value);
    this.finishEmitter.fire(report);
    return report;
  }

  /** The verdict the engine will act on for a cell, for the status bar: null for cells that do not run. */
  async prepare(cell: vscode.NotebookCell): Promise<PreparedCell | null> {
    const engineCell = this.engineCell(cell);
    if (!engineCell) return null;
    await loadParsers();
    const vars = await this.variables(cell.notebook);
    return prepareCell(engineCell, { rules: this.rules(cell.notebook).rules, env: vars.env, params: this.knownParameters(cell.notebook) });
  }

  private engineCell(cell: vscode.NotebookCell): EngineCell | null {
    const info = cellInfo(cell);
    if (cell.kind !== vscode.NotebookCellKind.Code || !info.executor || info.role === 'frontmatter') return null;
    const name = typeof info.attributes.name === 'string' ? info.attributes.name : null;
    // Reported by index like `runbook run`; named in messages as the editor numbers cells, from 1.
    const label = `cell ${cell.index + 1}${name ? ` (${name})` : ''}`;
    return { index: cell.index, name, label, executor: info.executor, code: cell.document.getText(), attributes: info.attributes, infoWord: info.infoWord };
  }

  /** The constructor's prompter, remembering answers for this notebook for the session. */
  private remembering(notebook: vscode.NotebookDocument): Prompter {
    const asked = this.askedFor(notebook);
    const params = this.memory(this.params, notebook.uri.toString());
    const ask = this.prompter.askParameter?.bind(this.prompter);
    return {
      askVariable: async (request) => {
        const value = await this.prompter.askVariable(request);
        if (value !== undefined) asked.set(request.name, value);
        return value;
      },
      ...(ask && {
        askParameter: async (request) => {
          const value = await ask(request);
          if (value !== undefined) params.set(request.name, value);
          return value;
        },
      }),
      confirm: (request) => this.prompter.confirm(request),
    };
  }

  /** Shows on a cell why it did not run (missing variables, not confirmed); its old outputs go. */
  private async showNotRun(cell: vscode.NotebookCell, notebook: vscode.NotebookDocument, o: CellOutcome): Promise<void> {
    let execution: vscode.NotebookCellExecution;
    try {
      execution = this.controllerFor(notebook).createNotebookCellExecution(cell);
    } catch {
      return; // running already: its own run shows its state
    }
    execution.start(Date.now());
    const err = new Error(o.reason ?? o.status);
    err.name = o.status === 'skipped' ? 'Not run' : 'Cannot run';
    err.stack = undefined;
    await Promise.resolve(execution.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(err)], { status: o.status }))).then(undefined, () => {});
    try {
      // Not run is neither success nor failure; a cell that cannot start failed.
      execution.end(o.status === 'skipped' ? undefined : false, Date.now());
    } catch {
      /* the cell is gone */
    }
  }

  private controllerFor(notebook: vscode.NotebookDocument): vscode.NotebookController {
    return this.controllers.find((c) => c.notebookType === notebook.notebookType) ?? this.controllers[0];
  }

  /** Runs one prepared cell in a notebook cell execution: streams, shows, and reports it to the timeline. */
  private async execute(cell: vscode.NotebookCell, notebook: vscode.NotebookDocument, prepared: PreparedCell, vars: ResolvedVariables): Promise<CellRun> {
    if (this.revealNext.delete(notebook.uri.toString())) revealCell(cell);
    const info = cellInfo(cell);
    const masker = maskerFor(vars.env, vars.secretNames);
    let execution: vscode.NotebookCellExecution;
    try {
      execution = this.controllerFor(notebook).createNotebookCellExecution(cell);
    } catch (err) {
      // VS Code allows one execution per cell: it is running already (a click during Run Diagnostics).
      const message = `Cell ${cell.index + 1} is already running; wait for it to finish or cancel it first. (${(err as Error).message})`;
      void vscode.window.showWarningMessage(message);
      return { status: 'failed', durationMs: 0, text: '', error: message, classification: prepared.verdict, command: masker.mask(prepared.code) };
    }
    execution.executionOrder = ++this.order;
    execution.start(Date.now());
    const ac = new AbortController();
    this.running.add(ac);
    const sub = execution.token.onCancellationRequested(() => ac.abort());
    const s = this.config().execution;
    let streamed = '';
    let dirty = false;
    const log = new RunOutputCollector(s.runLogLimitBytes);
    // Output calls fail once the cell is gone (deleted mid-run); the run goes on and is still recorded.
    let flushing: Promise<void> = Promise.resolve(execution.clearOutput()).then(undefined, () => {});
    const flush = () => {
      if (!dirty) return;
      dirty = false;
      // Only the last part of a long stream is shown live; the final output has head and tail.
      const shown = streamed.length > s.outputLimitBytes ? streamed.slice(-s.outputLimitBytes) : streamed;
      flushing = flushing.then(() => execution.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.stdout(shown)]))).then(undefined, () => {});
    };
    const timer = setInterval(flush, STREAM_THROTTLE_MS);
    let result: CellRun | undefined;
    try {
      await flushing;
      result = await runPrepared(prepared, vars, {
        cwd: this.cwdFor(notebook),
        signal: ac.signal,
        defaultTimeoutMs: s.defaultTimeoutMs,
        maxOutputBytes: s.outputLimitBytes,
        rowLimit: s.rowLimit,
        incidentStart: this.incidentStart(),
        onOutput: (chunk) => {
          streamed += chunk.text;
          log.add(chunk.text);
          if (streamed.length > 2 * s.outputLimitBytes) streamed = streamed.slice(-s.outputLimitBytes);
          dirty = true;
        },
      });
      clearInterval(timer);
      await flushing;
      await execution.replaceOutput(cellOutputs(result)).then(undefined, () => {});
    } finally {
      clearInterval(timer);
      sub.dispose();
      this.running.delete(ac);
      const ok = result?.status === 'ok';
      try {
        execution.end(ok, Date.now());
      } catch {
        /* the cell is gone: nothing left to mark */
      }
      // Recorded even when the cell is gone or the run threw: the timeline must not miss a run.
      // Masked with what the run captured too: a secret the cell printed and captured stays out.
      const after = result?.captured ? maskerFor({ ...vars.env, ...result.captured }, vars.secretNames) : masker;
      const record = {
        runbook: notebook.uri.fsPath,
        cellIndex: cell.index,
        cellName: typeof info.attributes.name === 'string' ? info.attributes.name : null,
        executor: prepared.cell.executor,
        classification: prepared.verdict.classification,
        command: after.mask(prepared.code),
        status: result?.status ?? 'failed',
        exitCode: result?.exitCode,
        durationMs: Math.round(result?.durationMs ?? 0),
        outputExcerpt: result ? after.mask(excerpt(stripVTControlCharacters(result.text + (result.error ? `\n${result.error}` : '')))) : 'the run did not finish',
        ...(Object.keys(prepared.params).length ? { params: after.maskDeep(prepared.params) } : {}),
      };
      const evidence = result ? log.evidence(stripVTControlCharacters(result.text + (result.error ? `\n${result.error}` : '')), result.data) : undefined;
      this.runEmitter.fire({ record, evidence, masker: after, ...(result?.captured ? { captured: result.captured } : {}) });
    }
    return result;
  }

  /** Runs a notebook's diagnostic cells; a second call while one runs says so and returns. */
  async runDiagnostics(notebook: vscode.NotebookDocument): Promise<void> {
    const key = notebook.uri.toString();
    if (this.diagnosing.has(key)) {
      void vscode.window.showInformationMessage('Run Diagnostics is already running for this runbook.');
      return;
    }
    this.diagnosing.add(key);
    // The first answer is what the person waits for (often scrolled past the runbook's
    // introduction, or just opened from an alert): its cell comes into view, the rest do not pull.
    this.revealNext.add(key);
    try {
      await this.runCells(notebook.getCells(), notebook, 'diagnostics');
    } finally {
      this.diagnosing.delete(key);
      this.revealNext.delete(key);
    }
  }

  private askedFor(notebook: vscode.NotebookDocument): Map<string, string> {
    return this.memory(this.asked, notebook.uri.toString());
  }

  private memory(maps: Map<string, Map<string, string>>, key: string): Map<string, string> {
    let m = maps.get(key);
    if (!m) maps.set(key, (m = new Map()));
    return m;
  }

  private cwdFor(notebook: vscode.NotebookDocument): string {
    if (notebook.uri.scheme === 'file') return join(notebook.uri.fsPath, '..');
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  }

  /** The workspace's command rules (`.runbooks/commands.yaml`), read at each use: edits count at once. */
  private rules(notebook: vscode.NotebookDocument): ReturnType<typeof loadCommandRules> {
    const folder = vscode.workspace.getWorkspaceFolder(notebook.uri) ?? vscode.workspace.workspaceFolders?.[0];
    return folder && folder.uri.scheme === 'file' ? loadCommandRules(folder.uri.fsPath) : { rules: NO_RULES, problems: [] };
  }

  private async variables(notebook: vscode.NotebookDocument): Promise<ResolvedVariables> {
    const folder = vscode.workspace.getWorkspaceFolder(notebook.uri) ?? vscode.workspace.workspaceFolders?.[0];
    const dotenv = folder && folder.uri.scheme === 'file' ? readDotenv(join(folder.uri.fsPath, '.env')) : {};
    // Captured values: the incident's, and this session's (newer, or kept unmasked here).
    const captured = { ...this.incident.values()?.variables, ...Object.fromEntries(this.captured.get(notebook.uri.toString()) ?? []) };
    const vars = resolveVariables({
      frontmatter: notebookFrontmatter(notebook)?.env,
      dotenv,
      incident: captured,
      process: process.env,
      secrets: await this.secrets.all(),
    });
    // Asked values only fill what every other source left unset.
    for (const [name, value] of this.asked.get(notebook.uri.toString()) ?? []) {
      if (name in vars.env) continue;
      vars.env[name] = value;
      if (looksSecret(name)) vars.secretNames.add(name);
    }
    return vars;
  }

  dispose(): void {
    // Closing the window must not leave cells' processes running (shell cells run detached).
    for (const ac of this.running) ac.abort();
    this.running.clear();
    for (const d of [...this.selectionSubs, ...this.controllers]) d.dispose();
    this.runEmitter.dispose();
    this.finishEmitter.dispose();
    this.selectionEmitter.dispose();
    void closeSqlPools();
  }
}

/** Scrolls a cell into view in the editors showing its notebook, if it is outside what they show. */
function revealCell(cell: vscode.NotebookCell): void {
  for (const editor of vscode.window.visibleNotebookEditors) {
    if (editor.notebook !== cell.notebook) continue;
    editor.revealRange(new vscode.NotebookRange(cell.index, cell.index + 1), vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
  }
}

/** "Run Diagnostics": the active runbook's diagnostic cells, with our kernel selected for it. */
export function executionCommands(controller: RunbookController, extensionId: string): Pick<CommandTable, 'runDiagnostics'> {
  return {
    runDiagnostics: {
      needs: ['trust'],
      async run() {
        const notebook = vscode.window.activeNotebookEditor?.notebook;
        if (!notebook || !isRunbookNotebook(notebook)) {
          void vscode.window.showInformationMessage('Open a runbook notebook to run its diagnostics.');
          return;
        }
        await controller.selectFor(notebook, extensionId);
        await controller.runDiagnostics(notebook);
      },
    },
  };
}

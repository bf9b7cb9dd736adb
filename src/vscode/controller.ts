// The notebook controller: runs runbook cells with the core executors, streams their output,
// asks before mitigations, and reports every run through `onDidRunCell` (the incident timeline).
import * as vscode from 'vscode';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { runCell, classifyCell, closeSqlPools, maskerFor, DEFAULT_OUTPUT_LIMIT, DEFAULT_ROW_LIMIT, type CellRun, type CellRunRecord } from '../core/exec';
import { missingVariables, readDotenv, resolveVariables } from '../core/exec/variables';
import { looksSecret } from '../core/secrets/mask';
import { NOTEBOOK_TYPES, isRunbookNotebook } from './serializer';
import { cellInfo, notebookFrontmatter } from './cellInfo';
import { RunbookSecrets } from './secrets';
import { CellClassStatusBar } from './cellStatusBar';

/** Streamed output is redrawn at most this often: a chatty command must not flood the renderer. */
const STREAM_THROTTLE_MS = 150;

interface Settings {
  defaultTimeoutMs: number;
  outputLimitBytes: number;
  rowLimit: number;
}

function settings(): Settings {
  const c = vscode.workspace.getConfiguration('incidentRunbooks.execution');
  const num = (key: string, dflt: number) => {
    const v = c.get<number>(key);
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : dflt;
  };
  return { defaultTimeoutMs: num('defaultTimeoutSeconds', 60) * 1000, outputLimitBytes: num('outputLimitBytes', DEFAULT_OUTPUT_LIMIT), rowLimit: num('rowLimit', DEFAULT_ROW_LIMIT) };
}

export class RunbookController implements vscode.Disposable {
  /** One per notebook type (a controller serves a single type). */
  private readonly controllers: vscode.NotebookController[];
  private readonly runEmitter = new vscode.EventEmitter<CellRunRecord>();
  readonly onDidRunCell = this.runEmitter.event;
  private order = 0;
  /**
   * Variables asked for in this session, per notebook (never written anywhere). They only fill
   * names that no other source sets: a value typed once must not shadow a later .env edit.
   */
  private readonly asked = new Map<string, Map<string, string>>();
  /** Cells running now: closing the window cancels them (their process groups go with them). */
  private readonly running = new Set<AbortController>();
  /** Notebooks whose "Run Diagnostics" loop is running. */
  private readonly diagnosing = new Set<string>();
  /** Notebooks our controllers are selected for: VS Code refuses executions anywhere else. */
  private readonly selected = new Set<string>();
  private readonly selectionEmitter = new vscode.EventEmitter<void>();
  private readonly selectionSubs: vscode.Disposable[];

  constructor(private readonly secrets: RunbookSecrets) {
    this.controllers = NOTEBOOK_TYPES.map((type, i) => {
      const controller = vscode.notebooks.createNotebookController(i === 0 ? 'incident-runbook-controller' : `${type}-controller`, type, 'Incident Runbook');
      controller.supportedLanguages = ['shellscript', 'sql', 'redis', 'http'];
      controller.supportsExecutionOrder = true;
      controller.description = 'shell, PostgreSQL, Redis and HTTP cells';
      controller.executeHandler = (cells, notebook) => this.runCells(cells, notebook, 'all');
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

  /** Runs cells in order; stops at the first failure or refusal. `diagnostics` skips mitigations. */
  async runCells(cells: readonly vscode.NotebookCell[], notebook: vscode.NotebookDocument, mode: 'all' | 'diagnostics'): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Runbook cells do not run in an untrusted workspace. Trust this folder to run them (Workspaces: Manage Workspace Trust).');
      return;
    }
    for (const cell of cells) {
      const outcome = await this.runOne(cell, notebook, mode, cells.length > 1);
      if (outcome === 'stop') break;
    }
  }

  private async runOne(cell: vscode.NotebookCell, notebook: vscode.NotebookDocument, mode: 'all' | 'diagnostics', batch: boolean): Promise<'ok' | 'skip' | 'stop'> {
    const info = cellInfo(cell);
    if (cell.kind !== vscode.NotebookCellKind.Code || !info.executor || info.role === 'frontmatter') return 'skip';
    const code = cell.document.getText();
    const cls = classifyCell(info.executor, code, info.attributes);
    if (mode === 'diagnostics' && cls.classification === 'mitigation') return 'skip';

    const vars = await this.variables(notebook);
    const asked = this.askedFor(notebook);
    for (const name of missingVariables(info.executor, code, info.attributes, vars.env)) {
      const value = asked.get(name) ?? (await vscode.window.showInputBox({
        title: `This cell needs ${name}`,
        prompt: `Value of ${name} (set it in the runbook's frontmatter env, .env, or with "Store Secret" to skip this question)`,
        password: looksSecret(name),
        ignoreFocusOut: true,
      }));
      if (value === undefined) return 'stop';
      asked.set(name, value);
      vars.env[name] = value;
      if (looksSecret(name)) vars.secretNames.add(name);
    }
    const masker = maskerFor(vars.env, vars.secretNames);

    if (cls.classification === 'mitigation' || info.attributes.confirm === true) {
      const choice = await vscode.window.showWarningMessage(
        `Run mitigation${info.attributes.name ? ` "${info.attributes.name}"` : ''}? ${cls.reason}.`,
        { modal: true, detail: masker.mask(code) },
        'Run',
      );
      if (choice !== 'Run') return batch ? 'stop' : 'skip';
    }

    const controller = this.controllers.find((c) => c.notebookType === notebook.notebookType) ?? this.controllers[0];
    let execution: vscode.NotebookCellExecution;
    try {
      execution = controller.createNotebookCellExecution(cell);
    } catch (err) {
      // VS Code allows one execution per cell: it is running already (a click during Run Diagnostics).
      void vscode.window.showWarningMessage(`Cell ${cell.index + 1} is already running; wait for it to finish or cancel it first. (${(err as Error).message})`);
      return 'stop';
    }
    execution.executionOrder = ++this.order;
    execution.start(Date.now());
    const ac = new AbortController();
    this.running.add(ac);
    const sub = execution.token.onCancellationRequested(() => ac.abort());
    const s = settings();
    let streamed = '';
    let dirty = false;
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
      result = await runCell({
        executor: info.executor,
        code,
        attributes: info.attributes,
        infoWord: info.infoWord,
        env: vars.env,
        secretNames: vars.secretNames,
        cwd: this.cwdFor(notebook),
        signal: ac.signal,
        defaultTimeoutMs: s.defaultTimeoutMs,
        maxOutputBytes: s.outputLimitBytes,
        rowLimit: s.rowLimit,
        onOutput: (chunk) => {
          streamed += chunk.text;
          if (streamed.length > 2 * s.outputLimitBytes) streamed = streamed.slice(-s.outputLimitBytes);
          dirty = true;
        },
      });
      clearInterval(timer);
      await flushing;
      await execution.replaceOutput(this.outputs(result)).then(undefined, () => {});
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
      this.runEmitter.fire({
        runbook: notebook.uri.fsPath,
        cellIndex: cell.index,
        cellName: typeof info.attributes.name === 'string' ? info.attributes.name : null,
        executor: info.executor,
        classification: cls.classification,
        command: masker.mask(code),
        status: result?.status ?? 'failed',
        exitCode: result?.exitCode,
        durationMs: Math.round(result?.durationMs ?? 0),
        outputExcerpt: result ? excerpt(stripVTControlCharacters(result.text + (result.error ? `\n${result.error}` : ''))) : 'the run did not finish',
      });
    }
    return result.status === 'ok' ? 'ok' : 'stop';
  }

  /** Runs a notebook's diagnostic cells; a second call while one runs says so and returns. */
  async runDiagnostics(notebook: vscode.NotebookDocument): Promise<void> {
    const key = notebook.uri.toString();
    if (this.diagnosing.has(key)) {
      void vscode.window.showInformationMessage('Run Diagnostics is already running for this runbook.');
      return;
    }
    this.diagnosing.add(key);
    try {
      await this.runCells(notebook.getCells(), notebook, 'diagnostics');
    } finally {
      this.diagnosing.delete(key);
    }
  }

  private askedFor(notebook: vscode.NotebookDocument): Map<string, string> {
    const key = notebook.uri.toString();
    let m = this.asked.get(key);
    if (!m) this.asked.set(key, (m = new Map()));
    return m;
  }

  private outputs(r: CellRun): vscode.NotebookCellOutput[] {
    const items: vscode.NotebookCellOutputItem[] = [];
    if (r.data?.kind === 'sql' && r.data.results.some((x) => x.columns.length)) {
      items.push(vscode.NotebookCellOutputItem.json(r.data, 'application/vnd.incident-runbooks.sql+json'));
      items.push(vscode.NotebookCellOutputItem.text(markdownTables(r.data.results), 'text/markdown'));
    }
    items.push(vscode.NotebookCellOutputItem.stdout(r.text || (r.status === 'ok' ? '(no output)' : '')));
    const meta = { status: r.status, exitCode: r.exitCode, durationMs: Math.round(r.durationMs), omittedBytes: r.omittedBytes, classification: r.classification.classification };
    const outs = [new vscode.NotebookCellOutput(items, meta)];
    if (r.status !== 'ok') {
      const err = new Error(r.error ?? r.status);
      err.name = r.status === 'timeout' ? 'Timeout' : r.status === 'cancelled' ? 'Cancelled' : 'Failed';
      err.stack = undefined;
      outs.push(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(err)], meta));
    }
    return outs;
  }

  private cwdFor(notebook: vscode.NotebookDocument): string {
    if (notebook.uri.scheme === 'file') return join(notebook.uri.fsPath, '..');
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  }

  private async variables(notebook: vscode.NotebookDocument) {
    const folder = vscode.workspace.getWorkspaceFolder(notebook.uri) ?? vscode.workspace.workspaceFolders?.[0];
    const dotenv = folder && folder.uri.scheme === 'file' ? readDotenv(join(folder.uri.fsPath, '.env')) : {};
    const vars = resolveVariables({
      frontmatter: notebookFrontmatter(notebook)?.env,
      dotenv,
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
    this.selectionEmitter.dispose();
    void closeSqlPools();
  }
}

function excerpt(text: string): string {
  if (Buffer.byteLength(text) <= 2048) return text;
  let out = text.slice(0, 2000);
  while (Buffer.byteLength(out) > 2000) out = out.slice(0, -100);
  return out + '\n…';
}

function markdownTables(results: Array<{ columns: Array<{ name: string }>; rows: Array<Array<string | null>>; omittedRows: number; command: string; rowCount: number | null }>): string {
  const esc = (v: string | null) => (v === null ? '*null*' : v.replace(/\|/g, '\\|').replace(/\n/g, ' '));
  return results
    .map((r) => {
      if (!r.columns.length) return `\`${r.command}${r.rowCount !== null ? ` ${r.rowCount}` : ''}\``;
      const head = `| ${r.columns.map((c) => esc(c.name)).join(' | ')} |\n|${r.columns.map(() => ' --- |').join('')}`;
      const rows = r.rows.map((row) => `| ${row.map(esc).join(' | ')} |`).join('\n');
      const total = r.rows.length + r.omittedRows;
      return `${head}\n${rows}\n\n*${total} row${total === 1 ? '' : 's'}${r.omittedRows ? `, ${r.omittedRows} more not shown` : ''}*`;
    })
    .join('\n\n');
}

/** Wires execution: the controller, the status bar, secrets and the "Run Diagnostics" command. */
export function registerExecution(context: vscode.ExtensionContext): { controller: RunbookController; secrets: RunbookSecrets } {
  const secrets = new RunbookSecrets(context);
  const controller = new RunbookController(secrets);
  context.subscriptions.push(
    controller,
    secrets.register(),
    ...NOTEBOOK_TYPES.map((type) => vscode.notebooks.registerNotebookCellStatusBarItemProvider(type, new CellClassStatusBar())),
    vscode.commands.registerCommand('incidentRunbooks.runDiagnostics', async () => {
      const notebook = vscode.window.activeNotebookEditor?.notebook;
      if (!notebook || !isRunbookNotebook(notebook)) {
        void vscode.window.showInformationMessage('Open a runbook notebook to run its diagnostics.');
        return;
      }
      await controller.selectFor(notebook, context.extension.id);
      await controller.runDiagnostics(notebook);
    }),
  );
  return { controller, secrets };
}

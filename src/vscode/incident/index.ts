// Wires the incident adapters: session, views, status bar, commands, file watcher and cell runs.
import * as vscode from 'vscode';
import type { CellRunRecord } from '../../core/incident/events';
import { IncidentConfig } from './config';
import { IncidentSession } from './session';
import { IncidentTreeProvider } from './incidentTree';
import { ChecklistTreeProvider } from './checklistTree';
import { TimelineTreeProvider } from './timelineTree';
import { RunbooksTreeProvider } from './runbooksTree';
import { RunbookCatalog } from './runbookCatalog';
import { IncidentStatusBar, TICK_MS } from './statusBar';
import { registerIncidentCommands } from './commands';
import type { Masker } from '../../core/secrets/mask';

export interface IncidentDeps {
  /** The notebook controller's cell runs; each is recorded on the active incident while it is open. */
  onDidRunCell?: vscode.Event<CellRunRecord>;
  /** Masks what people type into notes (stored secrets included); default: `.env` and environment variables. */
  masker?: (root: string) => Masker | Promise<Masker>;
}

export const VIEW_IDS = {
  incident: 'incidentRunbooks.incident',
  checklist: 'incidentRunbooks.checklist',
  timeline: 'incidentRunbooks.timeline',
  runbooks: 'incidentRunbooks.runbooks',
} as const;

/** How often timelines are re-checked on disk besides the file watcher. */
const POLL_MS = 5_000;

export function registerIncidents(context: vscode.ExtensionContext, deps: IncidentDeps = {}): IncidentSession | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const catalog = new RunbookCatalog();
  const runbooks = new RunbooksTreeProvider(catalog);
  context.subscriptions.push(catalog, runbooks, catalog.onDidChange(() => runbooks.refresh()));
  context.subscriptions.push(vscode.window.createTreeView(VIEW_IDS.runbooks, { treeDataProvider: runbooks, showCollapseAll: true }));
  if (!folder) {
    // Incidents live in a workspace folder. The commands still exist (menus and walkthroughs name
    // them) and say so, rather than "command not found".
    context.subscriptions.push(registerIncidentCommands({ catalog, masker: deps.masker }));
    return undefined;
  }

  const config = new IncidentConfig(folder);
  for (const p of config.problems) void vscode.window.showWarningMessage(p);
  const session = new IncidentSession(folder.uri.fsPath, context.workspaceState, config);
  const incident = new IncidentTreeProvider(session);
  const checklist = new ChecklistTreeProvider(session);
  const timeline = new TimelineTreeProvider(session);
  const statusBar = new IncidentStatusBar(session);
  context.subscriptions.push(
    session,
    incident,
    checklist,
    timeline,
    statusBar,
    vscode.window.createTreeView(VIEW_IDS.incident, { treeDataProvider: incident }),
    vscode.window.createTreeView(VIEW_IDS.checklist, { treeDataProvider: checklist }),
    vscode.window.createTreeView(VIEW_IDS.timeline, { treeDataProvider: timeline }),
    session.onDidChange(() => {
      incident.refresh();
      checklist.refresh();
      timeline.refresh();
      statusBar.update();
    }),
    registerIncidentCommands({ session, catalog, masker: deps.masker }),
  );

  // Elapsed time and due dates move on their own.
  const tick = setInterval(() => incident.refresh(), TICK_MS);
  context.subscriptions.push({ dispose: () => clearInterval(tick) });

  // Another window, the CLI or a `git pull` changed a timeline: re-read (debounced, writes come in
  // bursts). The session re-reads only files whose size or mtime moved, so our own writes cost nothing.
  let pending: ReturnType<typeof setTimeout> | undefined;
  const onDisk = () => {
    clearTimeout(pending);
    pending = setTimeout(() => session.reload(), 150);
  };
  let watcher: vscode.Disposable | undefined;
  const watch = (incidentFolder: string) => {
    watcher?.dispose();
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${incidentFolder}/*/timeline.jsonl`));
    watcher = vscode.Disposable.from(w, w.onDidChange(onDisk), w.onDidCreate(onDisk), w.onDidDelete(onDisk));
  };
  watch(config.folder);
  // Watchers miss events (network drives, remote setups, a folder created after the watcher):
  // a stat-only re-check every few seconds catches what they miss; unchanged files cost a stat.
  const poll = setInterval(() => session.reload(), POLL_MS);
  context.subscriptions.push({ dispose: () => (clearTimeout(pending), clearInterval(poll), watcher?.dispose()) });

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!IncidentConfig.affects(e)) return;
      const next = new IncidentConfig(folder);
      for (const p of next.problems) void vscode.window.showWarningMessage(p);
      if (next.folder !== session.config.folder) watch(next.folder);
      session.setConfig(next);
    }),
  );

  if (deps.onDidRunCell) {
    context.subscriptions.push(
      deps.onDidRunCell((record) => {
        try {
          session.recordCellRun(record);
        } catch (err) {
          void vscode.window.showErrorMessage(`Could not record the cell run on the incident timeline: ${err instanceof Error ? err.message : err}`);
        }
      }),
    );
  }

  // Reading every timeline can take a while: not on the activation path.
  const first = setImmediate(() => session.reload());
  context.subscriptions.push({ dispose: () => clearImmediate(first) });
  return session;
}

// Wires the incident adapters: session, views, status bar, commands, file watcher and cell runs.
import * as vscode from 'vscode';
import type { CellRunRecord } from '../../core/exec/types';
import { IncidentConfig } from './config';
import { IncidentSession } from './session';
import { IncidentTreeProvider } from './incidentTree';
import { ChecklistTreeProvider } from './checklistTree';
import { TimelineTreeProvider } from './timelineTree';
import { RunbooksTreeProvider } from './runbooksTree';
import { RunbookCatalog } from './runbookCatalog';
import { IncidentStatusBar, TICK_MS } from './statusBar';
import { registerIncidentCommands } from './commands';

export interface IncidentDeps {
  /** The notebook controller's cell runs; each is recorded on the active incident while it is open. */
  onDidRunCell?: vscode.Event<CellRunRecord>;
}

export const VIEW_IDS = {
  incident: 'incidentRunbooks.incident',
  checklist: 'incidentRunbooks.checklist',
  timeline: 'incidentRunbooks.timeline',
  runbooks: 'incidentRunbooks.runbooks',
} as const;

export function registerIncidents(context: vscode.ExtensionContext, deps: IncidentDeps = {}): IncidentSession | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const catalog = new RunbookCatalog();
  const runbooks = new RunbooksTreeProvider(catalog);
  context.subscriptions.push(catalog, runbooks, catalog.onDidChange(() => runbooks.refresh()));
  context.subscriptions.push(vscode.window.createTreeView(VIEW_IDS.runbooks, { treeDataProvider: runbooks, showCollapseAll: true }));
  if (!folder) return undefined; // incidents live in a workspace folder: nothing else to show

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
    registerIncidentCommands({ session, catalog }),
  );

  // Elapsed time and due dates move on their own.
  const tick = setInterval(() => incident.refresh(), TICK_MS);
  context.subscriptions.push({ dispose: () => clearInterval(tick) });

  // Another window, the CLI or a `git pull` changed a timeline: re-read (debounced, writes come in bursts).
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${config.folder}/*/timeline.jsonl`));
  let pending: ReturnType<typeof setTimeout> | undefined;
  const onDisk = () => {
    clearTimeout(pending);
    pending = setTimeout(() => session.reload(), 150);
  };
  context.subscriptions.push(watcher, watcher.onDidChange(onDisk), watcher.onDidCreate(onDisk), watcher.onDidDelete(onDisk), { dispose: () => clearTimeout(pending) });

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!IncidentConfig.affects(e)) return;
      const next = new IncidentConfig(folder);
      for (const p of next.problems) void vscode.window.showWarningMessage(p);
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

  session.reload();
  return session;
}

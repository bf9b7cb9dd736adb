// Wires the incident adapters to the session activate built: views, status bar, file watcher,
// settings changes and cell runs. The commands are in ./commands.ts.
import * as vscode from 'vscode';
import type { CellRunReport } from '../../core/incident/recordCellRun';
import { RunbookConfig, type ConfigSource } from '../config';
import { VIEW } from '../ids';
import type { IncidentSession } from './session';
import { IncidentTreeProvider } from './incidentTree';
import { ChecklistTreeProvider } from './checklistTree';
import { TimelineTreeProvider } from './timelineTree';
import { RunbooksTreeProvider } from './runbooksTree';
import type { RunbookCatalog } from './runbookCatalog';
import { IncidentStatusBar, TICK_MS } from './statusBar';

export interface IncidentViewDeps {
  /** The folder the session keeps its incidents in; both absent when no folder is open (only the Runbooks view is shown then). */
  folder: vscode.WorkspaceFolder | undefined;
  session: IncidentSession | undefined;
  catalog: RunbookCatalog;
  config: ConfigSource;
  /** The notebook controller's cell runs; each is recorded on the active incident while it is open. */
  onDidRunCell: vscode.Event<CellRunReport>;
  /** A shared incident's "Here now" row for the Incident view (src/vscode/share). */
  share?: { hereNow(): string | undefined; onDidChange: vscode.Event<void> };
  /** Test mode: hands the views over for the extension-host tests to read. */
  expose?(views: IncidentViews): void;
}

export interface IncidentViews {
  incident: IncidentTreeProvider;
  checklist: ChecklistTreeProvider;
  timeline: TimelineTreeProvider;
  statusBar: IncidentStatusBar;
}

/** How often timelines are re-checked on disk besides the file watcher. */
const POLL_MS = 5_000;

export function registerIncidentViews({ folder, session, catalog, config, onDidRunCell, share, expose }: IncidentViewDeps): vscode.Disposable {
  const runbooks = new RunbooksTreeProvider(catalog);
  const runbooksView = vscode.Disposable.from(
    runbooks,
    catalog.onDidChange(() => runbooks.refresh()),
    vscode.window.createTreeView(VIEW.runbooks, { treeDataProvider: runbooks, showCollapseAll: true }),
  );
  // Incidents live in a workspace folder; without one the commands say so (commands.ts).
  if (!folder || !session) return runbooksView;

  const incident = new IncidentTreeProvider(session, () => share?.hereNow());
  const checklist = new ChecklistTreeProvider(session);
  const timeline = new TimelineTreeProvider(session);
  const statusBar = new IncidentStatusBar(session);
  expose?.({ incident, checklist, timeline, statusBar });
  const disposables: vscode.Disposable[] = [
    runbooksView,
    incident,
    checklist,
    timeline,
    statusBar,
    vscode.window.createTreeView(VIEW.incident, { treeDataProvider: incident }),
    vscode.window.createTreeView(VIEW.checklist, { treeDataProvider: checklist }),
    vscode.window.createTreeView(VIEW.timeline, { treeDataProvider: timeline }),
    session.onDidChange(() => {
      incident.refresh();
      checklist.refresh();
      timeline.refresh();
      statusBar.update();
    }),
    ...(share ? [share.onDidChange(() => incident.refresh())] : []),
  ];

  // Elapsed time and due dates move on their own.
  const tick = setInterval(() => incident.refresh(), TICK_MS);
  disposables.push({ dispose: () => clearInterval(tick) });

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
  watch(session.config.folder);
  // Watchers miss events (network drives, remote setups, a folder created after the watcher):
  // a stat-only re-check every few seconds catches what they miss; unchanged files cost a stat.
  const poll = setInterval(() => session.reload(), POLL_MS);
  disposables.push({ dispose: () => (clearTimeout(pending), clearInterval(poll), watcher?.dispose()) });

  for (const p of session.config.problems) void vscode.window.showWarningMessage(p);
  disposables.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!RunbookConfig.affects(e, 'incident')) return;
      const next = config(folder).incident;
      for (const p of next.problems) void vscode.window.showWarningMessage(p);
      if (next.folder !== session.config.folder) watch(next.folder);
      session.setConfig(next);
    }),
    onDidRunCell((report) => {
      try {
        session.recordCellRun(report, config(folder).execution.runLogLimitBytes);
      } catch (err) {
        void vscode.window.showErrorMessage(`Could not record the cell run on the incident timeline: ${err instanceof Error ? err.message : err}`);
      }
    }),
  );

  // Reading every timeline can take a while: not on the activation path.
  const first = setImmediate(() => session.reload());
  disposables.push({ dispose: () => clearImmediate(first) });
  return Object.assign(vscode.Disposable.from(...disposables), { incident });
}

// Service health in VS Code: the monitor (core), the Health view, the result documents, the
// status-bar badge, and transitions onto the open incident's timeline. Its commands ("Refresh
// Health", "Show Last Health Result") are `healthCommands`.
import * as vscode from 'vscode';
import { HealthMonitor, recordHealthTransitions, type HealthEnv, type HealthTransition } from '../../core/health';
import { isOpen } from '../../core/incident/state';
import type { IncidentSession } from '../incident/session';
import { RunbookConfig, type ConfigSource } from '../config';
import type { CommandTable } from '../commands';
import { VIEW } from '../ids';
import { HealthTreeProvider } from './healthTree';
import { HealthResultDocuments, RESULT_SCHEME } from './resultDocument';
import { HealthSettings, workspaceEnv } from './settings';
import { HealthStatusBar } from './statusBar';

export interface HealthDeps {
  config: ConfigSource;
  /** The incident session: faster polling while an incident is open, transitions on its timeline. */
  session: IncidentSession | undefined;
  /** Variables for the checks (default: the workspace `.env` under the process environment). */
  env?: () => HealthEnv;
}

export class ServiceHealth implements vscode.Disposable {
  private readonly monitor: HealthMonitor;
  private readonly documents: HealthResultDocuments;
  private readonly disposables: vscode.Disposable[];

  constructor({ config, session, env }: HealthDeps) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const read = () => new HealthSettings(config(folder?.uri), vscode.workspace.isTrusted);
    let settings = read();
    const incidentOpen = () => {
      const active = session?.active;
      return active !== undefined && isOpen(active.state);
    };
    const interval = () => (incidentOpen() ? settings.incidentIntervalMs : settings.intervalMs);
    const monitor = (this.monitor = new HealthMonitor({ checks: settings.checks, env: env ?? (() => workspaceEnv(folder)), intervalMs: interval() }));

    const result = (id: string) => monitor.latest().find((r) => r.id === id);
    const tree = new HealthTreeProvider({
      checks: () => settings.checks,
      blocked: () => settings.blocked,
      problems: () => settings.problems,
      result,
    });
    const documents = (this.documents = new HealthResultDocuments(result, (id) => monitor.history(id)));
    const statusBar = new HealthStatusBar();
    const view = vscode.window.createTreeView(VIEW.health, { treeDataProvider: tree });

    const onTransitions = (transitions: HealthTransition[]) => {
      const active = session?.active;
      if (!session || !active || !isOpen(active.state)) return;
      try {
        recordHealthTransitions(session.store, transitions, { incident: active.state.id });
        session.reload();
      } catch (err) {
        void vscode.window.showErrorMessage(`Incident Runbooks: could not record a health change: ${err instanceof Error ? err.message : err}`);
      }
    };

    const applySettings = () => {
      settings = read();
      for (const p of settings.problems) void vscode.window.showWarningMessage(p);
      monitor.setChecks(settings.checks);
      monitor.setIntervalMs(interval());
      tree.refresh();
      void monitor.refresh();
    };
    for (const p of settings.problems) void vscode.window.showWarningMessage(p);

    // Poll only while someone looks (the Health view is visible) or an incident is open: an idle
    // editor should not probe production every 30 seconds for every engineer who has it open.
    const updatePolling = () => (view.visible || incidentOpen() ? monitor.start() : monitor.stop());
    this.disposables = [
      { dispose: () => monitor.dispose() },
      tree,
      documents,
      statusBar,
      view,
      vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, documents),
      { dispose: monitor.onResults((results) => {
        tree.refresh();
        statusBar.update(results);
        documents.update(results);
      }) },
      { dispose: monitor.onTransition(onTransitions) },
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (RunbookConfig.affects(e, 'health')) applySettings();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(applySettings),
      view.onDidChangeVisibility(updatePolling),
    ];
    if (session) {
      this.disposables.push(
        session.onDidChange(() => {
          monitor.setIntervalMs(interval());
          updatePolling();
        }),
      );
    }
    updatePolling();
  }

  /** Runs every check now, with progress on the Health view. */
  refresh(): Thenable<unknown> {
    return vscode.window.withProgress({ location: { viewId: VIEW.health } }, () => this.monitor.refresh());
  }

  /** Opens a check's last result and its last hour (a Markdown preview). */
  showResult(id: string): Promise<void> {
    return this.documents.show(id);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** "Refresh Health" and "Show Last Health Result" (the Health view's items run the latter). */
export function healthCommands(health: ServiceHealth): Pick<CommandTable, 'refreshHealth' | 'showHealthResult'> {
  return {
    refreshHealth: { run: () => health.refresh() },
    showHealthResult: {
      run: (id) => {
        if (typeof id !== 'string') throw new Error('Pick a check in the Health view to see its last result.');
        return health.showResult(id);
      },
    },
  };
}

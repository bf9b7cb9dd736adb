// Wires service health into VS Code: the monitor (core), the Health view, the result documents,
// the status-bar badge, "Refresh Health", and transitions onto the open incident's timeline.
import * as vscode from 'vscode';
import { HealthMonitor, recordHealthTransitions, type HealthEnv, type HealthTransition } from '../../core/health';
import { isOpen } from '../../core/incident/state';
import type { IncidentSession } from '../incident/session';
import { HealthTreeProvider, SHOW_RESULT_COMMAND } from './healthTree';
import { HealthResultDocuments, RESULT_SCHEME } from './resultDocument';
import { HealthSettings, workspaceEnv } from './settings';
import { HealthStatusBar } from './statusBar';

export const HEALTH_VIEW = 'incidentRunbooks.health';
export const REFRESH_HEALTH_COMMAND = 'incidentRunbooks.refreshHealth';

export interface HealthDeps {
  /** The incident session: faster polling while an incident is open, transitions on its timeline. */
  session?: IncidentSession;
  /** Variables for the checks (default: the workspace `.env` under the process environment). */
  env?: () => HealthEnv;
}

export function registerHealth(context: vscode.ExtensionContext, deps: HealthDeps = {}): HealthMonitor {
  const folder = vscode.workspace.workspaceFolders?.[0];
  let settings = new HealthSettings(folder);
  const incidentOpen = () => {
    const active = deps.session?.active;
    return active !== undefined && isOpen(active.state);
  };
  const interval = () => (incidentOpen() ? settings.incidentIntervalMs : settings.intervalMs);
  const monitor = new HealthMonitor({ checks: settings.checks, env: deps.env ?? (() => workspaceEnv(folder)), intervalMs: interval() });

  const result = (id: string) => monitor.latest().find((r) => r.id === id);
  const tree = new HealthTreeProvider({
    checks: () => settings.checks,
    blocked: () => settings.blocked,
    problems: () => settings.problems,
    result,
  });
  const documents = new HealthResultDocuments(result);
  const statusBar = new HealthStatusBar();
  const view = vscode.window.createTreeView(HEALTH_VIEW, { treeDataProvider: tree });

  const onTransitions = (transitions: HealthTransition[]) => {
    const session = deps.session;
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
    settings = new HealthSettings(folder);
    for (const p of settings.problems) void vscode.window.showWarningMessage(p);
    monitor.setChecks(settings.checks);
    monitor.setIntervalMs(interval());
    tree.refresh();
    void monitor.refresh();
  };
  for (const p of settings.problems) void vscode.window.showWarningMessage(p);

  context.subscriptions.push(
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
    vscode.commands.registerCommand(REFRESH_HEALTH_COMMAND, () =>
      vscode.window.withProgress({ location: { viewId: HEALTH_VIEW } }, () => monitor.refresh()),
    ),
    vscode.commands.registerCommand(SHOW_RESULT_COMMAND, (id: string) => documents.show(id)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (HealthSettings.affects(e)) applySettings();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(applySettings),
  );
  // Poll only while someone looks (the Health view is visible) or an incident is open: an idle
  // editor should not probe production every 30 seconds for every engineer who has it open.
  const updatePolling = () => (view.visible || incidentOpen() ? monitor.start() : monitor.stop());
  context.subscriptions.push(view.onDidChangeVisibility(updatePolling));
  if (deps.session) {
    context.subscriptions.push(
      deps.session.onDidChange(() => {
        monitor.setIntervalMs(interval());
        updatePolling();
      }),
    );
  }
  updatePolling();
  return monitor;
}

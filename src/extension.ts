// Wires the extension together: builds each service once, passes it to the adapters that use it,
// and pushes every registration into context.subscriptions. The logic lives in src/core (no
// `vscode`); src/vscode holds the thin adapters.
import * as vscode from 'vscode';
import { RunbookConfig, SECTION, type ConfigSource } from './vscode/config';
import { registerCommands } from './vscode/commands';
import { registerSerializer } from './vscode/serializer';
import { registerProblems } from './vscode/problems';
import { registerCellStatusBar } from './vscode/cellStatusBar';
import { registerConfigProblems } from './vscode/configProblems';
import { RunbookController, executionCommands } from './vscode/controller';
import { RunbookSecrets, secretCommands } from './vscode/secrets';
import { IncidentSession } from './vscode/incident/session';
import { RunbookCatalog } from './vscode/incident/runbookCatalog';
import { registerIncidentViews, type IncidentViews } from './vscode/incident';
import { incidentCommands } from './vscode/incident/commands';
import { documentCommands } from './vscode/documents';
import { ServiceHealth, healthCommands } from './vscode/health';
import { workspaceMasker } from './core/documents/masker';
import type { Prompter, RunReport } from './core/exec/engine';
import { EditorPrompter, ScriptablePrompter } from './vscode/prompter';
import { openIncidentStart } from './core/exec/promql/incident';
import { SharePassword } from './vscode/share/password';
import { registerSharing } from './vscode/share';
import { shareCommands } from './vscode/share/commands';
import type { ShareSession } from './vscode/share/shareSession';
import { SessionRunIncident } from './vscode/incident/runIncident';
import { alertCommands, alertUriHandler, type AlertFlowDeps } from './vscode/alerts/startFromAlert';
import { coreAlerts } from './vscode/alerts/core';

/**
 * What `activate` returns while the extension-host tests run (ExtensionMode.Test), and only then:
 * scripted answers to the controller's questions, and each run's report.
 */
export interface TestHooks {
  usePrompter(prompter: Prompter | undefined): void;
  onDidFinishRun: vscode.Event<RunReport>;
  /** The share session (absent without a folder) and the incident views, to read what they show. */
  share: ShareSession | undefined;
  views(): IncidentViews | undefined;
  /** The `vscode://…/alert?…` handler, called as VS Code would for a link. */
  handleUri(uri: vscode.Uri): Promise<void>;
  /** The Incident view's rows, depth first: `label: description`. */
  incidentViewRows(): Promise<string[]>;
  /** The parameters the notebook controller knows for a notebook (the incident's, then those set or answered). */
  knownParameters(notebook: vscode.NotebookDocument): Record<string, string>;
}

/** Stopped gracefully on deactivate: presence left, cursors saved. */
let sharing: ShareSession | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<TestHooks | undefined> {
  try {
    // The shared services.
    const config: ConfigSource = (scope) => new RunbookConfig(vscode.workspace.getConfiguration(SECTION, scope));
    const folder = vscode.workspace.workspaceFolders?.[0];
    const secrets = new RunbookSecrets(context);
    // Notes and documents mask stored secrets too, as cell outputs do.
    const sharePassword = new SharePassword(context.secrets);
    const masker = async (root: string) => workspaceMasker(root, process.env, { ...(await secrets.all()), ...(await sharePassword.asSecret()) });
    const testing = context.extensionMode === vscode.ExtensionMode.Test;
    const prompter = testing ? new ScriptablePrompter(new EditorPrompter()) : new EditorPrompter();
    // Incidents live in a workspace folder: without one there is no session, and the commands
    // that need it say so.
    const session = folder ? new IncidentSession(folder.uri.fsPath, context.workspaceState, config(folder).incident) : undefined;
    // The controller fills parameters from the active incident and records those a person types on it.
    const controller = new RunbookController(secrets, prompter, config, new SessionRunIncident(session, masker));
    controller.incidentStart = () => openIncidentStart(session?.active?.state);
    const alertFlow: AlertFlowDeps = { session, masker, alerts: coreAlerts, setParameters: (uri, params) => controller.setParameters(uri, params) };
    const uriHandler = alertUriHandler(alertFlow);
    const catalog = new RunbookCatalog();
    const health = new ServiceHealth({ config, session });
    const { share, disposable: shareDisposable } = registerSharing({ folder, session, config, password: sharePassword, masker });
    sharing = share;
    let views: IncidentViews | undefined;

    context.subscriptions.push(
      controller,
      ...(session ? [session] : []),
      catalog,
      health,
      shareDisposable,
      registerSerializer(config),
      registerProblems(),
      registerCellStatusBar((cell) => controller.prepare(cell)),
      registerConfigProblems(config),
      // Every cell run lands on the active incident's timeline.
      registerIncidentViews({ folder, session, catalog, config, onDidRunCell: controller.onDidRunCell, share, expose: testing ? (v) => (views = v) : undefined }),
      // `vscode://incident-runbooks.incident-runbooks/alert?…`: an alert link starts an incident (after a confirmation).
      vscode.window.registerUriHandler(uriHandler),
      registerCommands(
        {
          ...executionCommands(controller, context.extension.id),
          ...secretCommands(secrets),
          ...incidentCommands({ session, catalog, masker }),
          ...alertCommands(alertFlow),
          ...documentCommands({ session, masker }),
          ...healthCommands(health),
          ...shareCommands(share, sharePassword),
        },
        { session },
      ),
    );
    if (prompter instanceof ScriptablePrompter) {
      const rows = async (items: readonly vscode.TreeItem[]): Promise<string[]> => {
        const out: string[] = [];
        for (const item of items) {
          out.push(`${typeof item.label === 'string' ? item.label : item.label?.label}: ${item.description ?? ''}`);
          if (item.collapsibleState) out.push(...(await rows((await views?.incident.getChildren(item as never)) ?? [])).map((r) => `  ${r}`));
        }
        return out;
      };
      return {
        usePrompter: (p) => prompter.use(p),
        onDidFinishRun: controller.onDidFinishRun,
        share,
        views: () => views,
        handleUri: async (uri) => void (await uriHandler.handleUri(uri)),
        incidentViewRows: async () => rows((await views?.incident.getChildren()) ?? []),
        knownParameters: (notebook) => controller.knownParameters(notebook),
      };
    }
    return undefined;
  } catch (err) {
    void vscode.window.showErrorMessage(`Incident Runbooks failed to start: ${err instanceof Error ? err.message : err}`);
    throw err;
  }
}

export function deactivate(): Promise<void> | undefined {
  return sharing?.close();
}

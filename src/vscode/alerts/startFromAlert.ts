// "Incident: Start from Alert" and the `vscode://incident-runbooks.incident-runbooks/alert?…` link:
// from an alert (pasted, passed in, or in a link's query) to a declared incident, its runbook
// open with the alert's labels as parameters, and a "Run Diagnostics" button. What an alert
// means (parsing, finding the runbook, what declaring writes) is src/core/alerts; this asks,
// opens and shows.
import * as vscode from 'vscode';
import { relative } from 'node:path';
import type { IncidentSession } from '../incident/session';
import type { Masker } from '../../core/secrets/mask';
import { readRunbookFiles } from '../incident/runbookCatalog';
import { openAsRunbook } from '../serializer';
import { COMMAND } from '../ids';
import { localClock } from '../incident/incidentTree';
import type { CommandTable } from '../commands';
import type { AlertPlan, AlertsPort, ParsedAlert, RunbookFile } from './port';

export interface AlertFlowDeps {
  /** Absent without a folder: the registry refuses the command first. */
  session: IncidentSession | undefined;
  masker: (root: string) => Promise<Masker>;
  alerts: AlertsPort;
  /** The notebook controller learns the incident's parameters for this runbook. */
  setParameters(notebook: vscode.Uri, params: Record<string, string>): void;
}

/** What a start from an alert did; the command returns it (tests and automation read it). */
export interface StartedFromAlert {
  incidentId: string;
  alertname: string;
  runbook?: string;
  matchedBy?: string;
  params: Record<string, string>;
  missing: string[];
}

/** The workspace's runbooks with their text, for the alerts core to match against. */
async function runbookFiles(root: string): Promise<RunbookFile[]> {
  return (await readRunbookFiles()).map(({ uri, text }) => ({ path: relative(root, uri.fsPath), text })).sort((a, b) => a.path.localeCompare(b.path));
}

/** Collapses what a paste into a single-line input box did to a multi-line JSON (spaces are fine in JSON). */
function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** The alert text: the argument, else an input box pre-filled from the clipboard when it holds an alert. */
async function askForAlert(alerts: AlertsPort): Promise<string | undefined> {
  let value = '';
  try {
    const clip = await vscode.env.clipboard.readText();
    if (clip.trim()) {
      alerts.parseText(clip);
      value = oneLine(clip);
    }
  } catch {
    // Not an alert (or no clipboard access in this browser): an empty box.
  }
  const typed = await vscode.window.showInputBox({
    title: 'Start from Alert',
    prompt: 'Paste the alert: an Alertmanager webhook or API alert, a Prometheus or Grafana alert (JSON)',
    placeHolder: '{"receiver": "…", "status": "firing", "alerts": [{"labels": {"alertname": "…"}, …}]}',
    value,
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!v.trim()) return 'Paste the alert JSON';
      try {
        alerts.parseText(v);
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    },
  });
  return typed?.trim() || undefined;
}

/** When no runbook matched: declare without one, pick one, or stop. */
async function noRunbook(alert: ParsedAlert, why: string, files: RunbookFile[]): Promise<RunbookFile | null | undefined> {
  const choice = await vscode.window.showWarningMessage(
    `No runbook found for alert ${alert.alertname}. Declare the incident without one, or pick the runbook?`,
    { modal: true, detail: `${why.charAt(0).toUpperCase()}${why.slice(1)}` },
    'Declare Anyway',
    'Pick a Runbook',
  );
  if (choice === 'Declare Anyway') return null;
  if (choice !== 'Pick a Runbook') return undefined;
  const picked = await vscode.window.showQuickPick(
    files.map((f) => ({ label: f.path, file: f })),
    { title: `Runbook for ${alert.alertname}`, matchOnDescription: true },
  );
  return picked?.file;
}

function describeParams(plan: AlertPlan): string {
  const filled = Object.entries(plan.params).map(([k, v]) => `${k}=${v}`);
  const parts = [filled.length ? `Parameters: ${filled.join(', ')}` : 'No parameters filled'];
  if (plan.missing.length) parts.push(`missing: ${plan.missing.join(', ')} (asked when a cell needs it)`);
  return parts.join('; ');
}

/**
 * The whole flow. `origin: 'uri'` comes from a link anyone could have sent: it needs a trusted
 * workspace and a modal "yes" naming the alert and the runbook, and it never runs a cell.
 */
export async function startFromAlert(deps: AlertFlowDeps, input: { text?: string; query?: string; origin: 'command' | 'uri' }): Promise<StartedFromAlert | undefined> {
  const session = deps.session;
  if (!session) throw new Error('Open a folder first: incidents are kept in the workspace.');
  if (!vscode.workspace.isTrusted) throw new Error('Starting from an alert declares an incident and opens runbooks to run: trust this folder first (Workspaces: Manage Workspace Trust).');
  const text = input.query === undefined ? (input.text ?? (await askForAlert(deps.alerts))) : undefined;
  if (input.query === undefined && !text) return undefined;
  let alert: ParsedAlert;
  try {
    alert = input.query !== undefined ? deps.alerts.parseQuery(input.query) : deps.alerts.parseText(text!);
  } catch (err) {
    // The core's message names the field (`alerts[0].labels.alertname: missing`).
    throw new Error(`This is not an alert Incident Runbooks can read: ${(err as Error).message}`, { cause: err });
  }

  const files = await runbookFiles(session.root);
  const found = deps.alerts.findRunbook(alert, files);
  let match = found.match;
  const why = found.why;
  if (!match) {
    const picked = await noRunbook(alert, why, files);
    if (picked === undefined) return undefined;
    if (picked) match = { file: picked, matchedBy: 'picked by hand' };
  }
  let plan: AlertPlan;
  try {
    plan = deps.alerts.plan(alert, match, session.root);
  } catch (err) {
    throw new Error(`No incident declared: ${(err as Error).message}`, { cause: err });
  }

  if (input.origin === 'uri') {
    const where = match ? `open ${match.file.path} with ${Object.entries(plan.params).map(([k, v]) => `${k}=${v}`).join(', ') || 'no parameters'}` : 'open no runbook';
    const ok = await vscode.window.showWarningMessage(
      `Start an incident from alert ${alert.alertname}?`,
      {
        modal: true,
        detail: `A link asks to declare a ${plan.input.severity} incident "${plan.input.title}" in ${session.root} and ${where}. Nothing runs until you press Run Diagnostics.`,
      },
      'Declare',
    );
    if (ok !== 'Declare') return undefined;
  }

  const masker = await deps.masker(session.root);
  const { state } = await session.declareWith(plan.input, plan.events, masker);

  if (match) {
    const uri = vscode.Uri.joinPath(vscode.Uri.file(session.root), match.file.path);
    // Parameters first, so the cells' status bars show them filled as soon as the notebook draws.
    deps.setParameters(uri, plan.params);
    await openAsRunbook(uri);
  }

  const detected = state.detectedAt ? ` (firing since ${localClock(state.detectedAt)})` : '';
  const runbook = match ? ` Runbook: ${match.file.path} (found by ${match.matchedBy}). ${describeParams(plan)}.` : ' No runbook opened.';
  const notes = plan.notes.length ? ` Note: ${plan.notes.join('; ')}.` : '';
  const message = `Incident ${state.id} declared as ${state.severity} (${plan.severityReason}) from ${alert.alertname}${detected}.${runbook}${notes}`;
  // Not awaited: the command returns while the message waits for a click.
  void (match ? vscode.window.showInformationMessage(message, 'Run Diagnostics') : vscode.window.showInformationMessage(message)).then((choice) => {
    if (choice === 'Run Diagnostics') void vscode.commands.executeCommand(COMMAND.runDiagnostics);
  });
  return { incidentId: state.id, alertname: alert.alertname, runbook: match?.file.path, matchedBy: match?.matchedBy, params: plan.params, missing: plan.missing };
}

/** The URI handler: `…/alert?alertname=…&namespace=…` (see src/core/alerts for the query's form). */
export function alertUriHandler(deps: AlertFlowDeps): vscode.UriHandler {
  return {
    async handleUri(uri: vscode.Uri) {
      try {
        if (uri.path.replace(/\/+$/, '') !== '/alert') throw new Error(`Incident Runbooks cannot open ${uri.path}: the link should end in /alert?alertname=…`);
        await startFromAlert(deps, { query: uri.query, origin: 'uri' });
      } catch (err) {
        void vscode.window.showErrorMessage(`Start from Alert: ${err instanceof Error ? err.message : err}`);
      }
    },
  };
}

/** The command: the alert as an argument (a JSON text or the parsed object) or asked for. */
export function alertCommands(deps: AlertFlowDeps): Pick<CommandTable, 'startFromAlert'> {
  return {
    startFromAlert: {
      needs: ['folder', 'trust'],
      run: (arg) => startFromAlert(deps, { text: arg === undefined ? undefined : typeof arg === 'string' ? arg : JSON.stringify(arg), origin: 'command' }),
    },
  };
}

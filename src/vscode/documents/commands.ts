// "Incident: Generate Status Message / Generate Post-Mortem / New Runbook / Customize Template".
// The documents come from src/core/documents; these functions only ask, open and show.
import * as vscode from 'vscode';
import { openAsRunbook } from '../serializer';
import { MESSAGE_KINDS, TEMPLATE_KINDS, TEMPLATE_LABELS, type MessageKind, type TemplateKind } from '../../core/documents/builtin';
import { createRunbook, customizeTemplate, FileExistsError, generateMessage, generatePostmortem } from '../../core/documents/write';
import { incidentFor, workspaceOf, type DocumentDeps } from './source';

const MESSAGE_DETAIL: Record<MessageKind, string> = {
  'status-page': 'For the public status page: what is affected, what we are doing, when the next update comes',
  resolution: 'For the status page and stakeholders once it is over: root cause, duration',
  slack: 'For the incident channel: severity, commander, channel, next update',
};

const COPY = 'Copy to Clipboard';

export async function generateStatusMessage(deps: DocumentDeps, kindArg?: unknown): Promise<void> {
  const ws = workspaceOf(deps);
  let kind = MESSAGE_KINDS.find((k) => k === kindArg);
  if (!kind) {
    const picked = await vscode.window.showQuickPick(
      MESSAGE_KINDS.map((k) => ({ id: k, label: TEMPLATE_LABELS[k], detail: MESSAGE_DETAIL[k] })),
      { title: 'Generate Status Message', placeHolder: 'Which message?', ignoreFocusOut: true },
    );
    if (!picked) return;
    kind = picked.id;
  }
  const incident = incidentFor(deps, ws, kind);
  const result = generateMessage(ws.store, kind, incident.state, { now: new Date(), actor: ws.actor(), masker: await ws.masker(), severities: ws.severities });
  ws.changed();
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.text });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  showWarnings(result.warnings);
  const choice = await vscode.window.showInformationMessage(`${TEMPLATE_LABELS[kind]} for ${incident.state.id} is ready and recorded on the timeline.`, COPY);
  // Copy what is in the editor now: the person may have edited the draft before clicking.
  if (choice === COPY) await vscode.env.clipboard.writeText(doc.isClosed ? result.text : doc.getText());
}

export async function generatePostmortemCommand(deps: DocumentDeps): Promise<void> {
  const ws = workspaceOf(deps);
  const incident = incidentFor(deps, ws, 'postmortem');
  const result = generatePostmortem(ws.store, incident.state, { now: new Date(), actor: ws.actor(), masker: await ws.masker(), severities: ws.severities });
  ws.changed();
  await vscode.window.showTextDocument(vscode.Uri.file(result.path), { preview: false });
  showWarnings(result.warnings);
}

export async function newRunbook(deps: DocumentDeps): Promise<void> {
  const ws = workspaceOf(deps);
  const title = await ask('Title of the new runbook', 'e.g. Redis cache failure', true);
  if (!title) return;
  const services = await ask('Services it covers, separated by commas (optional)', 'redis, api', false);
  if (services === undefined) return;
  const symptoms = await ask('Symptoms, separated by semicolons (optional)', 'Cache miss rate at 100%; slow responses', false);
  if (symptoms === undefined) return;
  try {
    const result = createRunbook(ws.root, { title, services: split(services, ','), symptoms: split(symptoms, ';') }, { masker: await ws.masker() });
    showWarnings(result.warnings);
    await openAsRunbook(vscode.Uri.file(result.path));
  } catch (err) {
    if (!(err instanceof FileExistsError)) throw err;
    const open = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(err.path)} already exists and was left as it is.`, 'Open It');
    if (open) await openAsRunbook(vscode.Uri.file(err.path));
  }
}

export async function customizeTemplateCommand(deps: DocumentDeps, kindArg?: unknown): Promise<void> {
  const ws = workspaceOf(deps);
  let kind = TEMPLATE_KINDS.find((k) => k === kindArg);
  if (!kind) {
    const picked = await vscode.window.showQuickPick(
      TEMPLATE_KINDS.map((k: TemplateKind) => ({ id: k, label: TEMPLATE_LABELS[k], description: `.runbooks/templates/${k}.md` })),
      { title: 'Customize Template', placeHolder: 'Copy which built-in template into the workspace?' },
    );
    if (!picked) return;
    kind = picked.id;
  }
  const { path, created } = customizeTemplate(ws.root, kind);
  await vscode.window.showTextDocument(vscode.Uri.file(path), { preview: false });
  if (!created) void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(path)} already exists; opened it unchanged.`);
}

function showWarnings(warnings: string[]): void {
  if (warnings.length === 0) return;
  const more = warnings.length > 3 ? ` (and ${warnings.length - 3} more)` : '';
  void vscode.window.showWarningMessage(warnings.slice(0, 3).join(' · ') + more);
}

async function ask(prompt: string, placeHolder: string, required: boolean): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({ prompt, placeHolder, ignoreFocusOut: true, validateInput: (v) => (required && !v.trim() ? 'Required' : undefined) });
  return value?.trim();
}

function split(text: string, sep: string): string[] {
  return text.split(sep).map((s) => s.trim()).filter(Boolean);
}

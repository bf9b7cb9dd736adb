// The "Incident" commands: each a small function from the session to a few prompts and one event,
// with what it needs (a folder, an active incident) for the registry (../commands.ts) to check.
import * as vscode from 'vscode';
import { SEVERITY_IDS, STATUSES, type IncidentStatus, type NoteKind, type SeverityId } from '../../core/incident/events';
import { STATUS_LABELS, checkReopen, checkStatusChange } from '../../core/incident/rules';
import { isOpen } from '../../core/incident/state';
import { symptomChoices } from '../../core/incident/runbookIndex';
import type { SeverityTable } from '../../core/incident/severities';
import type { IncidentSession } from './session';
import { openRunbook, type RunbookCatalog } from './runbookCatalog';
import { ChecklistEntryItem } from './checklistTree';
import { Masker } from '../../core/secrets/mask';
import { maskDeclareInput } from '../../core/incident/typedText';
import type { CommandTable } from '../commands';
import type { Need } from '../ids';
import { relative, isAbsolute } from 'node:path';

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export interface IncidentCommandDeps {
  /** Absent when no folder is open: the registry then refuses the commands that need a folder. */
  session: IncidentSession | undefined;
  catalog: RunbookCatalog;
  /** Masks typed text before it reaches the timeline (a pasted token must not land in git). */
  masker: (root: string) => Masker | Promise<Masker>;
}

interface CommandDeps {
  session: IncidentSession;
  catalog: RunbookCatalog;
  masker: () => Promise<Masker>;
}

type IncidentCommand = (deps: CommandDeps, ...args: unknown[]) => unknown;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function severityPicks(severities: SeverityTable, current?: SeverityId) {
  return SEVERITY_IDS.map((id) => {
    const s = severities[id];
    return {
      id,
      label: `${id} · ${s.name}${id === current ? ' (current)' : ''}`,
      description: `respond: ${s.responseLabel}${s.updateEveryMinutes ? `, updates every ${s.updateEveryMinutes} min` : ''}`,
      detail: `${s.definition}. e.g. ${s.examples.join(', ')}. ${s.notify}.`,
    };
  });
}

async function pickSeverity(session: IncidentSession, title: string, current?: SeverityId): Promise<SeverityId | undefined> {
  const picked = await vscode.window.showQuickPick(severityPicks(session.config.severities, current), { title, matchOnDetail: true, ignoreFocusOut: true });
  return picked?.id;
}

async function ask(prompt: string, opts: Partial<vscode.InputBoxOptions> = {}): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    prompt,
    ignoreFocusOut: true,
    validateInput: (v) => (opts.validateInput ? opts.validateInput(v) : v.trim() ? undefined : 'Required'),
    ...opts,
  });
  return value?.trim();
}

function requireActive(session: IncidentSession) {
  const active = session.active;
  if (!active) throw new Error('No incident is active. Run "Incident: Declare Incident" or "Incident: Switch Incident".');
  return active.state;
}

async function addNote({ session, masker }: CommandDeps, kind: NoteKind): Promise<void> {
  requireActive(session);
  const label = kind === 'action' ? 'Action item' : kind === 'finding' ? 'Finding' : 'Note';
  const text = await ask(`${label} for the timeline`);
  if (!text) return;
  let owner: string | undefined;
  let due: string | undefined;
  if (kind === 'action') {
    owner = await ask('Owner of the action item', { value: session.actor() });
    if (owner === undefined) return;
    due = await ask('Due date (YYYY-MM-DD, optional)', { validateInput: (v) => (!v.trim() || DATE.test(v.trim()) ? undefined : 'Use YYYY-MM-DD') });
    if (due === undefined) return;
  }
  const m = await masker();
  session.append({ type: 'note_added', data: { text: m.mask(text), kind, owner: owner ? m.mask(owner) : undefined, due: due || undefined } });
}

async function setStatus({ session }: CommandDeps, status: IncidentStatus, reason?: string): Promise<void> {
  const state = requireActive(session);
  const refusal = checkStatusChange(state, status);
  if (refusal) throw new Error(refusal);
  session.append({ type: 'status_changed', data: { status, reason } });
}

const COMMANDS = {
  async declareIncident({ session, masker }) {
    const severity = await pickSeverity(session, 'Declare Incident (1/4): severity');
    if (!severity) return;
    const title = await ask('Declare Incident (2/4): title, e.g. "Payments: 502s on /checkout"');
    if (!title) return;
    const commander = await ask('Declare Incident (3/4): incident commander', { value: session.actor() });
    if (!commander) return;
    const tags = await ask('Declare Incident (4/4): tags, comma-separated (optional; "security" adds the breach checklist)', { validateInput: () => undefined });
    if (tags === undefined) return;
    // Masked before it is written, so the folder name and the Slack channel come from the masked title.
    const input = maskDeclareInput({ title, severity, commander, tags: tags.split(',').map((t) => t.trim()).filter(Boolean) }, await masker());
    const { state } = session.declare(input);
    const choice = await vscode.window.showInformationMessage(`Declared ${state.severity}: ${state.title}. Create the Slack channel ${state.slackChannel}.`, 'Copy Channel Name');
    if (choice) await vscode.env.clipboard.writeText(state.slackChannel);
  },

  async setSeverity({ session }) {
    const state = requireActive(session);
    const severity = await pickSeverity(session, `Severity of "${state.title}"`, state.severity);
    if (severity && severity !== state.severity) session.append({ type: 'severity_changed', data: { severity } });
  },

  async setStatus(deps) {
    const state = requireActive(deps.session);
    if (!isOpen(state)) throw new Error(`"${state.title}" is resolved. Use "Incident: Reopen Incident" first.`);
    const picks = STATUSES.filter((s) => s !== state.status).map((s) => ({ label: STATUS_LABELS[s], status: s }));
    const picked = await vscode.window.showQuickPick(picks, { title: `Status of "${state.title}" (now ${STATUS_LABELS[state.status]})` });
    if (picked) await setStatus(deps, picked.status);
  },

  async assignCommander({ session, masker }) {
    const state = requireActive(session);
    const typed = await ask('Incident commander', { value: state.commander ?? session.actor() });
    const commander = typed && (await masker()).mask(typed);
    if (commander && commander !== state.commander) session.append({ type: 'commander_assigned', data: { commander } });
  },

  addNote: (deps) => addNote(deps, 'note'),
  addFinding: (deps) => addNote(deps, 'finding'),
  addActionItem: (deps) => addNote(deps, 'action'),

  async toggleChecklistItem({ session }, arg) {
    const state = requireActive(session);
    // From the tree: the item itself (checked by shape, so a test or another extension can pass `{ entry }`).
    let entry = arg instanceof ChecklistEntryItem || (typeof arg === 'object' && arg !== null && 'entry' in arg) ? (arg as ChecklistEntryItem).entry : undefined;
    if (!entry) {
      const picks = state.checklist.map((e) => ({ label: `$(${e.done ? 'pass-filled' : 'circle-large-outline'}) ${e.text}`, description: e.phase, entry: e }));
      entry = (await vscode.window.showQuickPick(picks, { title: 'Toggle Checklist Item', matchOnDescription: true }))?.entry;
    }
    if (entry) session.append({ type: 'checklist_toggled', data: { item: entry.id, done: !entry.done } });
  },

  async resolveIncident(deps) {
    const state = requireActive(deps.session);
    const ok = await vscode.window.showWarningMessage(`Resolve ${state.severity} "${state.title}"?`, { modal: true }, 'Resolve');
    if (ok === 'Resolve') await setStatus(deps, 'resolved');
  },

  async reopenIncident({ session, masker }) {
    let state = session.active?.state;
    if (!state || isOpen(state)) {
      const resolved = session.all.filter((i) => !isOpen(i.state));
      const picked = await vscode.window.showQuickPick(
        resolved.map((i) => ({ label: i.state.title, description: `${i.state.severity} · resolved ${i.state.resolvedAt?.slice(0, 16)}`, id: i.state.id })),
        { title: 'Reopen Incident' },
      );
      if (!picked) return;
      await session.setActive(picked.id);
      state = requireActive(session);
    }
    const refusal = checkReopen(state);
    if (refusal) throw new Error(refusal);
    const reason = await ask('Why reopen? (optional)', { validateInput: () => undefined });
    if (reason === undefined) return;
    session.append({ type: 'status_changed', data: { status: 'investigating', reason: reason ? (await masker()).mask(reason) : 'reopened' } });
  },

  async switchIncident({ session }) {
    const picks = session.all.map((i) => ({
      label: `${i.state.id === session.active?.state.id ? '$(check) ' : ''}${i.state.title}`,
      description: `${i.state.severity} · ${STATUS_LABELS[i.state.status]}`,
      detail: `${i.state.id} · commander ${i.state.commander ?? '(none)'}`,
      id: i.state.id,
    }));
    if (!picks.length) throw new Error('There are no incidents in this workspace yet.');
    const picked = await vscode.window.showQuickPick(picks, { title: 'Switch Incident', matchOnDetail: true });
    if (picked) await session.setActive(picked.id);
  },

  async findRunbookBySymptom({ catalog }) {
    const choices = symptomChoices(await catalog.list());
    if (!choices.length) throw new Error('No runbook in this workspace lists `symptoms` in its frontmatter.');
    const picked = await vscode.window.showQuickPick(
      choices.map((c) => ({ label: c.symptom, description: c.runbook.title, detail: c.runbook.services.join(', '), path: c.runbook.path })),
      { title: 'Find Runbook by Symptom', matchOnDescription: true, matchOnDetail: true },
    );
    if (picked) await openRunbook(picked.path);
  },

  openRunbook: (_deps, path) => (typeof path === 'string' ? openRunbook(path) : undefined),

  async copySlackChannel({ session }) {
    const state = requireActive(session);
    await vscode.env.clipboard.writeText(state.slackChannel);
    void vscode.window.setStatusBarMessage(`Copied ${state.slackChannel}`, 3000);
  },

  refreshIncidents: ({ session }) => session.reloadAll(),

  /** From a Timeline item: a cell run's whole output, `incidents/<id>/runs/<event-id>.log`. */
  async openRunLog({ session }, arg) {
    const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.file(arg) : undefined;
    if (!uri) throw new Error('Pick a cell run with a log in the Timeline view.');
    // Only files inside the incidents folder: a forged argument must not open anything else.
    if (!isInside(session.store.dir, uri.fsPath)) throw new Error(`${uri.fsPath} is not inside ${session.store.dir}.`);
    await vscode.window.showTextDocument(uri, { preview: true });
  },
} satisfies Record<string, IncidentCommand>;

type IncidentCommandName = keyof typeof COMMANDS;

/** What each command needs; `openRunbook` works in any window (the Runbooks view lists runbooks without a folder too). */
const NEEDS: Record<IncidentCommandName, readonly Need[]> = {
  declareIncident: ['folder'],
  setSeverity: ['folder', 'incident'],
  setStatus: ['folder', 'incident'],
  assignCommander: ['folder', 'incident'],
  addNote: ['folder', 'incident'],
  addFinding: ['folder', 'incident'],
  addActionItem: ['folder', 'incident'],
  toggleChecklistItem: ['folder', 'incident'],
  resolveIncident: ['folder', 'incident'],
  reopenIncident: ['folder'],
  switchIncident: ['folder'],
  findRunbookBySymptom: ['folder'],
  openRunbook: [],
  copySlackChannel: ['folder', 'incident'],
  refreshIncidents: ['folder'],
  openRunLog: ['folder'],
};

export function incidentCommands(deps: IncidentCommandDeps): Pick<CommandTable, IncidentCommandName> {
  const { session, catalog } = deps;
  const masker = async () => (session ? await deps.masker(session.root) : new Masker());
  // A command that needs a folder only runs with a session (the registry checks `needs`); the
  // others do not use it.
  const commandDeps: CommandDeps = { session: session as IncidentSession, catalog, masker };
  const table = {} as Pick<CommandTable, IncidentCommandName>;
  for (const name of Object.keys(COMMANDS) as IncidentCommandName[]) {
    const run: IncidentCommand = COMMANDS[name];
    table[name] = { needs: NEEDS[name], run: (...args) => run(commandDeps, ...args) };
  }
  return table;
}

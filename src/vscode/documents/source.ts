// Where the document commands get their incident, store, actor and masker: the incident session
// when the incident adapter is running, else the workspace's incident store read directly.
import * as vscode from 'vscode';
import { IncidentStore, type LoadedIncident } from '../../core/incident/store';
import { resolveActor } from '../../core/incident/actor';
import { DEFAULT_SEVERITIES, type SeverityTable } from '../../core/incident/severities';
import type { Masker } from '../../core/secrets/mask';
import type { TemplateKind } from '../../core/documents/builtin';
import { defaultIncidentFor } from '../../core/documents/pickIncident';
import { workspaceMasker } from '../../core/documents/masker';
import type { IncidentSession } from '../incident/session';

/** The part of the incident session these commands use. */
export type SessionLike = Pick<IncidentSession, 'root' | 'active' | 'store' | 'config' | 'actor' | 'reload'>;

export interface DocumentDeps {
  session?: SessionLike;
  /** A masker that also knows the stored secrets; default: secret-looking `.env` and environment variables. */
  masker?: (root: string) => Masker | Promise<Masker>;
}

export interface Workspace {
  root: string;
  store: IncidentStore;
  severities: SeverityTable;
  actor: () => string;
  masker: () => Promise<Masker>;
  /** Views re-read the timeline after a write. */
  changed: () => void;
}

export function workspaceOf(deps: DocumentDeps): Workspace {
  const { session } = deps;
  const root = session?.root ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root) throw new Error('Open a folder first: documents are written into the workspace.');
  return {
    root,
    store: session?.store ?? new IncidentStore(root),
    severities: session?.config.severities ?? DEFAULT_SEVERITIES,
    actor: () => session?.actor() ?? resolveActor({ cwd: root }),
    masker: async () => (deps.masker ? await deps.masker(root) : workspaceMasker(root)),
    changed: () => session?.reload(),
  };
}

/** The active incident, or (without a session) the store's default for this kind of document. */
export function incidentFor(deps: DocumentDeps, ws: Workspace, kind: TemplateKind): LoadedIncident {
  const found = deps.session ? deps.session.active : defaultIncidentFor(ws.store, kind);
  if (!found) throw new Error('No incident is active. Run "Incident: Declare Incident" first.');
  return deps.session ? ws.store.read(found.state.id) : found;
}

// Wires sharing to what activate built: the share session starts once the window is up, and
// starts again when its settings, the incidents folder, the actor, the password or the
// workspace's trust change.
import * as vscode from 'vscode';
import type { Masker } from '../../core/secrets/mask';
import { SECTION, type ConfigSource } from '../config';
import type { IncidentSession } from '../incident/session';
import type { SharePassword } from './password';
import { ShareSession } from './shareSession';

export interface SharingDeps {
  folder: vscode.WorkspaceFolder | undefined;
  session: IncidentSession | undefined;
  config: ConfigSource;
  password: SharePassword;
  masker(root: string): Promise<Masker>;
}

/** `share` is undefined without a folder: there are no incidents to share. */
export function registerSharing({ folder, session, config, password, masker }: SharingDeps): { share?: ShareSession; disposable: vscode.Disposable } {
  if (!folder || !session) return { disposable: password };
  const share = new ShareSession({
    session,
    settings: () => config(folder).share,
    password,
    masker: () => masker(folder.uri.fsPath),
    isTrusted: () => vscode.workspace.isTrusted,
  });
  const restart = () => void share.restart();
  const watched = ['share', 'incident.folder', 'incident.actor'].map((key) => `${SECTION}.${key}`);
  // Not on the activation path: connecting can take seconds.
  const first = setImmediate(restart);
  const disposable = vscode.Disposable.from(
    share,
    password,
    vscode.workspace.onDidChangeConfiguration((e) => watched.some((key) => e.affectsConfiguration(key)) && restart()),
    vscode.workspace.onDidGrantWorkspaceTrust(restart),
    // Set in another window of the editor (this window's command restarts it itself).
    password.onDidChange(restart),
    { dispose: () => clearImmediate(first) },
  );
  return { share, disposable };
}

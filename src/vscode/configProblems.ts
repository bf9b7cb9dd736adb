// Settings set to a value of the wrong kind or out of range: each is shown once as a warning that
// names the default used instead, at startup and after an edit. (The health checks and severity
// overrides are checked by their features, which show what is wrong in their own terms.)
import * as vscode from 'vscode';
import { RunbookConfig, type ConfigSource } from './config';

export function registerConfigProblems(config: ConfigSource): vscode.Disposable {
  const shown = new Set<string>();
  const show = () => {
    // Read as the folder sees them: its own values over the workspace's and the user's.
    const problems = new Set(config(vscode.workspace.workspaceFolders?.[0]?.uri).problems());
    for (const p of problems) if (!shown.has(p)) void vscode.window.showWarningMessage(p);
    // A problem fixed and made again is shown again.
    shown.clear();
    for (const p of problems) shown.add(p);
  };
  show();
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (RunbookConfig.affects(e)) show();
  });
}

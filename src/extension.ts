// Wires the extension together: builds each service once and registers its adapters.
// The logic lives in src/core (no `vscode`); src/vscode holds the thin adapters.
import * as vscode from 'vscode';
import { RunbookSerializer, NOTEBOOK_TYPE } from './vscode/serializer';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  try {
    context.subscriptions.push(
      vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new RunbookSerializer(), RunbookSerializer.options),
    );
  } catch (err) {
    void vscode.window.showErrorMessage(`Incident Runbooks failed to start: ${err instanceof Error ? err.message : err}`);
    throw err;
  }
}

export function deactivate(): void {}

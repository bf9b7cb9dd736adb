// Registers the document commands. Every failure becomes an error message, never a silent no-op.
import * as vscode from 'vscode';
import { COMMANDS, customizeTemplateCommand, generatePostmortemCommand, generateStatusMessage, newRunbook } from './commands';
import type { DocumentDeps } from './source';

export type { DocumentDeps } from './source';
export { COMMANDS as DOCUMENT_COMMANDS } from './commands';

export function registerDocuments(context: vscode.ExtensionContext, deps: DocumentDeps = {}): void {
  const table: Record<string, (deps: DocumentDeps, ...args: unknown[]) => Promise<void>> = {
    [COMMANDS.generateStatusMessage]: generateStatusMessage,
    [COMMANDS.generatePostmortem]: generatePostmortemCommand,
    [COMMANDS.newRunbook]: newRunbook,
    [COMMANDS.customizeTemplate]: customizeTemplateCommand,
  };
  for (const [id, run] of Object.entries(table)) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await run(deps, ...args);
        } catch (err) {
          void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
        }
      }),
    );
  }
}

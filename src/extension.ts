// Wires the extension together: builds each service once and registers its adapters.
// The logic lives in src/core (no `vscode`); src/vscode holds the thin adapters.
import * as vscode from 'vscode';
import { RunbookSerializer, NOTEBOOK_TYPES } from './vscode/serializer';
import { registerProblems } from './vscode/problems';
import { registerIncidents } from './vscode/incident';
import { registerDocuments } from './vscode/documents';
import { registerHealth } from './vscode/health';
import { registerExecution } from './vscode/controller';
import { workspaceMasker } from './core/documents/masker';
import { loadParsers } from './core/exec/parsers';
import type { Prompter, RunReport } from './core/exec/engine';
import { EditorPrompter, ScriptablePrompter } from './vscode/prompter';

/**
 * What `activate` returns while the extension-host tests run (ExtensionMode.Test), and only then:
 * scripted answers to the controller's questions, and each run's report.
 */
export interface TestHooks {
  usePrompter(prompter: Prompter | undefined): void;
  onDidFinishRun: vscode.Event<RunReport>;
}

export async function activate(context: vscode.ExtensionContext): Promise<TestHooks | undefined> {
  try {
    // PostgreSQL's parser (WebAssembly) loads before any cell is classified: until then SQL cells
    // would read as mitigations.
    await loadParsers();
    const serializer = new RunbookSerializer();
    for (const type of NOTEBOOK_TYPES) {
      context.subscriptions.push(vscode.workspace.registerNotebookSerializer(type, serializer, RunbookSerializer.options));
    }
    context.subscriptions.push(vscode.workspace.onDidCloseNotebookDocument((notebook) => serializer.forget(notebook)));
    registerProblems(context);
    const testing = context.extensionMode === vscode.ExtensionMode.Test;
    const prompter = testing ? new ScriptablePrompter(new EditorPrompter()) : new EditorPrompter();
    const { controller, secrets } = registerExecution(context, prompter);
    // Notes and documents mask stored secrets too, as cell outputs do.
    const masker = async (root: string) => workspaceMasker(root, process.env, await secrets.all());
    // Every cell run lands on the active incident's timeline.
    const session = registerIncidents(context, { onDidRunCell: controller.onDidRunCell, masker });
    registerDocuments(context, { session, masker });
    registerHealth(context, { session });
    if (prompter instanceof ScriptablePrompter) return { usePrompter: (p) => prompter.use(p), onDidFinishRun: controller.onDidFinishRun };
    return undefined;
  } catch (err) {
    void vscode.window.showErrorMessage(`Incident Runbooks failed to start: ${err instanceof Error ? err.message : err}`);
    throw err;
  }
}

export function deactivate(): void {}

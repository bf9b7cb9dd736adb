// How the editor asks: an input box for a variable, a modal that names the reason and shows the
// masked code for a mitigation. The rules for when to ask are the run engine's.
import * as vscode from 'vscode';
import type { Prompter } from '../core/exec/engine';
import { looksSecret } from '../core/secrets/mask';

export class EditorPrompter implements Prompter {
  async askVariable({ name, cell, missing }: Parameters<Prompter['askVariable']>[0]): Promise<string | undefined> {
    return vscode.window.showInputBox({
      title: `${capitalized(cell.label ?? `cell ${cell.index + 1}`)} needs ${name}`,
      prompt: `Value of ${name}${missing.length > 1 ? ` (this cell needs ${missing.join(', ')})` : ''}. Set it in the runbook's frontmatter env, .env, or with "Store Secret" to skip this question; Escape stops the run.`,
      password: looksSecret(name),
      ignoreFocusOut: true,
    });
  }

  async confirm({ cell, verdict, command }: Parameters<Prompter['confirm']>[0]): Promise<boolean> {
    const what = verdict.classification === 'mitigation' ? `mitigation${cell.name ? ` "${cell.name}"` : ''}? ${verdict.reason}.` : `cell${cell.name ? ` "${cell.name}"` : ''}? It is marked \`confirm\`.`;
    const choice = await vscode.window.showWarningMessage(`Run ${what}`, { modal: true, detail: command }, 'Run');
    return choice === 'Run';
  }
}

/**
 * A prompter whose answers a test can script (only built when the extension runs its tests:
 * ExtensionMode.Test). Without a script it asks like the editor does.
 */
export class ScriptablePrompter implements Prompter {
  private script: Prompter | undefined;
  constructor(private readonly editor: Prompter) {}
  use(script: Prompter | undefined): void {
    this.script = script;
  }
  askVariable(request: Parameters<Prompter['askVariable']>[0]): Promise<string | undefined> {
    return (this.script ?? this.editor).askVariable(request);
  }
  confirm(request: Parameters<Prompter['confirm']>[0]): Promise<boolean> {
    return (this.script ?? this.editor).confirm(request);
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

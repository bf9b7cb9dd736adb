// How the editor asks: an input box for a variable, a quick pick (or an input box) for a
// parameter, a modal that names the reason and shows the masked code for a mitigation. The rules
// for when to ask are the run engine's.
import * as vscode from 'vscode';
import type { ParameterRequest, Prompter } from '../core/exec/engine';
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

  /**
   * A parameter: a pick from its options (with "Other value…" for one not listed) when there are
   * any, else an input box with the default filled in. Its description is the prompt.
   */
  async askParameter({ name, spec, options, optionsNote, cell, missing }: ParameterRequest): Promise<string | undefined> {
    const title = `${capitalized(cell.label ?? `cell ${cell.index + 1}`)} needs <${name}>`;
    const others = missing.length > 1 ? ` (this cell needs ${missing.join(', ')})` : '';
    if (options?.length) {
      const other: vscode.QuickPickItem = { label: '$(edit) Other value…', alwaysShow: true };
      const items: vscode.QuickPickItem[] = [...options.map((o) => ({ label: o, description: o === spec?.default ? 'default' : undefined })), other];
      const picked = await vscode.window.showQuickPick(items, { title, placeHolder: `${spec?.description ?? `Value of ${name}`}${others}`, ignoreFocusOut: true });
      if (!picked) return undefined;
      if (picked !== other) return picked.label;
    }
    return vscode.window.showInputBox({
      title,
      prompt: `${spec?.description ?? `Value of ${name}`}${others}.${optionsNote ? ` No list to pick from: ${optionsNote}.` : ''} It goes into the command quoted, as one word; Escape stops the run.`,
      value: spec?.default,
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
  /** A script without `askParameter` gives no answer: a test that does not expect the question fails on it. */
  async askParameter(request: ParameterRequest): Promise<string | undefined> {
    const prompter = this.script ?? this.editor;
    return prompter.askParameter ? prompter.askParameter(request) : undefined;
  }
  confirm(request: Parameters<Prompter['confirm']>[0]): Promise<boolean> {
    return (this.script ?? this.editor).confirm(request);
  }
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

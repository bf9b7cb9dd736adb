// Named secrets in VS Code's SecretStorage. SecretStorage cannot list its keys, so the names are
// kept in globalState (names only, never values).
import * as vscode from 'vscode';
import type { CommandTable } from './commands';

// Storage keys, written out on purpose: renaming them would lose what people stored.
const KEY_PREFIX = 'incidentRunbooks.secret.';
const INDEX_KEY = 'incidentRunbooks.secretNames';

export class RunbookSecrets {
  /**
   * The values, read once until one changes here or in another window: every cell's status bar
   * resolves its variables, and each value is a round trip to SecretStorage.
   */
  private values: Promise<Record<string, string>> | undefined;

  constructor(private readonly context: Pick<vscode.ExtensionContext, 'secrets' | 'globalState'>) {
    context.secrets.onDidChange(() => (this.values = undefined));
  }

  names(): string[] {
    return this.context.globalState.get<string[]>(INDEX_KEY, []);
  }

  /** A copy: callers layer and edit what they get. */
  async all(): Promise<Record<string, string>> {
    const values = (this.values ??= this.read().catch((err: unknown) => {
      this.values = undefined; // a failed read is tried again next time
      throw err;
    }));
    return { ...(await values) };
  }

  private async read(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const name of this.names()) {
      const v = await this.context.secrets.get(KEY_PREFIX + name);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }

  async store(name: string, value: string): Promise<void> {
    await this.context.secrets.store(KEY_PREFIX + name, value);
    const names = new Set(this.names()).add(name);
    await this.context.globalState.update(INDEX_KEY, [...names].sort());
    this.values = undefined;
  }

  async delete(name: string): Promise<void> {
    await this.context.secrets.delete(KEY_PREFIX + name);
    await this.context.globalState.update(INDEX_KEY, this.names().filter((n) => n !== name));
    this.values = undefined;
  }
}

/** The "Store Secret" and "Delete Secret" commands. */
export function secretCommands(secrets: RunbookSecrets): Pick<CommandTable, 'storeSecret' | 'deleteSecret'> {
  return {
    storeSecret: {
      async run(preset?: unknown) {
        const name = typeof preset === 'string' ? preset : await vscode.window.showInputBox({
          title: 'Store Secret',
          prompt: 'Name of the variable cells use ($NAME or {{NAME}})',
          placeHolder: 'OPENAI_API_KEY',
          validateInput: (v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? null : 'letters, digits and _ only, not starting with a digit'),
        });
        if (!name) return;
        const value = await vscode.window.showInputBox({ title: `Store Secret ${name}`, prompt: `Value of ${name}`, password: true, ignoreFocusOut: true });
        if (value === undefined) return;
        await secrets.store(name, value);
        void vscode.window.showInformationMessage(`Secret ${name} stored. Cells see it as $${name}; its value is masked in every output.`);
      },
    },
    deleteSecret: {
      async run() {
        const names = secrets.names();
        if (names.length === 0) return void vscode.window.showInformationMessage('No secrets stored.');
        const name = await vscode.window.showQuickPick(names, { title: 'Delete Secret' });
        if (!name) return;
        await secrets.delete(name);
        void vscode.window.showInformationMessage(`Secret ${name} deleted.`);
      },
    },
  };
}

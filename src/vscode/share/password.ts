// The share server's password, kept in the editor's SecretStorage: never in settings (files that
// get committed), never listed among the cells' secrets (no cell needs it).
import * as vscode from 'vscode';

// Written out on purpose: renaming it would lose what people stored.
const KEY = 'incidentRunbooks.share.password';

export class SharePassword {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after a set or a delete here, or in another window of the same editor. */
  readonly onDidChange = this.changed.event;
  private readonly watch: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.watch = secrets.onDidChange((e) => e.key === KEY && this.changed.fire());
  }

  get(): Thenable<string | undefined> {
    return this.secrets.get(KEY);
  }

  /** For the masker: masked in notes and documents like every stored secret. */
  async asSecret(): Promise<Record<string, string>> {
    const value = await this.get();
    return value ? { 'share password': value } : {};
  }

  /** An empty value deletes it (a server without a password). */
  async set(value: string): Promise<void> {
    if (value) await this.secrets.store(KEY, value);
    else await this.secrets.delete(KEY);
  }

  dispose(): void {
    this.watch.dispose();
    this.changed.dispose();
  }
}

// The workspace's `*.runbook.md` files, indexed by their frontmatter (services, symptoms) and
// re-read when one changes.
import * as vscode from 'vscode';
import { indexRunbook, type RunbookEntry } from '../../core/incident/runbookIndex';
import { openAsRunbook } from '../serializer';

export const RUNBOOK_GLOB = '**/*.runbook.md';

export class RunbookCatalog implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private entries: Promise<RunbookEntry[]> | undefined;
  private readonly watcher = vscode.workspace.createFileSystemWatcher(RUNBOOK_GLOB);

  constructor() {
    const invalidate = () => {
      this.entries = undefined;
      this.changed.fire();
    };
    this.watcher.onDidChange(invalidate);
    this.watcher.onDidCreate(invalidate);
    this.watcher.onDidDelete(invalidate);
  }

  /** Entries' `path` is the file's URI string. */
  list(): Promise<RunbookEntry[]> {
    return (this.entries ??= this.load());
  }

  private async load(): Promise<RunbookEntry[]> {
    const entries = (await readRunbookFiles()).map(({ uri, text }) => indexRunbook(uri.toString(), text));
    return entries.sort((a, b) => a.title.localeCompare(b.title));
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}

/** Every `*.runbook.md` in the workspace with its text; one deleted between find and read is left out. */
export async function readRunbookFiles(): Promise<Array<{ uri: vscode.Uri; text: string }>> {
  const uris = await vscode.workspace.findFiles(RUNBOOK_GLOB, '**/node_modules/**', 2000);
  const decoder = new TextDecoder();
  const files = await Promise.all(
    uris.map(async (uri) => {
      try {
        return { uri, text: decoder.decode(await vscode.workspace.fs.readFile(uri)) };
      } catch {
        return undefined;
      }
    }),
  );
  return files.filter((f) => f !== undefined);
}

export function openRunbook(path: string): Thenable<unknown> {
  return openAsRunbook(vscode.Uri.parse(path));
}

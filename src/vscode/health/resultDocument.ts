// The last result of a check as a read-only JSON document (`incident-health:/<id>.json`), updated
// in place when a newer result arrives. Results are masked by the core before they get here.
import * as vscode from 'vscode';
import type { HealthResult } from '../../core/health';

export const RESULT_SCHEME = 'incident-health';

export class HealthResultDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly result: (id: string) => HealthResult | undefined) {}

  static uriFor(id: string): vscode.Uri {
    return vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${id}.json` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = uri.path.replace(/^\//, '').replace(/\.json$/, '');
    const result = this.result(id);
    return result ? JSON.stringify(result, null, 2) + '\n' : `// No result yet for health check '${id}'.\n`;
  }

  /** Tells open result documents that their check has a new result. */
  update(results: readonly HealthResult[]): void {
    const open = new Set(vscode.workspace.textDocuments.filter((d) => d.uri.scheme === RESULT_SCHEME).map((d) => d.uri.toString()));
    for (const r of results) {
      const uri = HealthResultDocuments.uriFor(r.id);
      if (open.has(uri.toString())) this.changed.fire(uri);
    }
  }

  async show(id: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(HealthResultDocuments.uriFor(id));
    await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

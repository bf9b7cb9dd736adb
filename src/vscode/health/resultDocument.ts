// The last result of a check, with its last hour, as a read-only Markdown document
// (`incident-health:/<id>.md`) shown in the Markdown preview and updated in place when a newer
// result arrives: a latency sparkline (SVG, and a text one), the counts by status, the result as
// JSON. Results are masked by the core before they get here.
import * as vscode from 'vscode';
import { historySummary, sparklineSvg, sparklineText, type HealthResult, type HealthSample } from '../../core/health';

export const RESULT_SCHEME = 'incident-health';

export class HealthResultDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly result: (id: string) => HealthResult | undefined,
    private readonly history: (id: string) => HealthSample[] = () => [],
  ) {}

  static uriFor(id: string): vscode.Uri {
    return vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${id}.md` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    const result = this.result(id);
    if (!result) return `No result yet for health check \`${id}\`.\n`;
    const samples = this.history(id);
    const now = Date.now();
    return [
      `# ${result.name}: ${result.status}`,
      '',
      `${result.summary || result.error || ''}${result.latencyMs ? ` · ${Math.round(result.latencyMs)} ms` : ''} · checked ${new Date(result.checkedAt).toLocaleString()}`,
      '',
      '## Last hour',
      '',
      // Inline SVG: markdown-it refuses data:image/svg+xml links, the preview keeps inline SVG.
      sparklineSvg(samples, { now }),
      '',
      `\`${sparklineText(samples) || ' '}\``,
      '',
      historySummary(samples),
      '',
      '## Last result',
      '',
      '```json',
      JSON.stringify(result, null, 2),
      '```',
      '',
    ].join('\n');
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
    const uri = HealthResultDocuments.uriFor(id);
    const doc = await vscode.workspace.openTextDocument(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      // Without the built-in Markdown extension, the source still says it all.
      await vscode.window.showTextDocument(doc, { preview: true });
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

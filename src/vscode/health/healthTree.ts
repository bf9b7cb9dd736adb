// The "Health" view: one item per check with a status icon, latency and the figures that matter;
// configuration problems and checks that cannot run here are shown too, never hidden.
import * as vscode from 'vscode';
import { formatMs, UNTRUSTED_REASON, type CheckConfig, type HealthResult, type HealthStatus } from '../../core/health';
import { SECTION } from '../config';
import { COMMAND } from '../ids';

const ICONS: Record<HealthStatus, [string, string]> = {
  ok: ['pass', 'testing.iconPassed'],
  degraded: ['warning', 'problemsWarningIcon.foreground'],
  down: ['error', 'testing.iconFailed'],
  unknown: ['question', 'disabledForeground'],
};

export type HealthNode =
  | { type: 'check'; check: CheckConfig; result?: HealthResult }
  | { type: 'blocked'; check: CheckConfig }
  | { type: 'problem'; message: string };

export interface HealthTreeSource {
  checks(): readonly CheckConfig[];
  blocked(): readonly CheckConfig[];
  problems(): readonly string[];
  result(id: string): HealthResult | undefined;
}

export class HealthTreeProvider implements vscode.TreeDataProvider<HealthNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HealthNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly source: HealthTreeSource) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: HealthNode): HealthNode[] {
    if (node) return [];
    return [
      ...this.source.problems().map((message) => ({ type: 'problem' as const, message })),
      ...this.source.checks().map((check) => ({ type: 'check' as const, check, result: this.source.result(check.id) })),
      ...this.source.blocked().map((check) => ({ type: 'blocked' as const, check })),
    ];
  }

  getTreeItem(node: HealthNode): vscode.TreeItem {
    if (node.type === 'problem') {
      const item = new vscode.TreeItem(node.message.replace(/^Incident Runbooks settings: /, ''));
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      item.tooltip = node.message;
      item.contextValue = 'healthProblem';
      item.command = { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: [`${SECTION}.health.checks`] };
      return item;
    }
    if (node.type === 'blocked') {
      const item = new vscode.TreeItem(node.check.name);
      item.iconPath = new vscode.ThemeIcon('shield');
      item.description = `not run: ${UNTRUSTED_REASON}`;
      item.tooltip = `${node.check.name} (${node.check.kind}) runs once you trust this workspace: its settings choose the hosts, and your variables would be sent there.`;
      item.contextValue = 'healthBlocked';
      return item;
    }
    const { check, result } = node;
    const item = new vscode.TreeItem(check.name);
    item.id = `health:${check.id}`;
    if (!result) {
      item.iconPath = new vscode.ThemeIcon('loading~spin');
      item.description = 'checking…';
      item.contextValue = 'healthCheck';
      return item;
    }
    const [icon, color] = ICONS[result.status];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.description = result.latencyMs > 0 ? `${formatMs(result.latencyMs)} · ${result.summary}` : result.summary;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escape(check.name)}** (${check.kind}): ${result.status}\n\n`);
    tooltip.appendText(result.summary + '\n');
    if (result.error && result.error !== result.summary) tooltip.appendText(`\n${result.error}\n`);
    tooltip.appendMarkdown(`\n_Checked ${new Date(result.checkedAt).toLocaleTimeString()}. Click for the full result._`);
    item.tooltip = tooltip;
    item.contextValue = `healthCheck.${result.status}`;
    item.command = { command: COMMAND.showHealthResult, title: 'Show Last Health Result', arguments: [check.id] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

// A status-bar badge while any check is down; hidden when everything is up.
import * as vscode from 'vscode';
import type { HealthResult } from '../../core/health';
import { VIEW, focusCommand } from '../ids';

export class HealthStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(VIEW.health, vscode.StatusBarAlignment.Left, 90);

  constructor() {
    this.item.name = 'Incident Runbooks: Health';
    this.item.command = focusCommand(VIEW.health);
  }

  update(results: readonly HealthResult[]): void {
    const down = results.filter((r) => r.status === 'down');
    if (!down.length) {
      this.item.hide();
      return;
    }
    this.item.text = `$(error) ${down.length} down`;
    this.item.tooltip = `Health: ${down.map((r) => `${r.name} — ${r.summary}`).join('\n')}`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

// "Runbooks" view: the workspace's runbooks grouped by service, each with its symptoms.
import * as vscode from 'vscode';
import { RefreshingTree } from '../refreshingTree';
import { groupByService, type RunbookEntry } from '../../core/incident/runbookIndex';
import type { RunbookCatalog } from './runbookCatalog';
import { COMMAND } from '../ids';

export class ServiceItem extends vscode.TreeItem {
  constructor(
    readonly service: string,
    readonly runbooks: RunbookEntry[],
  ) {
    super(service, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `service:${service}`;
    this.description = `${runbooks.length}`;
    this.iconPath = new vscode.ThemeIcon('server-process');
    this.contextValue = 'runbookService';
  }
}

export class RunbookItem extends vscode.TreeItem {
  constructor(
    readonly runbook: RunbookEntry,
    service: string,
  ) {
    super(runbook.title, runbook.symptoms.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.id = `runbook:${service}:${runbook.path}`;
    this.description = runbook.severity;
    this.resourceUri = vscode.Uri.parse(runbook.path);
    this.iconPath = new vscode.ThemeIcon('notebook');
    this.tooltip = runbook.symptoms.length ? `Symptoms:\n${runbook.symptoms.map((s) => `• ${s}`).join('\n')}` : runbook.title;
    this.contextValue = 'runbook';
    this.command = { command: COMMAND.openRunbook, title: 'Open Runbook', arguments: [runbook.path] };
  }
}

export class SymptomItem extends vscode.TreeItem {
  constructor(symptom: string, runbook: RunbookEntry) {
    super(symptom, vscode.TreeItemCollapsibleState.None);
    this.iconPath = new vscode.ThemeIcon('symbol-event');
    this.contextValue = 'runbookSymptom';
    this.command = { command: COMMAND.openRunbook, title: 'Open Runbook', arguments: [runbook.path] };
  }
}

type Node = ServiceItem | RunbookItem | SymptomItem;

export class RunbooksTreeProvider extends RefreshingTree<Node> {
  constructor(private readonly catalog: RunbookCatalog) {
    super();
  }

  async getChildren(parent?: Node): Promise<Node[]> {
    if (parent instanceof ServiceItem) return parent.runbooks.map((r) => new RunbookItem(r, parent.service));
    if (parent instanceof RunbookItem) return parent.runbook.symptoms.map((s) => new SymptomItem(s, parent.runbook));
    if (parent) return [];
    return [...groupByService(await this.catalog.list())].map(([service, runbooks]) => new ServiceItem(service, runbooks));
  }
}

// "Checklist" view: the guide's steps for this severity (and the security actions when tagged),
// grouped by phase; items toggle inline.
import * as vscode from 'vscode';
import { RefreshingTree } from '../refreshingTree';
import { PHASE_TITLES, type ChecklistPhase } from '../../core/incident/checklists';
import type { ChecklistEntry } from '../../core/incident/state';
import type { IncidentSession } from './session';

export class ChecklistPhaseItem extends vscode.TreeItem {
  constructor(
    readonly phase: ChecklistPhase,
    readonly entries: ChecklistEntry[],
  ) {
    super(PHASE_TITLES[phase], vscode.TreeItemCollapsibleState.Expanded);
    const done = entries.filter((e) => e.done).length;
    this.description = `${done}/${entries.length}`;
    this.iconPath = new vscode.ThemeIcon(done === entries.length ? 'pass-filled' : phase === 'security' ? 'shield' : 'checklist');
    this.contextValue = 'checklistPhase';
  }
}

export class ChecklistEntryItem extends vscode.TreeItem {
  constructor(readonly entry: ChecklistEntry) {
    super(entry.text, vscode.TreeItemCollapsibleState.None);
    this.id = `checklist:${entry.id}`;
    this.iconPath = new vscode.ThemeIcon(entry.done ? 'pass-filled' : 'circle-large-outline');
    this.description = entry.applies ? (entry.toggled && entry.done ? `${entry.toggled.actor}, ${entry.toggled.ts.slice(11, 16)} UTC` : '') : 'no longer applies';
    this.tooltip = entry.toggled ? `${entry.done ? 'Done' : 'Unticked'} by ${entry.toggled.actor} at ${entry.toggled.ts}` : 'Not done yet';
    this.contextValue = entry.done ? 'checklistItem.done' : 'checklistItem.todo';
  }
}

type Node = ChecklistPhaseItem | ChecklistEntryItem;

export class ChecklistTreeProvider extends RefreshingTree<Node> {
  constructor(private readonly session: IncidentSession) {
    super();
  }

  getChildren(parent?: Node): Node[] {
    if (parent instanceof ChecklistPhaseItem) return parent.entries.map((e) => new ChecklistEntryItem(e));
    if (parent) return [];
    const checklist = this.session.active?.state.checklist ?? [];
    const phases = new Map<ChecklistPhase, ChecklistEntry[]>();
    for (const entry of checklist) phases.set(entry.phase, [...(phases.get(entry.phase) ?? []), entry]);
    return [...phases].map(([phase, entries]) => new ChecklistPhaseItem(phase, entries));
  }
}

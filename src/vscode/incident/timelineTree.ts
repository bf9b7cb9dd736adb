// "Timeline" view: every event of the active incident, newest first.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { COMMAND } from '../ids';
import { RefreshingTree } from '../refreshingTree';
import type { IncidentEvent } from '../../core/incident/events';
import { STATUS_LABELS } from '../../core/incident/rules';
import { checklistItem } from '../../core/incident/checklists';
import type { IncidentSession } from './session';

/** Enough to scroll through; a 100,000-event timeline must not freeze the view. */
const MAX_SHOWN = 500;

const ICONS: Record<IncidentEvent['type'], string> = {
  declared: 'flame',
  severity_changed: 'warning',
  status_changed: 'pulse',
  commander_assigned: 'person',
  tags_changed: 'tag',
  note_added: 'note',
  checklist_toggled: 'checklist',
  cell_run: 'play',
  health_changed: 'heart',
  message_generated: 'megaphone',
  postmortem_generated: 'book',
  alert_received: 'bell',
  params_set: 'symbol-parameter',
  variable_captured: 'symbol-variable',
};

export function describeEvent(e: IncidentEvent): { label: string; detail?: string; icon: string } {
  const icon = ICONS[e.type];
  switch (e.type) {
    case 'declared':
      return { label: `Declared ${e.data.severity}: ${e.data.title}`, detail: e.data.commander && `commander ${e.data.commander}`, icon };
    case 'severity_changed':
      return { label: `Severity → ${e.data.severity}`, detail: e.data.reason, icon };
    case 'status_changed':
      return { label: `Status → ${STATUS_LABELS[e.data.status]}`, detail: e.data.reason, icon: e.data.status === 'resolved' ? 'pass' : icon };
    case 'commander_assigned':
      return { label: `Commander: ${e.data.commander}`, icon };
    case 'tags_changed':
      return { label: `Tags: ${e.data.tags.join(', ') || '(none)'}`, icon };
    case 'note_added': {
      const extra = [e.data.owner && `owner ${e.data.owner}`, e.data.due && `due ${e.data.due}`].filter(Boolean).join(', ');
      const kind = e.data.kind === 'action' ? 'Action' : e.data.kind === 'finding' ? 'Finding' : 'Note';
      return { label: `${kind}: ${e.data.text}`, detail: extra || undefined, icon: e.data.kind === 'action' ? 'tasklist' : e.data.kind === 'finding' ? 'search' : icon };
    }
    case 'checklist_toggled':
      return { label: `${e.data.done ? 'Done' : 'Unticked'}: ${checklistItem(e.data.item)?.text ?? e.data.item}`, icon };
    case 'cell_run': {
      const exit = e.data.exitCode !== undefined && e.data.exitCode !== null ? ` exit ${e.data.exitCode}` : '';
      const params = e.data.params && Object.keys(e.data.params).length ? `, ${Object.entries(e.data.params).map(([k, v]) => `${k}=${v}`).join(' ')}` : '';
      return {
        label: `Ran ${e.data.cellName || `cell ${e.data.cellIndex + 1}`} (${e.data.executor}): ${e.data.status}${exit}`,
        detail: `${e.data.runbook}, ${e.data.durationMs} ms${params}${e.data.log ? ' · click for the log' : ''}`,
        icon: e.data.status === 'ok' || e.data.status === 'succeeded' ? icon : 'error',
      };
    }
    case 'health_changed':
      return { label: `Health ${e.data.check}: ${e.data.status}`, detail: e.data.detail, icon };
    case 'message_generated':
      return { label: `Message generated: ${e.data.kind}`, detail: e.data.path, icon };
    case 'postmortem_generated':
      return { label: 'Post-mortem generated', detail: e.data.path, icon };
    case 'alert_received':
      return { label: `Alert ${e.data.alertname}${e.data.status ? ` (${e.data.status})` : ''}`, detail: [e.data.startsAt && `since ${e.data.startsAt}`, e.data.runbook].filter(Boolean).join(', ') || undefined, icon };
    case 'params_set':
      return { label: `Parameters: ${Object.entries(e.data.params).map(([k, v]) => `${k}=${v}`).join(', ')}`, detail: `from ${e.data.source === 'cli' ? 'the CLI' : e.data.source === 'alert' ? 'the alert' : 'a person'}`, icon };
    case 'variable_captured':
      return { label: `Captured $${e.data.name} = ${e.data.value}`, detail: e.data.runbook, icon };
  }
}

export class TimelineEventItem extends vscode.TreeItem {
  /** `incidentDir`: the incident's folder, which a cell run's `log` is relative to. */
  constructor(readonly event: IncidentEvent, incidentDir?: string) {
    const { label, detail, icon } = describeEvent(event);
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = event.id;
    this.description = `${event.ts.slice(11, 19)} UTC · ${event.actor}${detail ? ` · ${detail}` : ''}`;
    this.iconPath = new vscode.ThemeIcon(icon);
    this.contextValue = `timelineEvent.${event.type}`;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${label.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&')}**\n\n${event.ts} · ${event.actor}\n\n`);
    md.appendCodeblock(JSON.stringify(event.data, null, 2), 'json');
    this.tooltip = md;
    // A run's whole output is in its log: a click opens it (the record keeps only an excerpt).
    if (event.type === 'cell_run' && event.data.log && incidentDir) {
      this.command = { command: COMMAND.openRunLog, title: 'Open Run Log', arguments: [vscode.Uri.file(join(incidentDir, event.data.log))] };
      this.contextValue = 'timelineEvent.cell_run.log';
    }
  }
}

export class TimelineTreeProvider extends RefreshingTree<vscode.TreeItem> {
  constructor(private readonly session: IncidentSession) {
    super();
  }

  getChildren(parent?: vscode.TreeItem): vscode.TreeItem[] {
    if (parent) return [];
    const state = this.session.active?.state;
    const events = state?.events ?? [];
    const dir = state && join(this.session.store.dir, state.id);
    const items: vscode.TreeItem[] = [];
    for (let i = events.length - 1; i >= 0 && items.length < MAX_SHOWN; i--) items.push(new TimelineEventItem(events[i], dir));
    if (events.length > MAX_SHOWN) {
      const more = new vscode.TreeItem(`… ${events.length - MAX_SHOWN} older events in timeline.jsonl`);
      more.iconPath = new vscode.ThemeIcon('ellipsis');
      items.push(more);
    }
    return items;
  }
}

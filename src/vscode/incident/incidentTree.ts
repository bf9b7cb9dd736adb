// "Incident" view: the active incident at a glance: severity, status, commander, times, channel.
import * as vscode from 'vscode';
import { RefreshingTree } from '../refreshingTree';
import { formatDue, formatDuration, incidentClock } from '../../core/incident/clock';
import { STATUS_LABELS } from '../../core/incident/rules';
import type { IncidentSession } from './session';

export class IncidentFactItem extends vscode.TreeItem {
  constructor(label: string, value: string, icon: string, contextValue: string, warn = false) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.description = value;
    this.tooltip = `${label}: ${value}`;
    this.iconPath = new vscode.ThemeIcon(icon, warn ? new vscode.ThemeColor('list.warningForeground') : undefined);
    this.contextValue = contextValue;
  }
}

export class IncidentTreeProvider extends RefreshingTree<IncidentFactItem> {
  constructor(
    private readonly session: IncidentSession,
    /** Who follows the incident when it is shared (src/vscode/share); undefined hides the row. */
    private readonly hereNow: () => string | undefined = () => undefined,
  ) {
    super();
  }

  getChildren(): IncidentFactItem[] {
    const s = this.session.active?.state;
    if (!s) return []; // the view's welcome content offers "Declare Incident"
    const sev = this.session.config.severities[s.severity];
    const now = new Date();
    const clock = incidentClock(s, this.session.config.severities, now);
    const started = new Date(s.declaredAt);
    const items = [
      new IncidentFactItem('Title', s.title, 'flame', 'incidentTitle'),
      new IncidentFactItem('Severity', `${s.severity} · ${sev.name} (${sev.responseLabel})`, 'warning', 'incidentSeverity'),
      new IncidentFactItem('Status', STATUS_LABELS[s.status], s.status === 'resolved' ? 'pass' : 'pulse', 'incidentStatus'),
      new IncidentFactItem('Commander', s.commander ?? '(none)', 'person', 'incidentCommander'),
      new IncidentFactItem('Started', `${started.toLocaleString()} (${s.declaredAt.slice(11, 16)} UTC) by ${s.declaredBy}`, 'calendar', 'incidentStarted'),
      new IncidentFactItem(s.resolvedAt ? 'Duration' : 'Elapsed', formatDuration(clock.elapsedMs), 'clock', 'incidentElapsed'),
      new IncidentFactItem('Slack channel', s.slackChannel, 'comment-discussion', 'incidentSlackChannel'),
    ];
    if (!clock.responded) {
      items.push(new IncidentFactItem('Response due', formatDue(clock.responseDueAt, now), 'watch', 'incidentResponse', clock.responseOverdue));
    }
    if (clock.nextUpdateDueAt) {
      items.push(new IncidentFactItem('Next update', formatDue(clock.nextUpdateDueAt, now), 'megaphone', 'incidentUpdate', clock.updateOverdue));
    }
    if (s.tags.length) items.push(new IncidentFactItem('Tags', s.tags.join(', '), 'tag', 'incidentTags'));
    items.push(new IncidentFactItem('Notify', sev.notify, 'bell', 'incidentNotify'));
    const here = this.hereNow();
    if (here !== undefined) items.push(new IncidentFactItem('Here now', here, 'organization', 'incidentHereNow'));
    return items;
  }
}

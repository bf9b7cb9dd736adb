// "Incident" view: the active incident at a glance: severity, status, commander, times, channel,
// the alert that started it, and a Variables section (its parameters and captured values).
import * as vscode from 'vscode';
import { RefreshingTree } from '../refreshingTree';
import { formatDue, formatDuration, incidentClock } from '../../core/incident/clock';
import { STATUS_LABELS } from '../../core/incident/rules';
import { detectionText, impactMs, valueRows, type ValueRow } from '../../core/incident/values';
import type { IncidentState } from '../../core/incident/state';
import type { IncidentSession } from './session';

/** `12:03` in the reader's time zone. */
export function localClock(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

class IncidentFactItem extends vscode.TreeItem {
  constructor(label: string, value: string, icon: string, contextValue: string, warn = false) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.description = value;
    this.tooltip = `${label}: ${value}`;
    this.iconPath = new vscode.ThemeIcon(icon, warn ? new vscode.ThemeColor('list.warningForeground') : undefined);
    this.contextValue = contextValue;
  }
}

/** One parameter or captured value under "Variables". */
class IncidentValueItem extends vscode.TreeItem {
  constructor(readonly row: ValueRow) {
    super(row.name, vscode.TreeItemCollapsibleState.None);
    this.description = `${row.shown} · ${row.source}`;
    this.tooltip = `${row.kind === 'param' ? 'Parameter' : 'Captured value'} ${row.name} = ${row.shown}\n${row.source}, ${row.ts} by ${row.actor}${row.hidden ? '\n(hidden: it looks like a secret)' : ''}`;
    this.iconPath = new vscode.ThemeIcon(row.hidden ? 'lock' : row.kind === 'param' ? 'symbol-parameter' : 'symbol-variable');
    this.contextValue = row.kind === 'param' ? 'incidentParam' : 'incidentVariable';
  }
}

/** "Variables": what the runbooks' `<placeholders>` and `$CAPTURED` values are filled with. */
class IncidentVariablesItem extends vscode.TreeItem {
  constructor(readonly rows: ValueRow[]) {
    super('Variables', vscode.TreeItemCollapsibleState.Expanded);
    this.id = 'incidentVariables';
    this.description = `${rows.filter((r) => r.kind === 'param').length} parameters, ${rows.filter((r) => r.kind === 'variable').length} captured`;
    this.iconPath = new vscode.ThemeIcon('symbol-namespace');
    this.contextValue = 'incidentVariables';
  }
}

type IncidentItem = IncidentFactItem | IncidentVariablesItem | IncidentValueItem;

function alertFact(s: IncidentState): IncidentFactItem | undefined {
  const a = s.alerts[s.alerts.length - 1];
  if (!a) return undefined;
  const labels = Object.entries(a.labels)
    .filter(([k]) => k !== 'alertname')
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const item = new IncidentFactItem('Alert', `${a.alertname}${a.status ? ` (${a.status})` : ''}${labels ? ` · ${labels}` : ''}`, 'bell', 'incidentAlert');
  const md = new vscode.MarkdownString();
  md.appendText(`${a.alertname}${a.startsAt ? `, firing since ${a.startsAt}` : ''}\n`);
  if (a.annotations.summary) md.appendText(`${a.annotations.summary}\n`);
  if (a.runbook) md.appendText(`Runbook: ${a.runbook}${a.matchedBy ? ` (${a.matchedBy})` : ''}\n`);
  if (labels) md.appendText(`Labels: ${labels}\n`);
  if (s.alerts.length > 1) md.appendText(`${s.alerts.length} alerts received\n`);
  item.tooltip = md;
  return item;
}

export class IncidentTreeProvider extends RefreshingTree<IncidentItem> {
  constructor(
    private readonly session: IncidentSession,
    /** Who follows the incident when it is shared (src/vscode/share); undefined hides the row. */
    private readonly hereNow: () => string | undefined = () => undefined,
  ) {
    super();
  }

  getChildren(parent?: IncidentItem): IncidentItem[] {
    if (parent instanceof IncidentVariablesItem) return parent.rows.map((r) => new IncidentValueItem(r));
    if (parent) return [];
    const s = this.session.active?.state;
    if (!s) return []; // the view's welcome content offers "Declare Incident"
    const sev = this.session.config.severities[s.severity];
    const now = new Date();
    const clock = incidentClock(s, this.session.config.severities, now);
    const started = new Date(s.declaredAt);
    const detected = detectionText(s, localClock);
    const items: IncidentItem[] = [
      new IncidentFactItem('Title', s.title, 'flame', 'incidentTitle'),
      new IncidentFactItem('Severity', `${s.severity} · ${sev.name} (${sev.responseLabel})`, 'warning', 'incidentSeverity'),
      new IncidentFactItem('Status', STATUS_LABELS[s.status], s.status === 'resolved' ? 'pass' : 'pulse', 'incidentStatus'),
      new IncidentFactItem('Commander', s.commander ?? '(none)', 'person', 'incidentCommander'),
      ...(detected ? [new IncidentFactItem('Detected', detected.replace(/^Detected /, ''), 'eye', 'incidentDetected')] : []),
      new IncidentFactItem('Started', `${started.toLocaleString()} (${s.declaredAt.slice(11, 16)} UTC) by ${s.declaredBy}`, 'calendar', 'incidentStarted'),
      // From detection when an alert says when it began (what users lived through), as the status bar counts.
      new IncidentFactItem(
        s.resolvedAt ? 'Duration' : 'Elapsed',
        s.detectedAt ? `${formatDuration(impactMs(s, now))} since detected (${formatDuration(clock.elapsedMs)} since declared)` : formatDuration(clock.elapsedMs),
        'clock',
        'incidentElapsed',
      ),
      new IncidentFactItem('Slack channel', s.slackChannel, 'comment-discussion', 'incidentSlackChannel'),
    ];
    const alert = alertFact(s);
    if (alert) items.splice(1, 0, alert);
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
    const rows = valueRows(s);
    if (rows.length) items.push(new IncidentVariablesItem(rows));
    return items;
  }
}

// Status bar: `P1 · Investigating · 12m · update in 18m`, warning background when the response
// target or a status update is overdue. Ticks every 30 seconds. The time counts from detection when
// an alert said when the problem began (what users have lived through), else from the declaration;
// the tooltip gives both. Response and update targets count from the declaration, as the guide says.
import * as vscode from 'vscode';
import { formatDue, formatDuration, incidentClock } from '../../core/incident/clock';
import { STATUS_LABELS } from '../../core/incident/rules';
import { impactMs } from '../../core/incident/values';
import type { IncidentSession } from './session';
import { VIEW, focusCommand } from '../ids';
import { localClock } from './incidentTree';

export const TICK_MS = 30_000;

export class IncidentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(VIEW.incident, vscode.StatusBarAlignment.Left, 100);
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly session: IncidentSession) {
    this.item.name = 'Incident';
    this.item.command = focusCommand(VIEW.incident);
    this.timer = setInterval(() => this.update(), TICK_MS);
    this.update();
  }

  /** What the item shows (the extension-host tests read it). */
  get text(): string {
    return this.item.text;
  }

  update(now: Date = new Date()): void {
    const s = this.session.active?.state;
    if (!s) {
      this.item.hide();
      return;
    }
    const clock = incidentClock(s, this.session.config.severities, now);
    const parts = [s.severity, STATUS_LABELS[s.status], formatDuration(impactMs(s, now))];
    if (clock.nextUpdateDueAt) parts.push(`update ${formatDue(clock.nextUpdateDueAt, now)}`);
    if (clock.responseOverdue) parts.push(`response ${formatDue(clock.responseDueAt, now)}`);
    this.item.text = `$(${s.status === 'resolved' ? 'pass' : 'flame'}) ${parts.join(' · ')}`;
    const tip = new vscode.MarkdownString(`**${s.severity} · ${s.title}**\n\n`);
    if (s.detectedAt) tip.appendText(`Detected ${localClock(s.detectedAt)}${s.alerts[0] ? ` by ${s.alerts[0].alertname}` : ''}: ${formatDuration(impactMs(s, now))}${s.resolvedAt ? ' to resolution' : ' ago'}\n`);
    tip.appendText(`Declared ${localClock(s.declaredAt)}: ${formatDuration(clock.elapsedMs)} ${s.resolvedAt ? 'to resolution' : 'ago'}\n`);
    tip.appendText(`Commander: ${s.commander ?? '(none)'}\nChannel: ${s.slackChannel}\n`);
    if (!clock.responded) tip.appendText(`Response due ${formatDue(clock.responseDueAt, now)}\n`);
    if (clock.nextUpdateDueAt) tip.appendText(`Next status update ${formatDue(clock.nextUpdateDueAt, now)}\n`);
    this.item.tooltip = tip;
    this.item.backgroundColor = clock.overdue ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.item.dispose();
  }
}

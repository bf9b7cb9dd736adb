// What a template can say about an incident: one documented object, built by a pure function from
// the folded state and `now`. Optional fields are absent when the incident does not know them;
// a template that prints one anyway shows `⟨missing: name⟩` and the caller gets a warning.
import { basename } from 'node:path';
import type { IncidentState } from '../incident/state';
import { DEFAULT_SEVERITIES, type SeverityTable } from '../incident/severities';
import { STATUS_LABELS } from '../incident/rules';
import { formatDue, formatLongDuration, formatUtc, formatClock, utcDay } from './format';
import { alertText, buildTimeline, mitigationText, spansDays, type RunLinker, type TimelineEntry } from './timeline';

export type { TimelineEntry, RunLinker } from './timeline';

/** A finding: when, and what. */
export interface DatedText {
  time: string;
  text: string;
}

export interface ActionItem {
  text: string;
  /** Absent when nobody took it yet. */
  owner?: string;
  /** `2026-12-04`, or a UTC time when a timestamp was given. */
  due?: string;
}

export interface Mitigation {
  time: string;
  /** What ran and how it went, e.g. "Ran mitigation `restart-redis` in redis-cache-failure.runbook.md (succeeded)". */
  text: string;
  /** The command's first line (masked when it was recorded, and again when rendered). */
  command: string;
}

/** The variables every incident template (status page, resolution, Slack, post-mortem) can use. */
export interface IncidentVariables {
  /** The incident's folder name, `2026-11-27-redis-cache-failure`. */
  incidentId: string;
  title: string;
  /** The summary given at declaration, else the title: there is always something to say. */
  description: string;
  /** The summary given at declaration, when there was one. */
  summary?: string;
  /** Services affected, comma-separated: the `services` of the runbooks run during the incident, else its tags. */
  services?: string;
  /** The same, as a list. */
  servicesList: string[];
  /** `P1`. */
  severity: string;
  /** `High`. */
  severityName: string;
  /** The severity's definition, e.g. "Major functionality broken, affecting many users". */
  severityDefinition: string;
  /** The severity's response target as the guide words it, e.g. "30 minutes". */
  responseTarget: string;
  /** `Investigating`, `Identified`, `Monitoring` or `Resolved`. */
  status: string;
  /** One flag per status, for sections: `{{#statusIs.monitoring}}…{{/statusIs.monitoring}}`. */
  statusIs: { investigating: boolean; identified: boolean; monitoring: boolean; resolved: boolean };
  resolved: boolean;
  /** UTC date of the declaration, `2026-11-27`. */
  date: string;
  /** When the incident was declared: `2026-11-27 03:12 UTC (+00:00)`. */
  declaredAt: string;
  /** When the problem began, when an alert said so (its `startsAt`): `2026-11-27 03:09 UTC (+00:00)`. */
  detectedAt?: string;
  /** From detection to declaration: `3 minutes`; absent without a detection time. */
  detectionToDeclaration?: string;
  /** The alert that started the incident, with the labels that say where: `KubePodCrashLooping (namespace=payments, pod=api-7f9c)`. */
  alert?: string;
  declaredBy: string;
  /** When it was resolved; absent while open. */
  resolvedAt?: string;
  /** Declared → resolved (or → now while open): `2 hours 5 minutes`. */
  duration: string;
  /** From declaration to the first piece of work, when there was any: `4 minutes`. */
  responseTime?: string;
  /**
   * The finding that explains the incident: the last one recorded before the status first became
   * Identified (that is when the cause was known), else the latest. Absent when nothing was found.
   */
  rootCause?: string;
  /** Every finding, oldest first. */
  findings: DatedText[];
  hasFindings: boolean;
  /** The reason given when the incident was resolved. */
  resolution?: string;
  /** Mitigation cells run from runbooks, oldest first. */
  mitigations: Mitigation[];
  hasMitigations: boolean;
  /** How often updates are due for this severity: `every 30 minutes`; absent when there is no cadence or it is resolved. */
  updateCadence?: string;
  /** When the next update is due, counted from `now` (the message being written is an update). */
  nextUpdate?: string;
  commander?: string;
  /** `#incident-20261127-redis-cache-failure`. */
  slackChannel: string;
  /** Declared, status and severity changes, findings, notes, cell runs (grouped), messages, resolution. */
  timeline: TimelineEntry[];
  /** True when the timeline's times carry dates (the incident crossed midnight UTC). */
  timelineHasDates: boolean;
  actionItems: ActionItem[];
  hasActionItems: boolean;
  /** Runbooks with cells run during the incident (file names). */
  runbooks: string[];
  /** When this document was generated: `2026-11-27 05:17 UTC (+00:00)`. */
  now: string;
}

export interface VariableInputs {
  now: Date;
  severities?: SeverityTable;
  /** `services` from each runbook's frontmatter, keyed by the path recorded on the cell run. */
  runbookServices?: Record<string, string[]>;
  /** Links each cell run's log from the document; without it the timeline links no logs. */
  linkRun?: RunLinker;
}

export function incidentVariables(state: IncidentState, { now, severities = DEFAULT_SEVERITIES, runbookServices = {}, linkRun }: VariableInputs): IncidentVariables {
  const sev = severities[state.severity];
  const resolved = state.status === 'resolved';
  const end = state.resolvedAt ? new Date(state.resolvedAt) : now;
  // A detection the day before the declaration puts dates on the timeline too.
  const withDate = spansDays(state.events, resolved ? undefined : now.toISOString()) || (state.detectedAt !== undefined && utcDay(state.detectedAt) !== utcDay(state.declaredAt));
  const firstAlert = state.alerts[0];
  const findings = state.notes.filter((n) => n.kind === 'finding').map((n) => ({ time: formatClock(n.ts, withDate), text: n.text }));
  const runbookPaths = [...new Set(state.cellRuns.map((r) => r.runbook))];
  const services = unique([...runbookPaths.flatMap((p) => runbookServices[p] ?? [])]);
  const servicesList = services.length ? services : state.tags;
  const mitigations = state.cellRuns
    .filter((r) => r.classification === 'mitigation')
    .map((r) => ({ time: formatClock(r.ts, withDate), text: mitigationText(r), command: firstLine(r.command) }));
  const resolvedBy = resolved ? [...state.statusHistory].reverse().find((t) => t.to === 'resolved') : undefined;
  const cadence = !resolved && sev.updateEveryMinutes ? sev.updateEveryMinutes : undefined;
  const actionItems = state.notes
    .filter((n) => n.kind === 'action')
    .map((n) => ({ text: n.text, owner: n.owner, due: n.due ? formatDue(n.due) : undefined }));

  return {
    incidentId: state.id,
    title: state.title,
    description: state.summary?.trim() || state.title,
    summary: state.summary?.trim() || undefined,
    services: servicesList.length ? servicesList.join(', ') : undefined,
    servicesList,
    severity: state.severity,
    severityName: sev.name,
    severityDefinition: sev.definition,
    responseTarget: sev.responseLabel,
    status: STATUS_LABELS[state.status],
    statusIs: {
      investigating: state.status === 'investigating',
      identified: state.status === 'identified',
      monitoring: state.status === 'monitoring',
      resolved,
    },
    resolved,
    date: state.declaredAt.slice(0, 10),
    declaredAt: formatUtc(state.declaredAt),
    declaredBy: state.declaredBy,
    detectedAt: state.detectedAt ? formatUtc(state.detectedAt) : undefined,
    detectionToDeclaration: state.detectedAt ? formatLongDuration(new Date(state.declaredAt).getTime() - new Date(state.detectedAt).getTime()) : undefined,
    alert: firstAlert ? alertText(firstAlert) : undefined,
    resolvedAt: state.resolvedAt ? formatUtc(state.resolvedAt) : undefined,
    duration: formatLongDuration(end.getTime() - new Date(state.declaredAt).getTime()),
    responseTime: state.respondedAt ? formatLongDuration(new Date(state.respondedAt).getTime() - new Date(state.declaredAt).getTime()) : undefined,
    rootCause: rootCauseOf(state),
    findings,
    hasFindings: findings.length > 0,
    resolution: resolvedBy?.reason?.trim() || undefined,
    mitigations,
    hasMitigations: mitigations.length > 0,
    updateCadence: cadence ? `every ${formatLongDuration(cadence * 60_000)}` : undefined,
    nextUpdate: cadence ? formatUtc(new Date(now.getTime() + cadence * 60_000)) : undefined,
    commander: state.commander,
    slackChannel: state.slackChannel,
    timeline: buildTimeline(state.events, withDate, linkRun),
    timelineHasDates: withDate,
    actionItems,
    hasActionItems: actionItems.length > 0,
    runbooks: runbookPaths.map((p) => basename(p)),
    now: formatUtc(now),
  };
}

function rootCauseOf(state: IncidentState): string | undefined {
  const found = state.notes.filter((n) => n.kind === 'finding');
  const identified = state.statusHistory.find((t) => t.to === 'identified');
  const before = identified ? found.filter((n) => n.ts <= identified.ts) : [];
  return (before[before.length - 1] ?? found[found.length - 1])?.text;
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 160 ? line.slice(0, 160) + '…' : line;
}

// An incident declared from an alert: the same for the CLI and the editor. `planAlertIncident` is
// pure (what to declare, the events to append after it, and why); `declareFromAlert` writes it
// through whatever holds the timeline (the store, or the editor's session and its cache).
import type { IncidentEvent, NewEvent, SeverityId } from '../incident/events';
import type { DeclareInput, LoadedIncident } from '../incident/store';
import type { Frontmatter, RunbookDocument } from '../runbook/types';
import { runbookParameters } from '../exec/params';
import { matchRunbook, type MatchedBy, type MatchResult, type RunbookCandidate, type RunbookMatch } from './match';
import { paramsFromLabels, type ParamFill } from './params';
import { NO_ALERT_SETTINGS, type AlertSettings } from './settings';
import { alertSeverity } from './severity';
import { AlertInputError, primaryAlert, type Alert, type ParsedAlerts } from './types';

/** The runbook an alert matched. */
export interface AlertRunbook {
  /** Relative to the workspace, `/` separators. */
  path: string;
  matchedBy: MatchedBy;
  frontmatter: Frontmatter | null;
  /** `runbookParameters(doc)` from src/core/exec/params.ts. */
  parameters: readonly string[];
}

/** The matched runbook with what planning needs from its parsed document. */
export function alertRunbook(match: Pick<RunbookMatch, 'runbook' | 'matchedBy'>, doc: Pick<RunbookDocument, 'cells' | 'frontmatter'>): AlertRunbook {
  return { path: match.runbook.path, matchedBy: match.matchedBy, frontmatter: doc.frontmatter ?? match.runbook.frontmatter, parameters: runbookParameters(doc) };
}

/** What a person gave besides the alert (`--title`, `--severity`…): each wins over the alert's. */
export interface AlertIncidentOverrides {
  title?: string;
  severity?: SeverityId;
  commander?: string;
  tags?: string[];
}

export interface AlertIncidentPlan {
  declare: DeclareInput;
  /** To append after the `declared` event, in order: `alert_received`, then `params_set` when any parameter was filled. */
  events: NewEvent[];
  /** Why this severity, in words (`label severity=critical → P1 (default mapping)`, or `--severity`). */
  severityReason: string;
  params: ParamFill;
  /** Things a person should know (a start time in the future was not used…). */
  notes: string[];
}

export interface PlanInput {
  alert: Alert;
  runbook?: AlertRunbook;
  settings?: AlertSettings;
  overrides?: AlertIncidentOverrides;
  now?: Date;
}

/** Throws AlertInputError for an alert that is resolved: there is nothing left to respond to. */
export function planAlertIncident({ alert, runbook, settings = NO_ALERT_SETTINGS, overrides = {}, now = new Date() }: PlanInput): AlertIncidentPlan {
  if (alert.status === 'resolved') {
    throw new AlertInputError(`${alert.alertname} is resolved${alert.endsAt ? ` (since ${alert.endsAt})` : ''}: no incident declared for an alert that is over`);
  }
  const notes: string[] = [];
  const chosen = overrides.severity
    ? { severity: overrides.severity, reason: 'given (--severity)' }
    : alertSeverity(alert, settings, runbook?.frontmatter?.severity);
  let detectedAt = alert.startsAt;
  if (detectedAt && Date.parse(detectedAt) > now.getTime()) {
    notes.push(`the alert starts at ${detectedAt}, after now (a clock off?): not used as the detected time`);
    detectedAt = undefined;
  }
  const tags = [...new Set([...(runbook?.frontmatter?.tags ?? []), ...(overrides.tags ?? [])].map((t) => t.trim().toLowerCase()).filter(Boolean))];
  const declare: DeclareInput = {
    title: overrides.title?.trim() || alert.summary,
    severity: chosen.severity,
    ...(overrides.commander ? { commander: overrides.commander } : {}),
    ...(tags.length ? { tags } : {}),
    ...(detectedAt ? { detectedAt } : {}),
  };
  const params = runbook
    ? paramsFromLabels(runbook.parameters, alert.labels, { specs: runbook.frontmatter?.params, settings })
    : { filled: {}, from: {}, missing: [] };
  const events: NewEvent[] = [alertReceivedEvent(alert, runbook)];
  if (Object.keys(params.filled).length) events.push({ type: 'params_set', data: { params: params.filled, source: 'alert' } });
  return { declare, events, severityReason: chosen.reason, params, notes };
}

/** The `alert_received` event for an alert (also for one that fires again on an open incident). */
export function alertReceivedEvent(alert: Alert, runbook?: Pick<AlertRunbook, 'path' | 'matchedBy'>): NewEvent {
  return {
    type: 'alert_received',
    data: {
      format: alert.format,
      alertname: alert.alertname,
      ...(alert.status ? { status: alert.status } : {}),
      labels: alert.labels,
      annotations: alert.annotations,
      ...(alert.startsAt ? { startsAt: alert.startsAt } : {}),
      ...(alert.fingerprint ? { fingerprint: alert.fingerprint } : {}),
      ...(alert.generatorURL ? { generatorURL: alert.generatorURL } : {}),
      ...(runbook ? { runbook: runbook.path, matchedBy: runbook.matchedBy } : {}),
    },
  };
}

export interface PreparedAlertIncident {
  /** The alert acted on: the first not resolved of those given. */
  alert: Alert;
  /** Where it is among the alerts given (0-based), and how many there were. */
  index: number;
  count: number;
  /** The runbook match (undefined `match` when none) and what was tried before it. */
  match: MatchResult;
  runbook?: AlertRunbook;
  plan: AlertIncidentPlan;
}

/**
 * Everything up to writing: picks the alert, matches its runbook among `candidates`, reads that
 * runbook's parameters (`readDocument` may throw: the runbook is kept, its parameters are not
 * filled and `plan.notes` says why) and plans the incident. Throws AlertInputError for a resolved alert.
 */
export function prepareAlertIncident(input: {
  parsed: ParsedAlerts;
  candidates: readonly RunbookCandidate[];
  readDocument: (workspaceRelativePath: string) => Pick<RunbookDocument, 'cells' | 'frontmatter'>;
  settings?: AlertSettings;
  overrides?: AlertIncidentOverrides;
  now?: Date;
}): PreparedAlertIncident {
  const alert = primaryAlert(input.parsed);
  const match = matchRunbook(alert, input.candidates);
  let runbook: AlertRunbook | undefined;
  let unreadable: string | undefined;
  if (match.match) {
    try {
      runbook = alertRunbook(match.match, input.readDocument(match.match.runbook.path));
    } catch (err) {
      unreadable = `${match.match.runbook.path} cannot be read (${err instanceof Error ? err.message : String(err)}): its parameters are not filled`;
      runbook = { path: match.match.runbook.path, matchedBy: match.match.matchedBy, frontmatter: match.match.runbook.frontmatter, parameters: [] };
    }
  }
  const plan = planAlertIncident({ alert, runbook, settings: input.settings, overrides: input.overrides, now: input.now });
  if (unreadable) plan.notes.unshift(unreadable);
  return { alert, index: input.parsed.alerts.indexOf(alert), count: input.parsed.alerts.length, match, runbook, plan };
}

/** Whatever writes timelines: `IncidentStore` with an actor bound, or the editor's session. */
export interface IncidentSink {
  declare(input: DeclareInput): LoadedIncident;
  append(id: string, event: NewEvent): IncidentEvent;
}

/** Declares the planned incident and appends its events; returns the incident as declared and the events as written. */
export function declareFromAlert(sink: IncidentSink, plan: Pick<AlertIncidentPlan, 'declare' | 'events'>): { declared: LoadedIncident; events: IncidentEvent[] } {
  const declared = sink.declare(plan.declare);
  const events = plan.events.map((e) => sink.append(declared.state.id, e));
  return { declared, events };
}

// The alert flow's port bound to src/core/alerts: the same parsing, matching and planning as
// `runbook incident declare --from-alert`, so the editor and the CLI declare the same incident.
import {
  MATCHED_BY_TEXT,
  alertRunbook,
  loadAlertSettings,
  matchRunbook,
  noMatchMessage,
  parseAlertQuery,
  parseAlertText,
  planAlertIncident,
  primaryAlert,
  runbookCandidate,
  type Alert,
  type MatchedBy,
  type RunbookCandidate,
} from '../../core/alerts';
import { parseRunbook } from '../../core/runbook/parse';
import type { AlertsPort, RunbookMatch } from './port';

/** The port's match, with what the core needs to plan from it. */
type CoreMatch = RunbookMatch & { candidate: RunbookCandidate; by: MatchedBy };

export const coreAlerts: AlertsPort<Alert> = {
  parseText: (text) => primaryAlert(parseAlertText(text)),
  parseQuery: (query) => primaryAlert(parseAlertQuery(query)),

  findRunbook(alert, files) {
    const candidates = files.map((f) => runbookCandidate(f.path, f.text));
    const { match, tried } = matchRunbook(alert, candidates);
    if (!match) return { why: noMatchMessage(alert.alertname, files.length, tried) };
    const file = files[candidates.indexOf(match.runbook)];
    const found: CoreMatch = { file, matchedBy: MATCHED_BY_TEXT[match.matchedBy], candidate: match.runbook, by: match.matchedBy };
    return { match: found, why: '' };
  },

  plan(alert, match, root) {
    const core = match as CoreMatch | undefined;
    // A runbook picked by hand: planned as if matched by name (the core's type wants a reason), recorded as picked below.
    const runbook = match
      ? alertRunbook({ runbook: core?.candidate ?? runbookCandidate(match.file.path, match.file.text), matchedBy: core?.by ?? 'alertname' }, parseRunbook(match.file.text))
      : undefined;
    const settings = loadAlertSettings(root);
    const plan = planAlertIncident({ alert, runbook, settings: settings.settings });
    // The timeline says what happened: a runbook a person picked was not matched by anything.
    const events =
      match && !core?.candidate
        ? plan.events.map((e) => (e.type === 'alert_received' ? { ...e, data: { ...e.data, matchedBy: match.matchedBy } } : e))
        : plan.events;
    return {
      input: plan.declare,
      events,
      params: plan.params.filled,
      missing: plan.params.missing,
      severityReason: plan.severityReason,
      notes: [...settings.problems, ...plan.notes],
    };
  },
};

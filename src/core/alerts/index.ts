// Alerts: pasted JSON or a link → one `Alert`; the runbook that answers it; the severity and
// runbook parameters it gives; an incident declared from it. What the CLI and the editor call.
export { AlertInputError, FORMAT_NAMES, formatInWords, isResolved, primaryAlert, type Alert, type AlertFormat, type ParsedAlerts } from './types';
export { MAX_ALERT_BYTES, alertTooLarge, parseAlertJson, parseAlertText } from './parse';
export { ALERT_URI_BASE, alertUri, parseAlertQuery, runbookUrlTemplate } from './uri';
export { MATCHED_BY_TEXT, matchRunbook, noMatchMessage, runbookReference, type MatchResult, type MatchedBy, type RunbookCandidate, type RunbookMatch } from './match';
export { listWorkspaceRunbooks, runbookCandidate } from './workspace';
export { ALERT_SETTINGS_FILE, NO_ALERT_SETTINGS, alertSettingsFromText, loadAlertSettings, type AlertSettings } from './settings';
export { DEFAULT_SEVERITY_MAP, FALLBACK_SEVERITY, alertSeverity, type SeverityChoice } from './severity';
export { paramsFromLabels, type ParamFill } from './params';
export {
  alertReceivedEvent,
  alertRunbook,
  declareFromAlert,
  planAlertIncident,
  prepareAlertIncident,
  type AlertIncidentOverrides,
  type AlertIncidentPlan,
  type AlertRunbook,
  type IncidentSink,
  type PlanInput,
  type PreparedAlertIncident,
} from './declare';

// An alert's severity label as an incident severity. The default mapping follows the labels
// kube-prometheus and most rule sets use; P0 (a whole outage) is never given by default: a team
// that wants `critical` to be P0 says so in `.runbooks/alerts.yaml`.
import { isSeverityId } from '../incident/severities';
import type { SeverityId } from '../incident/events';
import type { AlertSettings } from './settings';
import type { Alert } from './types';

/** Label values (compared in lower case) → severity. A label that already is `P0`…`P3` is taken as is. */
export const DEFAULT_SEVERITY_MAP: Readonly<Record<string, SeverityId>> = {
  critical: 'P1',
  page: 'P1',
  high: 'P1',
  // Rule sets that have both put `error` below `critical`: worth an incident, not a P1.
  error: 'P2',
  warning: 'P2',
  warn: 'P2',
  medium: 'P2',
  info: 'P3',
  low: 'P3',
  // Sloth's `page`/`ticket` pair: a ticket is looked at in working hours.
  ticket: 'P3',
  none: 'P3',
};

/** When neither the label nor the runbook says. */
export const FALLBACK_SEVERITY: SeverityId = 'P2';

export interface SeverityChoice {
  severity: SeverityId;
  /** Why, in words: `label severity=critical → P1 (default mapping)`. */
  reason: string;
}

/** The severity for an alert: its label (team mapping, then the default), else the runbook's, else P2. */
export function alertSeverity(alert: Pick<Alert, 'severity'>, settings: AlertSettings, runbookSeverity?: SeverityId): SeverityChoice {
  const label = alert.severity?.trim();
  const key = label?.toLowerCase();
  if (label && key) {
    if (Object.hasOwn(settings.severity, key)) return { severity: settings.severity[key], reason: `label severity=${label} → ${settings.severity[key]} (.runbooks/alerts.yaml)` };
    if (isSeverityId(label.toUpperCase())) return { severity: label.toUpperCase() as SeverityId, reason: `label severity=${label}` };
    if (Object.hasOwn(DEFAULT_SEVERITY_MAP, key)) return { severity: DEFAULT_SEVERITY_MAP[key], reason: `label severity=${label} → ${DEFAULT_SEVERITY_MAP[key]} (default mapping)` };
  }
  const why = label ? `label severity=${label} is not mapped (add it to .runbooks/alerts.yaml)` : 'no severity label';
  if (runbookSeverity) return { severity: runbookSeverity, reason: `${why}; the runbook says ${runbookSeverity}` };
  return { severity: FALLBACK_SEVERITY, reason: `${why}; default ${FALLBACK_SEVERITY}` };
}

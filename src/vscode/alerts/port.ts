// What the editor's alert flow needs from src/core/alerts, in one place: the flow is written
// against this, and `coreAlerts` (./core.ts) binds it to the core's functions.
import type { DeclareInput } from '../../core/incident/store';
import type { NewEvent } from '../../core/incident/events';

/** The alert as the flow uses it (the core's `Alert` has more). */
export interface ParsedAlert {
  alertname: string;
  startsAt?: string;
  labels: Record<string, string>;
}

/** A workspace runbook: its path relative to the workspace, and its text. */
export interface RunbookFile {
  path: string;
  text: string;
}

export interface RunbookMatch {
  file: RunbookFile;
  /** How it was found, in words: `runbook_url annotation`, `file named after the alert`, `alerts: in its frontmatter`… */
  matchedBy: string;
}

/** What declaring from the alert writes, and the parameters the runbook gets. */
export interface AlertPlan {
  /** Why this severity, in words. */
  severityReason: string;
  /** Things a person should know (a start time in the future was not used…). */
  notes: string[];
  input: DeclareInput;
  /** `alert_received`, `params_set`. */
  events: NewEvent[];
  params: Record<string, string>;
  /** The runbook's parameters no label filled. */
  missing: string[];
}

export interface AlertsPort<A extends ParsedAlert = ParsedAlert> {
  /** The alert to act on in a pasted text; throws with the field named when it is not an alert. */
  parseText(text: string): A;
  /** The same from a link's query (`alertname=…&namespace=…`). */
  parseQuery(query: string): A;
  /** The runbook for the alert; without one, `why` says what was tried. */
  findRunbook(alert: A, runbooks: readonly RunbookFile[]): { match?: RunbookMatch; why: string };
  /** Throws for an alert that is resolved. */
  plan(alert: A, match: RunbookMatch | undefined, root: string): AlertPlan;
}

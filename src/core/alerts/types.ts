// One shape for an alert, whichever system sent it: Alertmanager (webhook or API), Prometheus,
// Grafana (unified or legacy), or a `vscode://…/alert?…` link. Plain data, no I/O.

/** Where an alert came from, as recorded in the timeline's `alert_received.format`. */
export type AlertFormat = 'alertmanager-webhook' | 'alertmanager' | 'prometheus' | 'grafana' | 'grafana-legacy' | 'uri';

export const FORMAT_NAMES: Record<AlertFormat, string> = {
  'alertmanager-webhook': 'Alertmanager webhook payload',
  alertmanager: 'Alertmanager alert',
  prometheus: 'Prometheus alert',
  grafana: 'Grafana webhook payload',
  'grafana-legacy': 'Grafana legacy webhook',
  uri: 'alert link',
};

/** `an Alertmanager webhook payload`, `a Prometheus alert`: the format in a sentence. */
export function formatInWords(format: AlertFormat): string {
  const name = FORMAT_NAMES[format];
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

export interface Alert {
  format: AlertFormat;
  alertname: string;
  /**
   * `firing` or `resolved` in every format that says so; otherwise the source's own word in lower
   * case (Prometheus `pending`, Alertmanager API `suppressed`/`unprocessed`, Grafana `no_data`…).
   */
  status?: string;
  /** Every value is text: numbers and true/false are written as text, anything else is refused. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO UTC (milliseconds); Alertmanager's zero time (`0001-01-01…`) is left out. */
  startsAt?: string;
  endsAt?: string;
  fingerprint?: string;
  generatorURL?: string;
  /** One line for a title: the `summary` annotation, else `description`/`message`, else the name and key labels. */
  summary: string;
  /** The `severity` label as given. */
  severity?: string;
  /** The `runbook_url` annotation (or `runbook`, `runbookUrl`, `runbook_URL`; a label of those names too). */
  runbookUrl?: string;
}

/** What one pasted text held: every alert in it, in order. */
export interface ParsedAlerts {
  format: AlertFormat;
  alerts: Alert[];
}

/** Bad input: the message names the field (`alerts[0].labels.alertname: missing`). */
export class AlertInputError extends Error {
  override name = 'AlertInputError';
}

/** The alert to act on: the first one still firing (or not known to be resolved), else the first. */
export function primaryAlert(parsed: ParsedAlerts): Alert {
  return parsed.alerts.find((a) => !isResolved(a)) ?? parsed.alerts[0];
}

export function isResolved(alert: Pick<Alert, 'status'>): boolean {
  return alert.status === 'resolved';
}

// Alerts as links: `vscode://incident-runbooks.incident-runbooks/alert?…` opens VS Code on the alert,
// so an Alertmanager `runbook_url` annotation templated with the alert's labels can start the
// response from a notification. Two forms:
//   ?payload=<the alert JSON, URL-encoded>          any format parse.ts reads; `payload` comes last
//   ?alertname=KubePodCrashLooping&namespace=payments&pod=api-7f9c&runbook=runbooks/x.runbook.md
// In the second, `runbook` (a workspace path or URL), `severity`, `summary`, `description`,
// `startsAt`, `endsAt`, `status`, `fingerprint` and `generatorURL` are the alert's; `label.x=` and
// `annotation.x=` set any label or annotation; every other key is a label. An empty value is no
// label (as in Prometheus). `+` is a space, as Go's `urlquery` writes it.
//
// VS Code hands a URI handler its query already percent-decoded (microsoft/vscode#173687), so a
// query is read the same whether it was decoded once or not at all: the payload runs to the end of
// the query, and a value that does not decode is taken as it is.
import { isoTimestamp, parseAlertText, withDerived } from './parse';
import { AlertInputError, type Alert, type ParsedAlerts } from './types';

/** The extension's `publisher.name`, and the path its URI handler answers. */
export const ALERT_URI_BASE = 'vscode://incident-runbooks.incident-runbooks/alert';

/** Keys that are the alert's own fields, not labels. */
const FIELD_KEYS = ['alertname', 'runbook', 'severity', 'summary', 'description', 'startsAt', 'endsAt', 'status', 'fingerprint', 'generatorURL'] as const;
type FieldKey = (typeof FIELD_KEYS)[number];
const ANNOTATION_FIELDS: Partial<Record<FieldKey, string>> = { runbook: 'runbook_url', summary: 'summary', description: 'description' };

/** Reads a link's query (or the whole link). Throws AlertInputError naming the parameter. */
export function parseAlertQuery(queryOrUri: string): ParsedAlerts {
  const query = queryOf(queryOrUri);
  const payloadAt = /(?:^|&)payload=/.exec(query);
  if (payloadAt) return payloadQuery(query.slice(0, payloadAt.index), query.slice(payloadAt.index + payloadAt[0].length));

  const seen = new Set<string>();
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  const fields: Partial<Record<FieldKey, string>> = {};
  for (const [key, value] of pairs(query)) {
    if (!key) throw new AlertInputError(`a parameter has no name (=${value})`);
    if (seen.has(key)) throw new AlertInputError(`${key}: given twice`);
    seen.add(key);
    const prefixed = /^(label|annotation)\.(.*)$/.exec(key);
    if (prefixed) {
      if (!prefixed[2]) throw new AlertInputError(`${key}: names no ${prefixed[1]} (write ${prefixed[1]}.NAME=…)`);
      if (value) (prefixed[1] === 'label' ? labels : annotations)[prefixed[2]] = value;
    } else if ((FIELD_KEYS as readonly string[]).includes(key)) {
      if (value) fields[key as FieldKey] = value;
    } else if (value) labels[key] = value;
  }
  const alertname = (fields.alertname ?? labels.alertname ?? '').trim();
  if (!alertname) throw new AlertInputError('alertname: missing (the link needs alertname=… or payload=…)');
  labels.alertname = alertname;
  if (fields.severity) labels.severity = fields.severity;
  for (const [field, annotation] of Object.entries(ANNOTATION_FIELDS) as Array<[FieldKey, string]>) if (fields[field]) annotations[annotation] = fields[field];
  const alert = withDerived({
    format: 'uri',
    alertname,
    status: fields.status?.trim().toLowerCase(),
    labels,
    annotations,
    startsAt: timestamp('startsAt', fields.startsAt),
    endsAt: timestamp('endsAt', fields.endsAt),
    fingerprint: fields.fingerprint,
    generatorURL: fields.generatorURL,
  });
  return { format: 'uri', alerts: [alert] };
}

/** A link for an alert, in the fields form (for docs, tests and copying an alert to a colleague). */
export function alertUri(alert: Pick<Alert, 'alertname' | 'labels' | 'annotations' | 'status' | 'startsAt' | 'endsAt' | 'fingerprint' | 'generatorURL'>, base = ALERT_URI_BASE): string {
  const out: Array<[string, string]> = [['alertname', alert.alertname]];
  for (const [name, value] of Object.entries(alert.labels)) {
    if (name === 'alertname') continue;
    const own = name === 'severity' || (!(FIELD_KEYS as readonly string[]).includes(name) && !/^(label|annotation|payload)\b/.test(name));
    out.push([own ? name : `label.${name}`, value]);
  }
  const byAnnotation = Object.fromEntries(Object.entries(ANNOTATION_FIELDS).map(([field, annotation]) => [annotation, field]));
  for (const [name, value] of Object.entries(alert.annotations)) out.push([byAnnotation[name] ?? `annotation.${name}`, value]);
  for (const key of ['status', 'startsAt', 'endsAt', 'fingerprint', 'generatorURL'] as const) {
    const value = alert[key];
    if (value) out.push([key, value]);
  }
  return `${base}?${out.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}

/**
 * An Alertmanager/Prometheus `runbook_url` annotation that opens VS Code on the alert, its labels
 * filled in by the rule's template: `runbookUrlTemplate('runbooks/x.runbook.md', ['namespace', 'pod'])`.
 */
export function runbookUrlTemplate(runbookPath: string, labelNames: readonly string[], base = ALERT_URI_BASE): string {
  const labels = ['alertname', ...labelNames.filter((l) => l !== 'alertname')].map((l) => `${encodeURIComponent(l)}={{ $labels.${l} | urlquery }}`);
  return `${base}?${[...labels, `runbook=${encodeURIComponent(runbookPath).replace(/%2F/g, '/')}`].join('&')}`;
}

function payloadQuery(before: string, raw: string): ParsedAlerts {
  const others = [...pairs(before)].map(([k]) => k);
  const unexpected = others.filter((k) => k !== 'runbook');
  if (unexpected.length) throw new AlertInputError(`payload: give the alert as payload= or as fields, not both (also given: ${unexpected.join(', ')})`);
  if (!raw.trim()) throw new AlertInputError('payload: empty');
  const runbook = new Map(pairs(before)).get('runbook');
  let parsed: ParsedAlerts;
  try {
    // Already decoded (by VS Code) or not: JSON as it stands first, then decoded.
    parsed = tryParse(raw) ?? parseAlertText(decode(raw));
  } catch (err) {
    if (err instanceof AlertInputError) throw new AlertInputError(`payload: ${err.message}`);
    throw err;
  }
  if (!runbook) return parsed;
  return { ...parsed, alerts: parsed.alerts.map((a) => withDerived({ ...a, annotations: { ...a.annotations, runbook_url: runbook } })) };
}

function tryParse(raw: string): ParsedAlerts | undefined {
  if (!/^\s*[[{]/.test(raw)) return undefined;
  try {
    return parseAlertText(raw);
  } catch {
    return undefined;
  }
}

function queryOf(text: string): string {
  const t = text.trim();
  const q = t.indexOf('?');
  const query = /^[a-z][a-z0-9+.-]*:/i.test(t) ? (q < 0 ? '' : t.slice(q + 1)) : t.replace(/^\?/, '');
  // A fragment ends the query, unless the payload (whose JSON may hold `#`) has begun.
  const hash = query.indexOf('#');
  const payload = query.search(/(?:^|&)payload=/);
  return hash >= 0 && (payload < 0 || hash < payload) ? query.slice(0, hash) : query;
}

function* pairs(query: string): Generator<[string, string]> {
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    yield eq < 0 ? [decode(part).trim(), ''] : [decode(part.slice(0, eq)).trim(), decode(part.slice(eq + 1)).trim()];
  }
}

function decode(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced; // a bare `%` (`100%`): decoded already
  }
}

function timestamp(name: string, value: string | undefined): string | undefined {
  if (!value) return undefined;
  // A `+02:00` offset written unencoded arrives as a space.
  const iso = isoTimestamp(value.replace(/ (\d\d:?\d\d)$/, '+$1'));
  if (iso === null) throw new AlertInputError(`${name}: not a timestamp: '${value.slice(0, 40)}' (expected like 2024-05-01T10:22:31Z)`);
  return iso;
}

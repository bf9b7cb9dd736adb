// Pasted alert JSON, in whichever format it came: told apart by its keys, validated with zod, and
// normalised to one `Alert` shape. Every refusal names the field (`alerts[0].labels.alertname: missing`).
//
// Label and annotation values are text. Numbers and true/false are taken as their text (`3`,
// `true`: a hand-written payload or a templated value), anything else (null, a list, a map) is
// refused, naming the field: it has no one spelling a runbook parameter could use.
import { z } from 'zod';
import { AlertInputError, formatInWords, type Alert, type AlertFormat, type ParsedAlerts } from './types';

/** The most a pasted alert may be: a webhook payload of a few hundred alerts fits. */
export const MAX_ALERT_BYTES = 1024 * 1024;

/** The refusal for an input over MAX_ALERT_BYTES; without `bytes` (a stream cut short), "over 1 MB". */
export function alertTooLarge(bytes?: number): AlertInputError {
  const size = bytes === undefined ? 'over 1 MB' : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return new AlertInputError(`the alert is ${size}; at most 1 MB is read (give one alert or one webhook payload)`);
}

/** Parses pasted text (a Markdown code fence around it is fine). Throws AlertInputError. */
export function parseAlertText(text: string): ParsedAlerts {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_ALERT_BYTES) throw alertTooLarge(bytes);
  const json = unwrap(text);
  if (!json) throw new AlertInputError('no alert: the text is empty');
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new AlertInputError(`not JSON: ${jsonProblem((err as Error).message, json)}`);
  }
  return parseAlertJson(data);
}

/** The same for JSON already parsed. */
export function parseAlertJson(data: unknown): ParsedAlerts {
  const kind = detectFormat(data);
  switch (kind) {
    case 'alertmanager-webhook':
    case 'grafana': {
      const format = kind;
      return { format, alerts: validate(format, WebhookSchema, data).alerts.map((a) => toAlert(format, a)) };
    }
    case 'alertmanager':
    case 'grafana-alert': {
      // One alert of a webhook payload (or a list of them) is an alert of the same shape.
      const format = kind === 'grafana-alert' ? 'grafana' : 'alertmanager';
      const list = Array.isArray(data) ? validate(format, z.array(AlertmanagerAlert), data) : [validate(format, AlertmanagerAlert, data)];
      return { format, alerts: list.map((a) => toAlert(format, a)) };
    }
    case 'prometheus': {
      const format = kind;
      const list = Array.isArray(data)
        ? validate(format, z.array(PrometheusAlert), data)
        : isObject(data) && isObject(data.data)
          ? validate(format, PrometheusResponse, data).data.alerts
          : [validate(format, PrometheusAlert, data)];
      if (list.length === 0) throw new AlertInputError('data.alerts: no alerts (Prometheus reports none active)');
      return { format, alerts: list.map((a) => toAlert(format, { ...a, status: a.state, startsAt: a.activeAt })) };
    }
    case 'grafana-legacy':
      return { format: kind, alerts: legacyAlerts(validate(kind, GrafanaLegacy, data)) };
    default:
      throw new Error(`unhandled alert format ${kind satisfies never}`);
  }
}

// ---- Telling the formats apart ----

/** Keys only Grafana's alerts have. */
const GRAFANA_ALERT_KEYS = ['dashboardURL', 'panelURL', 'silenceURL', 'valueString', 'values'];
const isGrafanaAlert = (a: unknown) => isObject(a) && GRAFANA_ALERT_KEYS.some((k) => k in a);

function detectFormat(data: unknown): Exclude<AlertFormat, 'uri'> | 'grafana-alert' {
  if (Array.isArray(data)) {
    if (data.length === 0) throw new AlertInputError('no alerts: the list is empty');
    const first: unknown = data[0];
    if (isObject(first) && ('activeAt' in first || typeof first.state === 'string')) return 'prometheus';
    return isGrafanaAlert(first) ? 'grafana-alert' : 'alertmanager';
  }
  if (!isObject(data)) {
    throw new AlertInputError(`not an alert: expected a JSON object or a list of alerts, got ${describe(data)}`);
  }
  if ('evalMatches' in data || 'ruleName' in data || 'ruleId' in data) return 'grafana-legacy';
  if (isObject(data.data) && 'alerts' in data.data) {
    if (data.status === 'error') throw new AlertInputError(`status: the Prometheus response is an error${typeof data.error === 'string' ? ` (${data.error})` : ''}`);
    return 'prometheus';
  }
  if ('alerts' in data) {
    const alerts = Array.isArray(data.alerts) ? data.alerts : [];
    return 'orgId' in data || data.version === '1' || alerts.some(isGrafanaAlert) ? 'grafana' : 'alertmanager-webhook';
  }
  if ('labels' in data) {
    if ('activeAt' in data || typeof data.state === 'string') return 'prometheus';
    return isGrafanaAlert(data) ? 'grafana-alert' : 'alertmanager';
  }
  const keys = Object.keys(data).slice(0, 8);
  throw new AlertInputError(
    'not an alert: expected an Alertmanager webhook payload ({"alerts": […]}), an alert ({"labels": {"alertname": …}}), ' +
      `a Prometheus /api/v1/alerts response or a Grafana webhook; found ${keys.length ? `keys ${keys.map((k) => `'${k}'`).join(', ')}` : 'an empty object'}`,
  );
}

// ---- The schemas ----

const LabelValue = z.union([z.string(), z.number(), z.boolean()], { error: (iss) => `must be text, got ${describe(iss.input)}` }).transform(String);
const Labels = z.record(z.string(), LabelValue, { error: (iss) => (iss.input === undefined ? 'missing' : `expected a map of name: text, got ${describe(iss.input)}`) });
/** Labels, or nothing (`null` is how some senders write "none"). */
const OptionalLabels = Labels.nullish().transform((v) => v ?? {});
const NamedLabels = Labels.superRefine((labels, ctx) => {
  if (!labels.alertname?.trim()) ctx.addIssue({ code: 'custom', path: ['alertname'], message: labels.alertname === undefined ? 'missing' : 'empty' });
});

const ISO_TIME = /^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(:\d\d(\.\d+)?)?([Zz]|[+-]\d\d:?\d\d)$/;

/** An RFC 3339 time (any fraction of a second) as ISO UTC in milliseconds; null when it is not one. */
export function isoTimestamp(text: string): string | null {
  const t = text.trim();
  const ms = ISO_TIME.test(t) ? Date.parse(t.replace(' ', 'T')) : NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A time, as ISO UTC; Alertmanager's zero time (`0001-01-01T00:00:00Z`, "not known") as absent. */
const Timestamp = z
  .string({ error: (iss) => `not a timestamp (expected text like 2024-05-01T10:22:31Z, got ${describe(iss.input)})` })
  .transform((text, ctx) => {
    if (text.trim().startsWith('0001-01-01')) return undefined;
    const iso = isoTimestamp(text);
    if (iso === null) {
      ctx.addIssue({ code: 'custom', message: `not a timestamp: '${text.trim().slice(0, 40)}' (expected like 2024-05-01T10:22:31Z)` });
      return z.NEVER;
    }
    return iso;
  });
const OptionalText = z.string().nullish().transform((v) => v ?? undefined);

/** A webhook alert (Alertmanager or Grafana), or an Alertmanager API v2 alert (`status: {state}`). */
const AlertmanagerAlert = z.object({
  status: z.union([z.string(), z.object({ state: z.string() }).transform((s) => s.state)], {
    error: (iss) => `expected 'firing'/'resolved' or {"state": …}, got ${describe(iss.input)}`,
  }).optional(),
  labels: NamedLabels,
  annotations: OptionalLabels,
  startsAt: Timestamp.optional(),
  endsAt: Timestamp.optional(),
  generatorURL: OptionalText,
  fingerprint: OptionalText,
});

const WebhookSchema = z.object({
  alerts: z.array(AlertmanagerAlert).min(1, 'no alerts in the payload'),
});

const PrometheusAlert = z.object({
  labels: NamedLabels,
  annotations: OptionalLabels,
  state: z.string(),
  activeAt: Timestamp.optional(),
});
const PrometheusResponse = z.object({ data: z.object({ alerts: z.array(PrometheusAlert) }) });

const GrafanaLegacy = z.object({
  ruleName: z.string().trim().min(1, 'empty'),
  ruleId: z.union([z.number(), z.string()]).optional(),
  ruleUrl: OptionalText,
  state: z.string(),
  title: OptionalText,
  message: OptionalText,
  tags: OptionalLabels,
  evalMatches: z
    .array(z.object({ metric: OptionalText, tags: OptionalLabels }))
    .nullish()
    .transform((v) => v ?? []),
});

// ---- Normalising ----

interface RawAlert {
  status?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
  fingerprint?: string;
}

/** The sources' own words for firing and resolved, in one vocabulary. */
const STATUS_WORDS: Record<string, string> = { active: 'firing', alerting: 'firing', inactive: 'resolved', ok: 'resolved', normal: 'resolved' };

function toAlert(format: AlertFormat, raw: RawAlert): Alert {
  const status = raw.status?.trim().toLowerCase();
  const alertname = (raw.labels.alertname ?? '').trim();
  return withDerived({
    format,
    alertname,
    status: status ? (STATUS_WORDS[status] ?? status) : undefined,
    labels: raw.labels,
    annotations: raw.annotations,
    startsAt: raw.startsAt,
    endsAt: raw.endsAt,
    fingerprint: raw.fingerprint || undefined,
    generatorURL: raw.generatorURL || undefined,
  });
}

/** The legacy webhook is one rule; each of its eval matches is a series (a pod) that breached it. */
function legacyAlerts(raw: z.infer<typeof GrafanaLegacy>): Alert[] {
  const annotations: Record<string, string> = {};
  if (raw.message?.trim()) annotations.message = raw.message;
  if (raw.title?.trim()) annotations.title = raw.title;
  const matches = raw.evalMatches.length ? raw.evalMatches : [{ tags: {} as Record<string, string>, metric: undefined }];
  return matches.map((m) =>
    toAlert('grafana-legacy', {
      status: raw.state,
      // The rule's name is the alert's name, whatever a tag says.
      labels: { ...raw.tags, ...m.tags, alertname: raw.ruleName.trim() },
      annotations: { ...annotations },
      generatorURL: raw.ruleUrl,
      fingerprint: raw.ruleId === undefined ? undefined : `grafana-rule-${raw.ruleId}`,
    }),
  );
}

const RUNBOOK_KEYS = ['runbook_url', 'runbookUrl', 'runbookURL', 'runbook_URL', 'runbook'];
/** Labels that say where and what, in the order a title names them. */
const KEY_LABELS = ['namespace', 'service', 'deployment', 'pod', 'job', 'instance'];

/** Fills `summary`, `severity` and `runbookUrl` from the labels and annotations. */
export function withDerived(alert: Omit<Alert, 'summary' | 'severity' | 'runbookUrl'>): Alert {
  const { labels, annotations } = alert;
  const runbookUrl = [...RUNBOOK_KEYS.map((k) => annotations[k]), ...RUNBOOK_KEYS.map((k) => labels[k])].find((v) => v?.trim())?.trim();
  const told = firstLine(annotations.summary) || firstLine(annotations.description) || firstLine(annotations.message);
  const where = KEY_LABELS.map((k) => labels[k]?.trim()).filter(Boolean);
  const summary = told || (where.length ? `${alert.alertname}: ${where.join('/')}` : alert.alertname);
  const severity = labels.severity?.trim() || undefined;
  return { ...alert, summary, severity, runbookUrl };
}

const TITLE_MAX = 120;

function firstLine(text: string | undefined): string {
  const line = (text ?? '').split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? '';
  return line.length > TITLE_MAX ? `${line.slice(0, TITLE_MAX - 1).trimEnd()}…` : line;
}

// ---- Errors that name the field ----

function validate<T extends z.ZodType>(format: AlertFormat, schema: T, data: unknown): z.output<T> {
  const result = schema.safeParse(data, { error: defaultMessage });
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((i) => `${fieldPath(i.path) || '(the alert)'}: ${i.message}`);
  const more = result.error.issues.length > 5 ? `; and ${result.error.issues.length - 5} more` : '';
  throw new AlertInputError(`${issues.join('; ')}${more} (read as ${formatInWords(format)})`);
}

const EXPECTED: Record<string, string> = { string: 'text', number: 'a number', object: 'an object', array: 'a list', boolean: 'true or false' };

function defaultMessage(iss: { code?: string; input?: unknown; expected?: string }): string | undefined {
  if (iss.input === undefined) return 'missing';
  if (iss.code === 'invalid_type') return `expected ${EXPECTED[iss.expected ?? ''] ?? iss.expected}, got ${describe(iss.input)}`;
  return undefined;
}

/** `['alerts', 0, 'labels', 'alertname']` → `alerts[0].labels.alertname`. */
function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const key = String(p);
      out += /^[A-Za-z_][\w-]*$/.test(key) ? `${out ? '.' : ''}${key}` : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return value.trim() ? `'${value.length > 40 ? `${value.slice(0, 39)}…` : value}'` : 'empty text';
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    default:
      return typeof value;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON inside pasted text: a byte order mark, surrounding blank space and a Markdown code fence go. */
function unwrap(text: string): string {
  const t = text.replace(/^\uFEFF/, '').trim();
  const fenced = /^(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n?\1\s*$/.exec(t);
  return (fenced ? fenced[2] : t).trim();
}

/**
 * JSON.parse's reason, with where: a line and column. Node 20 names a position for some errors and
 * quotes a snippet for others, so the position is found by reading the text again.
 */
function jsonProblem(message: string, json: string): string {
  const reason = message
    .replace(/\s*(?:in JSON )?at position \d+(?: \(line \d+ column \d+\))?/, '')
    .replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON$/, '');
  const offset = jsonErrorOffset(json);
  if (offset < 0) return reason;
  if (offset >= json.length) return `the text ends before the JSON does (line ${json.split('\n').length})`;
  const before = json.slice(0, offset).split('\n');
  return `${reason} at line ${before.length} column ${before[before.length - 1].length + 1}`;
}

const JSON_LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** Where JSON text first goes wrong (its length when it ends too soon); -1 when it cannot tell. */
function jsonErrorOffset(s: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  const string = () => {
    i++;
    while (i < s.length) {
      const c = s[i];
      if (c === '"') return void i++;
      if (c < ' ') fail();
      i += c === '\\' ? 2 : 1;
    }
    fail();
  };
  const value = (): void => {
    space();
    const open = s[i];
    if (open === '{' || open === '[') {
      const close = open === '{' ? '}' : ']';
      i++;
      space();
      if (s[i] === close) return void i++;
      for (;;) {
        if (open === '{') {
          space();
          if (s[i] !== '"') fail();
          string();
          space();
          if (s[i] !== ':') fail();
          i++;
        }
        value();
        space();
        if (s[i] === ',') i++;
        else if (s[i] === close) return void i++;
        else fail();
      }
    }
    if (open === '"') return string();
    JSON_LITERAL.lastIndex = i;
    const m = JSON_LITERAL.exec(s);
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  try {
    value();
    space();
    return i < s.length ? i : -1;
  } catch (at) {
    return typeof at === 'number' ? at : -1; // a RangeError: nested too deep to follow
  }
}

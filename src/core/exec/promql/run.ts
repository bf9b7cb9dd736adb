// PromQL cells: a query to the Prometheus HTTP API at $PROMETHEUS_URL (or the variable the `db`
// attribute names). A range query over the incident window by default, an instant one with
// `instant=true`. Prometheus's own errors are shown as it states them; connecting is bounded by
// its own, shorter timeout, so a Prometheus that is down says so quickly.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { OutputCollector } from '../collector';
import { substituteVariables } from '../http/syntax';
import { formatMs } from '../../units';
import type { ExecRequest, ExecResult } from '../types';
import { formatPromql } from './format';
import type { PromqlData, PromqlSeries } from './result';
import { formatDuration, readPromqlCell } from './syntax';
import { MAX_POINTS, chooseStep, pointCount, resolveWindow } from './window';

export const DEFAULT_PROMETHEUS_VARIABLE = 'PROMETHEUS_URL';
/** Connecting to Prometheus (not answering: a heavy query may take longer) must not take longer. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** Answers larger than this are refused before they fill the editor's memory. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export async function runPromql(req: ExecRequest): Promise<ExecResult> {
  const started = performance.now();
  const out = new OutputCollector(req);
  const done = (status: ExecResult['status'], error?: string, data?: PromqlData): ExecResult => {
    const { text, omittedBytes } = out.finish();
    return { status, durationMs: performance.now() - started, text, omittedBytes, error: error && req.masker.mask(error), data };
  };

  let cell, base: URL, query: string;
  const variable = typeof req.attributes.db === 'string' ? req.attributes.db : DEFAULT_PROMETHEUS_VARIABLE;
  try {
    cell = readPromqlCell(req.code, req.attributes);
    query = substituteVariables(cell.query, req.env);
    base = prometheusUrl(req.env[variable], variable);
  } catch (err) {
    return done('failed', (err as Error).message);
  }

  const nowMs = Date.now();
  const incidentStartMs = req.incidentStart ? Date.parse(req.incidentStart) : undefined;
  const window = resolveWindow({ nowMs, rangeMs: cell.rangeMs, incidentStartMs });
  const form = new URLSearchParams({ query, timeout: String(req.timeoutMs / 1000) });
  let endpoint: string;
  let step: { stepMs: number; widenedFrom?: number } | undefined;
  if (cell.instant) {
    endpoint = 'api/v1/query';
    form.set('time', String(window.endMs / 1000));
  } else {
    endpoint = 'api/v1/query_range';
    step = chooseStep(window.endMs - window.startMs, cell.stepMs);
    form.set('start', String(window.startMs / 1000));
    form.set('end', String(window.endMs / 1000));
    form.set('step', String(step.stepMs / 1000));
  }

  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = AbortSignal.any([req.signal, timeout]);
  const url = new URL(endpoint, base);
  let answer: { status: number; body: string };
  try {
    answer = await post(url, form.toString(), signal);
  } catch (err) {
    if (req.signal.aborted) return done('cancelled', 'cancelled');
    if (timeout.aborted) return done('timeout', `Prometheus did not answer within ${formatMs(req.timeoutMs)} (the cell's timeout)`);
    return done('failed', `${describeError(err, base, variable)}`);
  }

  let json: PrometheusAnswer;
  try {
    json = JSON.parse(answer.body) as PrometheusAnswer;
  } catch {
    return done('failed', `HTTP ${answer.status} from ${url.origin}${url.pathname} is not a Prometheus API answer: is $${variable} the server's base URL (e.g. http://prometheus:9090)? It began: ${answer.body.slice(0, 120).trim()}`);
  }
  if (json.status !== 'success' || !json.data) {
    // As Prometheus states it: "bad_data: 1:6: parse error: …", "timeout: query timed out in …".
    const stated = `Prometheus: ${json.errorType ?? `HTTP ${answer.status}`}: ${json.error ?? 'no error message'}`;
    return done(json.errorType === 'timeout' ? 'timeout' : 'failed', stated);
  }

  const data: PromqlData = {
    kind: 'promql',
    query,
    resultType: json.data.resultType,
    series: toSeries(json.data, req.masker.mask.bind(req.masker)),
    window: cell.instant
      ? { start: window.endMs / 1000, end: window.endMs / 1000 }
      : { start: window.startMs / 1000, end: window.endMs / 1000, step: step!.stepMs / 1000 },
  };
  if (!cell.instant && incidentStartMs !== undefined && Number.isFinite(incidentStartMs)) data.incidentStart = incidentStartMs / 1000;
  if (json.warnings?.length) data.warnings = json.warnings;
  if (step?.widenedFrom !== undefined) {
    data.stepNote = `step widened from ${formatDuration(step.widenedFrom)} to ${formatDuration(step.stepMs)}: ${pointCount(window.endMs - window.startMs, step.widenedFrom)} points per series would exceed Prometheus's limit of ${MAX_POINTS}`;
  }
  if (json.data.resultType === 'string') out.writeBlock(`string ${JSON.stringify(json.data.result[1])}\n`);
  else out.writeBlock(formatPromql(data));
  return done('ok', undefined, data);
}

interface PrometheusAnswer {
  status: 'success' | 'error';
  data?: { resultType: PromqlData['resultType']; result: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  errorType?: string;
  error?: string;
  warnings?: string[];
}

function prometheusUrl(value: string | undefined, variable: string): URL {
  if (!value) {
    throw new Error(`$${variable} is not set: set it to the Prometheus server's base URL, e.g. ${variable}=http://prometheus:9090 in the workspace .env${variable === DEFAULT_PROMETHEUS_VARIABLE ? ' (or name another variable with the cell attribute db=VAR)' : ''}`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`$${variable} is not a URL: expected the Prometheus server's base URL, e.g. http://prometheus:9090`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`$${variable}: only http and https URLs are queried, not ${url.protocol}`);
  // A base with a path (behind a proxy: http://host/prometheus) keeps it: the API is resolved under it.
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}

const number = (v: unknown): number | null => {
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

function toSeries(data: NonNullable<PrometheusAnswer['data']>, mask: (s: string) => string): PromqlSeries[] {
  // Labels are masked (a secret in a label value is rare, but a label is what a person reads); values are numbers.
  const labels = (metric: Record<string, string> | undefined) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(metric ?? {})) out[k] = mask(String(v));
    return out;
  };
  switch (data.resultType) {
    case 'matrix':
      return (data.result as Array<{ metric: Record<string, string>; values?: Array<[number, string]> }>).map((r) => ({
        labels: labels(r.metric),
        values: (r.values ?? []).map(([t, v]) => [t, number(v)] as [number, number | null]),
      }));
    case 'vector':
      return (data.result as Array<{ metric: Record<string, string>; value?: [number, string] }>).map((r) => ({
        labels: labels(r.metric),
        values: r.value ? [[r.value[0], number(r.value[1])]] : [],
      }));
    case 'scalar':
      return [{ labels: {}, values: [[data.result[0], number(data.result[1])]] }];
    default:
      return [];
  }
}

class ConnectTimeout extends Error {}

/** POSTs the form and reads the whole answer; the connect phase has its own deadline. */
function post(url: URL, body: string, signal: AbortSignal): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // A fresh connection each time (no keep-alive): a CLI run must not be held open by an idle socket.
    const req = send(url, {
      method: 'POST',
      agent: false,
      signal,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), accept: 'application/json' },
    });
    const connectTimer = setTimeout(() => req.destroy(new ConnectTimeout()), CONNECT_TIMEOUT_MS);
    req.once('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connectTimer);
      else socket.once('connect', () => clearTimeout(connectTimer));
    });
    req.once('error', (err) => {
      clearTimeout(connectTimer);
      reject(err);
    });
    req.once('response', (res: IncomingMessage) => {
      clearTimeout(connectTimer);
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_ANSWER_BYTES) {
          res.destroy(new Error(`Prometheus's answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB: narrow the query (fewer series) or widen the step`));
          return;
        }
        chunks.push(c);
      });
      res.once('error', reject);
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.end(body);
  });
}

function describeError(err: unknown, base: URL, variable: string): string {
  const where = `Prometheus at ${base.origin}${base.pathname === '/' ? '' : base.pathname} ($${variable})`;
  if (err instanceof ConnectTimeout) return `could not connect to ${where} within ${formatMs(CONNECT_TIMEOUT_MS)}: is the host reachable from here?`;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return `could not connect to ${where}: connection refused — is Prometheus running, and is $${variable} right?`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `could not connect to ${where}: no route to the host (${code})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `could not resolve the host of ${where} (${code})`;
  if (code === 'ECONNRESET') return `${where} closed the connection before answering`;
  return `${where}: ${(err as Error).message ?? String(err)}`;
}

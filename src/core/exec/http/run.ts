// HTTP cells: REST Client requests sent with fetch. Shows the status, latency, a few telling
// headers and the body (JSON pretty-printed). Redirects are followed only within the same origin.
import { OutputCollector } from '../collector';
import { parseHttpRequests, substituteVariables, type HttpRequestSpec } from './syntax';
import { formatMs } from '../../units';
import type { ExecData, ExecRequest, ExecResult } from '../types';

const SHOWN_HEADERS = ['content-type', 'content-length', 'location', 'retry-after', 'www-authenticate', 'x-request-id', 'cache-control', 'server'];
const MAX_REDIRECTS = 5;

export async function runHttp(req: ExecRequest): Promise<ExecResult> {
  const started = performance.now();
  const out = new OutputCollector(req);
  let data: ExecData | undefined;
  const done = (status: ExecResult['status'], error?: string): ExecResult => {
    const { text, omittedBytes } = out.finish();
    return { status, durationMs: performance.now() - started, text, omittedBytes, error: error && req.masker.mask(error), data };
  };
  let specs: HttpRequestSpec[];
  try {
    specs = parseHttpRequests(req.code).map((s) => ({
      ...s,
      url: substituteVariables(s.url, req.env),
      headers: s.headers.map(([k, v]) => [k, substituteVariables(v, req.env)] as [string, string]),
      body: s.body === undefined ? undefined : substituteVariables(s.body, req.env),
    }));
  } catch (err) {
    return done('failed', (err as Error).message);
  }
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = AbortSignal.any([req.signal, timeout]);
  let failed = false;
  for (const spec of specs) {
    try {
      const r = await send(spec, signal);
      data = r.data;
      out.writeBlock(r.head);
      const reader = r.response.body?.getReader();
      const decoder = new TextDecoder();
      const isJson = /json/i.test(r.response.headers.get('content-type') ?? '');
      let jsonText = '';
      if (reader) {
        for (;;) {
          const { value, done: end } = await reader.read();
          if (end) break;
          const chunk = decoder.decode(value, { stream: true });
          // JSON is pretty-printed once whole, as long as it stays small enough to hold.
          if (isJson && jsonText.length < req.maxOutputBytes) jsonText += chunk;
          else {
            if (jsonText) {
              out.write(jsonText);
              jsonText = '';
            }
            out.write(chunk);
          }
        }
        const tail = decoder.decode();
        if (isJson && jsonText) {
          jsonText += tail;
          try {
            // Masked before stringifying: JSON escapes `"` and `\`, so a secret holding them would
            // no longer match once printed. The output's own mask pass still runs after.
            const json = req.masker.maskDeep(JSON.parse(jsonText));
            if (data?.kind === 'http') data.json = json;
            out.writeBlock(JSON.stringify(json, null, 2) + '\n');
          } catch {
            out.write(jsonText + '\n');
          }
        } else if (tail) out.write(tail);
      }
      if (r.response.status >= 400 || r.redirectRefused) failed = true;
    } catch (err) {
      if (timeout.aborted) return done('timeout', `timed out after ${formatMs(req.timeoutMs)}`);
      if (req.signal.aborted) return done('cancelled', 'cancelled');
      return done('failed', `${spec.method} ${spec.url}: ${describeFetchError(err)}`);
    }
    if (failed) break;
  }
  return failed ? done('failed', data?.kind === 'http' ? `HTTP ${data.status} ${data.statusText}`.trim() : 'failed') : done('ok');
}

async function send(spec: HttpRequestSpec, signal: AbortSignal) {
  let url = new URL(spec.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`only http and https URLs run, not ${url.protocol}`);
  let method = spec.method;
  let body = spec.body;
  const t0 = performance.now();
  let note = '';
  let redirectRefused = false;
  let response: Response;
  for (let hop = 0; ; hop++) {
    response = await fetch(url, { method, headers: spec.headers, body: method === 'GET' || method === 'HEAD' ? undefined : body, redirect: 'manual', signal });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) break;
    const next = new URL(location, url);
    if (next.origin !== url.origin) {
      note = `redirect to another origin not followed: ${next.href}\n`;
      redirectRefused = true;
      break;
    }
    if (hop >= MAX_REDIRECTS) {
      note = `stopped after ${MAX_REDIRECTS} redirects\n`;
      break;
    }
    await response.body?.cancel();
    note += `→ followed ${response.status} to ${next.pathname}${next.search}\n`;
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
    url = next;
  }
  const latencyMs = performance.now() - t0;
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => (headers[k] = v));
  const shown = SHOWN_HEADERS.filter((h) => h in headers).map((h) => `${h}: ${headers[h]}\n`).join('');
  const head = `HTTP ${response.status} ${response.statusText}  (${Math.round(latencyMs)} ms)\n${note}${shown}\n`;
  const data: ExecData = { kind: 'http', status: response.status, statusText: response.statusText, latencyMs, headers };
  return { response, head, data, redirectRefused };
}

function describeFetchError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string; hostname?: string } }).cause;
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return `could not resolve host ${cause.hostname ?? ''} (${cause.code})`.replace('  ', ' ');
  if (cause?.code === 'ECONNREFUSED') return `connection refused (${cause.message ?? ''})`;
  if (cause?.message) return `${(err as Error).message}: ${cause.message}`;
  return (err as Error).message ?? String(err);
}

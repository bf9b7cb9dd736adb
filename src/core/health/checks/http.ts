// `http`: fetch a URL, compare the status, and hold conditions on its JSON body.
import type { HttpCheck } from '../config';
import { evaluateCondition, parseCondition, pathText, valueAt, type ConditionCheck } from '../condition';
import { describeError, down, notConfigured, type CheckContext } from '../outcome';
import type { CheckOutcome } from '../types';
import { resolveVariables } from '../variables';

/** Bodies larger than this are cut in the details (the check still reads what conditions need). */
const MAX_BODY_IN_DETAILS = 64 * 1024;

export async function checkHttp(check: HttpCheck, { env, signal }: CheckContext): Promise<CheckOutcome> {
  const url = resolveVariables(check.url, env);
  const headers: Record<string, string> = {};
  const missing = [...url.missing];
  for (const [name, value] of Object.entries(check.headers)) {
    const resolved = resolveVariables(value, env);
    missing.push(...resolved.missing.filter((m) => !missing.includes(m)));
    headers[name] = resolved.value;
  }
  if (missing.length) return notConfigured(missing);

  let response: Response;
  try {
    response = await fetch(url.value, { method: check.method, headers, signal, redirect: 'follow' });
  } catch (err) {
    if (signal.aborted) throw err;
    const reason = describeError(err);
    return down(reason, reason, { url: url.value });
  }
  const text = await response.text();
  const statusLine = `${response.status}${response.statusText ? ' ' + response.statusText : ''}`;
  let body: unknown;
  let isJson = false;
  try {
    body = JSON.parse(text);
    isJson = true;
  } catch {
    body = undefined;
  }
  const details: Record<string, unknown> = {
    url: url.value,
    status: response.status,
    expectStatus: check.expectStatus,
    contentType: response.headers.get('content-type') ?? undefined,
    body: isJson && text.length <= MAX_BODY_IN_DETAILS ? body : text.slice(0, MAX_BODY_IN_DETAILS),
  };

  if (response.status >= 500 || response.status !== check.expectStatus) {
    const want = response.status === check.expectStatus ? '' : ` (expected ${check.expectStatus})`;
    const error = `HTTP ${statusLine}${want}`;
    return { status: 'down', summary: `${statusLine}${want}`, details: { ...details, error }, error };
  }

  const conditions = check.conditions.map((c) => parseCondition(c));
  if (conditions.length && !isJson) {
    const error = 'the body is not JSON, so its conditions cannot be checked';
    return { status: 'degraded', summary: `${response.status} · body is not JSON`, details: { ...details, error }, error };
  }
  const results: ConditionCheck[] = conditions.map((c) => evaluateCondition(c, body));
  details.conditions = results;
  const figures = conditions.map((c, i) => {
    const r = results[i];
    const shown = `${pathText(c.path)}=${r.actual === undefined ? 'missing' : typeof r.actual === 'string' ? r.actual : formatValue(r.actual)}`;
    return r.passed ? shown : `${shown} (want ${c.operator} ${formatValue(c.value)})`;
  });
  // Without conditions, a top-level "status" field is still the figure that matters.
  const status = valueAt(body, ['status']);
  if (!conditions.length && (typeof status === 'string' || typeof status === 'number')) figures.push(`status=${status}`);
  const failed = results.filter((r) => !r.passed);
  const summary = [String(response.status), ...figures].join(' · ');
  if (failed.length) {
    const error = failed.map((r) => `${r.condition} failed${r.message ? `: ${r.message}` : ''}`).join('; ');
    return { status: 'degraded', summary, details: { ...details, error }, error };
  }
  return { status: 'ok', summary, details };
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' ? JSON.stringify(value).slice(0, 40) : String(value);
}

// Small helpers every check kind uses to build its outcome.
import type { Masker } from '../secrets/mask';
import type { CheckOutcome } from './types';

export interface CheckContext {
  env: Record<string, string | undefined>;
  /** Aborted when the check's timeout passes (or the round is cancelled): release sockets and processes. */
  signal: AbortSignal;
  /** Hides secrets in what a check streams (command output); the runner masks the whole result too. */
  masker: Masker;
}

export function notConfigured(missing: string[]): CheckOutcome {
  return {
    status: 'unknown',
    summary: `not configured: set ${missing.join(', ')}`,
    details: { notConfigured: true, missingVariables: missing },
  };
}

export function down(summary: string, error: string, details: Record<string, unknown> = {}): CheckOutcome {
  return { status: 'down', summary, details: { ...details, error }, error };
}

/** ok, or degraded when a threshold was crossed: `figures` make the summary, `problems` the error. */
export function judged(figures: string[], problems: string[], details: Record<string, unknown>): CheckOutcome {
  const summary = figures.join(' · ');
  if (problems.length === 0) return { status: 'ok', summary, details };
  const error = problems.join('; ');
  return { status: 'degraded', summary, details: { ...details, error }, error };
}

/** A readable reason for a network error: "connection refused (ECONNREFUSED)" rather than "fetch failed". */
export function describeError(err: unknown): string {
  const e = err as { message?: string; code?: string; cause?: unknown; name?: string };
  const cause = e?.cause as { code?: string; message?: string } | undefined;
  const code = e?.code ?? cause?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EHOSTUNREACH: 'host unreachable',
    ETIMEDOUT: 'connection timed out',
    EAI_AGAIN: 'DNS lookup failed',
  };
  if (code && known[code]) return `${known[code]} (${code})`;
  const message = cause?.message && e?.message === 'fetch failed' ? cause.message : e?.message ?? String(err);
  return code ? `${message} (${code})` : message;
}


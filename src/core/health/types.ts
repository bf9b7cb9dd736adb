// What a health check reports. Plain data: the CLI prints it, the tree draws it, the timeline
// records its transitions.

export type HealthStatus = 'ok' | 'degraded' | 'down' | 'unknown';

export interface HealthResult {
  id: string;
  name: string;
  kind: string;
  status: HealthStatus;
  /** Wall time of the check; 0 when it did not run (not configured). */
  latencyMs: number;
  /** One line with the one or two figures that matter, e.g. "12/100 connections · longest query 3.1 s". */
  summary: string;
  /** The full measurement, masked: what "show the last result" displays. */
  details: Record<string, unknown>;
  error?: string;
  /** ISO timestamp. */
  checkedAt: string;
}

/** What a check kind returns before the runner adds id, name, latency and time. */
export interface CheckOutcome {
  status: HealthStatus;
  summary: string;
  details: Record<string, unknown>;
  error?: string;
}

/** A status change of one check between two rounds. */
export interface HealthTransition {
  id: string;
  name: string;
  kind: string;
  from: HealthStatus;
  to: HealthStatus;
  result: HealthResult;
}

/** Variables checks can use: the lead merges .env, process env and secrets into one of these. */
export type HealthEnv = Record<string, string | undefined>;

// Which stretch of time a PromQL cell asks about, and at what step. During an incident: from 30
// minutes before it began (detected, when an alert said so, else declared) until now, so the chart
// shows what "normal" looked like just before; otherwise the last hour; `range=` overrides both.
import { problemStartedAt } from '../../incident/values';

/** Prometheus refuses range queries with more than 11,000 points per series. */
export const MAX_POINTS = 11_000;
/** Points a default step aims for: enough for a chart as wide as a notebook, few enough to stay light. */
const TARGET_POINTS = 300;
export const LEAD_IN_MS = 30 * 60_000;
export const DEFAULT_RANGE_MS = 60 * 60_000;
const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export interface QueryWindow {
  /** Milliseconds since the epoch. */
  startMs: number;
  endMs: number;
}

/** When an incident began, for the window: its detection time when known, else its declaration. */
export function incidentStartOf(incident: { declaredAt: string; detectedAt?: string }): string {
  return problemStartedAt(incident);
}

export function resolveWindow(opts: { nowMs: number; rangeMs?: number; incidentStartMs?: number }): QueryWindow {
  const end = opts.nowMs;
  if (opts.rangeMs !== undefined) return { startMs: end - opts.rangeMs, endMs: end };
  if (opts.incidentStartMs !== undefined && Number.isFinite(opts.incidentStartMs) && opts.incidentStartMs <= end) {
    return { startMs: opts.incidentStartMs - LEAD_IN_MS, endMs: end };
  }
  return { startMs: end - DEFAULT_RANGE_MS, endMs: end };
}

/** Points a range query returns per series (both ends included). */
export function pointCount(rangeMs: number, stepMs: number): number {
  return Math.floor(rangeMs / stepMs) + 1;
}

/**
 * The step for a range: the asked one, widened (to whole seconds) if it would exceed the point
 * limit; or, unasked, a round step giving about 300 points.
 */
export function chooseStep(rangeMs: number, requestedMs?: number): { stepMs: number; widenedFrom?: number } {
  // The smallest whole-second step keeping floor(range/step) + 1 ≤ MAX_POINTS, i.e. step > range/MAX_POINTS.
  const minStep = Math.max(1000, (Math.floor(rangeMs / MAX_POINTS / 1000) + 1) * 1000);
  if (requestedMs !== undefined) {
    if (pointCount(rangeMs, requestedMs) <= MAX_POINTS) return { stepMs: requestedMs };
    return { stepMs: minStep, widenedFrom: requestedMs };
  }
  const ideal = rangeMs / TARGET_POINTS / 1000;
  const nice = NICE_STEPS_S.find((s) => s >= ideal) ?? Math.ceil(ideal);
  return { stepMs: Math.max(minStep, nice * 1000) };
}

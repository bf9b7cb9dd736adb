// A check that keeps failing is polled less often: the wait doubles with each failure in a row,
// up to a cap, and drops back to the normal interval as soon as it passes.

export interface BackoffPolicy {
  /** The normal polling interval. */
  intervalMs: number;
  /** The longest wait between two tries of a failing check. */
  maxMs: number;
}

/** Milliseconds to wait before the next try after `failures` failures in a row (0 = healthy). */
export function backoffDelay(failures: number, policy: BackoffPolicy): number {
  if (failures <= 1) return policy.intervalMs;
  const cap = Math.max(policy.intervalMs, policy.maxMs);
  // 2 ** 30 is already far above any cap; avoids Infinity for long outages.
  return Math.min(policy.intervalMs * 2 ** Math.min(failures - 1, 30), cap);
}

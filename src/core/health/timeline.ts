// Puts health transitions on the incident timeline: while an incident is open, every status
// change (ok → down, down → ok, …) becomes a `health_changed` event.
import { IncidentStore } from '../incident/store';
import type { HealthTransition } from './types';

export const HEALTH_ACTOR = 'health-monitor';

export interface RecordHealthOptions {
  /** Default: the most recent open incident. */
  incident?: string;
  actor?: string;
  now?: Date;
}

/**
 * Appends one `health_changed` event per transition to the open incident. Returns the incident id,
 * or undefined when no incident is open (transitions outside an incident are not recorded).
 * Results arrive masked from the runner, so the summary is safe to write.
 */
export function recordHealthTransitions(
  store: IncidentStore,
  transitions: HealthTransition[],
  options: RecordHealthOptions = {},
): string | undefined {
  if (!transitions.length) return undefined;
  const id = options.incident ?? store.mostRecentOpen()?.state.id;
  if (!id) return undefined;
  for (const t of transitions) {
    store.append(
      id,
      {
        type: 'health_changed',
        data: {
          check: t.name,
          status: t.to,
          detail: `${t.from} → ${t.to}: ${t.result.error ?? t.result.summary}`.slice(0, 500),
          latencyMs: t.result.latencyMs,
        },
      },
      options.actor ?? HEALTH_ACTOR,
      options.now,
    );
  }
  return id;
}

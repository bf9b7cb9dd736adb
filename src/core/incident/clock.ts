// The severity clock: is the response target met, when is the next status update due, how long
// has this been going on. Pure: every function takes `now`, so tests use a fake clock.
import type { IncidentState } from './state';
import type { ResponseTarget, SeverityTable } from './severities';

export interface IncidentClock {
  elapsedMs: number;
  /** When someone must have started working on it (for the current severity). */
  responseDueAt: Date;
  /** True once work started (see `IncidentState.respondedAt`). */
  responded: boolean;
  /** Not responded and past the target. */
  responseOverdue: boolean;
  /** Absent when resolved or the severity has no update cadence. */
  nextUpdateDueAt?: Date;
  updateOverdue: boolean;
  /** Either is overdue: the status bar turns to a warning colour. */
  overdue: boolean;
}

const MINUTE = 60_000;

export function responseDueAt(declaredAt: Date, target: ResponseTarget): Date {
  if ('minutes' in target) return new Date(declaredAt.getTime() + target.minutes * MINUTE);
  return endOfBusinessDaysAfter(declaredAt, target.businessDays);
}

/** The end (23:59:59.999 UTC) of the `n`th Monday–Friday after `from`'s day. */
export function endOfBusinessDaysAfter(from: Date, n: number): Date {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return new Date(d.getTime() + 24 * 60 * MINUTE - 1);
}

export function incidentClock(
  state: Pick<IncidentState, 'severity' | 'status' | 'declaredAt' | 'resolvedAt' | 'respondedAt' | 'lastUpdateAt'>,
  severities: SeverityTable,
  now: Date,
): IncidentClock {
  const declared = new Date(state.declaredAt);
  const end = state.resolvedAt ? new Date(state.resolvedAt) : now;
  const sev = severities[state.severity];
  const dueAt = responseDueAt(declared, sev.responseTarget);
  const responded = state.respondedAt !== undefined || state.status === 'resolved';
  const responseOverdue = !responded && now.getTime() > dueAt.getTime();

  let nextUpdateDueAt: Date | undefined;
  if (state.status !== 'resolved' && sev.updateEveryMinutes) {
    const base = new Date(state.lastUpdateAt ?? state.declaredAt);
    nextUpdateDueAt = new Date(base.getTime() + sev.updateEveryMinutes * MINUTE);
  }
  const updateOverdue = nextUpdateDueAt !== undefined && now.getTime() > nextUpdateDueAt.getTime();
  return {
    elapsedMs: Math.max(0, end.getTime() - declared.getTime()),
    responseDueAt: dueAt,
    responded,
    responseOverdue,
    nextUpdateDueAt,
    updateOverdue,
    overdue: responseOverdue || updateOverdue,
  };
}

/** `12m`, `1h 05m`, `2d 3h`: short enough for the status bar. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** `in 12m`, `5m overdue`. */
export function formatDue(due: Date, now: Date): string {
  const diff = due.getTime() - now.getTime();
  return diff >= 0 ? `in ${formatDuration(diff)}` : `${formatDuration(-diff)} overdue`;
}

// How times and durations read in generated documents: always UTC, with the offset written out,
// so a message pasted into another time zone cannot be misread.

const MINUTE = 60_000;

/** `2026-11-27T03:12:40Z` → `2026-11-27 03:12 UTC (+00:00)`. */
export function formatUtc(iso: string | Date): string {
  return `${dateTime(iso)} UTC (+00:00)`;
}

/** `03:12`, or `2026-11-27 03:12` when `withDate` (a timeline that crosses midnight). */
export function formatClock(iso: string | Date, withDate: boolean): string {
  const full = dateTime(iso);
  return withDate ? full : full.slice(11);
}

/** `2 hours 5 minutes`, `1 day 3 hours`, `45 minutes`, `less than a minute`. */
export function formatLongDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / MINUTE);
  if (minutes === 0) return 'less than a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(plural(days, 'day'));
  if (hours) parts.push(plural(hours, 'hour'));
  if (mins) parts.push(plural(mins, 'minute'));
  return parts.join(' ');
}

/** A due date as written: a calendar date stays as it is, a timestamp is shown in UTC. */
export function formatDue(due: string): string {
  return /^\d{4}-\d\d-\d\d$/.test(due) ? due : formatUtc(due);
}

export function utcDay(iso: string | Date): string {
  return new Date(iso).toISOString().slice(0, 10);
}

function dateTime(iso: string | Date): string {
  const s = new Date(iso).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

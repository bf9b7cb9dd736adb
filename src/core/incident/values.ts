// What an incident knows besides its events: when the problem was detected and by which alert,
// the runbook parameters set for it and the values its cells captured. The Incident view shows
// them, the notebook controller uses them (through src/core/exec/incidentValues.ts).
import type { IncidentState, IncidentValue } from './state';
import { MASK, looksSecret } from '../secrets/mask';

export interface ValueRow {
  kind: 'param' | 'variable';
  name: string;
  /** The value as a person may see it: `••••` when it looks secret or was masked on the timeline. */
  shown: string;
  /** `from the alert`, `set by a person`, `from --param`, `captured by cell 3 of x.runbook.md`. */
  source: string;
  ts: string;
  actor: string;
  hidden: boolean;
}

/**
 * Whether a remembered value can be given to a cell: not one the timeline keeps masked (a captured
 * secret, or a parameter whose text held a secret and was masked when written). `••••` is no value.
 */
export function usableValue(v: Pick<IncidentValue, 'masked' | 'value'>): boolean {
  return v.masked !== true && !v.value.includes(MASK);
}

const PARAM_SOURCES: Record<string, string> = { alert: 'from the alert', user: 'set by a person', cli: 'from runbook run --param' };

/** The Variables section: parameters first, then captured values, each sorted by name. */
export function valueRows(state: Pick<IncidentState, 'params' | 'variables'>): ValueRow[] {
  const row = (kind: ValueRow['kind'], name: string, v: IncidentValue): ValueRow => {
    // A captured value masked on the timeline is already `••••`; a name like API_TOKEN hides its value here too.
    const hidden = !usableValue(v) || looksSecret(name);
    return {
      kind,
      name,
      shown: hidden ? MASK : v.value,
      source: kind === 'param' ? (PARAM_SOURCES[v.source] ?? `from ${v.source}`) : 'captured by a cell',
      ts: v.ts,
      actor: v.actor,
      hidden,
    };
  };
  const byName = (a: [string, IncidentValue], b: [string, IncidentValue]) => a[0].localeCompare(b[0]);
  return [
    ...Object.entries(state.params).sort(byName).map(([n, v]) => row('param', n, v)),
    ...Object.entries(state.variables).sort(byName).map(([n, v]) => row('variable', n, v)),
  ];
}

/**
 * "Detected 12:03 (alert KubePodCrashLooping), declared 12:05", as the Incident view says it;
 * `clock` writes a time the way the caller's reader expects (local time in the editor).
 */
export function detectionText(state: Pick<IncidentState, 'detectedAt' | 'declaredAt' | 'alerts'>, clock: (iso: string) => string): string | undefined {
  if (!state.detectedAt) return undefined;
  const alert = state.alerts[0]?.alertname;
  return `Detected ${clock(state.detectedAt)}${alert ? ` (alert ${alert})` : ''}, declared ${clock(state.declaredAt)}`;
}

/** When the problem began: its detection (an alert's start) when known, else the declaration. */
export function problemStartedAt(state: Pick<IncidentState, 'detectedAt' | 'declaredAt'>): string {
  return state.detectedAt ?? state.declaredAt;
}

/**
 * How long the problem has lasted: from detection when known (an alert's start: when users began
 * to notice), else from the declaration. Ends at the resolution.
 */
export function impactMs(state: Pick<IncidentState, 'detectedAt' | 'declaredAt' | 'resolvedAt'>, now: Date): number {
  const from = new Date(problemStartedAt(state)).getTime();
  const end = state.resolvedAt ? new Date(state.resolvedAt).getTime() : now.getTime();
  return Math.max(0, end - from);
}

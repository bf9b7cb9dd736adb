// What a person may do next, checked before an event is written. The fold itself accepts any
// history (another window may have written it); these rules only guard new input.
import { STATUSES, type IncidentStatus } from './events';
import type { IncidentState } from './state';

/** An error message, or undefined when the change is allowed. */
export function checkStatusChange(state: Pick<IncidentState, 'status' | 'id'>, to: string): string | undefined {
  if (!(STATUSES as readonly string[]).includes(to)) return `unknown status '${to}' (expected ${STATUSES.join(', ')})`;
  if (to === state.status) return `incident ${state.id} is already ${to}`;
  if (state.status === 'resolved') return `incident ${state.id} is resolved; reopen it first`;
  return undefined;
}

export function checkReopen(state: Pick<IncidentState, 'status' | 'id'>): string | undefined {
  return state.status === 'resolved' ? undefined : `incident ${state.id} is not resolved (it is ${state.status})`;
}

export const STATUS_LABELS: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

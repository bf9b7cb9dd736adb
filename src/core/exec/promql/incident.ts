// The incident a PromQL cell's window covers, in the editor: its session's active incident. The
// CLI takes the start of the incident its run goes to (src/cli/run.ts).
import { isOpen, type IncidentState } from '../../incident/state';
import { incidentStartOf } from './window';

/** For the editor: when its active incident began, while that incident is open. */
export function openIncidentStart(state: IncidentState | undefined): string | undefined {
  return state && isOpen(state) ? incidentStartOf(state) : undefined;
}

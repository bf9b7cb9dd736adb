// What the notebook controller needs from the incident in progress, so that a run remembers what
// the incident knows: its parameters (`<namespace>`, set by an alert, a person or `--param`) and
// the values its cells captured. The incident session implements it; the controller never reads
// or writes the timeline itself.
import type { IncidentValues } from '../core/exec/incidentValues';

export interface RunIncident {
  /** The open incident's parameters and usable captured values (see incidentValues); undefined when none is open. */
  values(): IncidentValues | undefined;
  /** Parameters a person answered while running cells: put on the open incident as `params_set` (source `user`). */
  recordParams(params: Record<string, string>, source: 'user'): void;
}

/** No incident: runs remember their values for the window's session only. */
export const NO_RUN_INCIDENT: RunIncident = {
  values: () => undefined,
  recordParams: () => {},
};

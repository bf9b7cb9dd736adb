// The notebook controller's view of the incident (the `RunIncident` it takes in its constructor):
// the active open incident's parameters and usable captured values, and where parameters a
// person typed are recorded. A resolved incident lends nothing to new runs.
import * as vscode from 'vscode';
import type { IncidentSession } from './session';
import type { Masker } from '../../core/secrets/mask';
import { isOpen } from '../../core/incident/state';
import { incidentValues, type IncidentValues } from '../../core/exec/incidentValues';
import type { RunIncident } from '../runIncident';

export class SessionRunIncident implements RunIncident {
  constructor(
    private readonly session: IncidentSession | undefined,
    private readonly masker: (root: string) => Promise<Masker>,
  ) {}

  values(): IncidentValues | undefined {
    const state = this.session?.active?.state;
    if (!state || !isOpen(state)) return undefined;
    return incidentValues(state);
  }

  /**
   * `params_set` on the incident that was active and open when the person answered; nothing
   * without one (a runbook opened outside an incident). Masked first, like any typed text, in the
   * background: the controller does not wait for the timeline. Written to that incident by its id,
   * so switching incidents meanwhile does not move the answer to another one.
   */
  recordParams(params: Record<string, string>, source: 'user'): void {
    const session = this.session;
    const state = session?.active?.state;
    if (!session || !state || !isOpen(state)) return;
    // Only what changed: asking again for the same value is not news on the timeline.
    const changed = Object.fromEntries(Object.entries(params).filter(([k, v]) => state.params[k]?.value !== v));
    if (Object.keys(changed).length === 0) return;
    const id = state.id;
    void this.masker(session.root)
      .then((m) => void session.appendTo(id, { type: 'params_set', data: { params: m.maskDeep(changed), source } }))
      .catch((err) => void vscode.window.showErrorMessage(`Could not record the parameters on incident ${id}: ${err instanceof Error ? err.message : err}`));
  }
}

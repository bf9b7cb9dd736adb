// The notebook controller's view of the incident (what it was built to take in its constructor):
// the active open incident's parameters and usable captured values, and where parameters a
// person typed are recorded. A resolved incident lends nothing to new runs.
import * as vscode from 'vscode';
import type { IncidentSession } from './session';
import type { Masker } from '../../core/secrets/mask';
import { isOpen } from '../../core/incident/state';
import { usableValues } from '../../core/incident/values';

export class SessionRunIncident {
  constructor(
    private readonly session: IncidentSession | undefined,
    private readonly masker: (root: string) => Promise<Masker>,
  ) {}

  values(): { params: Record<string, string>; variables: Record<string, string> } | undefined {
    const state = this.session?.active?.state;
    if (!state || !isOpen(state)) return undefined;
    return usableValues(state);
  }

  /**
   * `params_set` on the active open incident; nothing without one (a runbook opened outside an
   * incident). Masked first, in the background: the controller does not wait for the timeline.
   */
  recordParams(params: Record<string, string>, source: 'alert' | 'user' | 'cli'): void {
    const session = this.session;
    const state = session?.active?.state;
    if (!session || !state || !isOpen(state)) return;
    // Only what changed: asking again for the same value is not news on the timeline.
    const changed = Object.fromEntries(Object.entries(params).filter(([k, v]) => state.params[k]?.value !== v));
    if (Object.keys(changed).length === 0) return;
    const id = state.id;
    void this.masker(session.root)
      .then((m) => {
        if (session.active?.state.id === id) session.append({ type: 'params_set', data: { params: m.maskDeep(changed), source } });
      })
      .catch((err) => void vscode.window.showErrorMessage(`Could not record the parameters on incident ${id}: ${err instanceof Error ? err.message : err}`));
  }
}

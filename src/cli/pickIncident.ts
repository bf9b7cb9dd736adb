// Which incident a command acts on when no --incident names one. Commands that only read or
// report (`incident status`, `message`, `postmortem`) fall back to the most recently declared
// incident when none is open, so they still work just after `resolve`; commands that change an
// incident (`note`, `set-status`…) do not, since writing to a closed incident by accident is worse
// than a refusal. A reading command says on stderr which incident it chose (a changing one names
// it in its result already).
import { UsageError, type CliIO } from './io';
import type { IncidentStore, LoadedIncident } from '../core/incident/store';
import { printableLine } from './printable';

export interface IncidentChoice {
  /** --incident, if given. */
  named?: string;
  /** The command's own default (usually the most recent open incident). */
  preferred: () => LoadedIncident | undefined;
  /** Fall back to the most recently declared incident, open or not. */
  orLatest: boolean;
}

export function pickIncident(io: CliIO, store: IncidentStore, choice: IncidentChoice): LoadedIncident {
  if (choice.named) {
    if (!store.exists(choice.named)) throw new UsageError(`no incident '${choice.named}' in ${store.dir}`);
    return store.read(choice.named);
  }
  const found = choice.preferred() ?? (choice.orLatest ? store.list()[0] : undefined);
  if (!found) {
    const which = choice.orLatest ? 'no incident' : 'no open incident';
    throw new UsageError(`${which} in ${store.dir} (declare one with \`runbook incident declare\`, or pass --incident ID)`);
  }
  if (choice.orLatest) io.stderr(`using incident ${printableLine(found.state.id)} (${found.state.status})\n`);
  return found;
}

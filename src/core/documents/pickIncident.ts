// Which incident a document is for when nobody said: status updates go to the incident in
// progress; a resolution notice or a post-mortem is usually written just after resolving, so it
// goes to the most recently declared incident, open or not.
import type { IncidentStore, LoadedIncident } from '../incident/store';
import type { TemplateKind } from './builtin';

export function defaultIncidentFor(store: IncidentStore, kind: TemplateKind): LoadedIncident | undefined {
  if (kind === 'resolution' || kind === 'postmortem') return store.list()[0];
  return store.mostRecentOpen();
}

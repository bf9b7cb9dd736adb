// What an incident remembers for the runs of its runbooks: the parameters set for it (by an alert,
// a person, `--param`) and the values its cells captured. A value the timeline keeps masked (it
// looked secret) is shown there, never used (`usableValue`): a cell asks for it instead.
import type { IncidentState } from '../incident/state';
import { usableValue } from '../incident/values';

export interface IncidentValues {
  /** Parameters by name (`namespace` → `payments`). */
  params: Record<string, string>;
  /** Captured variables usable by later cells (`$POD`), masked ones left out. */
  variables: Record<string, string>;
}

export function incidentValues(state: Pick<IncidentState, 'params' | 'variables'>): IncidentValues {
  const params: Record<string, string> = {};
  for (const [name, v] of Object.entries(state.params ?? {})) if (usableValue(v)) params[name] = v.value;
  const variables: Record<string, string> = {};
  for (const [name, v] of Object.entries(state.variables ?? {})) if (usableValue(v)) variables[name] = v.value;
  return { params, variables };
}

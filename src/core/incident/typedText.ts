// What people type (titles, notes, reasons, names, tags) is masked before it is written: a pasted
// token or connection string must never reach timeline.jsonl, the incident's folder name or the
// Slack channel built from the title. The CLI and the editor both go through these.
import type { Masker } from '../secrets/mask';
import type { NewEvent } from './events';
import type { DeclareInput } from './store';

export function maskDeclareInput(input: DeclareInput, masker: Masker): DeclareInput {
  return masker.maskDeep(input);
}

/** Every string of the event's data; the executors' `cell_run` records arrive masked already, and masking twice is harmless. */
export function maskNewEvent(event: NewEvent, masker: Masker): NewEvent {
  return { ...event, data: masker.maskDeep(event.data) } as NewEvent;
}

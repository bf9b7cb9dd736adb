// For `runbook run` (and the notebook controller): put a cell run on the incident in progress.
import type { CellRunRecord } from './events';
import { resolveActor } from './actor';
import { DEFAULT_INCIDENT_FOLDER, IncidentStore } from './store';

/** Output excerpts on the timeline are capped: the timeline is a record, not a log store. */
export const OUTPUT_EXCERPT_CHARS = 2000;

export interface RecordCellRunOptions {
  /** Default: the most recent open incident. */
  incident?: string;
  folder?: string;
  actor?: string;
  now?: Date;
}

/**
 * Appends a `cell_run` event. `record.command` and `record.outputExcerpt` must already be masked.
 * Returns the incident id, or undefined when no incident is open (nothing to record on).
 */
export function recordCellRun(workspaceDir: string, record: CellRunRecord, opts: RecordCellRunOptions = {}): string | undefined {
  const store = new IncidentStore(workspaceDir, opts.folder ?? DEFAULT_INCIDENT_FOLDER);
  const id = opts.incident ?? store.mostRecentOpen()?.state.id;
  if (!id) return undefined;
  const actor = opts.actor ?? resolveActor({ cwd: workspaceDir });
  store.append(id, { type: 'cell_run', data: capRecord(record) }, actor, opts.now);
  return id;
}

export function capRecord(record: CellRunRecord): CellRunRecord {
  const excerpt = record.outputExcerpt ?? '';
  const command = record.command ?? '';
  return {
    ...record,
    command: command.length > OUTPUT_EXCERPT_CHARS ? command.slice(0, OUTPUT_EXCERPT_CHARS) + '…' : command,
    outputExcerpt: excerpt.length > OUTPUT_EXCERPT_CHARS ? excerpt.slice(0, OUTPUT_EXCERPT_CHARS) + `… (${excerpt.length - OUTPUT_EXCERPT_CHARS} more characters)` : excerpt,
  };
}

// For `runbook run` (and the notebook controller): put a cell run on the incident in progress.
import { join } from 'node:path';
import type { CellRunRecord, NewEvent } from './events';
import type { Masker } from '../secrets/mask';
import { resolveActor } from './actor';
import { capturedEvents, newRunId, writeRunLog, type RunEvidence } from './runLog';
import { DEFAULT_INCIDENT_FOLDER, IncidentStore } from './store';

/** Output excerpts on the timeline are capped: the timeline is a record, not a log store. */
const OUTPUT_EXCERPT_CHARS = 2000;

export interface RecordCellRunOptions {
  /** Default: the most recent open incident. */
  incident?: string;
  folder?: string;
  actor?: string;
  now?: Date;
  /** The whole output (and SQL/HTTP data), written to `runs/<event-id>.log` beside the timeline. */
  evidence?: RunEvidence;
  /** Cap of that log (default 10 MB). */
  logLimitBytes?: number;
  /** What the cell's `capture=NAME` stored, unmasked: recorded masked where it looks secret. */
  captured?: Record<string, string>;
  masker?: Masker;
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
  for (const event of cellRunEvents(store, id, record, opts)) store.append(id, event, actor, opts.now);
  return id;
}

/**
 * The events one cell run puts on an incident, in order: its `cell_run` (with its log written
 * first, so the event can name it) and a `variable_captured` per captured value. The editor's
 * session appends the same events through its cache.
 */
export function cellRunEvents(
  store: IncidentStore,
  incidentId: string,
  record: CellRunRecord,
  opts: Pick<RecordCellRunOptions, 'evidence' | 'logLimitBytes' | 'captured' | 'masker'>,
): Array<NewEvent & { id?: string }> {
  const runId = newRunId();
  let data: CellRunRecord = record;
  const events: Array<NewEvent & { id?: string }> = [];
  if (opts.captured && Object.keys(opts.captured).length) {
    const captured = capturedEvents(opts.captured, opts.masker, { runbook: record.runbook, cellIndex: record.cellIndex });
    data = { ...data, captured: captured.onRecord };
    events.push(...captured.events);
  }
  if (opts.evidence) {
    // A log that cannot be written must not lose the run: the record says so instead.
    try {
      const log = writeRunLog(join(store.dir, incidentId), store.root, runId, data, opts.evidence, { limitBytes: opts.logLimitBytes, masker: opts.masker });
      data = { ...data, log };
    } catch (err) {
      data = { ...data, outputExcerpt: `${data.outputExcerpt}\n(the run log could not be written: ${(err as Error).message})` };
    }
  }
  return [{ id: runId, type: 'cell_run', data: capRecord(data) }, ...events];
}

/** A cell run as a host reports it for the incident: the record, and what goes beside it. */
export interface CellRunReport extends Pick<RecordCellRunOptions, 'evidence' | 'captured' | 'masker'> {
  record: CellRunRecord;
}


function capRecord(record: CellRunRecord): CellRunRecord {
  const excerpt = record.outputExcerpt ?? '';
  const command = record.command ?? '';
  return {
    ...record,
    command: command.length > OUTPUT_EXCERPT_CHARS ? command.slice(0, OUTPUT_EXCERPT_CHARS) + '…' : command,
    outputExcerpt: excerpt.length > OUTPUT_EXCERPT_CHARS ? excerpt.slice(0, OUTPUT_EXCERPT_CHARS) + `… (${excerpt.length - OUTPUT_EXCERPT_CHARS} more characters)` : excerpt,
  };
}

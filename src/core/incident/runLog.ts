// The full evidence of a cell run, beside the timeline: the timeline keeps a short excerpt of each
// run (it is a record, not a log store); `incidents/<id>/runs/<event-id>.log` keeps the whole
// output, masked and capped, and `<event-id>.json` the structured result of SQL and HTTP cells.
// The `cell_run` event names its log, so the timeline, the tree and the post-mortem link to it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ExecData } from '../exec/types';
import type { Masker } from '../secrets/mask';
import { looksSecret, MASK } from '../secrets/mask';
import { confinedPath } from '../workspace/confine';
import { BoundedText } from '../exec/boundedText';
import type { CellRunRecord, NewEvent } from './events';

/** Default cap of one run's log: a runaway cell must not fill the disk. */
export const DEFAULT_RUN_LOG_BYTES = 10 * 1024 * 1024;
const RUNS_FOLDER = 'runs';

/** What a host collected while a cell ran, beyond the record's excerpt. */
export interface RunEvidence {
  /** The run's whole output (masked as streamed), or the executor's text when nothing streamed. */
  output: string;
  /** SQL and HTTP results, written as JSON beside the log. */
  data?: ExecData;
}

/**
 * Collects a run's streamed output for its log, keeping head and tail within `limit` bytes (what
 * lies between is counted and said). The chunks arrive masked from the executor.
 */
export class RunOutputCollector {
  private readonly text: BoundedText;
  private any = false;

  constructor(limitBytes: number = DEFAULT_RUN_LOG_BYTES) {
    this.text = new BoundedText(limitBytes);
  }

  add(chunk: string): void {
    if (!chunk) return;
    this.any = true;
    this.text.append(chunk);
  }

  /** The evidence of the run: what streamed, or the executor's final text when nothing did (SQL, Redis, HTTP). */
  evidence(finalText: string, data?: ExecData): RunEvidence {
    return { output: this.any ? this.text.toString() : finalText, data };
  }
}

/** A new event id for a `cell_run`, chosen before the log is written so the log can carry it. */
export function newRunId(): string {
  return randomUUID();
}

/**
 * Writes `runs/<eventId>.log` (and `.json` for structured results) in the incident's folder and
 * returns the log's path relative to that folder. Everything written passes through `masker`
 * when one is given (the executors mask already; a second pass is harmless). A link out of the
 * workspace is refused like the timeline's.
 */
export function writeRunLog(
  incidentDir: string,
  confineTo: string,
  eventId: string,
  record: CellRunRecord,
  evidence: RunEvidence,
  opts: { limitBytes?: number; masker?: Masker } = {},
): string {
  if (!/^[\w-]+$/.test(eventId)) throw new Error(`'${eventId}' is not a run id`);
  const dir = join(incidentDir, RUNS_FOLDER);
  confinedPath(confineTo, dir);
  mkdirSync(dir, { recursive: true });
  const mask = (s: string) => (opts.masker ? opts.masker.mask(s) : s);
  const limit = opts.limitBytes ?? DEFAULT_RUN_LOG_BYTES;
  const bounded = new BoundedText(limit);
  bounded.append(mask(evidence.output));
  const header = [
    `# runbook:  ${record.runbook}`,
    `# cell:     ${record.cellIndex}${record.cellName ? ` (${record.cellName})` : ''} ${record.executor}, ${record.classification}`,
    ...(record.params && Object.keys(record.params).length ? [`# params:   ${Object.entries(record.params).map(([k, v]) => `${k}=${v}`).join(' ')}`] : []),
    `# status:   ${record.status}${record.exitCode !== undefined && record.exitCode !== null ? ` (exit ${record.exitCode})` : ''} in ${record.durationMs} ms`,
    `# command:`,
    ...record.command.split('\n').map((l) => `#   ${l}`),
    '',
  ].join('\n');
  const log = join(dir, `${eventId}.log`);
  confinedPath(confineTo, log);
  writeFileSync(log, mask(header) + '\n' + bounded.toString(), { mode: 0o600 });
  if (evidence.data && (evidence.data.kind === 'sql' || evidence.data.kind === 'http')) {
    const json = join(dir, `${eventId}.json`);
    confinedPath(confineTo, json);
    const data = opts.masker ? opts.masker.maskDeep(evidence.data) : evidence.data;
    writeFileSync(json, capJson(JSON.stringify(data, null, 2), limit), { mode: 0o600 });
  }
  return `${RUNS_FOLDER}/${eventId}.log`;
}

/** A JSON result larger than the cap is cut and says so (it is evidence, not an API). */
function capJson(text: string, limit: number): string {
  if (Buffer.byteLength(text) <= limit) return text + '\n';
  return JSON.stringify({ truncated: true, bytes: Buffer.byteLength(text), head: text.slice(0, Math.floor(limit / 2)) }) + '\n';
}

/**
 * What a run's `capture=NAME` stored, as the timeline keeps it: masked on the record, and one
 * `variable_captured` event each, whose value is masked (and marked so) when it holds a secret or
 * its name says secret. Later runs of the incident use the unmasked ones.
 */
export function capturedEvents(
  captured: Record<string, string>,
  masker: Masker | undefined,
  where: { runbook: string; cellIndex: number },
): { onRecord: Record<string, string>; events: NewEvent[] } {
  const onRecord: Record<string, string> = {};
  const events: NewEvent[] = [];
  for (const [name, value] of Object.entries(captured)) {
    const masked = masker ? masker.mask(value) : value;
    const secret = masked !== value || looksSecret(name);
    const shown = secret ? (masked !== value ? masked : MASK) : value;
    onRecord[name] = shown;
    events.push({ type: 'variable_captured', data: { name, value: shown, ...(secret ? { masked: true } : {}), runbook: where.runbook, cellIndex: where.cellIndex } });
  }
  return { onRecord, events };
}

// Reading and appending one `timeline.jsonl`. The file is append-only: one `write` per event on a
// descriptor opened with O_APPEND, then `fsync`. Reading never changes the file; lines it cannot
// use are reported with their line number and skipped, and everything else is kept.
import { closeSync, fsyncSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { parseEvent, type IncidentEvent, type NewEvent } from './events';

export interface TimelineProblem {
  /** 1-based line number in the file. */
  line: number;
  /** `torn`: the last line is incomplete (a crash mid-write); `corrupt`: not JSON; `invalid`: JSON but not a known event. */
  kind: 'torn' | 'corrupt' | 'invalid';
  message: string;
}

export interface TimelineRead {
  events: IncidentEvent[];
  problems: TimelineProblem[];
}

/** A single event larger than this is refused: output excerpts are capped long before. */
export const MAX_EVENT_BYTES = 256 * 1024;

export function parseTimeline(text: string): TimelineRead {
  const events: IncidentEvent[] = [];
  const problems: TimelineProblem[] = [];
  const lines = text.split('\n');
  const complete = text.endsWith('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const isTail = i === lines.length - 1 && !complete;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      problems.push(
        isTail
          ? { line: i + 1, kind: 'torn', message: `line ${i + 1} is incomplete (the write was interrupted); it was skipped: ${why}` }
          : { line: i + 1, kind: 'corrupt', message: `line ${i + 1} is not valid JSON and was skipped (left in the file): ${why}` },
      );
      continue;
    }
    const parsed = parseEvent(value);
    if (parsed.ok) events.push(parsed.event);
    else problems.push({ line: i + 1, kind: 'invalid', message: `line ${i + 1} is not a valid event and was skipped (left in the file): ${parsed.message}` });
  }
  return { events, problems };
}

export function readTimeline(file: string): TimelineRead {
  return parseTimeline(readFileSync(file, 'utf8'));
}

/** Validates an event and fills in `id`, `ts` and `actor`. Throws with a message naming the bad field. */
export function makeEvent(event: NewEvent & { id?: string; ts?: string }, actor: string, now: Date = new Date()): IncidentEvent {
  const parsed = parseEvent({ id: event.id ?? randomUUID(), ts: event.ts ?? now.toISOString(), actor, type: event.type, data: event.data });
  if (!parsed.ok) throw new Error(`invalid ${event.type} event: ${parsed.message}`);
  return parsed.event;
}

/**
 * Appends one event as one line. If an earlier writer died mid-line, the event starts on a new
 * line so only the torn line is lost, never this one.
 */
export function appendEvent(file: string, event: IncidentEvent): void {
  appendEvents(file, [event]);
}

/** Appends events as lines with one write and one fsync (events received from a shared timeline come in batches). */
export function appendEvents(file: string, events: readonly IncidentEvent[]): void {
  if (events.length === 0) return;
  let text = '';
  for (const event of events) {
    const line = JSON.stringify(event) + '\n';
    if (Buffer.byteLength(line) > MAX_EVENT_BYTES) {
      throw new Error(`event ${event.type} is ${Buffer.byteLength(line)} bytes; the limit is ${MAX_EVENT_BYTES}`);
    }
    text += line;
  }
  // 'a+' = O_RDWR | O_APPEND | O_CREAT: every write goes to the end, whatever other processes do.
  const fd = openSync(file, 'a+');
  try {
    const size = fstatSync(fd).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) text = '\n' + text;
    }
    const bytes = Buffer.from(text);
    const written = writeSync(fd, bytes, 0, bytes.length);
    if (written !== bytes.length) throw new Error(`short write to ${file}: ${written} of ${bytes.length} bytes`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

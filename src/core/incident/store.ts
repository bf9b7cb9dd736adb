// The workspace's incidents: one folder per incident under `incidents/`, each with its
// append-only `timeline.jsonl`. Shared by the extension, the CLI and `runbook run`.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { confinedPath, isInside } from '../workspace/confine';
import type { IncidentEvent, NewEvent, SeverityId } from './events';
import { incidentId, slugify } from './naming';
import { foldIncident, isOpen, type IncidentState } from './state';
import { appendEvent, appendEvents, makeEvent, readTimeline, type TimelineProblem } from './timeline';
import { maskDeclareInput, maskNewEvent } from './typedText';
import type { Masker } from '../secrets/mask';

export const TIMELINE_FILE = 'timeline.jsonl';
export const DEFAULT_INCIDENT_FOLDER = 'incidents';

export interface DeclareInput {
  title: string;
  severity: SeverityId;
  commander?: string;
  tags?: string[];
  summary?: string;
  /** When the problem began (an alert's `startsAt`), ISO. */
  detectedAt?: string;
}

export interface LoadedIncident {
  state: IncidentState;
  problems: TimelineProblem[];
}

export interface StoreOptions {
  /** Masks every text of what is declared or appended (and the actor) before it is written. */
  masker?: Masker;
}

export class IncidentStore {
  /** `folder` is relative to `root` (or absolute). */
  constructor(
    readonly root: string,
    readonly folder: string = DEFAULT_INCIDENT_FOLDER,
    private readonly opts: StoreOptions = {},
  ) {}

  get dir(): string {
    return join(this.root, this.folder);
  }

  /**
   * What a timeline may resolve to through symbolic links: the workspace, or the incident folder
   * itself when it was configured outside the workspace on purpose.
   */
  private get confinedTo(): string {
    return isInside(resolve(this.root), resolve(this.dir)) ? this.root : this.dir;
  }

  /** The timeline's path, refused (with the link's target) if a link takes it out of the workspace. */
  private confinedTimeline(id: string): string {
    const file = this.timelinePath(id);
    confinedPath(this.confinedTo, file);
    return file;
  }

  timelinePath(id: string): string {
    if (!/^[\w.-]+$/.test(id) || id === '.' || id === '..') throw new Error(`'${id}' is not an incident id`);
    return join(this.dir, id, TIMELINE_FILE);
  }

  exists(id: string): boolean {
    return existsSync(this.timelinePath(id));
  }

  /** Creates the folder (`<date>-<slug>`, `-2`, `-3`… if taken) and writes the `declared` event. */
  declare(typed: DeclareInput, typedActor: string, now: Date = new Date()): LoadedIncident {
    const { masker } = this.opts;
    // The slug comes from the masked title: a secret in a title must not name a folder either.
    const input = masker ? maskDeclareInput(typed, masker) : typed;
    const actor = masker ? masker.mask(typedActor) : typedActor;
    const base = slugify(input.title);
    // The incidents folder (or a link on the way to it) must not lead out of the workspace.
    confinedPath(this.confinedTo, this.dir);
    mkdirSync(this.dir, { recursive: true });
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base}-${n}`;
      const id = incidentId(now.toISOString(), slug);
      const event = makeEvent({ type: 'declared', data: { ...input, slug } }, actor, now);
      try {
        // Not recursive: EEXIST tells us another window took this name first.
        mkdirSync(join(this.dir, id));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST' && n < 1000) continue;
        throw err;
      }
      syncDir(this.dir);
      appendEvent(this.confinedTimeline(id), event);
      return this.read(id);
    }
  }

  /** Validates and appends one event; returns it as written. */
  append(id: string, event: NewEvent & { id?: string }, actor: string, now?: Date): IncidentEvent {
    const file = this.timelinePath(id);
    if (!existsSync(file)) throw new Error(`no incident '${id}' in ${this.dir}`);
    this.confinedTimeline(id);
    const { masker } = this.opts;
    const ts = now ? now.toISOString() : stampNow();
    const full = makeEvent({ ...(masker ? maskNewEvent(event, masker) : event), id: event.id, ts }, masker ? masker.mask(actor) : actor);
    appendEvent(file, full);
    return full;
  }

  /**
   * Writes events received from another machine (a shared timeline) as they are: already validated
   * and masked where they were written. The first creates the incident's folder.
   */
  appendReceived(id: string, events: readonly IncidentEvent[]): void {
    const file = this.timelinePath(id);
    confinedPath(this.confinedTo, this.dir);
    mkdirSync(join(this.dir, id), { recursive: true });
    this.confinedTimeline(id);
    appendEvents(file, events);
  }

  read(id: string): LoadedIncident {
    const { events, problems } = readTimeline(this.confinedTimeline(id));
    return { state: foldIncident(events, id), problems };
  }

  /** Every incident in the folder, most recently declared first. Unreadable folders are skipped. */
  list(): LoadedIncident[] {
    if (!existsSync(this.dir)) return [];
    const out: LoadedIncident[] = [];
    for (const entry of readdirSync(this.dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || !existsSync(join(this.dir, entry.name, TIMELINE_FILE))) continue;
      try {
        out.push(this.read(entry.name));
      } catch {
        // A folder name that is not an id, or a file we cannot read: not an incident we can show.
      }
    }
    return out.sort((a, b) => b.state.declaredAt.localeCompare(a.state.declaredAt) || b.state.id.localeCompare(a.state.id));
  }

  /** The open incident declared last, if any. */
  mostRecentOpen(): LoadedIncident | undefined {
    return this.list().find((i) => isOpen(i.state));
  }
}

let lastMicros = 0;

/**
 * Now, in microseconds, and always after the last time this process stamped an event: the fold
 * orders by time and then by (random) id, so a burst of appends within one millisecond must still
 * fold in the order written. Microseconds rather than milliseconds keep a burst from running
 * ahead of the clock (a thousand appends move it by one millisecond at most).
 */
function stampNow(): string {
  lastMicros = Math.max(Date.now() * 1000, lastMicros + 1);
  const ms = Math.floor(lastMicros / 1000);
  return new Date(ms).toISOString().replace('Z', `${String(lastMicros % 1000).padStart(3, '0')}Z`);
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a directory (Windows); the file's own fsync still holds.
  }
}

// The workspace's incidents kept in memory, re-read from disk only when a timeline changed under
// us. Reading and parsing a long timeline takes a noticeable fraction of a second, so an append
// of ours is folded in memory and a file whose size and mtime are what we last saw is not re-read
// (that is how our own writes, seen again by a file watcher, cost nothing).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { IncidentEvent, NewEvent } from './events';
import { foldIncident } from './state';
import { TIMELINE_FILE, type IncidentStore, type LoadedIncident } from './store';

interface FileStamp {
  size: number;
  mtimeMs: number;
}

interface Entry {
  incident: LoadedIncident;
  /** The file as it was just before we read it (or just after our own append). */
  stamp: FileStamp | undefined;
}

export class IncidentCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private store: IncidentStore) {}

  /** Another store (the incident folder setting changed): everything is read again. */
  setStore(store: IncidentStore): void {
    this.store = store;
    this.entries.clear();
  }

  /** Every incident, most recently declared first (the order of `IncidentStore.list`). */
  all(): LoadedIncident[] {
    return [...this.entries.values()]
      .map((e) => e.incident)
      .sort((a, b) => b.state.declaredAt.localeCompare(a.state.declaredAt) || b.state.id.localeCompare(a.state.id));
  }

  get(id: string): LoadedIncident | undefined {
    return this.entries.get(id)?.incident;
  }

  /** Forgets what is cached and reads every incident again. */
  reloadAll(): void {
    this.entries.clear();
    this.refresh();
  }

  /**
   * Re-reads only the timelines that changed on disk since we last saw them (new ones are read,
   * deleted ones dropped). Returns whether anything changed.
   */
  refresh(): boolean {
    const seen = new Set<string>();
    let changed = false;
    for (const id of this.ids()) {
      seen.add(id);
      const stamp = this.stampOf(id);
      const entry = this.entries.get(id);
      if (entry && stamp && sameStamp(entry.stamp, stamp)) continue;
      if (this.load(id, stamp)) changed = true;
    }
    for (const id of [...this.entries.keys()]) {
      if (seen.has(id)) continue;
      this.entries.delete(id);
      changed = true;
    }
    return changed;
  }

  /** Re-reads one incident (after a write that did not go through `append`). */
  reload(id: string): void {
    this.load(id, this.stampOf(id));
  }

  /**
   * Appends through the store, then folds the event in memory when the file held exactly what we
   * had read plus our line; otherwise (someone else wrote too) re-reads that one incident.
   */
  append(id: string, event: NewEvent & { id?: string }, actor: string): IncidentEvent {
    const before = this.stampOf(id);
    const written = this.store.append(id, event, actor);
    const after = this.stampOf(id);
    const entry = this.entries.get(id);
    const ours = Buffer.byteLength(JSON.stringify(written) + '\n');
    if (entry && before && after && sameStamp(entry.stamp, before) && after.size === before.size + ours) {
      const state = foldIncident([...entry.incident.state.events, written], id);
      this.entries.set(id, { incident: { state, problems: entry.incident.problems }, stamp: after });
    } else {
      this.load(id, undefined);
    }
    return written;
  }

  /** Adds an incident just declared and read by the store, without reading it again. */
  added(incident: LoadedIncident): void {
    this.entries.set(incident.state.id, { incident, stamp: this.stampOf(incident.state.id) });
  }

  private load(id: string, stamp: FileStamp | undefined): boolean {
    try {
      // Stamp first, read second: a write in between makes the stamp stale, so the next refresh re-reads.
      const s = stamp ?? this.stampOf(id);
      this.entries.set(id, { incident: this.store.read(id), stamp: s });
      return true;
    } catch {
      // A folder name that is not an id, or a file we cannot read: not an incident we can show.
      return this.entries.delete(id);
    }
  }

  private ids(): string[] {
    const dir = this.store.dir;
    if (!existsSync(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, TIMELINE_FILE)))
      .map((e) => e.name);
  }

  private stampOf(id: string): FileStamp | undefined {
    try {
      const s = statSync(this.store.timelinePath(id));
      return { size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      return undefined;
    }
  }
}

function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

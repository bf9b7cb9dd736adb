// Sharing a workspace's incidents through a Redis server, so responders on several machines see
// each other's events within a second. The local `timeline.jsonl` stays the source of truth:
// - publishing: every line appended locally (by this process or any other) is sent with XADD to
//   `<prefix>:incident:<id>`, exactly as written (it was masked before it reached the file); a new
//   incident's id also goes to `<prefix>:incidents`;
// - receiving: XREAD BLOCK on those streams; an event whose id the file already holds is skipped,
//   any other is validated and appended (a bad one is reported, never written);
// - resuming: the last stream entry read and how much of each file was published are kept in
//   `incidents/.share/<server>.json`, so a restart or a reconnect goes on where it stopped;
// - a lost server (restarted without persistence, flushed) is told by `<prefix>:epoch` changing:
//   every local log is then published again, and readers skip what they hold already.
// Order does not matter: `foldIncident` sorts, and repeats are skipped by event id.
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type Redis from 'ioredis';
import { parseEvent, type IncidentEvent } from '../incident/events';
import { TIMELINE_FILE, type IncidentStore } from '../incident/store';
import { maskedShareUrl, serverIdentity, type ShareConfig } from './config';
import { connectClient, maskText, openClient, shareError, ShareError, ShareFatalError, type ShareClient } from './connect';
import { shareKeys, type ShareKeys } from './keys';

export interface ShareOptions {
  store: IncidentStore;
  config: ShareConfig;
  /** Who is here, for presence (already masked like every actor). */
  actor: string;
  /** Follow only these incidents; default: every local one and every one announced on the server. */
  incidents?: string[];
  /** `cli`, `vscode`: shown beside the actor in presence. */
  via?: string;
  /** Presence key lifetime and refresh period (default 30 s and 10 s). */
  presenceTtlSec?: number;
  presenceEveryMs?: number;
  /** How long one XREAD waits for news (default 1 s; stopping waits at most this long for nothing). */
  blockMs?: number;
  /** How often the local files are checked besides file-change events (default 1 s). */
  pollMs?: number;
  /** An event seen for the first time: `remote` was received and written, `local` was written here. */
  onEvent?(incident: string, event: IncidentEvent, origin: 'local' | 'remote'): void;
  /** Something a person should know (a bad remote event, the server lost its data…); masked. */
  onProblem?(message: string): void;
  /** Online or offline (with why), each time it changes. */
  onStatus?(online: boolean, message: string): void;
}

export interface ShareCounts {
  /** Local events sent to the server. */
  published: number;
  /** Remote events written to a local timeline. */
  received: number;
  /** Remote events the local timeline held already (our own, or resent). */
  skipped: number;
  /** Remote events refused (not valid, too large, a bad incident id). */
  rejected: number;
  /** Incidents whose folder was created from the server. */
  newIncidents: string[];
}

export interface PresenceEntry {
  actor: string;
  via?: string;
  /** When they started following (ISO). */
  since?: string;
}

interface Persisted {
  server: string;
  epoch?: string;
  /** Last entry read from `<prefix>:incidents`. */
  ids: string;
  incidents: Record<string, { cursor: string; published: number; announced: boolean; sent?: string }>;
}

interface Followed {
  id: string;
  /** Last stream entry read. */
  cursor: string;
  /** Bytes of the local file known to be on the server. */
  published: number;
  announced: boolean;
  /** The stream id of the last entry we added: the server must still hold it. */
  sent: string;
  /** Event ids in the local file (up to `scanned` bytes). */
  known: Set<string>;
  scanned: number;
  /** Ids seen on the server (received, or sent by us) since `published`: not sent again. */
  onStream: Set<string>;
}

const STATE_FOLDER = '.share';
const READ_COUNT = 1000;
const PUBLISH_BATCH = 500;

export class IncidentShare {
  readonly counts: ShareCounts = { published: 0, received: 0, skipped: 0, rejected: 0, newIncidents: [] };
  private readonly keys: ShareKeys;
  private readonly followed = new Map<string, Followed>();
  private readonly stateFile: string;
  private state: Persisted;
  private cmd?: ShareClient;
  private block?: ShareClient;
  private online = false;
  private stopped = false;
  private publishing?: Promise<void>;
  private publishAgain = false;
  private saveTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  private presenceTimer?: NodeJS.Timeout;
  private readonly watchers = new Map<string, FSWatcher>();
  private loop?: Promise<void>;
  private presenceOn = new Set<string>();
  private watching = false;
  private reportedOffline = false;
  /** Bumped when the server lost its data: work begun before that must not move the cursors. */
  private generation = 0;
  private readonly since = new Date().toISOString();
  private readonly opts: ShareOptions;
  private wake?: () => void;

  constructor(opts: ShareOptions) {
    this.opts = opts;
    this.keys = shareKeys(opts.config.prefix);
    const identity = serverIdentity(opts.config);
    // One state file per server and prefix: switching servers starts afresh, not from a foreign cursor.
    const name = createHash('sha256').update(identity).digest('hex').slice(0, 16);
    this.stateFile = join(opts.store.dir, STATE_FOLDER, `${name}.json`);
    this.state = this.loadState(identity);
    for (const id of opts.incidents ?? []) this.follow(id);
  }

  /** The server, its password masked: what to show a person. */
  get where(): string {
    return maskedShareUrl(this.opts.config.url);
  }

  get isOnline(): boolean {
    return this.online;
  }

  /**
   * Catches up once: receives what the server has, publishes what is local and not there yet, and
   * disconnects. Throws (a clear, masked message) when the server cannot be reached. Without
   * `receive`, only publishes (what a one-off CLI write does).
   */
  async syncOnce(opts: { receive?: boolean } = {}): Promise<ShareCounts> {
    const receive = opts.receive ?? true;
    if (!this.opts.incidents) this.scanLocalIncidents();
    try {
      await this.connect();
      if (receive) await this.readUntilCaughtUp();
      await this.publishAll();
      // What we published comes back as known ids: read it so the cursor moves past it.
      if (receive) await this.readUntilCaughtUp();
      return this.counts;
    } catch (err) {
      throw err instanceof ShareError ? err : shareError(err, this.opts.config);
    } finally {
      this.saveNow();
      this.disconnect(true);
    }
  }

  /**
   * Follows until `stop()`: connects (a wrong password or certificate throws here; an unreachable
   * server does not: the share works offline and keeps trying), then reads, publishes and refreshes
   * presence. `presenceFor` names the incidents this person is shown in (default: the `incidents`
   * option's, else none).
   */
  async start(presenceFor?: string[]): Promise<void> {
    this.presenceOn = new Set(presenceFor ?? this.opts.incidents ?? []);
    if (!this.opts.incidents) this.scanLocalIncidents();
    for (const f of this.followed.values()) this.scanLocal(f, false);
    try {
      await this.goOnline();
    } catch (err) {
      if (err instanceof ShareFatalError) {
        this.disconnect();
        throw err;
      }
      this.setOffline(err);
    }
    this.watching = true;
    this.watchFiles();
    const pollMs = this.opts.pollMs ?? 1000;
    this.pollTimer = setInterval(() => this.localChanged(), pollMs);
    this.presenceTimer = setInterval(() => void this.presenceTick(), this.opts.presenceEveryMs ?? 10_000);
    this.loop = this.readLoop();
  }

  /** Stops following: leaves presence, saves the cursors, closes connections and watchers. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearInterval(this.presenceTimer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    this.wake?.();
    if (this.online && this.cmd) {
      // Best effort and bounded: a dead server must not hold up Ctrl-C.
      const keys = [...this.presenceOn].map((id) => this.keys.presence(id, this.opts.actor));
      if (keys.length) await withTimeout(this.cmd.redis.del(...keys), 1000).catch(() => {});
    }
    await withTimeout(this.publishing ?? Promise.resolve(), 2000).catch(() => {});
    this.block?.redis.disconnect();
    await this.loop?.catch(() => {});
    this.saveNow();
    this.disconnect(true);
  }

  /** A local append happened (in this process): publish it now rather than at the next check. */
  nudge(): void {
    this.localChanged();
  }

  /** Who is following an incident right now (presence keys not expired). */
  async presence(id: string): Promise<PresenceEntry[]> {
    const redis = this.requireOnline();
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', this.keys.presencePattern(id), 'COUNT', 200);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    if (keys.length === 0) return [];
    const values = await redis.mget(...keys);
    const out: PresenceEntry[] = [];
    for (const v of values) {
      try {
        const p = JSON.parse(v ?? '');
        if (p && typeof p.actor === 'string') out.push({ actor: p.actor, via: typeof p.via === 'string' ? p.via : undefined, since: typeof p.since === 'string' ? p.since : undefined });
      } catch {
        // Expired between SCAN and MGET, or not ours: nobody to show.
      }
    }
    return out.sort((a, b) => a.actor.localeCompare(b.actor));
  }

  /** Changes which incidents this person is shown in (the extension's active incident). */
  setPresence(ids: string[]): void {
    const gone = [...this.presenceOn].filter((id) => !ids.includes(id));
    this.presenceOn = new Set(ids);
    if (this.online && this.cmd && gone.length) this.cmd.redis.del(...gone.map((id) => this.keys.presence(id, this.opts.actor))).catch(() => {});
    void this.presenceTick();
  }

  // --- connection ---------------------------------------------------------------------------

  private async connect(): Promise<void> {
    this.cmd ??= openClient(this.opts.config, 'incident-runbooks-share');
    this.block ??= openClient(this.opts.config, 'incident-runbooks-share-read', true);
    await connectClient(this.cmd, this.opts.config);
    await connectClient(this.block, this.opts.config);
    await this.checkEpoch();
  }

  private async goOnline(): Promise<void> {
    await this.connect();
    // Read first: what the server already has need not be sent again.
    await this.readUntilCaughtUp();
    this.online = true;
    this.opts.onStatus?.(true, `connected to ${this.where}`);
    this.schedulePublish();
    void this.presenceTick();
  }

  private setOffline(err: unknown): void {
    const wasOnline = this.online;
    this.online = false;
    if (wasOnline || !this.reportedOffline) {
      this.reportedOffline = true;
      this.opts.onStatus?.(false, `offline: ${this.describe(err)}; working locally, retrying`);
    }
  }
  private readonly told = new Set<string>();
  private problemOnce(message: string): void {
    if (this.told.has(message)) return;
    this.told.add(message);
    this.opts.onProblem?.(message);
  }

  private describe(err: unknown): string {
    return maskText((err instanceof ShareError ? err : shareError(err, this.opts.config)).message, this.opts.config);
  }

  /** `graceful` when done (QUIT), not after a failure, where the next connect must start from scratch. */
  private disconnect(graceful = false): void {
    for (const client of [this.cmd, this.block]) {
      const redis = client?.redis;
      if (!redis) continue;
      // QUIT lets the server close at once; a bare disconnect leaves ioredis waiting up to
      // `disconnectTimeout` for the socket to close, which holds a CLI's exit that long.
      if (graceful && redis.status === 'ready') redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    }
  }

  private requireOnline(): Redis {
    if (!this.cmd || this.cmd.redis.status !== 'ready') throw new Error(`not connected to the share server ${this.where}`);
    return this.cmd.redis;
  }

  /** The server's epoch: set if absent; a different one than last time means its streams are gone. */
  private async checkEpoch(): Promise<void> {
    const redis = this.cmd!.redis;
    await redis.set(this.keys.epoch, randomUUID(), 'NX');
    const epoch = await redis.get(this.keys.epoch);
    if (!epoch) throw new Error(`the share server ${this.where} did not keep ${this.keys.epoch}`);
    if (this.state.epoch === epoch) {
      await this.checkStreams();
      return;
    }
    if (this.state.epoch !== undefined) {
      this.opts.onProblem?.(`the share server ${this.where} lost its data (or is another server): publishing every local event again`);
      this.state.ids = '0-0';
      for (const f of this.followed.values()) {
        f.cursor = '0-0';
        f.sent = '0-0';
        f.published = 0;
        f.announced = false;
        f.onStream.clear();
      }
      this.state.incidents = {};
      this.generation++;
    }
    this.state.epoch = epoch;
    this.saveSoon();
  }

  /**
   * Same epoch, but a stream ends before what we read or sent (a server restored from an older
   * snapshot, an append-only file that lost its last second): that incident starts again from the start.
   */
  private async checkStreams(): Promise<void> {
    const suspects = [...this.followed.values()].filter((f) => f.cursor !== '0-0' || f.sent !== '0-0');
    if (suspects.length === 0) return;
    const p = this.cmd!.redis.pipeline();
    for (const f of suspects) p.xrevrange(this.keys.incident(f.id), '+', '-', 'COUNT', 1);
    const results = (await p.exec()) ?? [];
    suspects.forEach((f, i) => {
      const [err, entries] = results[i] ?? [];
      if (err) throw err;
      const last = (entries as StreamEntry[] | undefined)?.[0]?.[0] ?? '0-0';
      const seen = compareStreamIds(f.cursor, f.sent) > 0 ? f.cursor : f.sent;
      if (compareStreamIds(last, seen) >= 0) return;
      this.opts.onProblem?.(`the share server ${this.where} no longer holds all of incident ${f.id}: publishing it again`);
      f.cursor = '0-0';
      f.sent = '0-0';
      f.published = 0;
      f.announced = false;
      f.onStream.clear();
      this.generation++;
    });
  }

  // --- receiving ----------------------------------------------------------------------------

  private async readLoop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!this.online) await this.goOnline();
        failures = 0;
        await this.readRound(this.opts.blockMs ?? 1000);
      } catch (err) {
        if (this.stopped) return;
        // A refused password or certificate is retried too (slowly): it may be fixed on the server.
        this.setOffline(err);
        this.disconnect();
        failures++;
        // Backoff with jitter, at most 5 s: a restarted server is found again quickly, a dead one not hammered.
        const delay = Math.min(5000, 200 * 2 ** Math.min(failures - 1, 5)) * (0.75 + Math.random() / 2);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  }

  private async readUntilCaughtUp(): Promise<void> {
    while (await this.readRound(undefined)) {
      /* until a round brings nothing */
    }
  }

  /** One XREAD over the incidents stream and every followed incident; returns whether anything came. */
  private async readRound(blockMs: number | undefined): Promise<boolean> {
    const streams = [this.keys.incidents, ...[...this.followed.values()].map((f) => this.keys.incident(f.id))];
    const cursors = [this.state.ids, ...[...this.followed.values()].map((f) => f.cursor)];
    const args: Array<string | number> = ['COUNT', READ_COUNT];
    if (blockMs !== undefined) args.push('BLOCK', blockMs);
    const redis = (blockMs !== undefined ? this.block : this.cmd)!.redis;
    const generation = this.generation;
    const reply = (await redis.call('XREAD', ...args, 'STREAMS', ...streams, ...cursors)) as StreamReply | null;
    // Read with cursors of a lost server: read again from the start instead.
    if (!reply || generation !== this.generation) return false;
    let any = false;
    for (const [key, entries] of normaliseReply(reply)) {
      if (entries.length === 0) continue;
      any = true;
      if (key === this.keys.incidents) this.receiveIds(entries);
      else {
        const id = key.slice(this.keys.incident('').length);
        const f = this.followed.get(id);
        if (f) this.receiveEvents(f, entries);
      }
    }
    if (any) this.saveSoon();
    return any;
  }

  private receiveIds(entries: StreamEntry[]): void {
    for (const [entryId, fields] of entries) {
      this.state.ids = entryId;
      const id = field(fields, 'id');
      if (id === undefined) continue;
      if (this.opts.incidents && !this.opts.incidents.includes(id)) continue;
      if (this.followed.has(id)) continue;
      if (typeof id !== 'string') continue;
      try {
        this.opts.store.timelinePath(id); // the store's id rules: no path tricks from the server
      } catch {
        this.counts.rejected++;
        this.opts.onProblem?.(`ignored an incident id from the share server that is not a valid id: ${JSON.stringify(id.slice(0, 80))}`);
        continue;
      }
      // Announced by whoever declared it: not announced again from here.
      this.follow(id).announced = true;
    }
  }

  private receiveEvents(f: Followed, entries: StreamEntry[]): void {
    this.scanLocal(f, true);
    const fresh: IncidentEvent[] = [];
    for (const [entryId, fields] of entries) {
      f.cursor = entryId;
      const line = field(fields, 'e');
      let parsed: ReturnType<typeof parseEvent>;
      try {
        parsed = parseEvent(JSON.parse(line ?? ''));
      } catch {
        parsed = { ok: false, message: 'not JSON' };
      }
      if (!parsed.ok) {
        this.counts.rejected++;
        this.opts.onProblem?.(`incident ${f.id}: a remote event (stream entry ${entryId}) is not valid and was not written: ${parsed.message}`);
        continue;
      }
      const e = parsed.event;
      f.onStream.add(e.id);
      if (f.known.has(e.id)) {
        this.counts.skipped++;
        continue;
      }
      f.known.add(e.id);
      fresh.push(e);
    }
    if (fresh.length === 0) return;
    const isNew = !this.opts.store.exists(f.id);
    const file = this.opts.store.timelinePath(f.id);
    const before = isNew ? 0 : sizeOf(file);
    try {
      this.opts.store.appendReceived(f.id, fresh);
    } catch (err) {
      for (const e of fresh) f.known.delete(e.id);
      this.counts.rejected += fresh.length;
      this.opts.onProblem?.(`incident ${f.id}: ${fresh.length} remote event(s) could not be written: ${(err as Error).message}`);
      return;
    }
    if (isNew) {
      this.counts.newIncidents.push(f.id);
      this.watchIncident(f.id);
    }
    this.counts.received += fresh.length;
    // The file grew by exactly our lines (no other writer in between): they are known and on the
    // server, so neither the scan nor the next publish pass need read them back.
    const ours = fresh.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)) + 1, 0);
    if (sizeOf(file) === before + ours) {
      if (f.scanned === before) f.scanned = before + ours;
      if (f.published === before) f.published = before + ours;
    }
    this.scanLocal(f, false);
    for (const e of fresh) this.opts.onEvent?.(f.id, e, 'remote');
  }

  // --- publishing ---------------------------------------------------------------------------

  /**
   * Something changed on disk: one incident's file (a file event), or anything (the poll, a nudge,
   * the incidents folder). Coalesced: a burst of file events is one pass.
   */
  private localChanged(id?: string): void {
    if (this.stopped) return;
    if (id === undefined) this.dirty = 'all';
    else if (this.dirty === undefined) this.dirty = new Set([id]);
    else if (this.dirty !== 'all') this.dirty.add(id);
    if (this.dirtyScheduled) return;
    this.dirtyScheduled = true;
    setImmediate(() => {
      this.dirtyScheduled = false;
      const dirty = this.dirty;
      this.dirty = undefined;
      if (this.stopped || !dirty) return;
      if (dirty === 'all' && !this.opts.incidents) this.scanLocalIncidents();
      for (const f of this.followed.values()) if (dirty === 'all' || dirty.has(f.id)) this.scanLocal(f, true);
      if (this.online) this.schedulePublish();
    });
  }
  private dirty?: Set<string> | 'all';
  private dirtyScheduled = false;

  private schedulePublish(): void {
    if (this.publishing) {
      this.publishAgain = true;
      return;
    }
    this.publishing = (async () => {
      do {
        this.publishAgain = false;
        try {
          await this.publishAll();
        } catch (err) {
          this.publishAgain = false;
          if (this.stopped) break;
          // The server answered with a refusal (an ACL without XADD, a full server): say so, once
          // per message, and try again at the next change; the connection itself is fine.
          if ((err as Error)?.name === 'ReplyError') this.problemOnce(this.describe(err));
          // Otherwise the connection went: the read loop reconnects, and publishing resumes then.
          else this.setOffline(err);
        }
      } while (this.publishAgain && !this.stopped && this.online);
    })().finally(() => (this.publishing = undefined));
  }

  private async publishAll(): Promise<void> {
    if (!this.opts.incidents) this.scanLocalIncidents();
    for (const f of this.followed.values()) await this.publish(f);
  }

  /** Sends the local lines past `published` that the server does not have; advances only on success. */
  private async publish(f: Followed): Promise<void> {
    const file = this.opts.store.timelinePath(f.id);
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size <= f.published) {
      if (size < f.published) f.published = 0; // the file was replaced (restored from git): send it again
      return;
    }
    const generation = this.generation;
    const { lines, end } = readLines(file, f.published);
    const redis = this.cmd!.redis;
    const key = this.keys.incident(f.id);
    let batch = redis.pipeline();
    let queued = 0;
    const sent: string[] = [];
    for (const { text } of lines) {
      let id: string;
      try {
        const parsed = parseEvent(JSON.parse(text));
        if (!parsed.ok) continue; // the store reports invalid lines; they are not sent either
        id = parsed.event.id;
      } catch {
        continue;
      }
      if (f.onStream.has(id)) continue;
      batch.xadd(key, '*', 'e', text);
      sent.push(id);
      if (++queued === PUBLISH_BATCH) {
        f.sent = lastId(await execPipeline(batch), f.sent);
        batch = redis.pipeline();
        queued = 0;
      }
    }
    if (queued) f.sent = lastId(await execPipeline(batch), f.sent);
    // The server lost its data meanwhile: everything goes again from the start.
    if (generation !== this.generation) return;
    if (!f.announced) {
      await redis.xadd(this.keys.incidents, '*', 'id', f.id);
      f.announced = true;
    }
    for (const id of sent) f.onStream.add(id);
    this.counts.published += sent.length;
    f.published = end;
    // Ids before `published` are on the server for good: the set need only cover the rest.
    if (f.onStream.size > 10_000) f.onStream.clear();
    this.saveSoon();
  }

  // --- local files --------------------------------------------------------------------------

  private follow(id: string): Followed {
    let f = this.followed.get(id);
    if (f) return f;
    const saved = this.state.incidents[id];
    f = {
      id,
      cursor: saved?.cursor ?? '0-0',
      published: saved?.published ?? 0,
      announced: saved?.announced ?? false,
      sent: saved?.sent ?? '0-0',
      known: new Set(),
      scanned: 0,
      onStream: new Set(),
    };
    this.followed.set(id, f);
    this.scanLocal(f, false);
    this.watchIncident(id);
    return f;
  }

  /** New incident folders (declared here or by another process) are followed too. */
  private scanLocalIncidents(): void {
    const dir = this.opts.store.dir;
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || this.followed.has(entry.name) || entry.name === STATE_FOLDER) continue;
      if (!existsSync(join(dir, entry.name, TIMELINE_FILE))) continue;
      try {
        this.opts.store.timelinePath(entry.name);
      } catch {
        continue;
      }
      this.follow(entry.name);
    }
  }

  /** Reads the file's new complete lines into `known`; with `report`, tells about lines written here. */
  private scanLocal(f: Followed, report: boolean): void {
    const file = this.opts.store.timelinePath(f.id);
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size < f.scanned) {
      f.scanned = 0;
      f.known.clear();
    }
    if (size === f.scanned) return;
    const { lines, end } = readLines(file, f.scanned);
    f.scanned = end;
    for (const { text } of lines) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        continue;
      }
      const id = (value as { id?: unknown })?.id;
      if (typeof id !== 'string' || f.known.has(id)) continue;
      f.known.add(id);
      if (!report || f.onStream.has(id) || !this.opts.onEvent) continue;
      const parsed = parseEvent(value);
      if (parsed.ok) this.opts.onEvent(f.id, parsed.event, 'local');
    }
  }

  private watchFiles(): void {
    const dir = this.opts.store.dir;
    if (!this.opts.incidents && existsSync(dir) && !this.watchers.has('')) {
      try {
        const w = watch(dir, () => this.localChanged());
        w.on('error', () => w.close());
        this.watchers.set('', w);
      } catch {
        // No file events here (some network file systems): the poll still finds new incidents.
      }
    }
    for (const id of this.followed.keys()) this.watchIncident(id);
  }

  private watchIncident(id: string): void {
    if (this.stopped || !this.watching || this.watchers.has(id)) return;
    const folder = join(this.opts.store.dir, id);
    if (!existsSync(folder)) return;
    try {
      const w = watch(folder, (_event, name) => {
        if (name === null || name === TIMELINE_FILE) this.localChanged(id);
      });
      w.on('error', () => w.close());
      this.watchers.set(id, w);
    } catch {
      // The poll covers it.
    }
  }

  // --- presence -----------------------------------------------------------------------------

  private async presenceTick(): Promise<void> {
    if (!this.online || !this.cmd || this.stopped) return;
    try {
      const redis = this.cmd.redis;
      const value = JSON.stringify({ actor: this.opts.actor, via: this.opts.via, since: this.since });
      const ttl = this.opts.presenceTtlSec ?? 30;
      const ids = [...this.presenceOn];
      if (ids.length) {
        const p = redis.pipeline();
        for (const id of ids) p.set(this.keys.presence(id, this.opts.actor), value, 'EX', ttl);
        await execPipeline(p);
      }
      // A flush while we stayed connected: found here rather than at the next reconnect.
      const epoch = await redis.get(this.keys.epoch);
      if (epoch !== this.state.epoch) {
        await this.checkEpoch();
        this.schedulePublish();
      }
    } catch (err) {
      if (!this.stopped) this.setOffline(err);
    }
  }

  // --- state on disk ------------------------------------------------------------------------

  private loadState(server: string): Persisted {
    const fresh: Persisted = { server, ids: '0-0', incidents: {} };
    try {
      const s = JSON.parse(readFileSync(this.stateFile, 'utf8')) as Persisted;
      if (s && s.server === server && typeof s.ids === 'string' && s.incidents && typeof s.incidents === 'object') return s;
    } catch {
      // Missing or unreadable: start from the beginning (receiving skips what we have).
    }
    return fresh;
  }

  private saveSoon(): void {
    if (this.saveTimer) return;
    // Batched: a burst of events writes the file once. A crash loses at most this much progress,
    // which only means reading a few events again (skipped by id).
    this.saveTimer = setTimeout(() => this.saveNow(), 200);
  }

  private saveNow(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    for (const f of this.followed.values()) this.state.incidents[f.id] = { cursor: f.cursor, published: f.published, announced: f.announced, sent: f.sent };
    const dir = join(this.opts.store.dir, STATE_FOLDER);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // The cursors are per machine: never committed.
      const ignore = join(dir, '.gitignore');
      if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
      const tmp = `${this.stateFile}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(this.state) + '\n', { mode: 0o600 });
      renameSync(tmp, this.stateFile);
    } catch (err) {
      this.opts.onProblem?.(`cannot save the share's progress in ${dir}: ${(err as Error).message}`);
    }
  }
}

type StreamEntry = [string, string[]];
type StreamReply = Array<[string, StreamEntry[]]> | Array<string | StreamEntry[]> | Record<string, StreamEntry[]>;

/**
 * XREAD's reply: RESP2 gives pairs (`[[key, entries]…]`); over RESP3 (ioredis 6 says HELLO 3) it is
 * a map, which ioredis hands over flat (`[key, entries, key, entries…]`) or, in some versions, as an object.
 */
function normaliseReply(reply: StreamReply): Array<[string, StreamEntry[]]> {
  if (!Array.isArray(reply)) return Object.entries(reply);
  if (reply.length === 0 || Array.isArray(reply[0])) return reply as Array<[string, StreamEntry[]]>;
  const out: Array<[string, StreamEntry[]]> = [];
  for (let i = 0; i + 1 < reply.length; i += 2) out.push([String(reply[i]), reply[i + 1] as StreamEntry[]]);
  return out;
}

function field(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

async function execPipeline(p: ReturnType<Redis['pipeline']>): Promise<unknown[]> {
  const results = await p.exec();
  for (const [err] of results ?? []) if (err) throw err;
  return (results ?? []).map(([, value]) => value);
}

/** The greatest stream id among XADD replies and `than`. */
function lastId(replies: unknown[], than: string): string {
  let max = than;
  for (const r of replies) if (typeof r === 'string' && compareStreamIds(r, max) > 0) max = r;
  return max;
}

/** Stream ids (`<ms>-<seq>`) in order; they outgrow a double's exact range only in the year 287,000. */
export function compareStreamIds(a: string, b: string): number {
  const [am, as = 0] = a.split('-').map(Number);
  const [bm, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

/** Complete lines from byte `from` to the end (a torn last line waits for its end). */
function readLines(file: string, from: number): { lines: Array<{ text: string }>; end: number } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size <= from) return { lines: [], end: from };
    const buf = Buffer.alloc(size - from);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    const last = buf.lastIndexOf(0x0a, got - 1);
    if (last < 0) return { lines: [], end: from };
    const text = buf.subarray(0, last + 1).toString('utf8');
    const lines: Array<{ text: string }> = [];
    for (const raw of text.split('\n')) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim()) lines.push({ text: line });
    }
    return { lines, end: from + last + 1 };
  } finally {
    closeSync(fd);
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return -1;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timed out')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

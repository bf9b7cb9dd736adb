// An incident's state is a pure fold over its timeline: no I/O, no clock. Status messages,
// post-mortems, the tree views and the CLI all read this one shape.
import type { CellRunRecord, IncidentEvent, IncidentStatus, NoteKind, SeverityId } from './events';
import type { z } from 'zod';
import type { AlertReceivedData } from './events';
import { applicableChecklist, checklistItem, type ChecklistPhase } from './checklists';
import { incidentId, slackChannel, slugify } from './naming';

/** Who did something, and when (ISO UTC). */
export interface Stamp {
  /** The event's id. */
  eventId: string;
  ts: string;
  actor: string;
}

export interface IncidentNote extends Stamp {
  kind: NoteKind;
  text: string;
  /** Action items: who owns it and when it is due (a date or ISO timestamp). */
  owner?: string;
  due?: string;
}

export interface Transition<T> extends Stamp {
  /** Absent for the value set at declaration. */
  from?: T;
  to: T;
  reason?: string;
}

export interface ChecklistEntry {
  id: string;
  phase: ChecklistPhase;
  text: string;
  done: boolean;
  /** False for an item ticked earlier that no longer applies (severity lowered, tag removed): kept, not hidden. */
  applies: boolean;
  /** The last toggle. */
  toggled?: Stamp;
}

export interface HealthReading extends Stamp {
  check: string;
  status: string;
  detail?: string;
  latencyMs?: number;
}

export interface GeneratedMessage extends Stamp {
  kind: string;
  template?: string;
  text?: string;
  path?: string;
}

export interface GeneratedPostmortem extends Stamp {
  path?: string;
  template?: string;
}

export type ReceivedAlert = Stamp & z.infer<typeof AlertReceivedData>;

/** A parameter or captured variable's current value, and who set it when. */
export interface IncidentValue extends Stamp {
  value: string;
  /** params: `alert`, `user`, `cli`; variables: `capture`. */
  source: string;
  /** A captured value masked on the timeline (it looked secret): shown, never used. */
  masked?: boolean;
}

export interface IncidentState {
  /** The folder name, `<YYYY-MM-DD>-<slug>`. */
  id: string;
  slug: string;
  title: string;
  summary?: string;
  severity: SeverityId;
  status: IncidentStatus;
  commander?: string;
  declaredAt: string;
  declaredBy: string;
  /** When the problem began, if known (the alert's `startsAt`); at or before `declaredAt`. */
  detectedAt?: string;
  /** Alerts received for this incident, oldest first. */
  alerts: ReceivedAlert[];
  /** Runbook parameters (`<namespace>`) set for the incident, the latest value of each. */
  params: Record<string, IncidentValue>;
  /** Values cells captured (`capture=NAME`), the latest of each. */
  variables: Record<string, IncidentValue>;
  /** Set while resolved; cleared by a reopen. */
  resolvedAt?: string;
  /** The first piece of work after the declaration (status change, note, checklist tick, cell run, message, commander). */
  respondedAt?: string;
  reopenCount: number;
  tags: string[];
  slackChannel: string;
  notes: IncidentNote[];
  /** The checklist for the current severity and tags, in the guide's order. */
  checklist: ChecklistEntry[];
  statusHistory: Transition<IncidentStatus>[];
  severityHistory: Transition<SeverityId>[];
  commanderHistory: Transition<string>[];
  cellRuns: Array<Stamp & CellRunRecord>;
  /** The latest reading per check. */
  health: Record<string, HealthReading>;
  messages: GeneratedMessage[];
  /** When the last status message was generated: the update clock counts from here. */
  lastUpdateAt?: string;
  postmortems: GeneratedPostmortem[];
  lastEventAt: string;
  /**
   * Every event in fold order (see `foldOrder`): the file's order when it is already sorted, which
   * one writer's file is; a repeated event id (a line duplicated by a merge or a resend) is kept once.
   */
  events: IncidentEvent[];
  /** Events the fold could not make sense of (a second declaration, no declaration…). */
  problems: string[];
}

const WORK_EVENTS = new Set<IncidentEvent['type']>([
  'status_changed',
  'note_added',
  'checklist_toggled',
  'cell_run',
  'message_generated',
  'commander_assigned',
]);

/**
 * Folds a timeline into the incident's state. `id` defaults to `<date>-<slug>`. The events may come
 * in any order and repeated (a shared timeline receives them as the network delivers, a `git merge
 * =union` interleaves and duplicates lines): they are folded in `foldOrder`, so every machine holding
 * the same events gets the same state, and concurrent changes of status, severity or commander are
 * settled by that order (the last one wins).
 */
export function foldIncident(all: readonly IncidentEvent[], id?: string): IncidentState {
  const problems: string[] = [];
  const events = inFoldOrder(uniqueEvents(all, problems));
  const first = events[0];
  const s: IncidentState = {
    id: id ?? '',
    slug: '',
    title: id ?? 'Untitled incident',
    severity: 'P3',
    status: 'investigating',
    declaredAt: first?.ts ?? new Date(0).toISOString(),
    declaredBy: first?.actor ?? 'unknown',
    reopenCount: 0,
    alerts: [],
    params: {},
    variables: {},
    tags: [],
    slackChannel: '',
    notes: [],
    checklist: [],
    statusHistory: [],
    severityHistory: [],
    commanderHistory: [],
    cellRuns: [],
    health: {},
    messages: [],
    postmortems: [],
    lastEventAt: first?.ts ?? new Date(0).toISOString(),
    events: events as IncidentEvent[],
    problems,
  };
  const toggles = new Map<string, { done: boolean; stamp: Stamp }>();
  let declared = false;

  // Objects are built field by field, not with spreads: this loop runs over 100,000-event timelines.
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const stamp: Stamp = { eventId: e.id, ts: e.ts, actor: e.actor };
    s.lastEventAt = e.ts;
    if (declared && !s.respondedAt && WORK_EVENTS.has(e.type)) s.respondedAt = e.ts;
    switch (e.type) {
      case 'declared': {
        if (declared) {
          problems.push(`event ${e.id}: a second 'declared' event was ignored`);
          break;
        }
        declared = true;
        const d = e.data;
        s.title = d.title;
        s.summary = d.summary;
        s.slug = d.slug ?? slugify(d.title);
        s.severity = d.severity;
        s.declaredAt = e.ts;
        s.declaredBy = e.actor;
        if (d.detectedAt) s.detectedAt = new Date(d.detectedAt).toISOString();
        s.tags = d.tags ? [...new Set(d.tags)] : [];
        s.statusHistory.push(transition(stamp, undefined, 'investigating'));
        s.severityHistory.push(transition(stamp, undefined, d.severity));
        if (d.commander) {
          s.commander = d.commander;
          s.commanderHistory.push(transition(stamp, undefined, d.commander));
        }
        break;
      }
      case 'severity_changed':
        if (e.data.severity === s.severity) break;
        s.severityHistory.push(transition(stamp, s.severity, e.data.severity, e.data.reason));
        s.severity = e.data.severity;
        break;
      case 'status_changed': {
        const to = e.data.status;
        if (to === s.status) break;
        if (s.status === 'resolved') {
          s.reopenCount++;
          s.resolvedAt = undefined;
        }
        if (to === 'resolved') s.resolvedAt = e.ts;
        s.statusHistory.push(transition(stamp, s.status, to, e.data.reason));
        s.status = to;
        break;
      }
      case 'commander_assigned':
        if (e.data.commander === s.commander) break;
        s.commanderHistory.push(transition(stamp, s.commander, e.data.commander));
        s.commander = e.data.commander;
        break;
      case 'tags_changed':
        s.tags = [...new Set(e.data.tags)];
        break;
      case 'note_added':
        s.notes.push({ eventId: e.id, ts: e.ts, actor: e.actor, kind: e.data.kind, text: e.data.text, owner: e.data.owner, due: e.data.due });
        break;
      case 'checklist_toggled':
        toggles.set(e.data.item, { done: e.data.done, stamp });
        break;
      case 'cell_run':
        s.cellRuns.push(cellRun(e.id, e.ts, e.actor, e.data));
        break;
      case 'health_changed':
        s.health[e.data.check] = { eventId: e.id, ts: e.ts, actor: e.actor, check: e.data.check, status: e.data.status, detail: e.data.detail, latencyMs: e.data.latencyMs };
        break;
      case 'message_generated':
        s.messages.push({ eventId: e.id, ts: e.ts, actor: e.actor, kind: e.data.kind, template: e.data.template, text: e.data.text, path: e.data.path });
        s.lastUpdateAt = e.ts;
        break;
      case 'postmortem_generated':
        s.postmortems.push({ eventId: e.id, ts: e.ts, actor: e.actor, path: e.data.path, template: e.data.template });
        break;
      case 'alert_received':
        s.alerts.push({ eventId: e.id, ts: e.ts, actor: e.actor, ...e.data });
        break;
      case 'params_set':
        for (const [name, value] of Object.entries(e.data.params)) {
          s.params[name] = { eventId: e.id, ts: e.ts, actor: e.actor, value, source: e.data.source };
        }
        break;
      case 'variable_captured':
        s.variables[e.data.name] = { eventId: e.id, ts: e.ts, actor: e.actor, value: e.data.value, source: 'capture', masked: e.data.masked };
        break;
    }
  }

  if (!declared) problems.unshift("the timeline has no 'declared' event");
  if (!s.slug) s.slug = slugify(s.title);
  if (!s.id) s.id = incidentId(s.declaredAt, s.slug);
  s.slackChannel = slackChannel(s.declaredAt, s.slug);
  s.checklist = buildChecklist(s.severity, s.tags, toggles);
  return s;
}

/**
 * The fold's order: the `declared` event first, then by event time, then by event id (so events
 * written in the same millisecond on two machines still fold the same way everywhere).
 */
export function foldOrder(a: IncidentEvent, b: IncidentEvent): number {
  const ad = a.type === 'declared';
  if (ad !== (b.type === 'declared')) return ad ? -1 : 1;
  return compareTs(a.ts, b.ts) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * ISO times of one shape (what the store writes) compare as strings; others (another precision:
 * milliseconds from older files, microseconds from the store, seconds from elsewhere) as instants,
 * to the microsecond. Equal instants of different spellings fall through to the id.
 */
function compareTs(a: string, b: string): number {
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b) || subMillisecond(a) - subMillisecond(b);
}

/** The microseconds within the millisecond that `Date.parse` drops (`.123456Z` → 456). */
function subMillisecond(ts: string): number {
  const fraction = /\.(\d+)/.exec(ts)?.[1] ?? '';
  return Number(fraction.slice(3, 6).padEnd(3, '0'));
}

/** Sorts only when something is out of order: one writer's file is sorted already, and 100,000 events fold often. */
function inFoldOrder(events: readonly IncidentEvent[]): readonly IncidentEvent[] {
  for (let i = 1; i < events.length; i++) {
    if (foldOrder(events[i - 1], events[i]) > 0) return [...events].sort(foldOrder);
  }
  return events;
}

/** Drops events whose id was seen earlier (a `git merge` can duplicate a line); copies only when it must. */
function uniqueEvents(events: readonly IncidentEvent[], problems: string[]): readonly IncidentEvent[] {
  const seen = new Set<string>();
  let out: IncidentEvent[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (!seen.has(e.id)) {
      seen.add(e.id);
      out?.push(e);
      continue;
    }
    out ??= events.slice(0, i);
    problems.push(`event ${e.id}: a repeated event (same id, e.g. a line duplicated by a merge) was ignored`);
  }
  return out ?? events;
}

function transition<T>(stamp: Stamp, from: T | undefined, to: T, reason?: string): Transition<T> {
  return { eventId: stamp.eventId, ts: stamp.ts, actor: stamp.actor, from, to, reason };
}

function cellRun(eventId: string, ts: string, actor: string, d: CellRunRecord): Stamp & CellRunRecord {
  const run: Stamp & CellRunRecord = {
    eventId,
    ts,
    actor,
    runbook: d.runbook,
    cellIndex: d.cellIndex,
    cellName: d.cellName,
    executor: d.executor,
    classification: d.classification,
    command: d.command,
    status: d.status,
    exitCode: d.exitCode,
    durationMs: d.durationMs,
    outputExcerpt: d.outputExcerpt,
  };
  if (d.params) run.params = d.params;
  if (d.log) run.log = d.log;
  if (d.captured) run.captured = d.captured;
  return run;
}

function buildChecklist(severity: SeverityId, tags: string[], toggles: Map<string, { done: boolean; stamp: Stamp }>): ChecklistEntry[] {
  const entries: ChecklistEntry[] = applicableChecklist(severity, tags).map((item) => {
    const t = toggles.get(item.id);
    return { id: item.id, phase: item.phase, text: item.text, done: t?.done ?? false, applies: true, toggled: t?.stamp };
  });
  const listed = new Set(entries.map((e) => e.id));
  for (const [id, t] of toggles) {
    if (listed.has(id) || !t.done) continue;
    const item = checklistItem(id);
    // An unknown id (a newer version's item, a typo from the CLI) is still shown: nothing recorded is hidden.
    entries.push({ id, phase: item?.phase ?? 'resolution', text: item?.text ?? id, done: true, applies: false, toggled: t.stamp });
  }
  return entries;
}

export function isOpen(state: Pick<IncidentState, 'status'>): boolean {
  return state.status !== 'resolved';
}

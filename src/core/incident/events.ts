// The incident timeline's vocabulary: one zod schema per event type. A `timeline.jsonl` line is
// `{id, ts, actor, type, data}`; anything that does not match is reported by the store, never folded.
import { z } from 'zod';

export const SEVERITY_IDS = ['P0', 'P1', 'P2', 'P3'] as const;
export type SeverityId = (typeof SEVERITY_IDS)[number];
export const SeveritySchema = z.enum(SEVERITY_IDS);

/** The guide's lifecycle. Leaving `resolved` is a reopen. */
export const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof STATUSES)[number];
export const StatusSchema = z.enum(STATUSES);

export const NOTE_KINDS = ['note', 'finding', 'action'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

/** A calendar date (`2024-05-01`) or a full ISO timestamp. */
const DueSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'expected a date (YYYY-MM-DD) or an ISO timestamp' });
const Text = z.string().trim().min(1);
const Tags = z.array(z.string().trim().toLowerCase().min(1));

export const DeclaredData = z.object({
  title: Text,
  /** The folder's slug, so the Slack channel name survives a renamed folder. */
  slug: z.string().optional(),
  severity: SeveritySchema,
  commander: z.string().trim().min(1).optional(),
  tags: Tags.optional(),
  summary: z.string().optional(),
  /** When the problem began (an alert's `startsAt`), if known: earlier than the declaration. */
  detectedAt: z.iso.datetime({ offset: true }).optional(),
});

export const SeverityChangedData = z.object({ severity: SeveritySchema, reason: z.string().optional() });
export const StatusChangedData = z.object({ status: StatusSchema, reason: z.string().optional() });
export const CommanderAssignedData = z.object({ commander: Text });
export const TagsChangedData = z.object({ tags: Tags });

export const NoteAddedData = z.object({
  text: Text,
  kind: z.enum(NOTE_KINDS).default('note'),
  owner: z.string().trim().min(1).optional(),
  due: DueSchema.optional(),
});

export const ChecklistToggledData = z.object({ item: Text, done: z.boolean() });

/**
 * The timeline's record of one cell run (a `CellRun` from src/core/exec, cut down to what the
 * timeline keeps). `command` and `outputExcerpt` arrive already masked.
 */
export const CellRunRecord = z.object({
  runbook: z.string(),
  cellIndex: z.number().int().nonnegative(),
  cellName: z.string().nullable().optional(),
  executor: z.string(),
  classification: z.string(),
  command: z.string(),
  status: z.string(),
  exitCode: z.number().int().nullable().optional(),
  durationMs: z.number().nonnegative(),
  outputExcerpt: z.string(),
  /** The parameters the cell was run with (`<namespace>` → `payments`), masked. */
  params: z.record(z.string(), z.string()).optional(),
  /** The run's whole output, relative to the incident's folder (`runs/<event-id>.log`). */
  log: z.string().optional(),
  /** What the cell's `capture=NAME` stored, masked. */
  captured: z.record(z.string(), z.string()).optional(),
});
export type CellRunRecord = z.infer<typeof CellRunRecord>;

export const HealthChangedData = z.object({
  check: Text,
  status: Text,
  detail: z.string().optional(),
  latencyMs: z.number().nonnegative().optional(),
});

export const MessageGeneratedData = z.object({
  /** e.g. `status-page`, `slack`, `resolution`. */
  kind: Text,
  template: z.string().optional(),
  text: z.string().optional(),
  path: z.string().optional(),
});

/**
 * The alert an incident was started from (or that fired again), normalised from whichever format
 * it came in (src/core/alerts): masked before it is written like every typed text.
 */
export const AlertReceivedData = z.object({
  /** `alertmanager-webhook`, `alertmanager`, `prometheus`, `grafana`, `grafana-legacy`, `uri`. */
  format: z.string(),
  alertname: Text,
  status: z.string().optional(),
  labels: z.record(z.string(), z.string()).default({}),
  annotations: z.record(z.string(), z.string()).default({}),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  fingerprint: z.string().optional(),
  generatorURL: z.string().optional(),
  /** The runbook it matched, relative to the workspace, and how it was found. */
  runbook: z.string().optional(),
  matchedBy: z.string().optional(),
});

/** Runbook parameters (`<namespace>`) set for the incident: from an alert's labels, a person or `--param`. */
export const ParamsSetData = z.object({
  params: z.record(z.string(), z.string()),
  source: z.enum(['alert', 'user', 'cli']),
});

/** A value a cell's `capture=NAME` stored, for the incident's later cells (`$NAME`). Masked when it looks secret. */
export const VariableCapturedData = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a variable name (letters, digits, _)'),
  value: z.string(),
  /** Set when the value was masked: later runs cannot use it from the timeline. */
  masked: z.boolean().optional(),
  runbook: z.string().optional(),
  cellIndex: z.number().int().nonnegative().optional(),
});

export const PostmortemGeneratedData = z.object({ path: z.string().optional(), template: z.string().optional() });

const envelope = {
  id: z.string().min(1),
  ts: z.iso.datetime(),
  actor: z.string().min(1),
};

function eventOf<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.object({ ...envelope, type: z.literal(type), data });
}

export const IncidentEventSchema = z.discriminatedUnion('type', [
  eventOf('declared', DeclaredData),
  eventOf('severity_changed', SeverityChangedData),
  eventOf('status_changed', StatusChangedData),
  eventOf('commander_assigned', CommanderAssignedData),
  eventOf('tags_changed', TagsChangedData),
  eventOf('note_added', NoteAddedData),
  eventOf('checklist_toggled', ChecklistToggledData),
  eventOf('cell_run', CellRunRecord),
  eventOf('health_changed', HealthChangedData),
  eventOf('message_generated', MessageGeneratedData),
  eventOf('postmortem_generated', PostmortemGeneratedData),
  eventOf('alert_received', AlertReceivedData),
  eventOf('params_set', ParamsSetData),
  eventOf('variable_captured', VariableCapturedData),
]);

export type IncidentEvent = z.infer<typeof IncidentEventSchema>;
export type IncidentEventType = IncidentEvent['type'];
/** What a caller supplies to append; the store adds `id`, `ts` and `actor` when missing. */
export type NewEvent = { [T in IncidentEventType]: { type: T; data: z.input<(typeof dataSchemas)[T]> } }[IncidentEventType];

export const dataSchemas = {
  declared: DeclaredData,
  severity_changed: SeverityChangedData,
  status_changed: StatusChangedData,
  commander_assigned: CommanderAssignedData,
  tags_changed: TagsChangedData,
  note_added: NoteAddedData,
  checklist_toggled: ChecklistToggledData,
  cell_run: CellRunRecord,
  health_changed: HealthChangedData,
  message_generated: MessageGeneratedData,
  postmortem_generated: PostmortemGeneratedData,
  alert_received: AlertReceivedData,
  params_set: ParamsSetData,
  variable_captured: VariableCapturedData,
} as const;

/** Validates one event; the message names the field that is wrong. */
export function parseEvent(value: unknown): { ok: true; event: IncidentEvent } | { ok: false; message: string } {
  const result = IncidentEventSchema.safeParse(value);
  if (result.success) return { ok: true, event: result.data };
  return { ok: false, message: formatZodError(result.error) };
}

export function formatZodError(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

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

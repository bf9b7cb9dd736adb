// Severity levels as the incident response guide defines them, overridable per team (settings,
// CLI). Overrides are validated here so a typo in settings gives a message, not a broken clock.
import { z } from 'zod';
import { SEVERITY_IDS, type SeverityId, formatZodError } from './events';

/** How soon someone must respond: minutes, or "next business day" (end of it, UTC). */
export type ResponseTarget = { minutes: number } | { businessDays: number };

export interface SeverityDefinition {
  id: SeverityId;
  name: string;
  /** The guide's heading tag, e.g. "Immediate Response". */
  urgency: string;
  definition: string;
  examples: string[];
  responseTarget: ResponseTarget;
  /** As the guide words it, e.g. "Immediate (5 minutes)". */
  responseLabel: string;
  /** Who to notify. */
  notify: string;
  /** Status updates are due this often while open; absent = no cadence. */
  updateEveryMinutes?: number;
}

export type SeverityTable = Record<SeverityId, SeverityDefinition>;

export const DEFAULT_SEVERITIES: SeverityTable = {
  P0: {
    id: 'P0',
    name: 'Critical',
    urgency: 'Immediate Response',
    definition: 'Complete service outage or security breach',
    examples: ['Production database down', 'Complete API failure', 'Security breach detected', 'Data loss'],
    responseTarget: { minutes: 5 },
    responseLabel: 'Immediate (5 minutes)',
    notify: 'Immediate notification to all stakeholders',
    updateEveryMinutes: 30,
  },
  P1: {
    id: 'P1',
    name: 'High',
    urgency: 'Urgent Response',
    definition: 'Major functionality broken, affecting many users',
    examples: ['Authentication failing', 'Payment processing down', 'Critical API endpoints failing', 'High error rate (>5%)'],
    responseTarget: { minutes: 30 },
    responseLabel: '30 minutes',
    notify: 'Notify engineering team and management',
    updateEveryMinutes: 30,
  },
  P2: {
    id: 'P2',
    name: 'Medium',
    urgency: 'Scheduled Response',
    definition: 'Non-critical functionality impaired',
    examples: ['Single feature not working', 'Performance degradation', 'Non-critical API errors'],
    responseTarget: { minutes: 240 },
    responseLabel: '4 hours',
    notify: 'Notify engineering team',
  },
  P3: {
    id: 'P3',
    name: 'Low',
    urgency: 'Routine Response',
    definition: 'Minor issues, no user impact',
    examples: ['Cosmetic bugs', 'Logging issues', 'Minor performance issues'],
    responseTarget: { businessDays: 1 },
    responseLabel: 'Next business day',
    notify: 'Create ticket, no immediate notification',
  },
};

const ResponseTargetSchema = z.union([
  z.object({ minutes: z.number().positive() }).strict(),
  z.object({ businessDays: z.number().int().positive() }).strict(),
]);

const SeverityOverrideSchema = z
  .object({
    name: z.string().min(1),
    urgency: z.string(),
    definition: z.string().min(1),
    examples: z.array(z.string()),
    responseTarget: ResponseTargetSchema,
    responseLabel: z.string(),
    notify: z.string(),
    // null removes the default cadence (e.g. a team that does not post P1 updates).
    updateEveryMinutes: z.number().positive().nullable(),
  })
  .partial()
  .strict();

export const SeverityOverridesSchema = z.partialRecord(z.enum(SEVERITY_IDS), SeverityOverrideSchema);

/**
 * The guide's table with `overrides` merged in field by field. Invalid overrides are ignored as a
 * whole and described in `problems`, so the caller can show the message and keep working.
 */
export function resolveSeverities(overrides: unknown): { severities: SeverityTable; problems: string[] } {
  if (overrides === undefined || overrides === null) return { severities: DEFAULT_SEVERITIES, problems: [] };
  const parsed = SeverityOverridesSchema.safeParse(overrides);
  if (!parsed.success) {
    return { severities: DEFAULT_SEVERITIES, problems: [`severity overrides ignored: ${formatZodError(parsed.error)}`] };
  }
  const severities = { ...DEFAULT_SEVERITIES };
  for (const id of SEVERITY_IDS) {
    const o = parsed.data[id];
    if (!o) continue;
    const { updateEveryMinutes, ...rest } = o;
    const merged: SeverityDefinition = { ...severities[id], ...rest, id };
    if (updateEveryMinutes === null) delete merged.updateEveryMinutes;
    else if (updateEveryMinutes !== undefined) merged.updateEveryMinutes = updateEveryMinutes;
    severities[id] = merged;
  }
  return { severities, problems: [] };
}

export function isSeverityId(value: string): value is SeverityId {
  return (SEVERITY_IDS as readonly string[]).includes(value);
}

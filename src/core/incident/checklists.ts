// The guide's process as checklists: which steps apply to which severity, and the security-breach
// immediate actions for incidents tagged `security`. Item ids are stable: the timeline refers to them.
import type { SeverityId } from './events';

export const CHECKLIST_PHASES = ['assessment', 'communication', 'resolution', 'post-incident', 'security'] as const;
export type ChecklistPhase = (typeof CHECKLIST_PHASES)[number];

export const PHASE_TITLES: Record<ChecklistPhase, string> = {
  assessment: 'Initial Assessment (5 minutes)',
  communication: 'Communication',
  resolution: 'Resolution',
  'post-incident': 'Post-Incident',
  security: 'Security Breach: Immediate Actions',
};

export interface ChecklistItemDefinition {
  id: string;
  phase: ChecklistPhase;
  text: string;
  /** Severities the step applies to. */
  severities: readonly SeverityId[];
  /** The step applies only when the incident carries this tag. */
  tag?: string;
}

const ALL: readonly SeverityId[] = ['P0', 'P1', 'P2', 'P3'];
const URGENT: readonly SeverityId[] = ['P0', 'P1'];
const NOTIFIED: readonly SeverityId[] = ['P0', 'P1', 'P2'];

export const CHECKLIST: readonly ChecklistItemDefinition[] = [
  { id: 'assess.verify', phase: 'assessment', text: 'Verify the incident is real', severities: ALL },
  { id: 'assess.severity', phase: 'assessment', text: 'Determine severity level', severities: ALL },
  { id: 'assess.scope', phase: 'assessment', text: 'Check if issue is user-specific or system-wide', severities: ALL },
  { id: 'assess.findings', phase: 'assessment', text: 'Document initial findings', severities: ALL },

  { id: 'comm.oncall', phase: 'communication', text: 'Notify on-call engineer', severities: NOTIFIED },
  { id: 'comm.channel', phase: 'communication', text: 'Create incident Slack channel', severities: NOTIFIED },
  { id: 'comm.statuspage', phase: 'communication', text: 'Update status page (if user-facing)', severities: URGENT },
  { id: 'comm.stakeholders', phase: 'communication', text: 'Notify stakeholders based on severity', severities: NOTIFIED },
  // P3: "Create ticket, no immediate notification".
  { id: 'comm.ticket', phase: 'communication', text: 'Create a ticket', severities: ['P3'] },

  { id: 'resolve.fix', phase: 'resolution', text: 'Apply fix', severities: ALL },
  { id: 'resolve.staging', phase: 'resolution', text: 'Test fix in staging (if time permits)', severities: ALL },
  { id: 'resolve.deploy', phase: 'resolution', text: 'Deploy fix to production', severities: ALL },
  { id: 'resolve.smoke', phase: 'resolution', text: 'Verify resolution with smoke tests', severities: ALL },
  { id: 'resolve.monitor', phase: 'resolution', text: 'Monitor for 30 minutes', severities: NOTIFIED },

  { id: 'post.maintenance', phase: 'post-incident', text: 'Disable maintenance mode', severities: URGENT },
  { id: 'post.statuspage', phase: 'post-incident', text: 'Update status page', severities: URGENT },
  { id: 'post.stakeholders', phase: 'post-incident', text: 'Notify stakeholders of resolution', severities: NOTIFIED },
  { id: 'post.postmortem', phase: 'post-incident', text: 'Schedule post-mortem meeting (within 24-48 hours)', severities: URGENT },

  { id: 'security.evidence', phase: 'security', text: 'DO NOT delete evidence', severities: ALL, tag: 'security' },
  { id: 'security.isolate', phase: 'security', text: 'Isolate affected systems', severities: ALL, tag: 'security' },
  { id: 'security.rotate', phase: 'security', text: 'Rotate all secrets and API keys', severities: ALL, tag: 'security' },
  { id: 'security.logout', phase: 'security', text: 'Force logout all users', severities: ALL, tag: 'security' },
  { id: 'security.maintenance', phase: 'security', text: 'Enable maintenance mode', severities: ALL, tag: 'security' },
  { id: 'security.team', phase: 'security', text: 'Contact security team/consultant', severities: ALL, tag: 'security' },
  { id: 'security.users', phase: 'security', text: 'Notify affected users (if required by law)', severities: ALL, tag: 'security' },
];

const byId = new Map(CHECKLIST.map((item) => [item.id, item]));

export function checklistItem(id: string): ChecklistItemDefinition | undefined {
  return byId.get(id);
}

/** The steps that apply to an incident of this severity with these tags, in the guide's order. */
export function applicableChecklist(severity: SeverityId, tags: readonly string[]): ChecklistItemDefinition[] {
  return CHECKLIST.filter((item) => item.severities.includes(severity) && (!item.tag || tags.includes(item.tag)));
}

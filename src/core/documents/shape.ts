// What names a template may use, as data: the renderer checks every `{{tag}}` against this before
// rendering, because mustache itself prints an unknown name as nothing at all.
import type { IncidentVariables } from './variables';
import type { RunbookVariables } from './runbookVariables';

/** `true` for a value, an object for named fields, a one-element array for a list of that shape. */
export type Shape = true | readonly [Shape] | { readonly [name: string]: Shape };

/** The shape of `T`, checked by the compiler: a field added to the interface must be added here. */
export type ShapeOf<T> = T extends readonly (infer U)[] ? readonly [ShapeOf<U>] : T extends object ? { readonly [K in keyof T]-?: ShapeOf<NonNullable<T[K]>> } : true;

const entry = { time: true, text: true } as const;

export const INCIDENT_SHAPE: ShapeOf<IncidentVariables> = {
  incidentId: true,
  title: true,
  description: true,
  summary: true,
  services: true,
  servicesList: [true],
  severity: true,
  severityName: true,
  severityDefinition: true,
  responseTarget: true,
  status: true,
  statusIs: { investigating: true, identified: true, monitoring: true, resolved: true },
  resolved: true,
  date: true,
  declaredAt: true,
  declaredBy: true,
  detectedAt: true,
  detectionToDeclaration: true,
  alert: true,
  resolvedAt: true,
  duration: true,
  responseTime: true,
  rootCause: true,
  findings: [entry],
  hasFindings: true,
  resolution: true,
  mitigations: [{ time: true, text: true, command: true }],
  hasMitigations: true,
  updateCadence: true,
  nextUpdate: true,
  commander: true,
  slackChannel: true,
  timeline: [{ time: true, text: true, logs: [{ name: true, path: true }], hasLogs: true }],
  timelineHasDates: true,
  actionItems: [{ text: true, owner: true, due: true }],
  hasActionItems: true,
  runbooks: [true],
  now: true,
};

export const RUNBOOK_SHAPE: ShapeOf<RunbookVariables> = {
  title: true,
  slug: true,
  services: [true],
  symptoms: [true],
  hasSymptoms: true,
  titleYaml: true,
  servicesYaml: true,
  symptomsYaml: true,
};

// Every command, view and context key the extension contributes, each written once: registration, tree
// items and status bars use these names. test/unit/vscode-contributions.test.ts checks them
// against package.json. No `vscode` here, so the test loads it in plain Node.

/** The commands, by name. Each is registered once, through `registerCommands` (commands.ts). */
export const COMMAND = {
  runDiagnostics: 'incidentRunbooks.runDiagnostics',
  storeSecret: 'incidentRunbooks.storeSecret',
  deleteSecret: 'incidentRunbooks.deleteSecret',
  declareIncident: 'incidentRunbooks.declareIncident',
  setSeverity: 'incidentRunbooks.setSeverity',
  setStatus: 'incidentRunbooks.setStatus',
  assignCommander: 'incidentRunbooks.assignCommander',
  addNote: 'incidentRunbooks.addNote',
  addFinding: 'incidentRunbooks.addFinding',
  addActionItem: 'incidentRunbooks.addActionItem',
  toggleChecklistItem: 'incidentRunbooks.toggleChecklistItem',
  resolveIncident: 'incidentRunbooks.resolveIncident',
  reopenIncident: 'incidentRunbooks.reopenIncident',
  switchIncident: 'incidentRunbooks.switchIncident',
  findRunbookBySymptom: 'incidentRunbooks.findRunbookBySymptom',
  openRunbook: 'incidentRunbooks.openRunbook',
  copySlackChannel: 'incidentRunbooks.copySlackChannel',
  refreshIncidents: 'incidentRunbooks.refreshIncidents',
  refreshHealth: 'incidentRunbooks.refreshHealth',
  showHealthResult: 'incidentRunbooks.showHealthResult',
  generateStatusMessage: 'incidentRunbooks.generateStatusMessage',
  generatePostmortem: 'incidentRunbooks.generatePostmortem',
  newRunbook: 'incidentRunbooks.newRunbook',
  customizeTemplate: 'incidentRunbooks.customizeTemplate',
  setSharingPassword: 'incidentRunbooks.setSharingPassword',
  showSharingStatus: 'incidentRunbooks.showSharingStatus',
  startSharing: 'incidentRunbooks.startSharing',
  stopSharing: 'incidentRunbooks.stopSharing',
  openRunLog: 'incidentRunbooks.openRunLog',
  startFromAlert: 'incidentRunbooks.startFromAlert',
} as const;

export type CommandName = keyof typeof COMMAND;

/**
 * What a command needs before it runs; the registry checks it and says what is missing.
 * - `folder`: a workspace folder (incidents and documents are kept there);
 * - `incident`: an active incident, open or resolved;
 * - `trust`: a trusted workspace (the command runs what the repository wrote).
 */
export type Need = 'folder' | 'incident' | 'trust';

/** The views in the Incident activity-bar container. */
export const VIEW = {
  incident: 'incidentRunbooks.incident',
  checklist: 'incidentRunbooks.checklist',
  timeline: 'incidentRunbooks.timeline',
  runbooks: 'incidentRunbooks.runbooks',
  health: 'incidentRunbooks.health',
} as const;

/** Context keys the `when` clauses in package.json read; the incident session sets them. */
export const CONTEXT = {
  hasActive: 'incidentRunbooks.hasActiveIncident',
  activeResolved: 'incidentRunbooks.activeIncidentResolved',
  hasIncidents: 'incidentRunbooks.hasIncidents',
} as const;

/** The command VS Code adds for each view, which reveals it. */
export function focusCommand(view: (typeof VIEW)[keyof typeof VIEW]): string {
  return `${view}.focus`;
}

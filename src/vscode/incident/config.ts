// Typed view of the `incidentRunbooks.incident.*` settings; zod validates the severity overrides.
import * as vscode from 'vscode';
import { resolveSeverities, type SeverityTable } from '../../core/incident/severities';
import { DEFAULT_INCIDENT_FOLDER } from '../../core/incident/store';

export const SECTION = 'incidentRunbooks';

export class IncidentConfig {
  readonly actor: string | undefined;
  readonly folder: string;
  readonly severities: SeverityTable;
  /** Settings that were ignored, with why: shown to the user once. */
  readonly problems: string[];

  constructor(scope?: vscode.ConfigurationScope) {
    const c = vscode.workspace.getConfiguration(SECTION, scope);
    this.actor = c.get<string>('incident.actor')?.trim() || undefined;
    const folder = c.get<string>('incident.folder')?.trim();
    this.folder = folder || DEFAULT_INCIDENT_FOLDER;
    const { severities, problems } = resolveSeverities(c.get('incident.severities'));
    this.severities = severities;
    this.problems = problems.map((p) => `Incident Runbooks: ${SECTION}.incident.severities: ${p}`);
  }

  static affects(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration(`${SECTION}.incident`);
  }
}

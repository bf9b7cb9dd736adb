// The health settings, read once per change: checks (validated in the core), intervals, and the
// variables the checks see (workspace `.env` under the process environment).
import * as vscode from 'vscode';
import { join } from 'node:path';
import { readDotenv, withoutRefused } from '../../core/exec/variables';
import { checksForTrust, checksOrDefaults, type CheckConfig, type HealthEnv } from '../../core/health';

const SECTION = 'incidentRunbooks.health';

export class HealthSettings {
  readonly checks: CheckConfig[];
  /**
   * Checks left out because the workspace is not trusted: all of them. The repository chooses
   * their hosts and commands, and they would carry our environment's secrets there.
   */
  readonly blocked: CheckConfig[];
  readonly problems: string[];
  readonly intervalMs: number;
  readonly incidentIntervalMs: number;

  constructor(folder: vscode.WorkspaceFolder | undefined) {
    const config = vscode.workspace.getConfiguration(SECTION, folder?.uri);
    const { checks, problems } = checksOrDefaults(config.get<unknown>('checks'));
    const { run, blocked } = checksForTrust(checks, vscode.workspace.isTrusted);
    this.checks = run;
    this.blocked = blocked;
    this.problems = problems.map((p) => `Incident Runbooks settings: ${p}`);
    this.intervalMs = seconds(config.get<number>('intervalSeconds'), 30, 5) * 1000;
    this.incidentIntervalMs = seconds(config.get<number>('incidentIntervalSeconds'), 10, 2) * 1000;
  }

  static affects(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration(SECTION);
  }
}

function seconds(value: number | undefined, fallback: number, min: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(min, value) : fallback;
}

/**
 * `.env` in the workspace folder (re-read each round, so edits apply), under the process
 * environment. An untrusted workspace's `.env` is not read.
 */
export function workspaceEnv(folder: vscode.WorkspaceFolder | undefined): HealthEnv {
  let fromFile: Record<string, string> = {};
  if (folder && vscode.workspace.isTrusted) {
    try {
      // Command checks run a shell with these: the .env cannot set BASH_ENV, LD_PRELOAD… (as in cells).
      fromFile = withoutRefused(readDotenv(join(folder.uri.fsPath, '.env')));
    } catch {
      // An unreadable .env leaves only the process environment; the checks then say what is missing.
    }
  }
  return { ...fromFile, ...process.env };
}

// The health settings as the monitor uses them (checks split by workspace trust), and the
// variables the checks see (workspace `.env` under the process environment).
import * as vscode from 'vscode';
import { join } from 'node:path';
import { readDotenv, withoutRefused } from '../../core/exec/variables';
import { checksForTrust, type CheckConfig, type HealthEnv } from '../../core/health';
import type { RunbookConfig } from '../config';

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

  constructor(config: RunbookConfig, trusted: boolean) {
    const { checks, problems, intervalMs, incidentIntervalMs } = config.health;
    const { run, blocked } = checksForTrust(checks, trusted);
    this.checks = run;
    this.blocked = blocked;
    this.problems = problems;
    this.intervalMs = intervalMs;
    this.incidentIntervalMs = incidentIntervalMs;
  }
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

// The command registry: every command the extension contributes, registered once, each checked
// for what it needs and wrapped so that a failure reaches the user as an error message, never a
// silent no-op. The features supply the commands (a table of factories over their services);
// activate hands the whole table over here.
import * as vscode from 'vscode';
import { COMMAND, type CommandName, type Need } from './ids';
import type { IncidentSession } from './incident/session';

export interface Command {
  needs?: readonly Need[];
  run(...args: unknown[]): unknown;
}

/** Every command, by name: the type makes a missing or unknown one a compile error. */
export type CommandTable = Record<CommandName, Command>;

/** What the needs are checked against. */
export interface CommandContext {
  /** The incident session; absent when no folder is open. */
  session: IncidentSession | undefined;
}

export const NEED_MESSAGES: Record<Need, string> = {
  folder: 'Open a folder first: incidents and documents are kept in the workspace.',
  incident: 'No incident is active. Run "Incident: Declare Incident" or "Incident: Switch Incident".',
  trust: 'This does not run in an untrusted workspace. Trust this folder first (Workspaces: Manage Workspace Trust).',
};

/** The first need a command lacks, or undefined when it can run. */
export function missingNeed(needs: readonly Need[], ctx: CommandContext): Need | undefined {
  return needs.find((need) => {
    switch (need) {
      case 'folder':
        return ctx.session === undefined;
      case 'incident':
        return ctx.session?.active === undefined;
      case 'trust':
        return !vscode.workspace.isTrusted;
    }
  });
}

/** Shows a command's failure to the user. */
export function showFailure(err: unknown): void {
  void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
}

export function registerCommands(table: CommandTable, ctx: CommandContext): vscode.Disposable {
  return vscode.Disposable.from(
    ...(Object.keys(table) as CommandName[]).map((name) => {
      const { needs = [], run } = table[name];
      return vscode.commands.registerCommand(COMMAND[name], async (...args: unknown[]) => {
        try {
          const missing = missingNeed(needs, ctx);
          if (missing) throw new Error(NEED_MESSAGES[missing]);
          // Returned for automation and tests (`executeCommand` resolves with it).
          return await run(...args);
        } catch (err) {
          showFailure(err);
          return undefined;
        }
      });
    }),
  );
}

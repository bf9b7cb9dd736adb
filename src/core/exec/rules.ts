// The team's own words on which commands only read and which change things, on top of the
// built-in tables: `.runbooks/commands.yaml` in the workspace, read by the editor and the CLI alike.
//
//   reads: [mytool, "mycli get", "mycli status"]
//   changes: ["oc adm top"]
//
// Entries are `tool` or `tool verb [subverb]`; the longest match wins and a change beats a read of
// the same length. A rule can make a tool a read; it cannot make `sudo`, a redirection to a file,
// an interpreter given code or input the classifier cannot read into one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { FileCache } from '../workspace/fileCache';

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

const COMMAND_RULES_FILE = '.runbooks/commands.yaml';

const entry = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_][\w.+:@/-]*(\s+[^\s]+){0,2}$/, 'an entry is `tool` or `tool verb [subverb]`');
const fileSchema = z
  .object({
    reads: z.array(entry).default([]),
    changes: z.array(entry).default([]),
  })
  .strict();

/**
 * The workspace's `.runbooks/commands.yaml`, or no rules when there is none. A file that cannot be
 * read gives no rules and a problem naming the file and the field.
 */
export function loadCommandRules(workspaceRoot: string): { rules: CommandRules; problems: string[] } {
  return rulesFiles.get(join(workspaceRoot, COMMAND_RULES_FILE));
}

const rulesFiles = new FileCache(readCommandRules);

function readCommandRules(path: string): { rules: CommandRules; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { rules: NO_RULES, problems: [] };
    return { rules: NO_RULES, problems: [`${COMMAND_RULES_FILE}: cannot be read (${(err as Error).message})`] };
  }
  let data: unknown;
  try {
    data = parseYaml(text) ?? {};
  } catch (err) {
    return { rules: NO_RULES, problems: [`${COMMAND_RULES_FILE}: not valid YAML (${(err as Error).message.split('\n')[0]})`] };
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = issue.path.length ? issue.path.join('.') : '(top level)';
      return `${COMMAND_RULES_FILE}: ${field}: ${issue.message}`;
    });
    return { rules: NO_RULES, problems };
  }
  return { rules: { reads: parsed.data.reads, changes: parsed.data.changes }, problems: [] };
}

// Does a tool, with its verb, only read? The built-in lists (commands.ts) and the workspace's
// `.runbooks/commands.yaml` are one set of entries, `tool` or `tool verb [subverb]`: the longest
// entry that matches wins, and a change beats a read of the same length.
import type { CommandRules } from '../rules';
import { CHANGE_TOOLS, CLI_TABLES, CLOUD_CHANGE_VERB, CLOUD_CLIS, CLOUD_READ_VERB, CLOUD_VALUED, READ_TOOLS } from './commands';
import type { ShellWord } from './syntax';

interface Entry {
  /** Words after the tool; `*` stands for any one word. */
  verbs: string[];
  kind: 'reads' | 'changes';
}

const RULES_HINT = 'list it under `reads:` in .runbooks/commands.yaml if it does';

const builtin = new Map<string, Entry[]>();
for (const tool of READ_TOOLS) builtin.set(tool, [{ verbs: [], kind: 'reads' }]);
for (const tool of CHANGE_TOOLS) builtin.set(tool, [{ verbs: [], kind: 'changes' }]);
for (const [tool, table] of Object.entries(CLI_TABLES)) {
  builtin.set(tool, [
    ...table.reads.map((r) => ({ verbs: r.split(' '), kind: 'reads' as const })),
    ...(table.changes ?? []).map((c) => ({ verbs: c.split(' '), kind: 'changes' as const })),
  ]);
}

// Parsed workspace rules, kept per rules object so a cell does not split the strings again.
const parsedRules = new WeakMap<CommandRules, Map<string, Entry[]>>();

function workspaceEntries(rules: CommandRules | undefined, tool: string): Entry[] {
  if (!rules) return [];
  let byTool = parsedRules.get(rules);
  if (!byTool) {
    byTool = new Map();
    for (const kind of ['reads', 'changes'] as const) {
      for (const rule of rules[kind]) {
        const [name, ...verbs] = rule.trim().split(/\s+/);
        if (!name) continue;
        byTool.set(name, [...(byTool.get(name) ?? []), { verbs, kind }]);
      }
    }
    parsedRules.set(rules, byTool);
  }
  return byTool.get(tool) ?? [];
}

/** Why `tool args…` changes something (or may), or null when the lists say it only reads. */
export function toolChanges(tool: string, args: ShellWord[], rules?: CommandRules): string | null {
  const table = CLI_TABLES[tool];
  const verbs = verbWords(args, new Set(table?.valued ?? (CLOUD_CLIS.has(tool) ? CLOUD_VALUED : [])));
  const entries = [...workspaceEntries(rules, tool), ...(builtin.get(tool) ?? [])];
  let best: Entry | null = null;
  for (const e of entries) {
    if (!matches(e, verbs)) continue;
    if (!best || e.verbs.length > best.verbs.length || (e.verbs.length === best.verbs.length && e.kind === 'changes')) best = e;
  }
  // A known CLI asked for help or its version only prints it.
  if (table && (verbs[0]?.value === 'help' || args.some((a) => a.value === '--help' || a.value === '--version'))) return null;
  const named = [tool, ...verbs.slice(0, best ? best.verbs.length : 1).map((v) => v.source)].join(' ');
  if (best?.kind === 'changes') return `\`${named}\` changes things`;
  if (best) return null;
  if (CLOUD_CLIS.has(tool)) return cloudChanges(tool, verbs);
  if (table && verbs.length === 0) {
    const bare = table.bareReads instanceof RegExp ? args.some((a) => (table.bareReads as RegExp).test(a.value ?? '')) : table.bareReads;
    return bare ? null : `\`${tool}\` without a verb is not known to only read`;
  }
  if (table && (verbs[0].value === null || !verbs[0].exact)) return `\`${tool}\` with a verb this cannot read (\`${verbs[0].source}\`)`;
  return `\`${named}\` is not known to only read (${RULES_HINT})`;
}

function matches(entry: Entry, verbs: ShellWord[]): boolean {
  return entry.verbs.every((v, i) => {
    const w = verbs[i];
    if (!w || w.value === null) return false;
    return v === '*' || (w.exact && w.value === v);
  });
}

/** The words that are not options, up to `--`; values of the named options are skipped. */
function verbWords(args: ShellWord[], valued: Set<string>): ShellWord[] {
  const out: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') break;
    if (v !== null && v.startsWith('-') && v.length > 1) {
      if (valued.has(v)) i++;
    } else out.push(args[i]);
  }
  return out;
}

/** aws: `aws SERVICE OPERATION`; gcloud and az: the first word that is a known verb. */
function cloudChanges(tool: string, verbs: ShellWord[]): string | null {
  const words = tool === 'aws' ? verbs.slice(1, 2) : verbs;
  if (tool === 'aws' && verbs[0]?.value === 's3' && /^(ls|presign)$/.test(verbs[1]?.value ?? '')) return null;
  for (const w of words) {
    if (w.value === null || !w.exact) return `\`${tool}\` with a verb this cannot read (\`${w.source}\`)`;
    if (CLOUD_CHANGE_VERB.test(w.value)) return `\`${tool} … ${w.value}\` changes cloud resources`;
    if (CLOUD_READ_VERB.test(w.value)) {
      if (tool === 'aws' && /^get-object$/.test(w.value)) return '`aws s3api get-object` writes a file';
      return null;
    }
  }
  const named = [tool, ...verbs.slice(0, 3).map((v) => v.source)].join(' ');
  return `\`${named}\` is not known to only read (${RULES_HINT})`;
}

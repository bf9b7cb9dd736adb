// Redis cells: classified by Redis's own command flags (commands.json, from `COMMAND`).
import redisTable from './commands.json';
import { redisCommands } from './syntax';
import { diagnostic, mitigation, type CellClass } from '../verdict';

type RedisEntry = { flags: string[]; subcommands?: Record<string, { flags: string[] }> };
const REDIS = (redisTable as { commands: Record<string, RedisEntry> }).commands;

/** Admin subcommands whose name says they only read (CONFIG GET, CLIENT LIST, SLOWLOG GET…). */
const READING_SUBCOMMAND = /^(get|list|info|len|latest|history|histogram|doctor|graph|getuser|users|whoami|log|nodes|slots|shards|replicas|slaves|myid|count-failure-reports|getname|id|stats|usage|help|cat|dryrun)$/;
/** Subcommands that change state even where Redis flags none (SCRIPT FLUSH, SCRIPT KILL). */
const CHANGING_SUBCOMMAND = /^(flush|kill|reset|delete|load|set.*|save|rewrite|resetstat|pause|unpause|no-evict|unblock|restore)$/;
const SCRIPTS = new Set(['eval', 'evalsha', 'fcall']);

export function classifyRedisArgs(args: string[]): CellClass {
  const name = args[0].toLowerCase();
  const entry = REDIS[name];
  if (!entry) return mitigation(`unknown Redis command ${args[0].toUpperCase()}`);
  if (SCRIPTS.has(name)) return mitigation(`${name.toUpperCase()} runs a script that may write`);
  if (name === 'publish' || name === 'spublish') return mitigation(`${name.toUpperCase()} sends a message to subscribers`);
  let flags = entry.flags;
  let label = name.toUpperCase();
  if (entry.subcommands && args[1]) {
    const sub = args[1].toLowerCase();
    label += ' ' + sub.toUpperCase();
    const s = entry.subcommands[sub];
    if (!s) return mitigation(`unknown Redis subcommand ${label}`);
    flags = s.flags;
    if (CHANGING_SUBCOMMAND.test(sub)) return mitigation(`${label} changes server state`);
    if (flags.includes('admin') && !flags.includes('write') && READING_SUBCOMMAND.test(sub)) return diagnostic(`${label} only reads`);
  }
  if (flags.includes('write')) return mitigation(`${label} is a write command (Redis flag \`write\`)`);
  if (flags.includes('admin')) return mitigation(`${label} is an admin command (Redis flag \`admin\`)`);
  if (flags.includes('may_replicate')) return mitigation(`${label} may change data (Redis flag \`may_replicate\`)`);
  return diagnostic(`${label} reads only`);
}

export function classifyRedis(code: string): CellClass {
  let cmds;
  try {
    cmds = redisCommands(code);
  } catch {
    return mitigation('could not read the commands');
  }
  for (const c of cmds) {
    const r = classifyRedisArgs(c.args);
    if (r.classification === 'mitigation') return r;
  }
  return diagnostic(cmds.length === 1 ? classifyRedisArgs(cmds[0].args).reason : 'only read commands');
}


// Is a cell a diagnostic (reads) or a mitigation (changes something)? The `mutates` attribute
// wins; otherwise each executor's language is read: shell verbs, SQL statements, Redis's own
// command flags, HTTP methods. When in doubt, a cell is a mitigation: asking once too often is
// cheaper than restarting production by accident.
import type { CellAttributes, ExecutorKind, RunbookCell } from '../format/types';
import redisTable from './redisCommands.json';
import { redisCommands } from './redisSyntax';
import { parseHttpRequests } from './httpSyntax';
import { splitShellCommands } from './shellWords';
import type { Classification } from './types';

export interface CellClass {
  classification: Classification;
  reason: string;
}

const diagnostic = (reason: string): CellClass => ({ classification: 'diagnostic', reason });
const mitigation = (reason: string): CellClass => ({ classification: 'mitigation', reason });

export function classifyCell(executor: ExecutorKind, code: string, attributes: CellAttributes = {}): CellClass {
  if (attributes.mutates === true) return mitigation('marked `mutates: true`');
  if (attributes.mutates === false) return diagnostic('marked `mutates: false`');
  switch (executor) {
    case 'shell':
      return classifyShell(code);
    case 'sql':
      return classifySql(code);
    case 'redis':
      return classifyRedis(code);
    case 'http':
      return classifyHttp(code);
  }
}

/** For `runbook list --json`: whether a runnable cell changes things; null for cells that do not run. */
export function cellMutates(cell: RunbookCell): boolean | null {
  if (cell.kind !== 'code' || !cell.executor) return null;
  return classifyCell(cell.executor, cell.value, cell.attributes).classification === 'mitigation';
}

// ---- shell -------------------------------------------------------------------------------

/** Tools whose subcommand decides: tool → verbs that change things. */
const TOOL_VERBS: Record<string, RegExp> = {
  pm2: /^(restart|reload|stop|start|delete|del|kill|scale|flush|reset|update|deploy|startOrRestart|startOrReload|gracefulReload)$/,
  systemctl: /^(restart|stop|start|reload|kill|disable|enable|mask|unmask|try-restart|reload-or-restart|daemon-reload|isolate|reboot|poweroff|halt)$/,
  service: /^(restart|stop|start|reload|force-reload)$/,
  kubectl: /^(delete|scale|rollout|apply|patch|edit|drain|cordon|uncordon|taint|set|replace|create|annotate|label|autoscale|expose|run|exec|cp)$/,
  docker: /^(stop|restart|kill|rm|rmi|run|start|pause|unpause|update|exec|prune|down|up|compose|swarm|service|volume|network|system)$/,
  'docker-compose': /^(stop|restart|kill|rm|up|down|start|pause|run|exec|scale)$/,
  helm: /^(install|upgrade|uninstall|delete|rollback)$/,
  git: /^(revert|push|reset|commit|merge|rebase|checkout|pull|cherry-pick|clean|stash|tag|branch|switch|restore|am|apply)$/,
  npm: /^(install|i|ci|uninstall|publish|update|run|start|restart|stop)$/,
  heroku: /^(restart|ps:restart|ps:scale|ps:stop|maintenance:on|maintenance:off|rollback|config:set|config:unset)$/,
  terraform: /^(apply|destroy|import|taint|untaint)$/,
};

/** Commands that change things whatever their arguments. */
const MUTATING_COMMANDS = new Set([
  'rm', 'rmdir', 'mv', 'dd', 'truncate', 'shred', 'kill', 'pkill', 'killall', 'reboot', 'shutdown', 'halt', 'poweroff',
  'chmod', 'chown', 'chgrp', 'mkfs', 'mount', 'umount', 'iptables', 'ufw', 'useradd', 'userdel', 'passwd', 'crontab',
  'nano', 'vi', 'vim', 'emacs', 'tee', 'install', 'ln', 'touch', 'mkdir', 'cp', 'rsync', 'scp', 'apt', 'apt-get', 'yum', 'dnf',
]);

/** AWS / gcloud / az verbs that change resources. */
const CLOUD_VERB = /^(create|delete|modify|update|put|terminate|stop|start|reboot|run|attach|detach|associate|disassociate|deregister|register|set|remove|add|scale|restore|reset|invalidate|revoke|authorize|apply|import|deploy|resize|failover|promote)([-_].*)?$/;

/** Shell words that start or end a compound command: what follows them is the command. */
const SHELL_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', '(', ')', 'coproc']);
/** Headers of loops and cases (`for p in …`, `case $x in`): words, not commands. */
const SHELL_HEADERS = new Set(['for', 'select', 'case', 'esac', 'in', ';;', '[[', ']]', 'function']);
/** Shells that run their `-c` argument as a script. */
const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh']);
/** Nested commands (`bash -c`, `ssh`, `$(…)`) deeper than this are not read: a mitigation then. */
const MAX_DEPTH = 4;

/**
 * Wrappers that run the command after their options: wrapper → options that take a value.
 * Their options are skipped so `xargs -r kill` is read as `kill`.
 */
const WRAPPERS: Record<string, { valued: Set<string>; positional?: number }> = {
  sudo: { valued: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group', '--prompt', '--chdir']) },
  doas: { valued: new Set(['-u', '-C']) },
  xargs: { valued: new Set(['-I', '-L', '-n', '-P', '-s', '-d', '-E', '-a', '--max-args', '--max-procs', '--max-lines', '--delimiter', '--arg-file', '--replace', '--eof', '--max-chars', '--process-slot-var']) },
  env: { valued: new Set(['-u', '-C', '-S', '--unset', '--chdir', '--split-string']) },
  nice: { valued: new Set(['-n', '--adjustment']) },
  ionice: { valued: new Set(['-c', '-n', '-p', '-P', '-u', '--class', '--classdata']) },
  timeout: { valued: new Set(['-s', '-k', '--signal', '--kill-after']), positional: 1 },
  watch: { valued: new Set(['-n', '--interval', '-q', '--equexit']) },
  nohup: { valued: new Set() },
  time: { valued: new Set(['-f', '-o', '--format', '--output']) },
  stdbuf: { valued: new Set(['-i', '-o', '-e']) },
  exec: { valued: new Set(['-a']) },
  command: { valued: new Set() },
  caffeinate: { valued: new Set() },
  chronic: { valued: new Set() },
  unbuffer: { valued: new Set() },
  flock: { valued: new Set(['-w', '-E', '--timeout', '--conflict-exit-code']), positional: 1 },
};

function classifyShell(code: string, depth = 0): CellClass {
  if (depth > MAX_DEPTH) return mitigation('commands nested too deep to read');
  for (const inner of commandSubstitutions(code)) {
    const c = classifyShell(inner, depth + 1);
    if (c.classification === 'mitigation') return mitigation(`in \`$(…)\`: ${c.reason}`);
  }
  for (const cmd of splitShellCommands(code)) {
    for (const target of cmd.redirects) {
      if (!/^\/dev\/(null|stdout|stderr|fd\/\d)$/.test(target)) return mitigation(`writes to a file (> ${target})`);
    }
    const verdict = classifyWords(cmd.words, depth);
    if (verdict) return verdict;
  }
  return diagnostic('reads only (no restart, stop, kill, delete, write or sudo found)');
}

/** One simple command's words: a mitigation verdict, or null when it only reads. */
function classifyWords(words: string[], depth: number): CellClass | null {
  let i = 0;
  for (; i < words.length; i++) {
    const w = words[i];
    if (SHELL_HEADERS.has(w)) return null; // `for p in …`: a list of words, nothing runs
    if (SHELL_KEYWORDS.has(w)) continue;
    if (/^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(w)) continue; // FOO=bar cmd
    const name = w.split('/').pop()!;
    if (name === 'sudo' || name === 'doas') return mitigation(`runs with ${name}`);
    if (name === 'command' && /^-[vV]$/.test(words[i + 1] ?? '')) return null; // a lookup, runs nothing
    const wrapper = WRAPPERS[name];
    if (wrapper) {
      i = skipOptions(words, i + 1, wrapper.valued, name === 'env') + (wrapper.positional ?? 0) - 1;
      continue;
    }
    break;
  }
  if (i >= words.length) return null;
  const [tool, ...args] = words.slice(i);
  return classifyShellCommand(tool.split('/').pop()!, args, depth);
}

/** The index of the first word after `from` that is neither an option nor an option's value. */
function skipOptions(words: string[], from: number, valued: Set<string>, assignments = false): number {
  let i = from;
  while (i < words.length) {
    const w = words[i];
    if (w === '--') return i + 1;
    if (assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++;
    else if (w.startsWith('-') && w.length > 1) i += valued.has(w) ? 2 : 1;
    else break;
  }
  return i;
}

/** The text inside every `$(…)` and `` `…` `` outside single quotes (not `$((…))` arithmetic). */
function commandSubstitutions(code: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '\\') i++;
    else if (c === "'" ) {
      // Single quotes inside double quotes are literal characters, not quoting.
      if (!insideDoubleQuotes(code, i)) {
        const end = code.indexOf("'", i + 1);
        i = end < 0 ? code.length : end;
      }
    } else if (c === '`') {
      let j = i + 1;
      while (j < code.length && code[j] !== '`') j += code[j] === '\\' ? 2 : 1;
      out.push(code.slice(i + 1, j).replace(/\\`/g, '`'));
      i = j;
    } else if (c === '$' && code[i + 1] === '(' && code[i + 2] !== '(') {
      let depth = 0;
      let j = i + 1;
      for (; j < code.length; j++) {
        if (code[j] === '\\') j++;
        else if (code[j] === '(') depth++;
        else if (code[j] === ')' && --depth === 0) break;
      }
      out.push(code.slice(i + 2, j));
      i = j;
    }
  }
  return out;
}

function insideDoubleQuotes(code: string, at: number): boolean {
  let inside = false;
  for (let i = 0; i < at; i++) {
    if (code[i] === '\\') i++;
    else if (code[i] === '"') inside = !inside;
    else if (code[i] === "'" && !inside) {
      const end = code.indexOf("'", i + 1);
      if (end < 0 || end >= at) return false;
      i = end;
    }
  }
  return inside;
}

/** Options of `ssh` that take a value (so the host is the first word after them). */
const SSH_VALUED = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B', '-P']);

function classifyShellCommand(name: string, args: string[], depth: number): CellClass | null {
  if (MUTATING_COMMANDS.has(name)) return mitigation(`\`${name}\` changes the system`);
  if (SHELLS.has(name)) {
    const c = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
    if (c < 0 || args[c + 1] === undefined) return mitigation(`\`${name}\` runs a script this cannot read`);
    const inner = classifyShell(args[c + 1], depth + 1);
    return inner.classification === 'mitigation' ? mitigation(`\`${name} -c\`: ${inner.reason}`) : null;
  }
  if (name === 'eval') {
    const inner = classifyShell(args.join(' '), depth + 1);
    return inner.classification === 'mitigation' ? mitigation(`\`eval\`: ${inner.reason}`) : null;
  }
  if (name === 'ssh') {
    const host = skipOptions(args, 0, SSH_VALUED);
    const remote = args.slice(host + 1);
    if (host >= args.length) return mitigation('`ssh` without a host');
    if (remote.length === 0) return mitigation('`ssh` opens a remote shell');
    const inner = classifyShell(remote.join(' '), depth + 1);
    return inner.classification === 'mitigation' ? mitigation(`\`ssh ${args[host]}\`: ${inner.reason}`) : null;
  }
  if (name === 'find') return classifyFind(args, depth);
  if (name === 'sed' && args.some((a) => /^-[a-zA-Z]*i/.test(a) || a.startsWith('--in-place'))) return mitigation('`sed -i` edits a file');
  if (name === 'nginx' && args.includes('-s')) return mitigation('`nginx -s` signals the server');
  const verbs = TOOL_VERBS[name];
  if (verbs) {
    // Options may come first and take values (`kubectl -n prod delete`): any word may be the verb.
    const verb = args.find((a) => !a.startsWith('-') && verbs.test(a));
    if (verb) return mitigation(`\`${name} ${verb}\` changes things`);
    return null;
  }
  if (name === 'curl' || name === 'http' || name === 'https') return classifyCurl(name, args);
  if (name === 'wget') return classifyWget(args);
  if (name === 'redis-cli') {
    const rest = redisCliCommand(args);
    if (!rest.length) return null;
    const c = classifyRedisArgs(rest);
    return c.classification === 'mitigation' ? mitigation(`redis-cli: ${c.reason}`) : null;
  }
  if (name === 'psql') {
    const sqls = args.flatMap((a, i) => (a === '-c' || a === '--command' ? [args[i + 1] ?? ''] : a.startsWith('--command=') ? [a.slice(10)] : []));
    if (args.includes('-f') || args.some((a) => a.startsWith('--file'))) return mitigation('`psql -f` runs a script file');
    for (const sql of sqls) {
      const c = classifySql(sql);
      if (c.classification === 'mitigation') return mitigation(`psql: ${c.reason}`);
    }
    return null;
  }
  if (name === 'aws' || name === 'gcloud' || name === 'az') {
    const verb = args.filter((a) => !a.startsWith('-')).find((a) => CLOUD_VERB.test(a));
    if (verb) return mitigation(`\`${name} … ${verb}\` changes cloud resources`);
    return null;
  }
  return null;
}

/** `find` reads unless it deletes, writes a file, or runs a command that changes things. */
function classifyFind(args: string[], depth: number): CellClass | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-delete') return mitigation('`find -delete` deletes files');
    if (/^-(fprint|fprint0|fprintf|fls)$/.test(a)) return mitigation(`\`find ${a}\` writes a file`);
    if (/^-(exec|execdir|ok|okdir)$/.test(a)) {
      let end = i + 1;
      while (end < args.length && args[end] !== ';' && args[end] !== '+') end++;
      const inner = classifyWords(args.slice(i + 1, end), depth + 1);
      if (inner) return mitigation(`\`find ${a}\`: ${inner.reason}`);
      i = end;
    }
  }
  return null;
}

/** curl's short options that take a value: in a cluster (`-sX POST`, `-sXPOST`) the rest of it is the value. */
const CURL_VALUED_SHORT = new Set('AbcCdDeEFHKmoPQrTuUwxXyYz');

function classifyCurl(name: string, args: string[]): CellClass | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const method = a === '--request' ? args[i + 1] : a.startsWith('--request=') ? a.slice(10) : null;
      if (method && !/^(GET|HEAD|OPTIONS)$/i.test(method)) return mitigation(`\`${name} -X ${method.toUpperCase()}\` sends a write request`);
      if (/^--(data.*|form.*|upload-file|json)(=|$)/.test(a)) return mitigation(`\`${name} ${a.split('=')[0]}\` sends data`);
      continue;
    }
    if (!a.startsWith('-') || a.length < 2) continue;
    // A cluster of short options: `-sSL`, `-sX POST`, `-XPOST`, `-d@file`.
    for (let j = 1; j < a.length; j++) {
      const f = a[j];
      if (!CURL_VALUED_SHORT.has(f)) continue;
      const value = j + 1 < a.length ? a.slice(j + 1) : args[i + 1];
      if (f === 'X' && value !== undefined && !/^(GET|HEAD|OPTIONS)$/i.test(value)) return mitigation(`\`${name} -X ${value.toUpperCase()}\` sends a write request`);
      if (f === 'd' || f === 'F' || f === 'T') return mitigation(`\`${name} -${f}\` sends data`);
      break;
    }
  }
  if (name !== 'curl' && /^(POST|PUT|PATCH|DELETE)$/i.test(args.find((a) => !a.startsWith('-')) ?? '')) return mitigation(`\`${name}\` sends a write request`);
  return null;
}

function classifyWget(args: string[]): CellClass | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (/^--(post|body)-(data|file)(=|$)/.test(a)) return mitigation(`\`wget ${a.split('=')[0]}\` sends data`);
    const method = a === '--method' ? args[i + 1] : a.startsWith('--method=') ? a.slice(9) : null;
    if (method && !/^(GET|HEAD|OPTIONS)$/i.test(method)) return mitigation(`\`wget --method ${method.toUpperCase()}\` sends a write request`);
  }
  return null;
}

/** The command part of `redis-cli [-h host] [-p port] … COMMAND args`. */
function redisCliCommand(args: string[]): string[] {
  const withValue = new Set(['-h', '-p', '-s', '-a', '-u', '-n', '-r', '-i', '-d', '--user', '--pass', '--tls-cert', '--cacert', '--cacertdir', '--tls-key', '--sni', '--askpass']);
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) i += withValue.has(args[i]) ? 2 : 1;
  return args.slice(i);
}

// ---- redis -------------------------------------------------------------------------------

type RedisEntry = { flags: string[]; subcommands?: Record<string, { flags: string[] }> };
const REDIS = (redisTable as { commands: Record<string, RedisEntry> }).commands;

/** Admin subcommands whose name says they only read (CONFIG GET, CLIENT LIST, SLOWLOG GET…). */
const READING_SUBCOMMAND = /^(get|list|info|len|latest|history|histogram|doctor|graph|getuser|users|whoami|log|nodes|slots|shards|replicas|slaves|myid|count-failure-reports|getname|id|stats|usage|help|cat|dryrun)$/;
/** Subcommands that change state even where Redis flags none (SCRIPT FLUSH, SCRIPT KILL). */
const CHANGING_SUBCOMMAND = /^(flush|kill|reset|delete|load|set.*|save|rewrite|resetstat|pause|unpause|no-evict|unblock|restore)$/;
const SCRIPTS = new Set(['eval', 'evalsha', 'fcall']);

function classifyRedisArgs(args: string[]): CellClass {
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

function classifyRedis(code: string): CellClass {
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

// ---- sql ---------------------------------------------------------------------------------

/** Functions that act even inside a SELECT. */
const SIDE_EFFECT_FUNCTIONS = /\b(pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile|set_config|nextval|setval|pg_advisory_lock|pg_advisory_xact_lock|pg_try_advisory_lock|pg_switch_wal|pg_promote|pg_create_\w+_slot|pg_drop_replication_slot|pg_stat_reset\w*|pg_wal_replay_pause|pg_wal_replay_resume|lo_unlink|lo_import|lo_export|dblink_exec|pg_file_write|pg_replication_origin_\w+|txid_current|pg_current_xact_id)\s*\(/i;

/** The statements of a SQL text with comments removed and string literals emptied. */
export function sqlStatements(code: string): string[] {
  let s = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '-' && code[i + 1] === '-') {
      const nl = code.indexOf('\n', i);
      i = nl < 0 ? code.length : nl - 1;
      s += ' ';
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? code.length : end + 1;
      s += ' ';
    } else if (c === "'") {
      let j = i + 1;
      while (j < code.length && !(code[j] === "'" && code[j + 1] !== "'")) j += code[j] === "'" ? 2 : 1;
      s += "''";
      i = j;
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(code.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(code.slice(i))![0];
      const end = code.indexOf(tag, i + tag.length);
      s += "''";
      i = end < 0 ? code.length : end + tag.length - 1;
    } else s += c;
  }
  return s.split(';').map((t) => t.trim()).filter(Boolean);
}

/** Whether a SQL text, read on its own (no `mutates` attribute), holds only reads. */
export function sqlReadsOnly(code: string): boolean {
  return classifySql(code).classification === 'diagnostic';
}

function classifySql(code: string): CellClass {
  const statements = sqlStatements(code);
  for (const st of statements) {
    const first = (/^\(*\s*([A-Za-z]+)/.exec(st)?.[1] ?? '').toUpperCase();
    const fn = SIDE_EFFECT_FUNCTIONS.exec(st);
    if (fn) return mitigation(`calls ${fn[1]}()`);
    if (first === 'SELECT' || first === 'VALUES' || first === 'TABLE') {
      if (/\bINTO\b/i.test(st) && first === 'SELECT') return mitigation('SELECT … INTO creates a table');
      if (/\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE|KEY\s+SHARE)\b/i.test(st)) return mitigation('SELECT … FOR UPDATE locks rows');
      continue;
    }
    if (first === 'WITH') {
      const w = /\b(INSERT|UPDATE|DELETE|MERGE)\b/i.exec(st);
      if (w) return mitigation(`WITH … ${w[1].toUpperCase()} changes data`);
      continue;
    }
    if (first === 'EXPLAIN') {
      if (/^EXPLAIN\s*(\([^)]*\bANALY[SZ]E\b|ANALY[SZ]E\b)/i.test(st)) return mitigation('EXPLAIN ANALYZE runs the statement');
      continue;
    }
    if (first === 'SHOW') continue;
    return mitigation(first ? `${first} is not a read` : 'not a read');
  }
  return diagnostic(statements.length ? 'reads only' : 'empty');
}

// ---- http --------------------------------------------------------------------------------

function classifyHttp(code: string): CellClass {
  let reqs;
  try {
    reqs = parseHttpRequests(code);
  } catch {
    return mitigation('could not read the request');
  }
  const w = reqs.find((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
  return w ? mitigation(`${w.method} request`) : diagnostic(`${reqs.map((r) => r.method).join(', ')} only`);
}

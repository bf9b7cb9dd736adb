// Shell cells: a diagnostic only when every command in them only reads.
import { splitShellCommands } from './words';
import { classifyRedisArgs } from '../redis/classify';
import { classifySql } from '../sql/classify';
import type { ClassifyContext } from '../rules';
import { diagnostic, mitigation, type CellClass } from '../verdict';

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

export function classifyShell(code: string, _context: ClassifyContext = {}, depth = 0): CellClass {
  if (depth > MAX_DEPTH) return mitigation('commands nested too deep to read');
  for (const inner of commandSubstitutions(code)) {
    const c = classifyShell(inner, {}, depth + 1);
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
    const inner = classifyShell(args[c + 1], {}, depth + 1);
    return inner.classification === 'mitigation' ? mitigation(`\`${name} -c\`: ${inner.reason}`) : null;
  }
  if (name === 'eval') {
    const inner = classifyShell(args.join(' '), {}, depth + 1);
    return inner.classification === 'mitigation' ? mitigation(`\`eval\`: ${inner.reason}`) : null;
  }
  if (name === 'ssh') {
    const host = skipOptions(args, 0, SSH_VALUED);
    const remote = args.slice(host + 1);
    if (host >= args.length) return mitigation('`ssh` without a host');
    if (remote.length === 0) return mitigation('`ssh` opens a remote shell');
    const inner = classifyShell(remote.join(' '), {}, depth + 1);
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


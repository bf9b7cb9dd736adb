// Database clients in a shell cell: psql, mysql, redis-cli, mongosh and sqlite3 run whatever
// text they are given, as an option or on their input. Each is a diagnostic only when that text
// can be read and only reads.
import { classifyRedis, classifyRedisArgs } from '../redis/classify';
import { classifySql } from '../sql/classify';
import { HARMLESS_TARGET } from './commands';
import { mongoChanges, mysqlChanges } from './scripts';
import type { ShellWord } from './syntax';

/** A command's standard input as the classifier knows it: null is the cell's own (empty) input. */
export type Input = { text: string } | { unreadable: string } | null;

/** The clients handled here, by the names they go by. */
export function clientChanges(name: string, args: ShellWord[], input: Input): string | null | undefined {
  switch (name) {
    case 'psql':
    case 'gitlab-psql':
    case 'gitlab-geo-psql':
      return psqlChanges(name, args, input);
    case 'mysql':
    case 'mariadb':
      return mysqlClientChanges(name, args, input);
    case 'redis-cli':
    case 'gitlab-redis-cli':
    case 'valkey-cli':
      return redisCliChanges(name, args, input);
    case 'mongosh':
    case 'mongo':
      return mongoClientChanges(name, args, input);
    case 'sqlite3':
      return sqliteChanges(args, input);
  }
  return undefined;
}

const fed = (tool: string, input: Input) => (input && 'unreadable' in input ? `feeds \`${tool}\` input this cannot read (${input.unreadable})` : `\`${tool}\` without a command reads input this cannot read`);

/** The values of an option (`-c X`, `-cX`, `--command=X`, `--command X`). */
function optionValues(args: ShellWord[], short: string | null, long: string | null): (string | null)[] {
  const out: (string | null)[] = [];
  // A value holding a command's output is no text to read.
  const known = (w: ShellWord | undefined) => (w && !w.computed ? w.value : null);
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value ?? '';
    if (short && v === short) out.push(known(args[++i]));
    else if (short && v.startsWith(short) && !v.startsWith('--') && v.length > 2) out.push(v.slice(2));
    else if (long && v === long) out.push(known(args[++i]));
    else if (long && v.startsWith(long + '=')) out.push(v.slice(long.length + 1));
  }
  return out;
}

/**
 * Short options written together (`psql -tAc SQL`, `mysql -Ne SQL`) as separate words; a letter
 * that takes a value gets the rest of the cluster, or the next word.
 */
function expandClusters(args: ShellWord[], valued: string): ShellWord[] {
  const out: ShellWord[] = [];
  for (const a of args) {
    const v = a.value;
    if (v === null || !/^-[a-zA-Z]{2,}/.test(v)) {
      out.push(a);
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      out.push({ value: `-${v[j]}`, exact: true, source: a.source });
      if (valued.includes(v[j])) {
        if (j + 1 < v.length) out.push({ value: v.slice(j + 1), exact: a.exact, computed: a.computed, source: a.source });
        break;
      }
    }
  }
  return out;
}

const has = (args: ShellWord[], ...names: string[]) => args.some((a) => names.includes(a.value ?? ''));

/** psql meta-commands that only show things. */
// One command a line, no backslash after it (psql runs several on a line), no backquote (a shell command).
const PSQL_READ_META = /^\\(d[a-zA-Z]*\+?|l\+?|conninfo|encoding|x|timing|pset|echo|q|sf\+?|sv\+?|z|dconfig\+?)(\s+[^\\`]*)?$/;

function psqlChanges(tool: string, written: ShellWord[], input: Input): string | null {
  const args = expandClusters(written, 'cdfhpUvoLPFRT');
  const writes = [...optionValues(args, '-o', '--output'), ...optionValues(args, '-L', '--log-file')];
  if (writes.some((w) => w === null || !HARMLESS_TARGET.test(w))) return `\`${tool} -o\` writes a file`;
  const files = [...optionValues(args, '-f', '--file')];
  if (files.some((f) => f !== '-')) return `\`${tool} -f\` runs a script file this cannot read`;
  // `-f -` runs its input, whatever else it is given.
  if (files.length) {
    if (!input || !('text' in input)) return fed(tool, input);
    const why = psqlText(input.text);
    if (why) return `${tool}: ${why}`;
  }
  const commands = [...optionValues(args, '-c', '--command')];
  return codeChanges(tool, commands, 'SQL this cannot read', psqlText, !files.length && has(args, '-l', '--list', '-V', '--version', '--help'), input);
}

/**
 * A client given code: what the code in its options (`-c`, `-e`, `--eval`) may change when it has
 * some; nothing when it only shows its version or help; else what it is fed on its input.
 */
function codeChanges(tool: string, given: Array<string | null>, unreadable: string, judge: (code: string) => string | null, onlyShows: boolean, input: Input): string | null {
  if (given.length) {
    for (const code of given) {
      const why = code === null ? unreadable : judge(code);
      if (why) return `${tool}: ${why}`;
    }
    return null;
  }
  if (onlyShows) return null;
  if (input && 'text' in input) {
    const why = judge(input.text);
    return why && `${tool}: ${why}`;
  }
  return fed(tool, input);
}

/** SQL for psql: its meta-commands that only show things are set aside, the rest goes to the SQL classifier. */
function psqlText(text: string): string | null {
  const sql: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('\\')) {
      if (!PSQL_READ_META.test(trimmed)) return `the psql command \`${trimmed.split(/\s/)[0]}\` may change things`;
    } else sql.push(line);
  }
  const rest = sql.join('\n');
  if (/\\(g|gexec|gset|o|w|i|ir|copy|!|e|ef|ev|set|setenv|cd|lo_|c|connect)\b/.test(rest)) return 'a psql command inside the SQL may change things';
  if (!rest.trim()) return null;
  const c = classifySql(rest);
  return c.classification === 'mitigation' ? c.reason : null;
}

function mysqlClientChanges(tool: string, written: ShellWord[], input: Input): string | null {
  const args = expandClusters(written, 'eDhPSuO');
  if (args.some((a) => a.value !== null && /^--(tee|pager|init-command|local-infile|plugin-dir|default-auth)\b/.test(a.value))) return `\`${tool}\` with an option that writes or runs things`;
  const statements = [...optionValues(args, '-e', '--execute')];
  return codeChanges(tool, statements, 'SQL this cannot read', mysqlChanges, has(args, '-V', '--version', '--help'), input);
}

/** Sentinel subcommands that only read. */
const SENTINEL_READS = /^(masters|master|primaries|primary|replicas|slaves|sentinels|get-master-addr-by-name|get-primary-addr-by-name|ckquorum|info-cache|myid|is-master-down-by-addr|is-primary-down-by-addr)$/;
const REDIS_VALUED = new Set(['-h', '-p', '-s', '-a', '-u', '-n', '-r', '-i', '-d', '-D', '--user', '--pass', '--tls-cert', '--cacert', '--cacertdir', '--tls-key', '--sni', '--pattern', '--count', '--quoted-pattern', '--memkeys-samples', '-t']);
const REDIS_READ_MODES = /^--(bigkeys|memkeys|hotkeys|stat|latency|latency-history|latency-dist|scan|intrinsic-latency|version|help)$/;

function redisCliChanges(tool: string, args: ShellWord[], input: Input): string | null {
  let i = 0;
  const options: string[] = [];
  for (; i < args.length; i++) {
    const v = args[i].value;
    if (v === null || !v.startsWith('-')) break;
    options.push(v);
    if (v === '--eval') return `\`${tool} --eval\` runs a Lua script`;
    if (/^--(rdb|functions-rdb)$/.test(v)) return `\`${tool} ${v}\` writes a file`;
    if (v === '--pipe') return `\`${tool} --pipe\` sends raw commands`;
    if (v === '--cluster') {
      const sub = args[i + 1]?.value;
      return sub && /^(check|info|help)$/.test(sub) ? null : `\`${tool} --cluster ${sub ?? ''}\` changes the cluster`;
    }
    if (REDIS_VALUED.has(v)) i++;
  }
  const rest = args.slice(i);
  if (rest.length) {
    if (rest[0].value === null || !rest[0].exact) return `\`${tool}\` with a command this cannot read (\`${rest[0].source}\`)`;
    if (rest[0].value.toLowerCase() === 'sentinel') {
      const sub = (rest[1]?.value ?? '').toLowerCase();
      return SENTINEL_READS.test(sub) || (sub === 'config' && rest[2]?.value?.toLowerCase() === 'get') ? null : `\`${tool} SENTINEL ${sub.toUpperCase()}\` changes the sentinels`;
    }
    const c = classifyRedisArgs(rest.map((w) => w.value ?? '?'));
    return c.classification === 'mitigation' ? `${tool}: ${c.reason}` : null;
  }
  if (options.some((o) => REDIS_READ_MODES.test(o))) return null;
  if (input && 'text' in input) {
    const c = classifyRedis(input.text);
    return c.classification === 'mitigation' ? `${tool}: ${c.reason}` : null;
  }
  return fed(tool, input);
}

function mongoClientChanges(tool: string, args: ShellWord[], input: Input): string | null {
  if (args.some((a) => a.value === '-f' || a.value === '--file' || /\.js$/.test(a.value ?? ''))) return `\`${tool}\` runs a script file this cannot read`;
  const evals = [...optionValues(args, null, '--eval')];
  return codeChanges(tool, evals, 'JavaScript this cannot read', mongoChanges, has(args, '--version', '--help'), input);
}

const SQLITE_READ_DOT = /^\.(tables|schema|indexes|indices|databases|show|headers|mode|stats|dbinfo|dump|width|timer)\b/;

function sqliteChanges(args: ShellWord[], input: Input): string | null {
  if (args.some((a) => a.value === null || a.computed)) return '`sqlite3` gets an argument this cannot read';
  if (has(args, '-init')) return '`sqlite3 -init` runs a file this cannot read';
  const commands = optionValues(args, '-cmd', null).map((c) => c ?? '');
  const positional = args.filter((a, i) => !a.value!.startsWith('-') && args[i - 1]?.value !== '-cmd');
  const texts = [...commands, ...(positional.length > 1 ? positional.slice(1).map((a) => a.value!) : input && 'text' in input ? [input.text] : [])];
  if (!texts.length) return has(args, '-version', '--version', '-help') ? null : fed('sqlite3', input);
  for (const text of texts) {
    for (const line of text.split('\n')) {
      if (line.trim().startsWith('.') && !SQLITE_READ_DOT.test(line.trim())) return `sqlite3: \`${line.trim().split(/\s/)[0]}\` may change things`;
    }
    const why = mysqlChanges(text.split('\n').filter((l) => !l.trim().startsWith('.')).join('\n'));
    if (why) return `sqlite3: ${why}`;
  }
  return null;
}

// Commands that run another command: `timeout 5 CMD`, `xargs CMD`, `ssh host CMD`,
// `kubectl exec POD -- CMD`, `su -c 'CMD'`. The classifier reads what they run instead of them.
import { DANGEROUS_VARIABLE, HARMLESS_TARGET } from './commands';
import type { ShellWord } from './syntax';

/** What a wrapper runs: a command line, shell text, nothing more (it only reads), or why it changes things. */
export type Unwrapped =
  | { argv: ShellWord[]; appendsUnknown?: boolean; keepsStdin?: boolean }
  | { text: string | null; what: string }
  | { reads: true }
  | { reason: string };

interface ArgvWrapper {
  /** Options that take a value (`-n 10`). */
  valued: string[];
  /** Words before the command that are not options (`timeout 5`, `flock FILE`). */
  positionals?: number;
  /** Without a command the wrapper opens a shell (`chroot DIR`): a mitigation. */
  shellWithout?: boolean;
  /** Options that take the command as one string of shell text (`flock -c`, `script -c`). */
  textOption?: string[];
}

/** Wrappers that run the rest of their arguments as a command. */
const ARGV_WRAPPERS: Record<string, ArgvWrapper> = {
  nohup: { valued: [] },
  setsid: { valued: [] },
  nice: { valued: ['-n', '--adjustment'] },
  ionice: { valued: ['-c', '-n', '-p', '-P', '-u', '--class', '--classdata', '--pid', '--pgid', '--uid'] },
  stdbuf: { valued: ['-i', '-o', '-e', '--input', '--output', '--error'] },
  timeout: { valued: ['-s', '-k', '--signal', '--kill-after'], positionals: 1 },
  exec: { valued: ['-a'] },
  builtin: { valued: [] },
  caffeinate: { valued: [] },
  chronic: { valued: [] },
  unbuffer: { valued: [] },
  envdir: { valued: [], positionals: 1 },
  chroot: { valued: ['--userspec', '--groups'], positionals: 1, shellWithout: true },
  nsenter: { valued: ['-t', '--target', '-S', '--setuid', '-G', '--setgid', '--wd', '-w', '--wdns'], shellWithout: true },
  unshare: { valued: ['--map-user', '--map-group', '--setgroups', '--propagation', '-S', '--setuid', '-G', '--setgid', '-R', '--root', '-w', '--wd'], shellWithout: true },
  flock: { valued: ['-w', '--wait', '--timeout', '-E', '--conflict-exit-code'], positionals: 1, textOption: ['-c', '--command'] },
  script: { valued: ['-E', '--echo', '-T', '--log-timing', '-I', '--log-in', '-O', '--log-out', '-B', '--log-io', '-m', '--logging-format'], textOption: ['-c', '--command'] },
  time: { valued: ['-f', '--format', '-o', '--output'] },
  strace: { valued: ['-e', '-o', '-p', '-s', '-u', '-E', '-P', '-O', '-a', '-b', '-I', '-X'] },
};

/** ssh's options that take a value, so the host is the first word after them. */
const SSH_VALUED = ['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B', '-P'];
const XARGS_VALUED = ['-I', '-L', '-n', '-P', '-s', '-d', '-E', '-a', '--max-args', '--max-procs', '--max-lines', '--delimiter', '--arg-file', '--replace', '--eof', '--max-chars', '--process-slot-var'];
const KUBE_EXEC_VALUED = ['-c', '--container', '-n', '--namespace', '--context', '--kubeconfig', '-f', '--filename', '--pod-running-timeout', '--cluster', '--user', '-s', '--server', '--token', '--as'];

const value = (w: ShellWord | undefined) => w?.value ?? null;

/** Splits `[options] [positionals…] command…` at the command. */
function splitAt(args: ShellWord[], valued: string[], positionals = 0): { options: ShellWord[]; before: ShellWord[]; command: ShellWord[] } {
  let i = 0;
  const options: ShellWord[] = [];
  while (i < args.length) {
    const v = value(args[i]);
    if (v === '--') {
      i++;
      break;
    }
    if (v === null || !v.startsWith('-') || v.length === 1) break;
    options.push(args[i]);
    if (valued.includes(v)) options.push(args[++i]);
    i++;
  }
  const before = args.slice(i, i + positionals);
  return { options: options.filter(Boolean), before, command: args.slice(i + positionals) };
}

/** The value of an option among options (`-c X`, `--command=X`, `-cX`). */
function optionValue(options: ShellWord[], names: string[]): ShellWord | undefined {
  for (let i = 0; i < options.length; i++) {
    const v = value(options[i]) ?? '';
    for (const n of names) {
      if (v === n) return options[i + 1];
      if (n.startsWith('--') && v.startsWith(n + '=')) return { value: v.slice(n.length + 1), exact: options[i].exact, computed: options[i].computed, source: options[i].source };
    }
  }
  return undefined;
}

/** Joins words into shell text the way `ssh` and `watch` do; null when one is not known. */
function joined(words: ShellWord[]): string | null {
  return words.some((w) => w.value === null || w.computed) ? null : words.map((w) => w.value).join(' ');
}

/** What `tool args…` runs, when `tool` is a wrapper; undefined otherwise. */
export function unwrap(tool: string, args: ShellWord[]): Unwrapped | undefined {
  const plain = ARGV_WRAPPERS[tool];
  if (plain) return unwrapArgv(tool, plain, args);
  switch (tool) {
    case 'command': {
      if (args.some((a) => /^-[vV]+$/.test(value(a) ?? ''))) return { reads: true };
      const { command } = splitAt(args, []);
      return command.length ? { argv: command, keepsStdin: true } : { reads: true };
    }
    case 'env':
      return unwrapEnv(args);
    case 'xargs': {
      const { options, command } = splitAt(args, XARGS_VALUED);
      // `-I {}` puts each input line where `{}` stands: those words are not known.
      const replace = optionValue(options, ['-I', '--replace']) ?? (options.some((o) => /^(-i|--replace)$/.test(value(o) ?? '')) ? { value: '{}', exact: true, source: '{}' } : undefined);
      const marker = replace?.value;
      const argv = marker ? command.map((w) => (w.value?.includes(marker) ? { value: null, exact: false, source: w.source } : w)) : command;
      // Without a command xargs echoes; with one, its arguments come from the input.
      return argv.length ? { argv, appendsUnknown: !marker } : { reads: true };
    }
    case 'watch': {
      const { options, command } = splitAt(args, ['-n', '--interval', '-d', '--differences', '-q', '--equexit']);
      if (!command.length) return { reads: true };
      if (options.some((o) => /^(-x|--exec)$/.test(value(o) ?? ''))) return { argv: command };
      return { text: joined(command), what: 'watch' };
    }
    case 'taskset':
    case 'chrt': {
      const { options, command } = splitAt(args, ['-c', '--cpu-list']);
      if (options.some((o) => /^(-p|--pid|-[a-z]*p)$/.test(value(o) ?? ''))) {
        return command.length <= 1 ? { reads: true } : { reason: `\`${tool} -p\` changes a running process` };
      }
      const rest = command.slice(options.some((o) => /^(-c|--cpu-list)$/.test(value(o) ?? '')) ? 0 : 1);
      return rest.length ? { argv: rest } : { reads: true };
    }
    case 'sudo':
    case 'doas':
      return unwrapSudo(tool, args);
    case 'ssh':
      return unwrapSsh(args);
    case 'su':
    case 'runuser':
      return unwrapSu(tool, args);
    case 'kubectl':
    case 'oc':
      return unwrapKube(tool, args);
    case 'docker':
    case 'podman':
      return unwrapDocker(tool, args);
    case 'knife': {
      if (value(args[0]) !== 'ssh') return undefined;
      // `knife ssh [options] QUERY COMMAND…`: the words after the query are joined into the command.
      const { before, command } = splitAt(args.slice(1), ['-a', '--attribute', '-C', '--concurrency', '-i', '--ssh-identity-file', '-p', '--ssh-port', '-x', '--ssh-user', '-P', '--ssh-password', '-G', '--ssh-gateway', '-e', '--exit-on-error'], 1);
      const remote = command[0]?.value === '--' ? command.slice(1) : command;
      return before.length && remote.length ? { text: joined(remote), what: 'knife ssh' } : { reason: '`knife ssh` without a command opens remote shells' };
    }
    case 'bundle':
      // `bundle exec CMD`: CMD runs with the bundle's gems (the Gemfile itself is outside what this reads).
      return value(args[0]) === 'exec' && args.length > 1 ? { argv: splitAt(args.slice(1), ['--gemfile']).command, keepsStdin: true } : undefined;
  }
  return undefined;
}

function unwrapArgv(tool: string, spec: ArgvWrapper, args: ShellWord[]): Unwrapped {
  const { options, before, command } = splitAt(args, [...spec.valued, ...(spec.textOption ?? [])], spec.positionals);
  if (tool === 'time' || tool === 'strace') {
    const out = optionValue(options, ['-o', '--output']);
    if (out && !HARMLESS_TARGET.test(out.value ?? '')) return { reason: `\`${tool} -o\` writes a file` };
  }
  if (tool === 'strace' && options.some((o) => /inject|fault|kill|--seccomp/.test(o.value ?? ''))) return { reason: '`strace` injects faults into the traced process' };
  if (tool === 'strace' && optionValue(options, ['-p'])) return command.length ? { argv: command } : { reads: true };
  if (tool === 'script') {
    const file = command[0];
    if (!file || file.value !== '/dev/null' || command.length > 1) return { reason: '`script` writes a typescript file' };
    if (['-T', '--log-timing', '-I', '--log-in', '-O', '--log-out', '-B', '--log-io'].some((o) => optionValue(options, [o]))) return { reason: '`script` writes a log file' };
  }
  const text = spec.textOption && optionValue(options, spec.textOption);
  if (text) return { text: text.value, what: `${tool} -c` };
  if (tool === 'script') return { reason: '`script` without `-c` opens a shell' };
  if (tool === 'flock' && !command.length) return before.length && /^\d+$/.test(before[0].value ?? '') ? { reads: true } : { reason: '`flock` without a command' };
  if (!command.length) return spec.shellWithout ? { reason: `\`${tool}\` without a command opens a shell` } : { reads: true };
  return { argv: command, keepsStdin: true };
}

function unwrapEnv(args: ShellWord[]): Unwrapped {
  let i = 0;
  for (; i < args.length; i++) {
    const v = value(args[i]);
    if (v === null) return { reason: `\`env\` gets an argument this cannot read (\`${args[i].source}\`)` };
    if (v === '--') {
      i++;
      break;
    }
    const long = /^--split-string(=([\s\S]*))?$/.exec(v);
    const short = /^-[a-zA-Z0-9]*S([\s\S]*)$/.exec(v);
    if (long || (short && !v.startsWith('--'))) {
      // `env -S "cmd args"` (also in a cluster, `-iS…`): the string is split into the command line.
      const inline = long ? long[2] : short![1] || undefined;
      const str = inline ?? value(args[i + 1]);
      const rest = joined(args.slice(inline !== undefined ? i + 1 : i + 2));
      return { text: str === null || rest === null ? null : [str, rest].filter(Boolean).join(' '), what: 'env -S' };
    }
    if (/^(-u|--unset|-C|--chdir)$/.test(v)) i++;
    else if (/^[A-Za-z_]\w*=/.test(v)) {
      const name = v.split('=')[0];
      if (DANGEROUS_VARIABLE.test(name)) return { reason: `\`env\` sets \`${name}\`, which changes what the command runs` };
    } else if (!v.startsWith('-')) break;
  }
  const command = args.slice(i);
  return command.length ? { argv: command, keepsStdin: true } : { reads: true };
}

/**
 * `sudo CMD` is judged by CMD: reading a log as root still only reads, and the public runbooks
 * are full of `sudo tail`, `sudo gitlab-ctl status`. What sudo itself can do beyond running CMD
 * is a mitigation: a shell (`-s`, `-i` without a command), editing files (`-e`, sudoedit), or a
 * variable that changes what CMD runs (`sudo LD_PRELOAD=… cmd`).
 */
function unwrapSudo(tool: string, args: ShellWord[]): Unwrapped {
  const valued = tool === 'doas'
    ? ['-u', '-C']
    : ['-u', '--user', '-g', '--group', '-C', '--close-from', '-D', '--chdir', '-h', '--host', '-p', '--prompt', '-r', '--role', '-t', '--type', '-U', '--other-user', '-T', '--command-timeout', '-R', '--chroot'];
  const { options, command } = splitAt(args, valued);
  const flags = options.map((o) => value(o) ?? '');
  const has = (short: string, long?: string) => flags.some((f) => (long !== undefined && f === long) || (/^-[a-zA-Z]+$/.test(f) && !valued.includes(f) && f.includes(short)));
  if (has('e', '--edit')) return { reason: `\`${tool} -e\` edits files as root` };
  if (has('R', '--chroot') || has('D', '--chdir')) return { reason: `\`${tool}\` with another root or directory runs what this cannot place` };
  let i = 0;
  for (; i < command.length && /^[A-Za-z_]\w*=/.test(command[i].value ?? ''); i++) {
    const name = command[i].value!.split('=')[0];
    if (DANGEROUS_VARIABLE.test(name)) return { reason: `\`${tool}\` sets \`${name}\`, which changes what the command runs` };
  }
  const rest = command.slice(i);
  // `sudo -s CMD`, `sudo -i CMD`: CMD runs through a shell, as shell text.
  if (has('s', '--shell') || has('i', '--login')) return rest.length ? { text: joined(rest), what: `${tool} -s` } : { reason: `\`${tool}\` opens a root shell` };
  if (!rest.length) {
    // `sudo -l`, `-v`, `-k`, `-V`: list or refresh the person's own sudo rights.
    return flags.length && flags.every((f) => /^(-[lvkKV]+|--(list|validate|reset-timestamp|remove-timestamp|version|help))$/.test(f)) ? { reads: true } : { reason: `\`${tool}\` without a command` };
  }
  return { argv: rest, keepsStdin: true };
}

function unwrapSsh(args: ShellWord[]): Unwrapped {
  const { options, command } = splitAt(args, SSH_VALUED);
  for (let i = 0; i < options.length; i++) {
    const v = value(options[i]) ?? '';
    const opt = v === '-o' ? (value(options[i + 1]) ?? '') : v.startsWith('-o') ? v.slice(2) : '';
    if (/^(ProxyCommand|LocalCommand|PermitLocalCommand|KnownHostsCommand|ProxyUseFdpass)\b/i.test(opt.replace(/^\s+/, ''))) return { reason: `\`ssh -o ${opt.split(/[=\s]/)[0]}\` runs a local command` };
  }
  if (!command.length) return { reason: '`ssh` without a host' };
  const remote = command[1]?.value === '--' ? command.slice(2) : command.slice(1);
  if (!remote.length) return { reason: '`ssh` opens a remote shell' };
  return { text: joined(remote), what: `ssh ${command[0].source}` };
}

function unwrapSu(tool: string, args: ShellWord[]): Unwrapped {
  const valued = ['-c', '--command', '-s', '--shell', '-g', '--group', '-G', '--supp-group', '-u', '--user', '-w', '--whitelist-environment', '--session-command'];
  const { options, command } = splitAt(args, valued);
  const text = optionValue(options, ['-c', '--command', '--session-command']);
  if (text) return { text: text.value, what: `${tool} -c` };
  // `runuser -u USER -- cmd args`: the words after the user are the command.
  if (tool === 'runuser' && optionValue(options, ['-u', '--user'])) return command.length ? { argv: command } : { reason: '`runuser` without a command opens a shell' };
  const afterUser = command.filter((w) => w.value !== '-').slice(1);
  const inner = optionValue(afterUser, ['-c', '--command']);
  if (inner) return { text: inner.value, what: `${tool} -c` };
  return { reason: `\`${tool}\` without \`-c\` opens a shell as another user` };
}

function unwrapKube(tool: string, args: ShellWord[]): Unwrapped | undefined {
  const { before } = splitAt(args, ['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token', '--as'], 1);
  const verb = value(before[0]);
  if (verb === 'exec') {
    const dash = args.findIndex((a) => a.value === '--');
    if (dash < 0) return { reason: `\`${tool} exec\` without \`--\`: the command it runs cannot be told apart` };
    const interactive = args.slice(0, dash).some((a) => /^-[a-z]*i[a-z]*$|^--stdin$/.test(value(a) ?? ''));
    return { argv: args.slice(dash + 1), keepsStdin: interactive };
  }
  if (verb === 'rsh' && tool === 'oc') {
    const at = args.indexOf(before[0]);
    const { before: pod, command } = splitAt(args.slice(at + 1), [...KUBE_EXEC_VALUED, '--shell'], 1);
    if (!pod.length || !command.length) return { reason: '`oc rsh` opens a remote shell' };
    return { argv: command };
  }
  return undefined;
}

function unwrapDocker(tool: string, args: ShellWord[]): Unwrapped | undefined {
  const { before } = splitAt(args, ['-H', '--host', '--context', '-c', '--config', '-l', '--log-level'], 1);
  if (value(before[0]) !== 'exec') return undefined;
  const at = args.indexOf(before[0]);
  const { before: container, command } = splitAt(args.slice(at + 1), ['-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file', '--detach-keys'], 1);
  if (!container.length || !command.length) return { reason: `\`${tool} exec\` without a command` };
  return { argv: command };
}

// Tools that read in most forms but change things in some: `sed -i`, `curl -o`, `tar -x`,
// `git branch -D`. Each guard gets the arguments after the tool's name and answers why this
// form changes something, or null when it only reads.
import type { ShellWord } from './syntax';
import { awkProgramChanges, sedScriptChanges } from './scripts';
import { DANGEROUS_VARIABLE, HARMLESS_TARGET } from './commands';

/** Classifies a nested command line (`find -exec …`): why it changes something, or null. */
export type InnerCommand = (words: ShellWord[]) => string | null;
export type Guard = (args: ShellWord[], tool: string, inner: InnerCommand) => string | null;

const text = (w: ShellWord) => w.value ?? '';
const unknown = (args: ShellWord[]) => args.find((a) => a.value === null);
const unreadable = (tool: string, w: ShellWord) => `\`${tool}\` gets an argument this cannot read (\`${w.source}\`)`;

/**
 * Whether an option is present: `short` letters also inside a cluster (`-xvf`), `long` names also
 * as `--name=value`. `valuedShort` letters take the rest of a cluster as their value.
 */
function hasOption(args: ShellWord[], short: string, long: string[] = [], valuedShort = ''): string | null {
  for (const a of args) {
    const v = text(a);
    if (v === '--') return null;
    if (v.startsWith('--')) {
      const name = v.split('=')[0];
      if (long.some((l) => (l.endsWith('*') ? name.startsWith(l.slice(0, -1)) : name === l))) return name;
    } else if (v.startsWith('-') && v.length > 1) {
      for (const c of v.slice(1)) {
        if (short.includes(c)) return `-${c}`;
        if (valuedShort.includes(c)) break;
      }
    }
  }
  return null;
}

/** The value of an option given as `-o v`, `-ov`, `--output v` or `--output=v`. */
function optionValues(args: ShellWord[], short: string, long: string[], valuedShort: string): (string | null)[] {
  const out: (string | null)[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = text(args[i]);
    if (v === '--') break;
    if (v.startsWith('--')) {
      const [name, ...rest] = v.split('=');
      if (long.includes(name)) out.push(rest.length ? rest.join('=') : (args[i + 1]?.value ?? null));
    } else if (v.startsWith('-')) {
      for (let j = 1; j < v.length; j++) {
        if (short.includes(v[j])) {
          out.push(j + 1 < v.length ? v.slice(j + 1) : (args[i + 1]?.value ?? null));
          break;
        }
        if (valuedShort.includes(v[j])) break;
      }
    }
  }
  return out;
}

/** Words that are not options (nor values of the options named). */
function positionals(args: ShellWord[], valued: string[] = []): ShellWord[] {
  const out: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') return out.concat(args.slice(i + 1));
    if (v !== null && v.startsWith('-') && v.length > 1) {
      if (valued.includes(v)) i++;
    } else out.push(args[i]);
  }
  return out;
}

const writesFile = (target: string | null) => target === null || !(target === '-' || HARMLESS_TARGET.test(target));

function sed(args: ShellWord[]): string | null {
  const u = unknown(args);
  if (u) return unreadable('sed', u);
  const inPlace = hasOption(args, 'i', ['--in-place'], 'efl');
  if (inPlace) return `\`sed ${inPlace}\` edits a file in place`;
  if (hasOption(args, 'f', ['--file'], 'el')) return '`sed -f` runs a script file this cannot read';
  const scripts = optionValues(args, 'e', ['--expression'], 'fl');
  if (scripts.length === 0) {
    const first = positionals(args, ['-l', '--line-length'])[0];
    if (first) scripts.push(first.value);
  }
  for (const s of scripts) {
    const why = s === null ? 'a sed script this cannot read' : sedScriptChanges(s);
    if (why) return why;
  }
  return null;
}

function awk(args: ShellWord[], tool: string): string | null {
  const u = unknown(args);
  if (u) return unreadable(tool, u);
  if (hasOption(args, 'filE', ['--file', '--include', '--load', '--exec'], 'vF')) return `\`${tool}\` runs a program file this cannot read`;
  const programs = optionValues(args, 'e', ['--source'], 'vFf');
  if (programs.length === 0) {
    const first = positionals(args, ['-v', '-F', '--assign', '--field-separator'])[0];
    if (first) programs.push(first.value);
  }
  for (const p of programs) {
    const why = p === null ? `an \`${tool}\` program this cannot read` : awkProgramChanges(p);
    if (why) return why;
  }
  return null;
}

function tee(args: ShellWord[]): string | null {
  const target = positionals(args).find((a) => writesFile(a.value));
  return target ? `\`tee\` writes to a file (${target.source})` : null;
}

function tar(args: ShellWord[]): string | null {
  const u = unknown(args);
  if (u) return unreadable('tar', u);
  // The first word may be a bundle without a dash (`tar tzf x.tgz`).
  const first = text(args[0] ?? { value: '', exact: true, source: '' });
  const bundle = first && !first.startsWith('-') ? [{ value: '-' + first, exact: true, source: args[0].source }] : [];
  const all = [...bundle, ...args];
  const listing = hasOption(all, 't', ['--list', '--diff', '--compare'], 'fCbHIKLNTVX');
  const changing = hasOption(all, 'cxruA', ['--create', '--extract', '--get', '--append', '--update', '--delete', '--concatenate'], 'fCbHIKLNTVX');
  const toStdout = hasOption(all, 'O', ['--to-stdout', '--to-command'], 'fCbHIKLNTVX');
  if (hasOption(all, 'IF', ['--to-command', '--use-compress-program', '--checkpoint-action', '--info-script', '--new-volume-script', '--rsh-command'], 'fCbHKLNTVX')) return '`tar` runs a command';
  if (changing && !(toStdout === '-O' || toStdout === '--to-stdout') ) return `\`tar ${changing}\` writes files`;
  if (changing && /^-?[^-]*c/.test(first)) return '`tar -c` writes an archive';
  return listing || toStdout ? null : '`tar` without `-t` writes files';
}

function compressor(args: ShellWord[], tool: string): string | null {
  const u = unknown(args);
  if (u) return unreadable(tool, u);
  if (tool === 'unzip') return hasOption(args, 'ltpvZ', []) ? null : '`unzip` extracts files';
  if (hasOption(args, 'ltc', ['--list', '--test', '--stdout', '--to-stdout'])) return null;
  // With no file it filters stdin to stdout.
  return positionals(args).length === 0 ? null : `\`${tool}\` replaces files`;
}

function sort(args: ShellWord[]): string | null {
  if (hasOption(args, '', ['--compress-program'])) return '`sort --compress-program` runs a program';
  const out = optionValues(args, 'o', ['--output'], 'kStT');
  return out.some(writesFile) ? '`sort -o` writes a file' : null;
}

const secondPositionalWrites = (tool: string) => (args: ShellWord[]) =>
  positionals(args).length >= 2 && writesFile(positionals(args)[1].value) ? `\`${tool}\` writes its output file` : null;

function yq(args: ShellWord[]): string | null {
  return hasOption(args, 'i', ['--inplace'], '') ? '`yq -i` edits a file in place' : null;
}

function find(args: ShellWord[], _tool: string, inner: InnerCommand): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i].value;
    if (a === null) return unreadable('find', args[i]);
    if (a === '-delete') return '`find -delete` deletes files';
    if (/^-(fprint|fprint0|fprintf|fls)$/.test(a)) return `\`find ${a}\` writes a file`;
    if (/^-(exec|execdir|ok|okdir)$/.test(a)) {
      let end = i + 1;
      while (end < args.length && args[end].value !== ';' && args[end].value !== '+') end++;
      const why = inner(args.slice(i + 1, end));
      if (why) return `\`find ${a}\`: ${why}`;
      i = end;
    }
  }
  return null;
}

// curl's short options that take a value: in a cluster (`-sX POST`, `-sXPOST`) the rest is the value.
const CURL_VALUED = 'AbcCdDeEFHKmoPQrTuUwxXyYz';
const READ_METHOD = /^(GET|HEAD|OPTIONS)$/i;

function curl(args: ShellWord[], tool: string): string | null {
  const u = unknown(args);
  if (u) return unreadable(tool, u);
  const methods = optionValues(args, 'X', ['--request'], CURL_VALUED);
  const write = methods.find((m) => m === null || !READ_METHOD.test(m));
  if (write !== undefined) return `\`${tool} -X ${(write ?? '?').toUpperCase()}\` sends a write request`;
  const sends = hasOption(args, 'dFT', ['--data*', '--form*', '--upload-file', '--json', '--quote', '--post*'], CURL_VALUED);
  if (sends) return `\`${tool} ${sends}\` sends data`;
  const outputs = [
    ...optionValues(args, 'oD', ['--output', '--dump-header', '--trace', '--trace-ascii', '--stderr', '--libcurl', '--etag-save', '--hsts', '--alt-svc'], CURL_VALUED),
    ...optionValues(args, 'c', ['--cookie-jar'], CURL_VALUED),
  ];
  if (outputs.some(writesFile)) return `\`${tool}\` writes to a file (-o)`;
  const saves = hasOption(args, 'OJ', ['--remote-name', '--remote-name-all', '--remote-header-name', '--output-dir', '--create-dirs'], CURL_VALUED);
  if (saves) return `\`${tool} ${saves}\` saves to a file`;
  if (hasOption(args, 'K', ['--config', '--engine'], CURL_VALUED)) return `\`${tool} -K\` reads options from a file this cannot read`;
  // `-w '%output{file}'` writes a file (curl 8.3 and later).
  if (optionValues(args, 'w', ['--write-out'], CURL_VALUED).some((w) => w === null || w.includes('%output{'))) return `\`${tool} -w %output{…}\` writes a file`;
  const override = optionValues(args, 'H', ['--header'], CURL_VALUED).find((h) => h === null || /^\s*X-(HTTP-)?Method(-Override)?\s*:\s*(?!(GET|HEAD|OPTIONS)\s*$)/i.test(h));
  if (override !== undefined) return `\`${tool}\` overrides the method with a header`;
  const scheme = positionals(args, []).map((a) => /^([a-z][a-z0-9+.-]*):\/\//i.exec(text(a))?.[1]?.toLowerCase()).find((s) => s && !/^(https?|ftps?|file)$/.test(s));
  if (scheme) return `\`${tool}\` talks \`${scheme}://\`, which can send commands`;
  return null;
}

function httpie(args: ShellWord[], tool: string): string | null {
  const u = unknown(args);
  if (u) return unreadable(tool, u);
  if (hasOption(args, 'do', ['--download', '--output', '--session', '--offline'], '')) return `\`${tool}\` writes a file`;
  const items = positionals(args, ['--auth', '-a', '--auth-type', '-A', '--verify', '--cert', '--cert-key', '--print', '-p', '--pretty', '--style', '-s']);
  const [first, ...rest] = items;
  const method = first && /^[A-Z]+$/.test(text(first)) ? text(first) : null;
  if (method && !READ_METHOD.test(method)) return `\`${tool} ${method}\` sends a write request`;
  const dataItems = (method ? rest.slice(1) : rest).filter((a) => /^[^=:@]*(:=@|=@|:=|@|=)/.test(text(a)) && !/^[^=:@]*==/.test(text(a)));
  if (dataItems.length) return `\`${tool}\` sends data (${dataItems[0].source}), which makes it a POST`;
  return null;
}

function wget(args: ShellWord[]): string | null {
  const u = unknown(args);
  if (u) return unreadable('wget', u);
  if (hasOption(args, '', ['--post-data', '--post-file', '--body-data', '--body-file'])) return '`wget` sends data';
  if (hasOption(args, 'e', ['--execute', '--config'], 'OoaPUTtwQiBDdAR')) return '`wget -e` runs wgetrc commands';
  const method = optionValues(args, '', ['--method'], '').find((m) => m === null || !READ_METHOD.test(m));
  if (method !== undefined) return `\`wget --method ${(method ?? '?').toUpperCase()}\` sends a write request`;
  if (hasOption(args, 'rmpk', ['--recursive', '--mirror', '--page-requisites'], 'OoaPeUTtwQiBDdeAR')) return '`wget` downloads into files';
  const logs = optionValues(args, 'oa', ['--output-file', '--append-output'], 'OPeUTtwQiBDdeAR');
  if (logs.some(writesFile)) return '`wget -o` writes a log file';
  if (hasOption(args, '', ['--spider'])) return null;
  const docs = optionValues(args, 'O', ['--output-document'], 'oaPeUTtwQiBDdeAR');
  if (docs.length === 0) return '`wget` saves the download to a file (use `-O -` to print it)';
  return docs.some(writesFile) ? '`wget -O` writes a file' : null;
}

function openssl(args: ShellWord[]): string | null {
  const u = unknown(args);
  if (u) return unreadable('openssl', u);
  const w = args.find((a) => /^-(out|keyout|writerand|sess_out|CAcreateserial|engine|provider|provider-path|msgfile|keylogfile|config|new|newkey|x509)$/.test(text(a)));
  if (w) return `\`openssl ${text(w)}\` writes a file or loads code`;
  return ['ca', 'engine', 'srp'].includes(text(args[0] ?? { value: '', exact: true, source: '' })) ? `\`openssl ${text(args[0])}\` changes state` : null;
}

function date(args: ShellWord[]): string | null {
  if (hasOption(args, 's', ['--set'], 'dfIr')) return '`date -s` sets the clock';
  const p = positionals(args, ['-d', '--date', '-f', '--file', '-r', '--reference']);
  return p.some((a) => !text(a).startsWith('+')) ? '`date` with a time sets the clock' : null;
}

function hostname(args: ShellWord[]): string | null {
  if (hasOption(args, 'bF', ['--boot', '--file'])) return '`hostname` sets the host name';
  return positionals(args).length ? '`hostname NAME` sets the host name' : null;
}

function mount(args: ShellWord[]): string | null {
  return positionals(args, ['-t', '--types']).length || hasOption(args, 'aR', ['--all', '--rbind', '--bind', '--move', '--make-*']) ? '`mount` mounts a file system' : null;
}

function sysctl(args: ShellWord[]): string | null {
  if (hasOption(args, 'wp', ['--write', '--load', '--system'])) return '`sysctl -w` changes kernel settings';
  return positionals(args).some((a) => text(a).includes('=')) ? '`sysctl key=value` changes kernel settings' : null;
}

function dmesg(args: ShellWord[]): string | null {
  const o = hasOption(args, 'cCDEn', ['--clear', '--read-clear', '--console-off', '--console-on', '--console-level'], 'FfklsS');
  return o ? `\`dmesg ${o}\` changes the kernel log` : null;
}

function journalctl(args: ShellWord[]): string | null {
  const o = hasOption(args, '', ['--vacuum-*', '--rotate', '--flush', '--sync', '--relinquish-var', '--smart-relinquish-var', '--setup-keys', '--update-catalog', '--cursor-file']);
  return o ? `\`journalctl ${o}\` changes the journal` : null;
}

const IP_OBJECT_VALUED = ['-n', '-netns', '-f', '-family', '-rc', '-rcvbuf', '-l', '-loops'];

function ip(args: ShellWord[]): string | null {
  // ip's long options take one dash (`-br` is `-brief`), so options are compared whole.
  if (args.some((a) => /^-(b|ba|bat|batc|batch|-batch)$/.test(a.value ?? ''))) return '`ip -batch` runs commands from a file';
  const u = unknown(args);
  if (u) return unreadable('ip', u);
  const [object, command] = positionals(args, IP_OBJECT_VALUED).map(text);
  if (!object || /^mo/.test(object)) return null; // `ip monitor`
  if (!command || /^(s|sh|sho|show|l|li|lis|list|ls|lst|g|ge|get)$/.test(command)) return null;
  if (/^-/.test(command) || /^(dev|to|from|table|scope|label|up|type|vrf|master)$/.test(command)) return null; // `ip a dev eth0`
  return `\`ip ${object} ${command}\` changes the network`;
}

function ifconfig(args: ShellWord[]): string | null {
  return positionals(args).length > 1 ? '`ifconfig` changes an interface' : null;
}

function route(args: ShellWord[]): string | null {
  return positionals(args, ['-A']).length ? '`route` changes the routing table' : null;
}

function arp(args: ShellWord[]): string | null {
  return hasOption(args, 'dsf', ['--delete', '--set', '--file']) ? '`arp` changes the ARP table' : null;
}

function iptables(args: ShellWord[], tool: string): string | null {
  const change = hasOption(args, 'ADIRFZNXPE', ['--append', '--delete', '--insert', '--replace', '--flush', '--zero', '--new-chain', '--delete-chain', '--policy', '--rename-chain'], 'tjmio');
  if (change) return `\`${tool} ${change}\` changes the firewall`;
  return hasOption(args, 'LSC', ['--list', '--list-rules', '--check'], 'tjmio') ? null : `\`${tool}\` without \`-L\` changes the firewall`;
}

function netcat(args: ShellWord[], tool: string): string | null {
  if (hasOption(args, 'ec', ['--exec', '--sh-exec', '--lua-exec'], 'pswiIqOxXb')) return `\`${tool} -e\` runs a command`;
  return hasOption(args, 'z', ['--zero']) ? null : `\`${tool}\` sends data to a port`;
}

function kill(args: ShellWord[]): string | null {
  if (args.some((a) => /^-(0|l|L|-list|-table)$/.test(text(a)))) return null;
  const signal = optionValues(args, 's', ['--signal'], '');
  if (signal.length && signal.every((s) => s === '0')) return null;
  return '`kill` signals a process';
}

function history(args: ShellWord[]): string | null {
  return hasOption(args, 'wa', []) ? '`history -w` writes a file' : null;
}

/** less and more run `+commands` at start, `!` among them. */
function pager(args: ShellWord[], tool: string): string | null {
  return args.some((a) => (a.value ?? '').startsWith('+')) ? `\`${tool} +…\` runs commands at start` : null;
}

function ss(args: ShellWord[]): string | null {
  const o = hasOption(args, 'KD', ['--kill', '--diag'], 'AfF');
  return o ? `\`ss ${o}\` kills sockets or writes a file` : null;
}

function tcpdump(args: ShellWord[]): string | null {
  return hasOption(args, 'wzZ', [], 'cCEFGiMrsTVyWB') ? '`tcpdump -w` writes a capture file' : null;
}

function ethtool(args: ShellWord[]): string | null {
  const o = args.map(text).find((v) => v.startsWith('-') && !/^(-[iSkgaclmTPdenux]|--(driver|statistics|show-.*|dump-.*|module-info|phy-statistics|json))$/.test(v));
  return o ? `\`ethtool ${o}\` changes the interface` : null;
}

function smartctl(args: ShellWord[]): string | null {
  const o = hasOption(args, 'tsoSX', ['--test', '--smart', '--offlineauto', '--saveauto', '--abort', '--set']);
  return o ? `\`smartctl ${o}\` changes the disk's settings or runs a test` : null;
}

function assignsDangerous(args: ShellWord[], tool: string): string | null {
  const name = args.find((a) => DANGEROUS_VARIABLE.test(text(a)));
  return name ? `\`${tool}\` sets \`${text(name)}\`, which changes what later commands run` : null;
}

function printf(args: ShellWord[]): string | null {
  const v = optionValues(args, 'v', [], '');
  return v.some((n) => n === null || DANGEROUS_VARIABLE.test(n)) ? '`printf -v` sets a variable that changes what later commands run' : null;
}

function shopt(args: ShellWord[]): string | null {
  return hasOption(args, 's', []) && args.some((a) => a.value === 'expand_aliases' || a.value === null) ? '`shopt -s expand_aliases` changes how the rest of the cell is read' : null;
}

function set(args: ShellWord[]): string | null {
  return args.some((a) => a.value === 'posix' || a.value === '--posix' || a.value === null) ? '`set -o posix` changes how the rest of the cell is read' : null;
}

function hash(args: ShellWord[]): string | null {
  return hasOption(args, 'p', []) ? '`hash -p` makes a name run another program' : null;
}

function file(args: ShellWord[]): string | null {
  return hasOption(args, 'C', ['--compile']) ? '`file -C` writes a magic file' : null;
}

function sshKeygen(args: ShellWord[]): string | null {
  return hasOption(args, 'lLFyB', [], 'fEb') ? null : '`ssh-keygen` writes keys or known_hosts';
}

function keytool(args: ShellWord[]): string | null {
  return args.some((a) => /^-(list|printcert|printcertreq|printcrl|version|help)$/.test(text(a))) ? null : '`keytool` changes a keystore';
}

function gpgconf(args: ShellWord[]): string | null {
  const o = hasOption(args, '', ['--kill', '--launch', '--reload', '--change-options', '--apply-defaults', '--apply-profile', '--create-socketdir', '--remove-socketdir', '--runtime']);
  return o ? `\`gpgconf ${o}\` changes the agents or their settings` : null;
}

function crontab(args: ShellWord[]): string | null {
  const lists = hasOption(args, 'l', []) && !hasOption(args, 'rei', []) && positionals(args, ['-u']).length === 0;
  return lists ? null : '`crontab` without `-l` changes the crontab';
}

function jmap(args: ShellWord[]): string | null {
  return args.some((a) => /^-dump/.test(a.value ?? '')) ? '`jmap -dump` writes a heap dump' : null;
}

function nvme(args: ShellWord[]): string | null {
  return /^(list|list-subsys|smart-log|id-ctrl|id-ns|error-log|show-regs|version)$/.test(args[0]?.value ?? '') ? null : `\`nvme ${args[0]?.source ?? ''}\` may change the device`;
}

function conntrack(args: ShellWord[]): string | null {
  return hasOption(args, 'DFUI', ['--delete', '--flush', '--update', '--create'], 'pstdrqmzo') ? '`conntrack` changes the connection table' : null;
}

function firewallCmd(args: ShellWord[]): string | null {
  const o = args.find((a) => a.value === null || (a.value.startsWith('--') && !/^--(list-.*|get-.*|query-.*|state|zone(=.*)?|permanent|info-.*)$/.test(a.value)));
  return o ? `\`firewall-cmd ${o.source}\` changes the firewall` : null;
}

/** Kafka's admin scripts: `--list` and `--describe` read, anything that creates, alters, deletes or resets changes. */
function kafka(args: ShellWord[], tool: string): string | null {
  const o = args.find((a) => a.value === null || /^--(create|delete|alter|reset-offsets|execute|delete-offsets|add-config|delete-config)$/.test(a.value));
  if (o) return `\`${tool} ${o.source}\` changes the cluster`;
  return hasOption(args, '', ['--list', '--describe']) ? null : `\`${tool}\` without \`--list\` or \`--describe\` is not known to only read`;
}

function chefClient(args: ShellWord[]): string | null {
  return hasOption(args, 'W', ['--why-run']) ? null : '`chef-client` applies configuration';
}

const GITLAB_RAKE_READ = /^(gitlab:check|gitlab:env:info|gitlab:[\w:]*:check|gitlab:[\w:]*:status|db:migrate:status|gitlab:[\w:]*:info)(\[.*\])?$/;

function gitlabRake(args: ShellWord[]): string | null {
  const tasks = positionals(args).filter((a) => !/^[A-Z_]+=/.test(text(a)));
  const task = tasks.find((t) => t.value === null || !GITLAB_RAKE_READ.test(text(t)));
  if (tasks.length === 0) return '`gitlab-rake` runs the default task';
  return task ? `\`gitlab-rake ${task.source}\` may change things` : null;
}

/** After the tool name and options, the verb path: `git branch -D x` → branch. */
function git(args: ShellWord[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const v = text(args[i]);
    if (!v.startsWith('-')) break;
    if (v === '-c' || /^--(exec-path|config-env)(=|$)/.test(v)) return `\`git ${v}\` can make git run a command`;
    if (['-C', '--git-dir', '--work-tree', '--namespace'].includes(v)) i++;
  }
  const p = positionals(args, ['-C', '--git-dir', '--work-tree', '--namespace']);
  const verb = text(p[0] ?? { value: '', exact: true, source: '' });
  const after = args.slice(args.indexOf(p[0]) + 1);
  const rest = positionals(after);
  if (verb === 'branch' || verb === 'tag') {
    const listing = hasOption(after, 'lavr', ['--list', '--contains', '--merged', '--no-merged', '--points-at', '--show-current'], '');
    const change = hasOption(after, 'dDmMcCfsuae', ['--delete', '--move', '--copy', '--force', '--set-upstream-to', '--unset-upstream', '--edit-description', '--annotate', '--sign', '--message'], '');
    if (change && !(verb === 'branch' && (change === '-a' || change === '-v'))) return `\`git ${verb} ${change}\` changes the repository`;
    if (rest.length && !listing) return `\`git ${verb} NAME\` creates a ${verb}`;
  }
  if (verb === 'config') {
    const o = hasOption(after, 'e', ['--add', '--unset', '--unset-all', '--replace-all', '--rename-section', '--remove-section', '--edit'], '');
    if (o) return `\`git config ${o}\` changes configuration`;
    if (!hasOption(after, 'l', ['--get', '--get-all', '--get-regexp', '--list', '--get-urlmatch']) && rest.length >= 2) return '`git config KEY VALUE` changes configuration';
  }
  if (verb === 'remote' && rest.length && !['show', 'get-url'].includes(text(rest[0]))) return `\`git remote ${text(rest[0])}\` changes the remotes`;
  if (hasOption(after, 'O', ['--output', '--open-files-in-pager', '--ext-diff'], '')) return `\`git ${verb}\` writes a file or runs a program`;
  return null;
}

function ocOrKubectl(args: ShellWord[], tool: string): string | null {
  const p = positionals(args, ['-n', '--namespace', '--context', '--kubeconfig', '-o', '--output', '-l', '--selector']).map(text);
  if (p[0] === 'project' && p.length > 1) return `\`${tool} project NAME\` switches the current project`;
  if (p[0] === 'adm' && p[1] === 'upgrade' && (p.length > 2 || hasOption(args, '', ['--to', '--to-latest', '--to-image', '--clear', '--force', '--allow-explicit-upgrade']))) return `\`${tool} adm upgrade\` starts an upgrade`;
  if (p[0] === 'get' && hasOption(args, '', ['--edit'])) return `\`${tool} get --edit\` edits`;
  if (hasOption(args, '', ['--enable-exec', '--enable-alpha-plugins'])) return `\`${tool}\` runs kustomize plugins`;
  return null;
}

function helm(args: ShellWord[]): string | null {
  if (hasOption(args, '', ['--post-renderer'])) return '`helm --post-renderer` runs a program';
  return hasOption(args, '', ['--output-dir']) ? '`helm --output-dir` writes files' : null;
}

function terraform(args: ShellWord[]): string | null {
  const verb = text(positionals(args)[0] ?? { value: '', exact: true, source: '' });
  if (verb === 'plan' && args.some((a) => /^--?out(=|$)/.test(text(a)))) return '`terraform plan -out` writes a plan file';
  if (verb === 'fmt' && !args.some((a) => /^--?check$/.test(text(a)))) return '`terraform fmt` rewrites files';
  return null;
}

/** Guards by tool name. */
export const GUARDS: Record<string, Guard> = {
  sed, awk, gawk: awk, mawk: awk, nawk: awk, tee, tar, sort, yq, find, wget, openssl, date, hostname, mount, sysctl, dmesg,
  journalctl, ip, ifconfig, route, arp, kill, tcpdump, tshark: tcpdump, history, less: pager, more: pager, ss, ethtool, smartctl, printf, hash, file, keytool, git, helm, terraform,
  curl, http: httpie, https: httpie,
  gzip: compressor, gunzip: compressor, bzip2: compressor, bunzip2: compressor, xz: compressor, unxz: compressor,
  zstd: compressor, unzstd: compressor, lz4: compressor, unzip: compressor,
  uniq: secondPositionalWrites('uniq'), xxd: secondPositionalWrites('xxd'),
  iptables, ip6tables: iptables, nc: netcat, ncat: netcat,
  shopt, set, read: assignsDangerous, mapfile: assignsDangerous, readarray: assignsDangerous, getopts: assignsDangerous,
  'ssh-keygen': sshKeygen, 'chef-client': chefClient, gpgconf, crontab, jmap, nvme, conntrack, 'firewall-cmd': firewallCmd,
  'kafka-topics': kafka, 'kafka-topics.sh': kafka, 'kafka-consumer-groups': kafka, 'kafka-consumer-groups.sh': kafka, 'gitlab-rake': gitlabRake,
  oc: ocOrKubectl, kubectl: ocOrKubectl,
};

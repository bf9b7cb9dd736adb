// Variables a runbook may not set. The runbook's frontmatter `env` and the workspace `.env` are
// written by whoever wrote the runbook or the repository, not by the person running it; these
// names would let that text run hidden code (a file bash sources before every cell, a library
// the loader injects, an interpreter's start-up options) or change what a visible command means
// (PATH, IFS, HOME). Such an entry is ignored and reported. The person's own environment and
// stored secrets are theirs and are never filtered.
//
// Names are compared case-insensitively (Windows reads `Path` as PATH), and a name that is not a
// shell identifier (`BASH_FUNC_ls%%`, `A=B`) is refused too: no cell can refer to it anyway.

/** Exact names, upper case, with the reason a person reads. */
const NAMES: Record<string, string> = {
  BASH_ENV: 'bash runs the file it names before every shell cell',
  ENV: 'sh runs the file it names at start',
  PROMPT_COMMAND: 'the shell runs it as a command',
  SHELLOPTS: 'sets shell options before the cell runs',
  BASHOPTS: 'sets shell options before the cell runs',
  PS1: 'the shell expands prompts, command substitutions included',
  PS2: 'the shell expands prompts, command substitutions included',
  PS3: 'the shell expands prompts, command substitutions included',
  PS4: 'the shell expands it, command substitutions included, for every traced line',
  IFS: 'changes how the shell splits words, so a command means something else than it reads',
  CDPATH: 'makes `cd` go somewhere else than it reads',
  GLOBIGNORE: 'changes what globs match',
  EXECIGNORE: 'changes which programs the shell finds',
  BASH_XTRACEFD: 'redirects the shell\'s trace',
  BASH_LOADABLES_PATH: 'where `enable -f` loads shell builtins from',
  PATH: 'decides which program every command name runs',
  HOME: 'tools read their start-up files from it (.gitconfig, .psqlrc, .ssh/config)',
  XDG_CONFIG_HOME: 'tools read their start-up files from it',
  SHELL: 'tools run it as the shell (`script`, `xargs -o`, editors)',
  GCONV_PATH: 'glibc loads conversion modules from it',
  OPENSSL_CONF: 'OpenSSL loads engines (shared libraries) named in it',
  NODE_OPTIONS: 'node runs the modules it --require\'s',
  NODE_PATH: 'changes which modules node loads',
  RUBYOPT: 'ruby loads what it names',
  RUBYLIB: 'changes which libraries ruby loads',
  PERLLIB: 'changes which modules perl loads',
  JAVA_TOOL_OPTIONS: 'the JVM loads agents it names',
  _JAVA_OPTIONS: 'the JVM loads agents it names',
  JDK_JAVA_OPTIONS: 'the JVM loads agents it names',
  CLASSPATH: 'changes which classes java loads',
  LUA_INIT: 'lua runs it at start',
  PHPRC: 'php reads its settings (auto_prepend_file) from it',
  PHP_INI_SCAN_DIR: 'php reads its settings (auto_prepend_file) from it',
  SSH_ASKPASS: 'ssh runs it',
  SSH_ASKPASS_REQUIRE: 'makes ssh run SSH_ASKPASS',
  SUDO_ASKPASS: 'sudo runs it',
  PSQLRC: 'psql runs the file it names',
  PAGER: 'tools run it to show output',
  MANPAGER: 'man runs it',
  SYSTEMD_PAGER: 'systemctl runs it',
  LESSOPEN: 'less runs it on every file',
  LESSCLOSE: 'less runs it on every file',
  EDITOR: 'tools run it (`kubectl edit`, `git commit`)',
  VISUAL: 'tools run it (`crontab -e`, `git commit`)',
  KUBE_EDITOR: '`kubectl edit` runs it',
};

/** Name prefixes, upper case. */
const PREFIXES: Array<[string, string]> = [
  ['BASH_FUNC_', 'bash defines the exported function it holds, which can shadow any command'],
  ['LD_', 'the dynamic loader reads it (LD_PRELOAD injects a library into every program)'],
  ['DYLD_', 'the macOS loader reads it (DYLD_INSERT_LIBRARIES injects a library)'],
  ['PYTHON', 'python reads it at start (PYTHONSTARTUP, PYTHONPATH, PYTHONHOME…)'],
  ['PERL5', 'perl reads it at start (PERL5OPT loads modules, PERL5LIB, PERL5DB)'],
  // Many GIT_* run programs (GIT_SSH_COMMAND, GIT_EXTERNAL_DIFF, GIT_PROXY_COMMAND, GIT_ASKPASS,
  // GIT_EXEC_PATH, GIT_CONFIG_* and GIT_DIR, which can point at a config with core.fsmonitor):
  // all of them, rather than a list that git outgrows.
  ['GIT_', 'git reads it, and many GIT_* variables make git run programs'],
];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why a runbook may not set `name`, or null when it may. */
export function refusedVariable(name: string): string | null {
  if (!IDENTIFIER.test(name)) return 'not a variable name a cell could use';
  const upper = name.toUpperCase();
  if (Object.hasOwn(NAMES, upper)) return NAMES[upper];
  for (const [prefix, why] of PREFIXES) if (upper.startsWith(prefix)) return why;
  return null;
}

/** How an ignored entry is reported, in the same words by the editor, `run`, `list` and `check`. */
export function refusedMessage(source: 'frontmatter' | 'dotenv' | 'incident', name: string, why: string): string {
  return `${source === 'frontmatter' ? 'frontmatter env' : source === 'dotenv' ? '.env' : "the incident's captured values"}: ${name} is ignored: ${why}. Set it in your own environment if you mean it.`;
}

/** The refused names and prefixes, for documentation and tests. */
export const REFUSED_NAMES: readonly string[] = Object.keys(NAMES);
export const REFUSED_PREFIXES: readonly string[] = PREFIXES.map(([p]) => `${p}*`);

// Every usage text the CLI prints, in one place: `runbook --help` is built from the same entries
// as `runbook <command> --help` and `runbook incident <subcommand> --help`, so a summary and its
// command's options cannot drift apart. main.ts answers `--help` from here before a command loads.

export interface CommandHelp {
  /** What follows `runbook `: the command and its arguments. */
  synopsis: string;
  /** One line, for `runbook --help`. */
  summary: string;
  /** The options and notes printed under the synopsis (none for a command without options). */
  details?: string;
}

const INCIDENT_OPTIONS = `options for every incident subcommand:
  --incident ID    the incident (default: the most recent open one; for \`status\`, the most
                   recent one when none is open)
  --workspace DIR  the workspace (default: the current directory)
  --folder DIR     where incidents live in the workspace (default: incidents)
  --actor NAME     who is acting (default: git user.name)
  --json           the result as JSON
  --share URL      sync/watch: the Redis server incidents are shared through, redis://[user:password@]host[:port]
                   or rediss:// (default: $RUNBOOK_SHARE_URL; keys under $RUNBOOK_SHARE_PREFIX, default runbook;
                   a private CA for rediss:// in $RUNBOOK_SHARE_CA)`;

const DOCUMENT_OPTIONS = `  --out FILE       write here instead (never over an existing file)
  --workspace DIR  the workspace (default: the current directory)
  --folder DIR     where incidents live in the workspace (default: incidents)
  --actor NAME     who is recorded as writing it (default: git user.name)`;

export const COMMANDS = {
  list: {
    synopsis: 'list FILE [--json] [--workspace DIR]',
    summary: 'the cells of a runbook, and which ones change something',
    details: `  --json           the cells and problems as JSON
  --workspace DIR  whose command rules judge the cells (default: the current directory)`,
  },
  check: {
    synopsis: 'check [--roundtrip] FILE...',
    summary: 'parse runbooks and report their problems',
    details: `  --roundtrip      also prove that saving the unchanged notebook gives back the same bytes
exit code: 1 when a file has an error, cannot be read, or (with --roundtrip) changes on saving;
           warnings alone exit 0`,
  },
  run: {
    synopsis: 'run FILE [--cell NAME|INDEX]... [--param NAME=VALUE]... [--diagnostics] [--yes] [--json] [options]',
    summary: 'run cells (mitigations need --yes or a person at the terminal)',
    details: `  --cell NAME|INDEX  run this cell (repeatable; default: every runnable cell, in order)
  --param NAME=VALUE fill the runbook's <NAME> placeholders with VALUE (repeatable; the value
                     goes in quoted, as one word); the incident's parameters fill the others, then
                     the frontmatter's defaults; at a terminal, missing ones are asked before any
                     cell runs
  --diagnostics      run only cells that change nothing
  -y, --yes          confirm mitigations beforehand (without a terminal nobody is asked)
  --json             the cells' status, exit code, output and verdict as JSON
  --timeout SECONDS  a cell's timeout, unless the cell sets its own
  --env-file FILE    variables for the cells (default: the nearest .env)
  --incident ID      record the runs on this incident, with their logs in its runs/ folder, and
                     use its parameters and captured values (default: the most recent open one)
  --workspace DIR    the workspace (default: the current directory)
  --folder DIR       where incidents live in the workspace (default: incidents)
exit code: 1 when the run stopped (a cell failed, was refused or cancelled);
           2 when a parameter is missing (nothing ran) or the command line is wrong`,
  },
  incident: {
    synopsis: 'incident <subcommand> [options]',
    summary: 'declare and track an incident: declare, status, note, resolve…',
  },
  message: {
    synopsis: 'message status-page|resolution|slack [options]',
    summary: 'write a status message from its template and record it',
    details: `  Prints the message (or writes it with --out) and records it on the incident's timeline.
  --incident ID    the incident (default: the most recent open one, else the most recent one;
                   for resolution, the most recently declared one)
${DOCUMENT_OPTIONS}
templates: .runbooks/templates/<kind>.md in the workspace replaces the built-in one`,
  },
  postmortem: {
    synopsis: 'postmortem [options]',
    summary: 'write the post-mortem draft into postmortems/',
    details: `  Writes postmortems/<id>.md (-2, -3… if that exists) and records it on the timeline.
  --incident ID    the incident (default: the most recently declared one)
${DOCUMENT_OPTIONS}
templates: .runbooks/templates/postmortem.md in the workspace replaces the built-in one`,
  },
  health: {
    synopsis: 'health [--json] [--watch [--interval SECONDS] [--count N]] [--env-file FILE] [--config FILE]',
    summary: 'check the services (exit 1 when one is down)',
    details: `  --json           results as JSON (one array per round)
  --watch          repeat every --interval seconds (default 30) until Ctrl-C, or --count rounds
  --env-file FILE  variables for the checks (default: .env in the current folder, if any)
  --config FILE    checks as JSON or YAML: a list, or { checks: [...] } (default: the guide's checks
                   on $API_BASE_URL, DATABASE_URL and REDIS_URL)
exit code: 1 when any check is down, 2 for a bad command line or config file`,
  },
} satisfies Record<string, CommandHelp>;

export type CommandName = keyof typeof COMMANDS;

export const INCIDENT_SUBCOMMANDS = {
  declare: {
    synopsis: 'declare (--severity P0|P1|P2|P3 --title "…" | --from-alert FILE|-) [--commander NAME] [--tag TAG]...',
    summary: 'open a new incident',
    details: `  --from-alert FILE|-  declare from an alert: Alertmanager (webhook payload or API), Prometheus
                       (/api/v1/alerts) or Grafana (webhook, legacy too) JSON; - reads stdin.
                       Finds its runbook, takes the title, severity and start time from the alert
                       (.runbooks/alerts.yaml can map severity labels) and fills the runbook's
                       parameters from its labels; --title and --severity win over the alert's.
                       A bad alert exits 2, naming the field, and writes nothing`,
  },
  list: { synopsis: 'list', summary: 'every incident, most recent first' },
  status: { synopsis: 'status', summary: 'the incident, its clock, checklist and notes' },
  'set-status': { synopsis: 'set-status investigating|identified|monitoring|resolved [--reason "…"]', summary: 'move the incident on' },
  'set-severity': { synopsis: 'set-severity P0|P1|P2|P3 [--reason "…"]', summary: 'change the severity' },
  assign: { synopsis: 'assign NAME', summary: 'name the incident commander' },
  note: { synopsis: 'note "…" [--kind note|finding|action] [--owner NAME] [--due YYYY-MM-DD]', summary: 'add a note, a finding or an action item' },
  check: { synopsis: 'check ITEM [--undo]', summary: 'tick a checklist item (ids from `status`)' },
  resolve: { synopsis: 'resolve [--reason "…"]', summary: 'mark the incident resolved' },
  reopen: { synopsis: 'reopen [--reason "…"]', summary: 'reopen an incident (default: the most recently resolved one)' },
  sync: { synopsis: 'sync [--share URL]', summary: 'share incidents once: publish what is local, receive what is on the server' },
  watch: { synopsis: 'watch [--share URL]', summary: 'follow shared incidents live (all, or --incident ID) until Ctrl-C' },
} satisfies Record<string, CommandHelp>;

export type IncidentSubcommand = keyof typeof INCIDENT_SUBCOMMANDS;

const EXIT_CODES = `exit codes: 0 ok; 1 a cell, check or write failed; 2 bad usage (unknown command or option,
            a missing or wrong argument, no incident to act on)`;

const ENVIRONMENT = `environment: NO_COLOR is honoured (the CLI adds no colour of its own; cells inherit it)`;

function columns(rows: Array<[string, string]>, indent: string): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`);
}

/** `check [--roundtrip] FILE...` → `check FILE...`: the options are in the command's own help. */
function withoutOptions(synopsis: string): string {
  let s = synopsis;
  while (/\[[^[\]]*\]/.test(s)) s = s.replace(/ ?\[[^[\]]*\](\.\.\.)?/g, '');
  return s.replace(/ \[options\]$/, '');
}

/** `runbook --help`. */
export function topUsage(): string {
  const rows = Object.values(COMMANDS).map((c): [string, string] => [withoutOptions(c.synopsis), c.summary]);
  return [
    'usage: runbook <command> [options]',
    '',
    ...columns(rows, '  '),
    '',
    '`runbook <command> --help` shows a command\'s options.',
    EXIT_CODES,
    ENVIRONMENT,
    '',
  ].join('\n');
}

/** `runbook <command> --help`; for `incident`, the subcommand's when one is named. */
export function commandUsage(name: CommandName, subcommand?: string): string {
  if (name === 'incident') return incidentUsage(subcommand);
  const c: CommandHelp = COMMANDS[name];
  return [`usage: runbook ${c.synopsis}`, `  ${c.summary}`, ...(c.details ? [c.details] : []), ''].join('\n');
}

function incidentUsage(subcommand?: string): string {
  if (subcommand && Object.hasOwn(INCIDENT_SUBCOMMANDS, subcommand)) {
    const s = INCIDENT_SUBCOMMANDS[subcommand as IncidentSubcommand];
    const details = 'details' in s ? [s.details] : [];
    return [`usage: runbook incident ${s.synopsis} [options]`, `  ${s.summary}`, ...details, INCIDENT_OPTIONS, ''].join('\n');
  }
  const rows = Object.values(INCIDENT_SUBCOMMANDS).map((s): [string, string] => [s.synopsis, s.summary]);
  return ['usage: runbook incident <subcommand> [options]', `  ${COMMANDS.incident.summary}`, 'subcommands:', ...columns(rows, '  '), INCIDENT_OPTIONS, '`runbook incident <subcommand> --help` shows one.', ''].join('\n');
}

/**
 * Whether the command line asks for help: `--help` or `-h` before a `--`. Checked before the
 * command's own parsing, so every command answers it the same way, whatever else is on the line.
 */
export function asksForHelp(args: string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

// `runbook incident …`: declare and track an incident from a terminal. Same store and fold as the
// extension, so a window and a terminal can work on the same incident at once.
import { UsageError, type CliCommand, type CliIO } from './io';
import { parseOptions, workspaceRoot } from './args';
import { IncidentStore, type LoadedIncident } from '../core/incident/store';
import { NOTE_KINDS, SEVERITY_IDS, STATUSES, type NewEvent, type NoteKind } from '../core/incident/events';
import { isSeverityId, DEFAULT_SEVERITIES } from '../core/incident/severities';
import { resolveActor } from '../core/incident/actor';
import { checkReopen, checkStatusChange, STATUS_LABELS } from '../core/incident/rules';
import { formatDue, formatDuration, incidentClock } from '../core/incident/clock';
import { PHASE_TITLES } from '../core/incident/checklists';
import type { IncidentState } from '../core/incident/state';
import type { SeverityId } from '../core/incident/events';
import { workspaceMasker } from '../core/documents/masker';
import { commandUsage } from './usage';
import { pickIncident } from './pickIncident';
import { printableLine as line } from './printable';
import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Masker } from '../core/secrets/mask';
import { readRunbook } from '../core/runbook/bytes';
import {
  AlertInputError,
  MATCHED_BY_TEXT,
  MAX_ALERT_BYTES,
  alertTooLarge,
  declareFromAlert,
  formatInWords,
  listWorkspaceRunbooks,
  loadAlertSettings,
  noMatchMessage,
  parseAlertText,
  prepareAlertIncident,
} from '../core/alerts';

const options = {
  severity: { type: 'string' },
  title: { type: 'string' },
  commander: { type: 'string' },
  tag: { type: 'string', multiple: true },
  incident: { type: 'string' },
  workspace: { type: 'string' },
  folder: { type: 'string' },
  actor: { type: 'string' },
  json: { type: 'boolean' },
  kind: { type: 'string' },
  owner: { type: 'string' },
  due: { type: 'string' },
  reason: { type: 'string' },
  undo: { type: 'boolean' },
  'from-alert': { type: 'string' },
  share: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(args: string[]) {
  return parseOptions(args, options);
}

export const incident: CliCommand = async (args, io) => {
  const { values, positionals } = parse(args);
  const [sub, ...rest] = positionals;
  if (!sub) throw new UsageError(`expects a subcommand\n${commandUsage('incident')}`);
  const root = workspaceRoot(io, values.workspace);
  // Masked with the secrets the editor masks (the environment and the workspace `.env`; the CLI
  // has no stored secrets) before anything typed is written: notes, titles, reasons, names.
  const masker = workspaceMasker(root, io.env);
  const store = new IncidentStore(root, values.folder, { masker });
  const actor = () => resolveActor({ override: values.actor, cwd: root, env: io.env });
  const ctx: Ctx = { store, values, rest, io, actor, root, masker };
  // Sharing through Redis (issue 13) lives in share.ts.
  if (sub === 'watch' || sub === 'sync') {
    return (await import('./share')).shareSubcommand(sub, { store, io, actor, masker, incident: values.incident, share: values.share, json: values.json });
  }
  let code: number;
  try {
    code = await run(sub, ctx);
  } catch (err) {
    // A refusal may quote what was typed (`expected a name, got 'x' 'y'`).
    if (err instanceof UsageError) throw new UsageError(masker.mask(err.message));
    throw err;
  }
  // With sharing configured, what was just written goes to the server at once.
  if (code === 0 && sub !== 'list' && sub !== 'status') await (await import('./share')).publishAfterWrite({ store, io, actor, masker, share: values.share, incident: values.incident });
  return code;
};

function run(sub: string, ctx: Ctx): number | Promise<number> {
  const { values, rest } = ctx;
  if (values['from-alert'] !== undefined && sub !== 'declare') throw new UsageError('--from-alert goes with declare');

  switch (sub) {
    case 'declare':
      return values['from-alert'] !== undefined ? declareFromAlertFile(ctx, values['from-alert']) : declare(ctx);
    case 'list':
      return list(ctx);
    case 'status':
      return status(ctx);
    case 'set-status':
      return setStatus(ctx, one(rest, 'a status'));
    case 'resolve':
      return setStatus(ctx, 'resolved');
    case 'reopen':
      return reopen(ctx);
    case 'set-severity': {
      const severity = one(rest, 'a severity').toUpperCase();
      if (!isSeverityId(severity)) throw new UsageError(`unknown severity '${severity}' (expected ${SEVERITY_IDS.join(', ')})`);
      return appendTo(ctx, { type: 'severity_changed', data: { severity, reason: values.reason } }, (s) =>
        s.severity === severity ? `incident ${s.id} is already ${severity}` : undefined,
      );
    }
    case 'assign':
      return appendTo(ctx, { type: 'commander_assigned', data: { commander: one(rest, 'a name') } });
    case 'note': {
      const kind = (values.kind ?? 'note') as NoteKind;
      if (!NOTE_KINDS.includes(kind)) throw new UsageError(`unknown --kind '${values.kind}' (expected ${NOTE_KINDS.join(', ')})`);
      const text = rest.join(' ');
      if (!text.trim()) throw new UsageError('note needs a text: runbook incident note "…"');
      return appendTo(ctx, { type: 'note_added', data: { text, kind, owner: values.owner, due: values.due } });
    }
    case 'check': {
      const item = one(rest, 'a checklist item id');
      return appendTo(ctx, { type: 'checklist_toggled', data: { item, done: !values.undo } }, (s) =>
        s.checklist.some((c) => c.id === item) ? undefined : `no checklist item '${item}' for this incident (see \`runbook incident status\`)`,
      );
    }
    default:
      throw new UsageError(`unknown subcommand '${sub}'\n${commandUsage('incident')}`);
  }
}

interface Ctx {
  store: IncidentStore;
  values: Values;
  rest: string[];
  io: CliIO;
  actor: () => string;
  root: string;
  masker: Masker;
}

function one(rest: string[], what: string): string {
  if (rest.length !== 1) throw new UsageError(`expected ${what}, got ${rest.length === 0 ? 'nothing' : rest.map((r) => `'${r}'`).join(' ')}`);
  return rest[0];
}

function declare({ store, values, io, actor }: Ctx): number {
  const severity = values.severity?.toUpperCase();
  if (!severity || !isSeverityId(severity)) throw new UsageError(`declare needs --severity ${SEVERITY_IDS.join('|')}`);
  if (!values.title?.trim()) throw new UsageError('declare needs --title "…"');
  const who = actor();
  const { state } = store.declare({ title: values.title, severity, commander: values.commander ?? who, tags: values.tag }, who);
  if (values.json) io.stdout(JSON.stringify(state, null, 2) + '\n');
  else {
    io.stdout(`declared ${state.id} (${state.severity}, commander ${line(state.commander ?? '(none)')})\n`);
    io.stdout(`Slack channel to create: ${line(state.slackChannel)}\n`);
    io.stdout(`response target: ${DEFAULT_SEVERITIES[state.severity].responseLabel}; notify: ${DEFAULT_SEVERITIES[state.severity].notify}\n`);
  }
  return 0;
}

function list({ store, values, io }: Ctx): number {
  const all = store.list();
  if (values.json) {
    io.stdout(JSON.stringify(all.map(({ state, problems }) => ({ ...summary(state), problems })), null, 2) + '\n');
    return 0;
  }
  if (all.length === 0) io.stdout(`no incidents in ${store.dir}\n`);
  for (const { state } of all) {
    io.stdout(`${state.id}  ${state.severity}  ${STATUS_LABELS[state.status].padEnd(13)}  ${line(state.title)}\n`);
  }
  return 0;
}

function summary(s: IncidentState) {
  return { id: s.id, title: s.title, severity: s.severity, status: s.status, commander: s.commander, declaredAt: s.declaredAt, resolvedAt: s.resolvedAt };
}

/** The incident named by --incident, else the most recent open one (for `status`, else the latest). */
function pick({ store, values, io }: Ctx, orLatest = false): LoadedIncident {
  return pickIncident(io, store, { named: values.incident, preferred: () => store.mostRecentOpen(), orLatest });
}

function reportProblems(io: CliIO, loaded: LoadedIncident): void {
  for (const p of loaded.problems) io.stderr(`warning: ${loaded.state.id}: ${line(p.message)}\n`);
}

function status(ctx: Ctx): number {
  const loaded = pick(ctx, true);
  const { state: s } = loaded;
  reportProblems(ctx.io, loaded);
  if (ctx.values.json) {
    ctx.io.stdout(JSON.stringify({ ...s, timelineProblems: loaded.problems }, null, 2) + '\n');
    return 0;
  }
  const now = new Date();
  const clock = incidentClock(s, DEFAULT_SEVERITIES, now);
  const out = [
    `${s.id}: ${line(s.title)}`,
    `severity   ${s.severity} (${DEFAULT_SEVERITIES[s.severity].name})`,
    `status     ${STATUS_LABELS[s.status]}`,
    `commander  ${line(s.commander ?? '(none)')}`,
    `declared   ${s.declaredAt} by ${line(s.declaredBy)} (${formatDuration(clock.elapsedMs)}${s.resolvedAt ? `, resolved ${s.resolvedAt}` : ' ago'})`,
    ...(s.detectedAt ? [`detected   ${s.detectedAt} (${formatDuration(Math.max(0, Date.parse(s.declaredAt) - Date.parse(s.detectedAt)))} before it was declared)`] : []),
    ...s.alerts.map((a) => `alert      ${line(a.alertname)}${a.status ? ` (${line(a.status)})` : ''} ${line(keyLabels(a.labels))}${a.runbook ? `, runbook ${line(a.runbook)}` : ''}`),
    ...(Object.keys(s.params).length ? [`params     ${line(Object.entries(s.params).map(([k, v]) => `${k}=${v.value}`).join(', '))}`] : []),
    `channel    ${line(s.slackChannel)}`,
    `response   ${clock.responded ? 'started' : `due ${formatDue(clock.responseDueAt, now)}`}`,
  ];
  if (clock.nextUpdateDueAt) out.push(`next update due ${formatDue(clock.nextUpdateDueAt, now)}`);
  let phase = '';
  for (const c of s.checklist) {
    if (c.phase !== phase) out.push(`\n${PHASE_TITLES[(phase = c.phase)]}`);
    out.push(`  [${c.done ? 'x' : ' '}] ${line(c.text)}  (${line(c.id)})${c.applies ? '' : ' (no longer applies)'}`);
  }
  if (s.notes.length) out.push('', 'notes');
  for (const n of s.notes) out.push(`  ${n.ts} ${n.kind.padEnd(7)} ${line(n.text)}${n.owner ? ` (owner ${line(n.owner)})` : ''}${n.due ? ` (due ${line(n.due)})` : ''}`);
  ctx.io.stdout(out.join('\n') + '\n');
  return 0;
}

function appendTo(ctx: Ctx, event: NewEvent, guard?: (s: IncidentState) => string | undefined): number {
  const loaded = pick(ctx);
  reportProblems(ctx.io, loaded);
  const refusal = guard?.(loaded.state);
  if (refusal) throw new UsageError(refusal);
  const written = ctx.store.append(loaded.state.id, event, ctx.actor());
  if (ctx.values.json) ctx.io.stdout(JSON.stringify(written) + '\n');
  else ctx.io.stdout(`${loaded.state.id}: ${written.type.replace('_', ' ')}\n`);
  return 0;
}

function setStatus(ctx: Ctx, to: string): number {
  const status = to.toLowerCase();
  if (!(STATUSES as readonly string[]).includes(status)) throw new UsageError(`unknown status '${to}' (expected ${STATUSES.join(', ')})`);
  return appendTo(ctx, { type: 'status_changed', data: { status: status as (typeof STATUSES)[number], reason: ctx.values.reason } }, (s) =>
    checkStatusChange(s, status),
  );
}

function reopen(ctx: Ctx): number {
  // The most recent open incident is not what a reopen is for: default to the last resolved one.
  if (!ctx.values.incident) {
    const last = ctx.store.list().find((i) => i.state.status === 'resolved');
    if (!last) throw new UsageError(`no resolved incident in ${ctx.store.dir}`);
    ctx.values.incident = last.state.id;
  }
  return appendTo(ctx, { type: 'status_changed', data: { status: 'investigating', reason: ctx.values.reason ?? 'reopened' } }, checkReopen);
}

// ---- declare --from-alert ----

/** Labels that are not the alert's name or severity, `name=value` each. */
function keyLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .filter(([k]) => k !== 'alertname' && k !== 'severity')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

async function readAlertInput(io: CliIO, source: string): Promise<{ text: string; name: string }> {
  if (source === '-') {
    if (process.stdin.isTTY) io.stderr('paste the alert JSON, then Ctrl-D\n');
    const bytes = await readStdin(MAX_ALERT_BYTES + 1);
    if (bytes.length > MAX_ALERT_BYTES) throw new UsageError(`stdin: ${alertTooLarge().message}`);
    return { text: bytes.toString('utf8'), name: 'stdin' };
  }
  if (!source) throw new UsageError('--from-alert needs a FILE, or - for stdin');
  const path = resolve(io.cwd, source);
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${source}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if (size > MAX_ALERT_BYTES) throw new UsageError(`${source}: ${alertTooLarge(size).message}`);
  try {
    return { text: readFileSync(path, 'utf8'), name: source };
  } catch (err) {
    throw new UsageError(`cannot read ${source}: ${(err as Error).message}`);
  }
}

/** Standard input, up to about `limit` bytes: what is over the limit is refused, not read to its end. */
async function readStdin(limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  return Buffer.concat(chunks);
}

async function declareFromAlertFile(ctx: Ctx, source: string): Promise<number> {
  const { store, values, io, root, masker } = ctx;
  const severity = values.severity?.toUpperCase();
  if (severity !== undefined && !isSeverityId(severity)) throw new UsageError(`unknown severity '${values.severity}' (expected ${SEVERITY_IDS.join(', ')})`);
  const { text, name } = await readAlertInput(io, source);
  // A bad alert is bad input: exit 2, the field named, nothing written.
  const asUsage = <T>(work: () => T): T => {
    try {
      return work();
    } catch (err) {
      if (err instanceof AlertInputError) throw new UsageError(`${name}: ${err.message}`);
      throw err;
    }
  };
  const parsed = asUsage(() => parseAlertText(text));
  const { settings, problems } = loadAlertSettings(root);
  for (const p of problems) io.stderr(`warning: ${line(p)}\n`);
  const candidates = listWorkspaceRunbooks(root);
  const who = ctx.actor();
  const overrides = { title: values.title, severity: severity as SeverityId | undefined, commander: values.commander ?? who, tags: values.tag };
  const { alert, index, match: { match, tried }, runbook, plan } = asUsage(() =>
    prepareAlertIncident({ parsed, candidates, readDocument: (path) => readRunbook(readFileSync(join(root, path))), settings, overrides }),
  );
  for (const note of plan.notes) io.stderr(`warning: ${line(note)}\n`);

  const { declared } = declareFromAlert({ declare: (input) => store.declare(input, who), append: (id, event) => store.append(id, event, who) }, plan);
  const { state } = store.read(declared.state.id);
  const next = runbook ? nextRunCommand(io, root, runbook.path, state.id) : `runbook incident status --incident ${state.id}`;
  const report = masker.maskDeep({
    incident: state.id,
    title: state.title,
    severity: state.severity,
    severityReason: plan.severityReason,
    commander: state.commander ?? null,
    detectedAt: state.detectedAt ?? null,
    slackChannel: state.slackChannel,
    alert: { format: alert.format, alertname: alert.alertname, status: alert.status ?? null, startsAt: alert.startsAt ?? null, labels: alert.labels, runbookUrl: alert.runbookUrl ?? null },
    alertsInInput: parsed.alerts.length,
    alertIndex: index,
    runbook: runbook?.path ?? null,
    matchedBy: runbook?.matchedBy ?? null,
    alsoMatched: match?.alsoMatched ?? [],
    tried,
    params: plan.params.filled,
    paramsFrom: plan.params.from,
    missingParams: plan.params.missing,
    next,
    notes: plan.notes,
  });
  if (values.json) {
    io.stdout(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  const out = [
    `declared ${state.id} (${state.severity}, commander ${line(state.commander ?? '(none)')})`,
    `alert     ${line(report.alert.alertname)}${alert.status ? ` (${line(alert.status)}${alert.startsAt ? ` since ${alert.startsAt}` : ''})` : ''}, from ${formatInWords(alert.format)}` +
      (parsed.alerts.length > 1 ? `: alert ${index + 1} of ${parsed.alerts.length}, the first not resolved` : ''),
    `severity  ${state.severity}: ${line(report.severityReason)}`,
  ];
  if (runbook) {
    out.push(`runbook   ${line(runbook.path)} (found by ${MATCHED_BY_TEXT[runbook.matchedBy]})`);
    if (report.alsoMatched.length) out.push(`          also fitting: ${line(report.alsoMatched.join(', '))}`);
    const filled = Object.entries(report.params).map(([k, v]) => `${k}=${v}${report.paramsFrom[k] !== k ? ` (label ${report.paramsFrom[k]})` : ''}`);
    out.push(`params    ${filled.length ? line(filled.join(', ')) : '(none from the alert)'}`);
    if (report.missingParams.length) out.push(`missing   ${line(report.missingParams.join(', '))} (not in the alert's labels)`);
  } else {
    const [first, ...more] = noMatchMessage(alert.alertname, candidates.length, tried).split('\n');
    out.push(`runbook   ${line(first)}`, ...more.map((l) => `          ${line(l.trim())}`));
  }
  out.push(`Slack channel to create: ${line(state.slackChannel)}`, `next: ${line(next)}`);
  io.stdout(masker.mask(out.join('\n')) + '\n');
  return 0;
}

/** `runbook run <runbook> --incident <id>`, the runbook's path as typed from where the command ran. */
function nextRunCommand(io: CliIO, root: string, runbookPath: string, id: string): string {
  const fromHere = relative(io.cwd, join(root, runbookPath)) || runbookPath;
  const workspace = relative(io.cwd, root);
  return ['runbook', 'run', shellWord(fromHere), '--incident', id, ...(workspace ? ['--workspace', shellWord(workspace)] : [])].join(' ');
}

function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

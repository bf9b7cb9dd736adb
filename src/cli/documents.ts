// `runbook message status-page|resolution|slack` and `runbook postmortem`: documents written from
// the same templates (and the same `.runbooks/templates/` overrides) as the extension. A message
// is printed, or written with --out; a post-mortem goes into `postmortems/` (or --out), never over
// an existing file. Either is recorded on the timeline, which restarts the next-update clock.
import { resolve } from 'node:path';
import { UsageError, type CliCommand, type CliIO } from './io';
import { parseOptions, workspaceRoot } from './args';
import { IncidentStore, type LoadedIncident } from '../core/incident/store';
import { resolveActor } from '../core/incident/actor';
import { MESSAGE_KINDS, type MessageKind, type TemplateKind } from '../core/documents/builtin';
import { defaultIncidentFor } from '../core/documents/pickIncident';
import { generateMessage, generatePostmortem } from '../core/documents/write';
import { workspaceMasker } from '../core/documents/masker';
import type { Masker } from '../core/secrets/mask';
import { commandUsage } from './usage';
import { pickIncident } from './pickIncident';
import { printable, printableLine } from './printable';

const OPTIONS = {
  incident: { type: 'string' },
  out: { type: 'string' },
  workspace: { type: 'string' },
  folder: { type: 'string' },
  actor: { type: 'string' },
} as const;

interface DocumentContext {
  store: IncidentStore;
  incident: LoadedIncident;
  actor: string;
  masker: Masker;
  out?: string;
}

/**
 * The workspace, the incident and who is acting. Without --incident: the template kind's default
 * (core/documents/pickIncident), else the most recent incident, so that the final "Resolved"
 * status-page update can be written after `resolve`.
 */
function documentContext(values: ReturnType<typeof parse>['values'], kind: TemplateKind, io: CliIO): DocumentContext {
  const root = workspaceRoot(io, values.workspace);
  const masker = workspaceMasker(root, io.env);
  const store = new IncidentStore(root, values.folder, { masker });
  const incident = pickIncident(io, store, { named: values.incident, preferred: () => defaultIncidentFor(store, kind), orLatest: true });
  for (const p of incident.problems) io.stderr(`warning: ${incident.state.id}: ${printableLine(p.message)}\n`);
  const out = values.out ? resolve(io.cwd, values.out) : undefined;
  return { store, incident, actor: resolveActor({ override: values.actor, cwd: root, env: io.env }), masker, out };
}

function parse(args: string[]) {
  return parseOptions(args, OPTIONS);
}

function printWarnings(io: CliIO, warnings: string[]): void {
  for (const w of warnings) io.stderr(`warning: ${printableLine(w)}\n`);
}

export const message: CliCommand = async (args, io) => {
  const { values, positionals } = parse(args);
  const [kind, ...extra] = positionals;
  if (!kind || extra.length) throw new UsageError(`expects one KIND\n${commandUsage('message')}`);
  if (!(MESSAGE_KINDS as readonly string[]).includes(kind)) throw new UsageError(`unknown message '${kind}' (expected ${MESSAGE_KINDS.join(', ')})`);
  const ctx = documentContext(values, kind as MessageKind, io);
  const result = generateMessage(ctx.store, kind as MessageKind, ctx.incident.state, { now: new Date(), actor: ctx.actor, masker: ctx.masker, out: ctx.out });
  printWarnings(io, result.warnings);
  if (result.path) io.stdout(`wrote ${printableLine(result.path)}\n`);
  else io.stdout(printable(result.text.endsWith('\n') ? result.text : result.text + '\n'));
  return 0;
};

export const postmortem: CliCommand = async (args, io) => {
  const { values, positionals } = parse(args);
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'\n${commandUsage('postmortem')}`);
  const ctx = documentContext(values, 'postmortem', io);
  const result = generatePostmortem(ctx.store, ctx.incident.state, { now: new Date(), actor: ctx.actor, masker: ctx.masker, out: ctx.out });
  printWarnings(io, result.warnings);
  io.stdout(`wrote ${printableLine(result.path)}\n`);
  return 0;
};

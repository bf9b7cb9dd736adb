// `runbook message status-page|resolution|slack`: a status message from the same templates (and
// the same `.runbooks/templates/` overrides) as the extension. Printed, or written with --out;
// recorded on the timeline either way, which restarts the next-update clock.
import { resolve } from 'node:path';
import { UsageError, type CliCommand, type CliIO } from './io';
import { parseOptions, workspaceRoot } from './args';
import { IncidentStore, type LoadedIncident } from '../core/incident/store';
import { resolveActor } from '../core/incident/actor';
import { MESSAGE_KINDS, type MessageKind, type TemplateKind } from '../core/documents/builtin';
import { defaultIncidentFor } from '../core/documents/pickIncident';
import { generateMessage } from '../core/documents/write';
import { workspaceMasker } from '../core/documents/masker';
import type { Masker } from '../core/secrets/mask';

const USAGE = `usage: runbook message status-page|resolution|slack [options]
  Prints the message (or writes it with --out) and records it on the incident's timeline.
options: --incident ID (default: the most recent open incident; for resolution, the most recent one)
         --out FILE (never overwritten), --workspace DIR (default: cwd), --folder DIR (default: incidents),
         --actor NAME (default: git user.name)
templates: .runbooks/templates/<kind>.md in the workspace replaces the built-in one
`;

export const DOCUMENT_OPTIONS = {
  incident: { type: 'string' },
  out: { type: 'string' },
  workspace: { type: 'string' },
  folder: { type: 'string' },
  actor: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface DocumentContext {
  root: string;
  store: IncidentStore;
  incident: LoadedIncident;
  actor: string;
  masker: Masker;
  out?: string;
}

export function parseDocumentArgs(args: string[]) {
  return parseOptions(args, DOCUMENT_OPTIONS);
}

/** The workspace, the incident (named or the default for `kind`) and who is acting. */
export function documentContext(values: ReturnType<typeof parseDocumentArgs>['values'], kind: TemplateKind, io: CliIO): DocumentContext {
  const root = workspaceRoot(io, values.workspace);
  const masker = workspaceMasker(root, io.env);
  const store = new IncidentStore(root, values.folder, { masker });
  let incident: LoadedIncident | undefined;
  if (values.incident) {
    if (!store.exists(values.incident)) throw new UsageError(`no incident '${values.incident}' in ${store.dir}`);
    incident = store.read(values.incident);
  } else {
    incident = defaultIncidentFor(store, kind);
    if (!incident) {
      const which = kind === 'resolution' || kind === 'postmortem' ? 'no incident' : 'no open incident';
      throw new UsageError(`${which} in ${store.dir} (declare one with \`runbook incident declare\`, or pass --incident ID)`);
    }
    io.stderr(`using incident ${incident.state.id} (${incident.state.status})\n`);
  }
  for (const p of incident.problems) io.stderr(`warning: ${incident.state.id}: ${p.message}\n`);
  const out = values.out ? resolve(io.cwd, values.out) : undefined;
  return { root, store, incident, actor: resolveActor({ override: values.actor, cwd: root, env: io.env }), masker, out };
}

export function printWarnings(io: CliIO, warnings: string[]): void {
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
}

export const message: CliCommand = async (args, io) => {
  const { values, positionals } = parseDocumentArgs(args);
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const [kind, ...extra] = positionals;
  if (!kind || extra.length) {
    io.stderr(USAGE);
    return 2;
  }
  if (!(MESSAGE_KINDS as readonly string[]).includes(kind)) throw new UsageError(`unknown message '${kind}' (expected ${MESSAGE_KINDS.join(', ')})`);
  const ctx = documentContext(values, kind as MessageKind, io);
  const result = generateMessage(ctx.store, kind as MessageKind, ctx.incident.state, { now: new Date(), actor: ctx.actor, masker: ctx.masker, out: ctx.out });
  printWarnings(io, result.warnings);
  if (result.path) io.stdout(`wrote ${result.path}\n`);
  else io.stdout(result.text.endsWith('\n') ? result.text : result.text + '\n');
  return 0;
};

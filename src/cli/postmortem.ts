// `runbook postmortem`: writes the incident's post-mortem draft into `postmortems/` (or --out),
// never over an existing file, and records it on the timeline.
import type { CliCommand } from './io';
import { generatePostmortem } from '../core/documents/write';
import { documentContext, parseDocumentArgs, printWarnings } from './message';

const USAGE = `usage: runbook postmortem [options]
  Writes postmortems/<YYYY-MM-DD>-<slug>.md (-2, -3… if that exists) and records it on the timeline.
options: --incident ID (default: the most recent incident), --out FILE (refused if it exists),
         --workspace DIR (default: cwd), --folder DIR (default: incidents), --actor NAME
templates: .runbooks/templates/postmortem.md in the workspace replaces the built-in one
`;

export const postmortem: CliCommand = async (args, io) => {
  const { values, positionals } = parseDocumentArgs(args);
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length) {
    io.stderr(USAGE);
    return 2;
  }
  const ctx = documentContext(values, 'postmortem', io);
  const result = generatePostmortem(ctx.store, ctx.incident.state, { now: new Date(), actor: ctx.actor, masker: ctx.masker, out: ctx.out });
  printWarnings(io, result.warnings);
  io.stdout(`wrote ${result.path}\n`);
  return 0;
};

// The documents an incident produces: status messages, the post-mortem, and a new runbook's
// first draft. Each is one template (built-in or the team's override) filled from one variables
// object, with warnings for anything the template asked for that the incident does not know.
import { join, relative, sep } from 'node:path';
import type { Masker } from '../secrets/mask';
import { TemplateLimitError } from './budget';
import type { IncidentState } from '../incident/state';
import type { SeverityTable } from '../incident/severities';
import type { MessageKind, TemplateKind } from './builtin';
import { builtinTemplate, loadTemplate, templatesDirOf, type LoadedTemplate } from './load';
import { renderTemplate, type Rendered } from './render';
import { INCIDENT_SHAPE, RUNBOOK_SHAPE, type Shape } from './shape';
import { incidentVariables } from './variables';
import { runbookVariables, type NewRunbookInput } from './runbookVariables';
import { readRunbookServices } from './runbookServices';

export interface RenderDocumentOptions {
  now: Date;
  /** Where overrides live; default `<workspace>/.runbooks/templates` when `workspace` is given, else built-ins only. */
  templatesDir?: string;
  /** The workspace root: runbooks named on cell runs are read from here for their services. */
  workspace?: string;
  masker?: Masker;
  severities?: SeverityTable;
  /**
   * Where the incident's folders are (the store's `dir`) and the folder the document will be
   * written to, both absolute: each cell run's log is linked relative to the document. Without the
   * document's folder, links are relative to the workspace; without either, no log is linked.
   */
  links?: { incidentsDir: string; documentDir?: string };
}

export interface RenderedDocument extends Rendered {
  /** `built-in` or the override's path. */
  template: string;
}

export function renderMessage(kind: MessageKind, state: IncidentState, opts: RenderDocumentOptions): RenderedDocument {
  const notes: string[] = [];
  if (kind === 'resolution' && state.status !== 'resolved') notes.push(`incident ${state.id} is not resolved yet (it is ${state.status}); the resolution notice is a draft`);
  return renderIncident(kind, state, opts, notes);
}

export function renderPostmortem(state: IncidentState, opts: RenderDocumentOptions): RenderedDocument {
  const notes: string[] = [];
  if (state.status !== 'resolved') notes.push(`incident ${state.id} is still open (${state.status}); the post-mortem covers it up to now`);
  return renderIncident('postmortem', state, opts, notes);
}

export function renderNewRunbook(input: NewRunbookInput, opts: { templatesDir?: string; masker?: Masker } = {}): RenderedDocument {
  if (!input.title.trim()) throw new Error('a runbook needs a title');
  return renderWith(loadTemplate('runbook', opts.templatesDir), 'runbook', runbookVariables(input), RUNBOOK_SHAPE, opts.masker, []);
}

function renderIncident(kind: TemplateKind, state: IncidentState, opts: RenderDocumentOptions, notes: string[]): RenderedDocument {
  const templatesDir = opts.templatesDir ?? (opts.workspace ? templatesDirOf(opts.workspace) : undefined);
  const runbookServices = opts.workspace ? readRunbookServices(opts.workspace, state) : {};
  const view = incidentVariables(state, { now: opts.now, severities: opts.severities, runbookServices, linkRun: runLinker(state.id, opts) });
  return renderWith(loadTemplate(kind, templatesDir), kind, view, INCIDENT_SHAPE, opts.masker, notes);
}

function renderWith(template: LoadedTemplate, kind: TemplateKind, view: object, shape: Shape, masker: Masker | undefined, notes: string[]): RenderedDocument {
  const warnings = [...notes, ...template.warnings];
  let rendered: Rendered;
  let origin = template.origin;
  try {
    rendered = renderTemplate(template.source, view, shape, { templateName: template.name, masker });
  } catch (err) {
    // Mustache could not parse the override (an unclosed section…): say so and use the built-in.
    const fallback = builtinTemplate(kind);
    // Too large or too slow names the template itself; any other error is mustache's parse error.
    warnings.push(err instanceof TemplateLimitError ? `${err.message}; used the built-in template` : `${template.name} could not be used (${(err as Error).message}); used the built-in template`);
    rendered = renderTemplate(fallback.source, view, shape, { templateName: fallback.name, masker });
    origin = fallback.origin;
  }
  return { text: rendered.text, warnings: [...warnings, ...rendered.warnings], template: origin };
}

/** A run's `log` (relative to its incident's folder) as a Markdown link target from the document. */
function runLinker(incidentId: string, opts: RenderDocumentOptions): ((log: string) => string) | undefined {
  const links = opts.links;
  const from = links?.documentDir ?? opts.workspace;
  if (!links || !from) return undefined;
  // Forward slashes on every platform, and spaces encoded, so the link works in any Markdown viewer.
  return (log) => relative(from, join(links.incidentsDir, incidentId, log)).split(sep).map(encodeURIComponent).join('/');
}

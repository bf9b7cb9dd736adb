// Putting documents into the workspace. Nothing here ever overwrites a file: a second post-mortem
// for the same incident becomes `-2.md`, and a file the person named (`--out`) that exists is refused.
// Generating a message or a post-mortem is recorded on the incident's timeline; a message resets
// the next-update clock (see the incident fold's `lastUpdateAt`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { IncidentStore } from '../incident/store';
import type { IncidentState } from '../incident/state';
import { slugify } from '../incident/naming';
import { BUILTIN_TEMPLATES, templateFileName, type MessageKind, type TemplateKind } from './builtin';
import { renderMessage, renderNewRunbook, renderPostmortem, type RenderDocumentOptions, type RenderedDocument } from './documents';
import { templatesDirOf } from './load';
import type { NewRunbookInput } from './runbookVariables';
import type { Masker } from '../secrets/mask';

export const POSTMORTEM_FOLDER = 'postmortems';
export const RUNBOOK_FOLDER = 'runbooks';
/** The message text kept on the timeline is capped: the timeline is a record, not an archive. */
const MAX_MESSAGE_CHARS = 16_000;

export class FileExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists; it was left as it is (choose another file name or remove it first)`);
  }
}

export interface GenerateOptions extends Omit<RenderDocumentOptions, 'workspace'> {
  actor: string;
  /** Write here instead of the default place; refused if it exists. Relative to the workspace. */
  out?: string;
}

export interface Generated extends RenderedDocument {
  /** Absolute path of the file written, when one was. */
  path?: string;
}

/** Renders a status message, writes it to `out` when asked, and records `message_generated`. */
export function generateMessage(store: IncidentStore, kind: MessageKind, state: IncidentState, opts: GenerateOptions): Generated {
  const workspace = store.root;
  const doc = renderMessage(kind, state, { ...opts, workspace });
  const path = opts.out ? absolute(workspace, opts.out) : undefined;
  if (path) writeNew(path, doc.text);
  const text = doc.text.length > MAX_MESSAGE_CHARS ? doc.text.slice(0, MAX_MESSAGE_CHARS) + '…' : doc.text;
  store.append(state.id, { type: 'message_generated', data: { kind, template: shown(workspace, doc.template), text, path: path && shown(workspace, path) } }, opts.actor, opts.now);
  return { ...doc, path };
}

/** Writes the post-mortem (`postmortems/<id>.md`, `-2.md`… when taken) and records `postmortem_generated`. */
export function generatePostmortem(store: IncidentStore, state: IncidentState, opts: GenerateOptions): Generated & { path: string } {
  const workspace = store.root;
  // The runs' logs are linked from where the post-mortem will be.
  const documentDir = opts.out ? dirname(absolute(workspace, opts.out)) : join(workspace, POSTMORTEM_FOLDER);
  const doc = renderPostmortem(state, { ...opts, workspace, links: { incidentsDir: store.dir, documentDir } });
  let path: string;
  if (opts.out) {
    path = absolute(workspace, opts.out);
    writeNew(path, doc.text);
  } else {
    path = writeNumbered(join(workspace, POSTMORTEM_FOLDER), state.id, '.md', doc.text);
  }
  store.append(state.id, { type: 'postmortem_generated', data: { path: shown(workspace, path), template: shown(workspace, doc.template) } }, opts.actor, opts.now);
  return { ...doc, path };
}

/** Writes `runbooks/<slug>.runbook.md` from the runbook template; refuses when the file exists. */
export function createRunbook(workspace: string, typed: NewRunbookInput, opts: { templatesDir?: string; masker?: Masker } = {}): Generated & { path: string } {
  // Masked before use: the file name is built from the title too.
  const input = opts.masker ? opts.masker.maskDeep(typed) : typed;
  const doc = renderNewRunbook(input, { templatesDir: opts.templatesDir ?? templatesDirOf(workspace), masker: opts.masker });
  const path = join(workspace, RUNBOOK_FOLDER, `${slugify(input.title)}.runbook.md`);
  writeNew(path, doc.text);
  return { ...doc, path };
}

/** Copies a built-in template into `.runbooks/templates/` to be edited. An existing copy is kept, never replaced. */
export function customizeTemplate(workspace: string, kind: TemplateKind): { path: string; created: boolean } {
  const path = join(templatesDirOf(workspace), templateFileName(kind));
  try {
    writeNew(path, BUILTIN_TEMPLATES[kind]);
    return { path, created: true };
  } catch (err) {
    if (err instanceof FileExistsError) return { path, created: false };
    throw err;
  }
}

/** Creates `path` (and its folder); throws FileExistsError rather than replace a file. */
export function writeNew(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  try {
    // 'wx' = O_CREAT | O_EXCL: the check and the creation are one step, so two windows cannot both win.
    writeFileSync(path, text, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(path);
    throw err;
  }
}

/** `dir/stem.ext`, else `dir/stem-2.ext`, `-3`…: the first name not taken. */
export function writeNumbered(dir: string, stem: string, ext: string, text: string): string {
  for (let n = 1; n < 1000; n++) {
    const path = join(dir, `${n === 1 ? stem : `${stem}-${n}`}${ext}`);
    try {
      writeNew(path, text);
      return path;
    } catch (err) {
      if (!(err instanceof FileExistsError)) throw err;
    }
  }
  throw new Error(`${join(dir, stem + ext)} and 998 numbered copies exist; remove some first`);
}

function absolute(workspace: string, path: string): string {
  return isAbsolute(path) ? path : join(workspace, path);
}

/** A path as recorded on the timeline: relative to the workspace when inside it. */
function shown(workspace: string, path: string): string {
  if (path === 'built-in' || !isAbsolute(path)) return path;
  const rel = relative(workspace, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel.split('\\').join('/');
}

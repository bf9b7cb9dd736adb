// Which template text to use: the team's override in `.runbooks/templates/<kind>.md` when there is
// a usable one, else the built-in. A broken override never stops a message from being written:
// it falls back to the built-in with a warning that says why.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { confinedPath, OutsideWorkspaceError } from '../workspace/confine';
import { BUILTIN_TEMPLATES, templateFileName, type TemplateKind } from './builtin';

export const TEMPLATES_FOLDER = join('.runbooks', 'templates');

export function templatesDirOf(workspace: string): string {
  return join(workspace, TEMPLATES_FOLDER);
}

export interface LoadedTemplate {
  source: string;
  /** `built-in`, or the override's path. */
  origin: string;
  /** How warnings name it: `slack.md (built-in)` or the override's path. */
  name: string;
  warnings: string[];
}

export function builtinTemplate(kind: TemplateKind, warnings: string[] = []): LoadedTemplate {
  return { source: BUILTIN_TEMPLATES[kind], origin: 'built-in', name: `${templateFileName(kind)} (built-in)`, warnings };
}

/**
 * The team's override when there is a usable one. `workspace` is what the file may resolve to
 * through symbolic links (default: the workspace of a `.runbooks/templates` folder, else the folder).
 */
export function loadTemplate(kind: TemplateKind, templatesDir?: string, workspace?: string): LoadedTemplate {
  if (!templatesDir) return builtinTemplate(kind);
  const path = join(templatesDir, templateFileName(kind));
  if (!existsSync(path)) return builtinTemplate(kind);
  let source: string;
  try {
    confinedPath(workspace ?? workspaceOf(templatesDir), path);
    source = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof OutsideWorkspaceError) return builtinTemplate(kind, [`${err.message}; used the built-in template`]);
    return builtinTemplate(kind, [`${path} could not be read (${(err as Error).message}); used the built-in template`]);
  }
  if (source.trim() === '') return builtinTemplate(kind, [`${path} is empty; used the built-in template`]);
  return { source: source.replace(/^\uFEFF/, ''), origin: path, name: path, warnings: [] };
}

function workspaceOf(templatesDir: string): string {
  const dir = resolve(templatesDir);
  return dir.endsWith(sep + TEMPLATES_FOLDER) ? dir.slice(0, -(TEMPLATES_FOLDER.length + 1)) : dir;
}

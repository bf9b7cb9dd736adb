// Files the extension reads or appends to from a workspace (override templates, incident
// timelines) must be in it: a symbolic link to `/etc/passwd` or to another project's timeline
// is not followed. Links that stay inside the workspace are fine (a shared templates folder).
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

export class OutsideWorkspaceError extends Error {
  override name = 'OutsideWorkspaceError';
  constructor(
    readonly path: string,
    readonly target: string,
    readonly base: string,
  ) {
    super(`${path} is a symbolic link to ${target}, outside ${base}; it is not followed`);
  }
}

/**
 * The real path of `path` (through every link), when it lies inside the real path of `base`;
 * throws OutsideWorkspaceError otherwise. A path that does not exist yet is resolved through its
 * nearest existing folder, so a link to a folder outside is caught before anything is created in it.
 */
export function confinedPath(base: string, path: string): string {
  const realBase = realOrSelf(resolve(base));
  const real = realThroughParents(resolve(path));
  if (!isInside(realBase, real)) throw new OutsideWorkspaceError(path, real, base);
  return real;
}

export function isInside(base: string, path: string): boolean {
  const rel = relative(base, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function realThroughParents(path: string, depth = 0): string {
  try {
    return realpathSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || depth > 40) throw err;
    // A dangling link: where it points is where a write through it would create the file.
    if (isLink(path)) return realThroughParents(resolve(dirname(path), readlinkSync(path)), depth + 1);
    const parent = dirname(path);
    return parent === path ? path : join(realThroughParents(parent, depth + 1), basename(path));
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

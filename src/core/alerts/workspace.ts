// The workspace's runbooks, for matching an alert from the CLI (the editor has its own catalog and
// builds candidates with `runbookCandidate`). Folders that hold no runbooks of ours are skipped.
import { lstatSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { frontmatterOf } from '../runbook/frontmatter';
import { confinedPath } from '../workspace/confine';
import type { RunbookCandidate } from './match';

const RUNBOOK_SUFFIX = '.runbook.md';
/** As many as the editor's catalog looks at. */
const MAX_RUNBOOKS = 2000;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out']);
/** A workspace opened on a home folder must not be walked to the end: folders and entries looked at, at most. */
const MAX_DEPTH = 12;
const MAX_ENTRIES = 50_000;
/** Frontmatter sits at the top: this much of a file is more than any needs. */
const HEAD_BYTES = 256 * 1024;

/** A runbook as matching needs it, from its text (only the frontmatter is read). */
export function runbookCandidate(workspaceRelativePath: string, text: string): RunbookCandidate {
  return { path: workspaceRelativePath.split(sep).join('/'), frontmatter: frontmatterOf(text) };
}

/**
 * Every `*.runbook.md` under `root` (not through symbolic links to folders or out of the workspace,
 * nor into node_modules, .git or hidden folders; 12 folders deep and 50,000 entries at most), sorted
 * by path. Unreadable files are left out.
 */
export function listWorkspaceRunbooks(root: string, limit = MAX_RUNBOOKS): RunbookCandidate[] {
  const out: RunbookCandidate[] = [];
  let seen = 0;
  const walk = (dir: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.length >= limit || ++seen > MAX_ENTRIES) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH && !SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) walk(path, depth + 1);
      } else if (entry.name.endsWith(RUNBOOK_SUFFIX) && (entry.isFile() || isFileLinkInside(root, path))) {
        const text = readHead(path);
        if (text !== undefined) out.push(runbookCandidate(relative(root, path), text));
      }
    }
  };
  walk(root, 0);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** A link to a file inside the workspace (a shared runbook); links out of it are not followed. */
function isFileLinkInside(root: string, path: string): boolean {
  try {
    if (!lstatSync(path).isSymbolicLink()) return false;
    confinedPath(root, path);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readHead(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    return text.length > HEAD_BYTES ? text.slice(0, HEAD_BYTES) : text;
  } catch {
    return undefined;
  }
}

// Workspace files read again and again (the `.env`, `.runbooks/commands.yaml`): the editor's cell
// status bar asks for every cell on every refresh. A file is read and parsed again only when its
// size, times or inode change, so an edit still counts at the next use and an unchanged file
// costs one stat.
import { statSync } from 'node:fs';

export class FileCache<T> {
  private readonly entries = new Map<string, { stamp: string; value: T }>();

  /** `load` reads and parses the file at `path` (a missing file included) as it would uncached. */
  constructor(private readonly load: (path: string) => T) {}

  get(path: string): T {
    const stamp = stampOf(path);
    const hit = this.entries.get(path);
    if (stamp !== null && hit?.stamp === stamp) return hit.value;
    const value = this.load(path);
    if (stamp !== null) this.entries.set(path, { stamp, value });
    return value;
  }
}

/** What identifies this version of the file; null when it cannot be told (never cached). */
function stampOf(path: string): string | null {
  try {
    const s = statSync(path);
    return `${s.size}:${s.mtimeMs}:${s.ctimeMs}:${s.ino}`;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : null;
  }
}

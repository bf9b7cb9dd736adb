// Throwaway workspaces for CLI tests: a git repository (the CLI names the actor from git's
// user.name) in a temp folder, removed when the file's tests end.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `make()` creates one workspace (as Ada Lovelace's git repository); pass `cleanup` to `after`. */
export function gitWorkspaces(prefix: string): { make(): string; cleanup(): void } {
  const made: string[] = [];
  return {
    make() {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      made.push(dir);
      execFileSync('git', ['init', '-q'], { cwd: dir });
      execFileSync('git', ['config', 'user.name', 'Ada Lovelace'], { cwd: dir });
      return dir;
    },
    cleanup() {
      for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

// Moves the project's node_modules out of reach for the duration of the e2e tier, proving the
// packaged .vsix carries its own dependencies, and always puts it back: in `restore()`, on
// process exit and on Ctrl-C/SIGTERM (see cleanup.ts), and at the next run if a crash left it aside.
import { existsSync, mkdirSync, renameSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { onExit } from './cleanup';

export interface MovedNodeModules {
  /** A folder whose `node_modules` child is the moved tree: `createRequire(base + '/')` still loads from it. */
  base: string;
  restore(): void;
}

function paths(projectRoot: string) {
  const base = join(projectRoot, '.e2e-aside');
  return { home: join(projectRoot, 'node_modules'), base, aside: join(base, 'node_modules') };
}

/** Puts back a node_modules a killed run left aside. Throws if both copies exist (a person must choose). */
export function recoverNodeModules(projectRoot: string): void {
  const { home, base, aside } = paths(projectRoot);
  if (!existsSync(aside)) return;
  if (existsSync(home)) {
    throw new Error(`both ${home} and ${aside} exist (an earlier e2e run was interrupted): remove one of them by hand`);
  }
  renameSync(aside, home);
  rmdirSync(base);
  console.error(`[harness] restored node_modules that an interrupted e2e run left in ${aside}`);
}

export function moveNodeModulesAside(projectRoot: string): MovedNodeModules {
  recoverNodeModules(projectRoot);
  const { home, base, aside } = paths(projectRoot);
  if (!existsSync(home)) throw new Error(`${home} does not exist: run npm ci first`);
  mkdirSync(base, { recursive: true });
  renameSync(home, aside);
  let restored = false;
  const restore = () => {
    if (restored) return;
    if (existsSync(home)) {
      console.error(`[harness] cannot restore node_modules: ${home} appeared meanwhile; the original is in ${aside}`);
      return;
    }
    renameSync(aside, home);
    rmdirSync(base);
    restored = true;
  };
  const unregister = onExit(restore);
  return {
    base,
    restore() {
      restore();
      unregister();
    },
  };
}

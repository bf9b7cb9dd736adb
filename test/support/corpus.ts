// The real-world runbooks in ../shared/corpus (test data only; never copied into the product).
// They are optional: the corpus tier runs when they are found, and says why it did not otherwise.
// Where they are: the directory named by RUNBOOK_CORPUS when that is set, else ../shared/corpus
// beside the repository.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPOSITORY = resolve(__dirname, '..', '..');

export interface CorpusLocation {
  /** The corpus root, when it was found. */
  dir: string | null;
  /** Where it was looked for and, when not found, why; one line for a person. */
  reason: string;
}

function hasMarkdown(dir: string): boolean {
  return readdirSync(dir, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? hasMarkdown(join(dir, e.name)) : e.isFile() && e.name.endsWith('.md'),
  );
}

/** Finds the corpus. `env` and `repository` are parameters so the rule itself can be tested. */
export function locateCorpus(env: NodeJS.ProcessEnv = process.env, repository: string = REPOSITORY): CorpusLocation {
  const fromEnv = env.RUNBOOK_CORPUS?.trim();
  const [dir, source] = fromEnv ? [resolve(fromEnv), 'RUNBOOK_CORPUS'] : [resolve(repository, '..', 'shared', 'corpus'), 'the default ../shared/corpus'];
  if (!existsSync(dir)) return { dir: null, reason: `${source} (${dir}) does not exist` };
  if (!statSync(dir).isDirectory()) return { dir: null, reason: `${source} (${dir}) is not a directory` };
  if (!hasMarkdown(dir)) return { dir: null, reason: `${source} (${dir}) holds no Markdown files` };
  return { dir, reason: `found through ${source} at ${dir}` };
}

/** The corpus root; throws, saying why, when there is none (corpus-tier tests only). */
export function corpusDir(): string {
  const { dir, reason } = locateCorpus();
  if (!dir) throw new Error(`corpus not found: ${reason}. Set RUNBOOK_CORPUS to its directory.`);
  return dir;
}

function corpusFiles(): string[] {
  const root = corpusDir();
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

export function readCorpus(): Array<{ path: string; bytes: Buffer }> {
  return corpusFiles().map((path) => ({ path, bytes: readFileSync(path) }));
}

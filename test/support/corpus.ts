// The real-world runbooks in ../shared/corpus (test data only; never copied into the product).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS_DIR = resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

export function corpusFiles(): string[] {
  if (!existsSync(CORPUS_DIR)) throw new Error(`corpus not found at ${CORPUS_DIR}`);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out.push(p);
    }
  };
  walk(CORPUS_DIR);
  return out.sort();
}

export function readCorpus(): Array<{ path: string; bytes: Buffer }> {
  return corpusFiles().map((path) => ({ path, bytes: readFileSync(path) }));
}

// The promise of the format: saving an unchanged notebook gives back the file byte for byte,
// over every real-world runbook in the corpus, as the notebook would carry it (metadata as JSON).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { readRunbook, writeRunbook } from '../../src/core/runbook/bytes';
import type { RunbookDocument } from '../../src/core/runbook/types';
import { corpusDir, readCorpus } from '../support/corpus';

/** What survives VS Code's trip: cell metadata is plain JSON. */
function throughEditor(doc: RunbookDocument): RunbookDocument {
  const { verbatim, ...rest } = doc;
  return { ...(JSON.parse(JSON.stringify(rest)) as RunbookDocument), verbatim };
}

test('every corpus file round-trips byte for byte', () => {
  const files = readCorpus();
  assert.ok(files.length > 900, `expected the corpus (~1000 files), found ${files.length}`);
  const failures: string[] = [];
  let codeCells = 0;
  for (const { path, bytes } of files) {
    const doc = readRunbook(bytes);
    codeCells += doc.cells.filter((c) => c.kind === 'code').length;
    const out = Buffer.from(writeRunbook(throughEditor(doc)));
    if (!out.equals(bytes)) failures.push(relative(corpusDir(), path));
  }
  assert.deepEqual(failures, []);
  assert.ok(codeCells > 3000, `the corpus should yield thousands of code cells, got ${codeCells}`);
});

test('Runme attributes from the corpus are read in both syntaxes', () => {
  const withAttrs = readCorpus()
    .filter((f) => f.path.includes('runme'))
    .flatMap((f) => readRunbook(f.bytes).cells)
    .filter((c) => c.kind === 'code' && Object.keys(c.attributes).length > 0);
  assert.ok(withAttrs.length > 20, `expected Runme cells with attributes, got ${withAttrs.length}`);
  assert.ok(withAttrs.some((c) => typeof c.attributes.name === 'string'));
});

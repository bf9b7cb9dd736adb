// Checks of the Markdown format run over a set of files: the whole corpus in the corpus tier,
// the hand-made fixtures in test/fixtures/markdown in the unit tier.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { readRunbook, writeRunbook } from '../../src/core/runbook/bytes';
import { serializeRunbook } from '../../src/core/runbook/serialize';
import type { RunbookDocument } from '../../src/core/runbook/types';

export interface MarkdownFile {
  path: string;
  bytes: Buffer;
}

const MARKDOWN_FIXTURES = join(__dirname, '..', 'fixtures', 'markdown');

/** The small fixtures that stand in for the corpus: nested fences, Runme attributes, CRLF, a BOM, prompts, placeholders. */
export function markdownFixtures(): MarkdownFile[] {
  return readdirSync(MARKDOWN_FIXTURES)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => ({ path: join(MARKDOWN_FIXTURES, f), bytes: readFileSync(join(MARKDOWN_FIXTURES, f)) }));
}

export function roundTrips(bytes: Uint8Array): void {
  const doc = readRunbook(bytes);
  const out = writeRunbook(doc);
  assert.ok(Buffer.from(out).equals(Buffer.from(bytes)), `round trip changed ${JSON.stringify(Buffer.from(bytes).toString('utf8').slice(0, 200))}`);
}

/** Thousands of small edits (deletions, fences, CRLF, quote markers, NUL…) applied to `files`: each result round-trips. */
export function mutatedFilesRoundTrip(files: Buffer[], numRuns: number, seed: number): void {
  const mutation = fc.tuple(
    fc.integer({ min: 0, max: files.length - 1 }),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 200 }), fc.constantFrom('', '\n```\n', '\r\n', '> ', '\n---\n', '~~~~', '\uFFFD', '\t- ', '\u0000', '{name=x')), {
      minLength: 1,
      maxLength: 4,
    }),
  );
  fc.assert(
    fc.property(mutation, ([index, edits]) => {
      let s = files[index].toString('utf8');
      for (const [at, del, insert] of edits) {
        const pos = at % (s.length + 1);
        s = s.slice(0, pos) + insert + s.slice(pos + del);
      }
      roundTrips(Buffer.from(s, 'utf8'));
    }),
    { numRuns, seed },
  );
}

const lines = (s: string) => s.split(/\r\n|\r|\n/);

/** The indexes of the lines that differ; the line count must not change. */
function changedLines(before: string, after: string): number[] {
  const a = lines(before);
  const b = lines(after);
  assert.equal(b.length, a.length, 'line count changed');
  return a.flatMap((l, i) => (l === b[i] ? [] : [i]));
}

export function withCell(doc: RunbookDocument, index: number, value: string): RunbookDocument {
  return { ...doc, cells: doc.cells.map((c, i) => (i === index ? { ...c, value } : c)) };
}

/**
 * In every code cell of every file, replaces its first unindented line with `echo EDITED` and
 * checks that exactly that line of the file changed, its container prefix kept. Returns how many
 * edits were checked.
 */
export function editEachCodeCell(files: MarkdownFile[]): number {
  let edits = 0;
  for (const { path, bytes } of files) {
    const text = bytes.toString('utf8');
    const doc = readRunbook(bytes);
    if (doc.bom || doc.verbatim) continue;
    doc.cells.forEach((cell, index) => {
      if (cell.kind !== 'code' || cell.role || !cell.source || cell.problems.length) return;
      const shown = cell.value.split('\n');
      const k = shown.findIndex((l) => l.trim() !== '' && !/^\s/.test(l) && !/[`~]{3}/.test(l));
      if (k < 0) return;
      shown[k] = 'echo EDITED';
      const out = serializeRunbook(withCell(doc, index, shown.join('\n')));
      const changed = changedLines(text, out);
      assert.equal(changed.length, 1, `${path} cell ${index}: changed lines ${changed.join(',')}`);
      const editedLine = lines(out)[changed[0]];
      assert.ok(editedLine.endsWith('echo EDITED'), `${path}: edited line is ${JSON.stringify(editedLine)}`);
      assert.equal(editedLine.slice(0, -'echo EDITED'.length), cell.source.prefix, `${path}: the container prefix is kept`);
      edits++;
    });
  }
  return edits;
}

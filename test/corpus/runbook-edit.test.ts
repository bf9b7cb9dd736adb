// Editing one code cell changes only that cell's line, over a sample of the real runbooks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCorpus } from '../support/corpus';
import { editEachCodeCell } from '../support/runbookChecks';

test('editing one line of a code cell changes exactly that line (corpus sample)', () => {
  const edits = editEachCodeCell(readCorpus().filter((_, i) => i % 5 === 0));
  assert.ok(edits > 500, `expected hundreds of edits, made ${edits}`);
});

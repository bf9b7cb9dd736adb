// The classifier on a small hand-labelled table of our own cells (test/fixtures/classify and
// test/fixtures/markdown), so the tier without the corpus covers the critical cases: a console
// `$ rm`, interpreters given code, SQL and Redis fed through stdin, wrappers, ANSI-C quoting,
// eval, and the multi-verb CLIs of real runbooks. Same bar as the corpus table.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadParsers } from '../../src/core/exec/parsers';
import { THRESHOLDS, classifyTable, findCells, formatReport, readTable, type TableOutcome } from '../support/shellTable';

const FIXTURES = join(__dirname, '..', 'fixtures');
let outcome: TableOutcome;

before(async () => {
  await loadParsers();
  outcome = classifyTable(findCells(readTable(join(FIXTURES, 'classify', 'shell-cells.tsv')), FIXTURES));
  console.log(formatReport('fixture shell cells', outcome));
});

test('the fixture table names reads and changes', () => {
  assert.ok(outcome.changes >= 12 && outcome.reads >= 8, `${outcome.changes} changes, ${outcome.reads} reads`);
});

test('every fixture change is a mitigation', () => {
  assert.ok(outcome.changesCaught >= THRESHOLDS.changesCaught, `would run without asking:\n${outcome.missed.map((v) => `${v.file}:${v.line} ${v.note}`).join('\n')}`);
});

test('at most 10% of the fixture reads are mitigations', () => {
  assert.ok(outcome.readsFlagged <= THRESHOLDS.readsFlagged, `would ask first:\n${outcome.flagged.map((v) => `${v.file}:${v.line} ${v.reason}`).join('\n')}`);
});

test('a table row that names no shell cell fails loudly', () => {
  assert.throws(
    () => findCells([{ file: 'classify/shell-cells.md', line: 8, label: 'read', note: '', tableLine: 2 }], FIXTURES),
    /classify\/shell-cells\.md:8 is not the opening fence of a code cell/,
  );
  assert.throws(
    () => findCells([{ file: 'markdown/nested-fences.md', line: 5, label: 'change', note: '', tableLine: 2 }], FIXTURES),
    /not a shell cell/,
  );
});

// The classifier against real runbooks: shell cells from the public runbooks in the corpus, each
// labelled by hand as a read or a change (test/corpus/shell-cells.tsv). At least 99% of the
// changes must be mitigations (they ask first) and at most 10% of the reads may be.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadParsers } from '../../src/core/exec/parsers';
import { corpusDir } from '../support/corpus';
import { THRESHOLDS, classifyTable, findCells, formatReport, readTable, type TableOutcome } from '../support/shellTable';

const TABLE = join(__dirname, 'shell-cells.tsv');
let outcome: TableOutcome;

before(async () => {
  await loadParsers();
  outcome = classifyTable(findCells(readTable(TABLE), corpusDir()));
  console.log(formatReport('corpus shell cells', outcome));
});

test('the table names at least 300 real cells, reads and changes from every runbook set', () => {
  assert.ok(outcome.verdicts.length >= 300, `only ${outcome.verdicts.length} rows`);
  for (const set of ['openshift-runbooks', 'gitlab-runbooks', 'prometheus-operator-runbooks']) {
    const rows = outcome.verdicts.filter((v) => v.file.startsWith(`${set}/`));
    assert.ok(rows.some((v) => v.label === 'read') && rows.some((v) => v.label === 'change'), `${set}: want both labels`);
  }
});

test('at least 99% of the changes are mitigations', () => {
  assert.ok(
    outcome.changesCaught >= THRESHOLDS.changesCaught,
    `${outcome.missed.length} of ${outcome.changes} changes would run without asking (${(100 * outcome.changesCaught).toFixed(1)}% caught); see the report above`,
  );
});

test('at most 10% of the reads are mitigations', () => {
  assert.ok(
    outcome.readsFlagged <= THRESHOLDS.readsFlagged,
    `${outcome.flagged.length} of ${outcome.reads} reads would ask first (${(100 * outcome.readsFlagged).toFixed(1)}%); see the report above`,
  );
});

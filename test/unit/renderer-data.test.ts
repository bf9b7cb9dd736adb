// The notebook renderer's pure parts: series onto one time axis, and the SQL table's sort,
// filter and copy formats. The drawing itself is checked in the browser (e2e, bench).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignSeries, filteredIndexes, sortedIndexes, toCsv, toMarkdown, type Cell } from '../../src/renderer/data';
import type { PromqlData } from '../../src/core/exec/promql/result';

const base: PromqlData = { kind: 'promql', query: 'x', resultType: 'matrix', window: { start: 100, end: 130, step: 10 }, series: [] };

test('range series land in the slots of the step grid; gaps and NaN stay empty', () => {
  const a = alignSeries({ ...base, series: [
    { labels: { a: '1' }, values: [[100, 1], [110, 2], [120, 3], [130, 4]] },
    { labels: { a: '2' }, values: [[110, 5], [120.0004, null], [130, 6]] },
  ] });
  assert.deepEqual(a.xs, [100, 110, 120, 130]);
  assert.deepEqual(a.ys, [[1, 2, 3, 4], [null, 5, null, 6]]);
  assert.equal(a.points, 6);
});

test('without a step the axis is the union of the timestamps', () => {
  const a = alignSeries({ ...base, window: { start: 5, end: 5 }, series: [{ labels: {}, values: [[5, 1]] }, { labels: {}, values: [[3, 2], [5, 7]] }] });
  assert.deepEqual(a.xs, [3, 5]);
  assert.deepEqual(a.ys, [[null, 1], [2, 7]]);
});

const rows: Cell[][] = [['10', 'beta'], ['9', null], ['100', 'Alpha'], [null, 'gamma'], ['9', 'alpha']];

test('numeric columns sort as numbers, text by the collator, nulls last, stable', () => {
  assert.deepEqual(sortedIndexes(rows, 0, 1), [1, 4, 0, 2, 3]);
  assert.deepEqual(sortedIndexes(rows, 0, -1), [2, 0, 1, 4, 3]);
  assert.deepEqual(sortedIndexes(rows, 1, 1), [2, 4, 0, 3, 1]);
});

test('the filter matches any cell, case-insensitively', () => {
  assert.deepEqual(filteredIndexes(rows, 'ALPHA'), [2, 4]);
  assert.deepEqual(filteredIndexes(rows, ' '), [0, 1, 2, 3, 4]);
  assert.deepEqual(filteredIndexes(rows, '9', [4, 1]), [4, 1]);
});

test('CSV quotes what needs it; Markdown escapes pipes and shows null', () => {
  assert.equal(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [null, 'two\nlines']]), 'a,b\r\n"x,y","say ""hi"""\r\n,"two\nlines"\r\n');
  assert.equal(toMarkdown(['a', 'b|c'], [['1|2', null]]), '| a | b\\|c |\n| --- | --- |\n| 1\\|2 | *null* |\n');
});

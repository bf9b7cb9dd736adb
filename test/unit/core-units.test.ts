// The small shared readings of text: durations and sizes (units.ts), and `$VAR` references
// (variableReferences.ts), which cells, health checks and the CLI all go through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatMs } from '../../src/core/units';
import { replaceVariableReferences, variableReferences } from '../../src/core/variableReferences';
import { referencedVariables } from '../../src/core/exec/variables';

test('durations read the same in cell errors and health checks', () => {
  assert.equal(formatMs(0.25), '0.25 ms');
  assert.equal(formatMs(400), '400 ms');
  assert.equal(formatMs(1000), '1 s');
  assert.equal(formatMs(1500), '1.5 s');
  assert.equal(formatMs(30_000), '30 s');
  assert.equal(formatMs(12_345), '12 s');
});

test('sizes use binary units with one decimal below 10', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(9900), '9.7 KB');
  assert.equal(formatBytes(15 * 1024 * 1024), '15 MB');
});

test('$NAME and ${NAME} are references; shell default forms are not', () => {
  assert.deepEqual(variableReferences('$A ${B} ${C:-x} $1 $d_e'), ['A', 'B', 'd_e']);
  assert.equal(replaceVariableReferences('$A/${B}/$C', (name, whole) => (name === 'C' ? whole : name.toLowerCase())), 'a/b/$C');
  assert.equal(replaceVariableReferences('${A}/x', (_name, _whole, end) => String(end)), '4/x');
});

test('a cell needs only environment-style names: one with a lowercase letter is a shell local', () => {
  assert.deepEqual(referencedVariables('shell', 'echo $FOO_bar $Mixed $UPPER'), ['UPPER']);
});

// Control characters from a person or a file are shown escaped in the CLI's human output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printable, printableLine } from '../../src/cli/printable';

test('ESC, BEL, CR, DEL, C1 and bidi overrides are escaped; text and Unicode are kept', () => {
  assert.equal(printableLine('a\x1b[31mred\x07'), 'a\\x1b[31mred\\x07');
  assert.equal(printableLine('over\rwrite\x7f\x9b'), 'over\\x0dwrite\\x7f\\x9b');
  assert.equal(printableLine('abc\u202edef'), 'abc\\u202edef');
  assert.equal(printableLine('Café — 502s ✔'), 'Café — 502s ✔');
});

test('printable keeps newlines and tabs (a message, a command); printableLine escapes them (a title)', () => {
  assert.equal(printable('line 1\n\tline 2\x1b]0;pwned\x07\n'), 'line 1\n\tline 2\\x1b]0;pwned\\x07\n');
  assert.equal(printableLine('forged\nline\there'), 'forged\\x0aline\\x09here');
});

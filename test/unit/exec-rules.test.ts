// The workspace's `.runbooks/commands.yaml`: read, validated, and every problem named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCommandRules, NO_RULES } from '../../src/core/exec/rules';

function workspace(yaml?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'runbook-rules-'));
  if (yaml !== undefined) {
    mkdirSync(join(root, '.runbooks'));
    writeFileSync(join(root, '.runbooks', 'commands.yaml'), yaml);
  }
  return root;
}

test('a good file gives its reads and changes', () => {
  const { rules, problems } = loadCommandRules(workspace('reads: [mytool, "mycli get", "mycli status"]\nchanges:\n  - oc adm top\n'));
  assert.deepEqual(problems, []);
  assert.deepEqual(rules, { reads: ['mytool', 'mycli get', 'mycli status'], changes: ['oc adm top'] });
});

test('either list may be left out; an empty file is no rules', () => {
  assert.deepEqual(loadCommandRules(workspace('reads: [mytool]\n')).rules, { reads: ['mytool'], changes: [] });
  assert.deepEqual(loadCommandRules(workspace('')), { rules: NO_RULES, problems: [] });
});

test('no file: no rules and no problem', () => {
  assert.deepEqual(loadCommandRules(workspace()), { rules: NO_RULES, problems: [] });
});

test('bad YAML: no rules and a problem naming the file', () => {
  const { rules, problems } = loadCommandRules(workspace('reads: [mytool\n'));
  assert.deepEqual(rules, NO_RULES);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /^\.runbooks\/commands\.yaml: not valid YAML/);
});

test('a bad field: no rules and a problem naming the file and the field', () => {
  const wrongType = loadCommandRules(workspace('reads: mytool\n'));
  assert.deepEqual(wrongType.rules, NO_RULES);
  assert.match(wrongType.problems.join('\n'), /\.runbooks\/commands\.yaml: reads:/);

  const badEntry = loadCommandRules(workspace('reads: [ok, "a b c d"]\n'));
  assert.deepEqual(badEntry.rules, NO_RULES);
  assert.match(badEntry.problems.join('\n'), /\.runbooks\/commands\.yaml: reads\.1: an entry is `tool` or `tool verb \[subverb\]`/);

  const unknownKey = loadCommandRules(workspace('read: [mytool]\n'));
  assert.deepEqual(unknownKey.rules, NO_RULES);
  assert.match(unknownKey.problems.join('\n'), /\.runbooks\/commands\.yaml: .*read/);
});

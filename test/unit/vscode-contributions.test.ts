// The ids the VS Code layer uses (src/vscode/ids.ts) are the ones package.json contributes: a
// command renamed on one side only would be "command not found" in a menu.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND, CONTEXT, VIEW } from '../../src/vscode/ids';
import { SECTION } from '../../src/vscode/config';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const sorted = (ids: Iterable<string>) => [...ids].sort();

describe('contributed ids', () => {
  test('the command table holds exactly the commands package.json contributes', () => {
    assert.deepEqual(sorted(Object.values(COMMAND)), sorted(pkg.contributes.commands.map((c: { command: string }) => c.command)));
  });

  test('each command id is its name under the section', () => {
    for (const [name, id] of Object.entries(COMMAND)) assert.equal(id, `${SECTION}.${name}`);
  });

  test('the view table holds exactly the views package.json contributes', () => {
    const views = Object.values(pkg.contributes.views as Record<string, Array<{ id: string }>>).flat().map((v) => v.id);
    assert.deepEqual(sorted(Object.values(VIEW)), sorted(views));
  });

  test('every id a menu, a welcome view or the walkthrough names is a command, a view or a context key we know', () => {
    const known = new Set<string>([...Object.values(COMMAND), ...Object.values(VIEW), ...Object.values(CONTEXT)]);
    const text = JSON.stringify({ menus: pkg.contributes.menus, welcome: pkg.contributes.viewsWelcome, walkthroughs: pkg.contributes.walkthroughs });
    const named = new Set([...text.matchAll(/incidentRunbooks\.[A-Za-z]+\b(?!\.)/g)].map((m) => m[0]));
    named.delete(`${SECTION}.start`); // the walkthrough's own id
    assert.ok(named.size > 20, `${named.size} ids found`);
    for (const id of named) assert.ok(known.has(id), id);
  });

  test('every context key is read by some when clause', () => {
    const text = JSON.stringify(pkg.contributes);
    for (const key of Object.values(CONTEXT)) assert.match(text, new RegExp(`${key.replace('.', '\\.')}\\b`), key);
  });
});

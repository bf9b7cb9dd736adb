// Incident adapters in a real extension host: commands registered, an incident written on disk
// (as another window or the CLI would) becomes active, and a checklist toggle lands in its timeline.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { IncidentStore } from '../../src/core/incident/store';

suite('Incident views and commands in the extension host', () => {
  test('every contributed command is registered', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'incident-runbooks');
    assert.ok(ext, 'the extension is installed');
    await ext.activate();
    const all = new Set(await vscode.commands.getCommands(true));
    const contributed: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    assert.ok(contributed.length >= 24, `${contributed.length} commands contributed`);
    for (const id of contributed) assert.ok(all.has(id), id);
    // And nothing registered under our prefix that package.json does not contribute (a typo'd id).
    // (VS Code's own commands for our views, `incidentRunbooks.incident.focus` and the like, have a second dot.)
    const ours = [...all].filter((id) => /^incidentRunbooks\.[A-Za-z]+$/.test(id));
    assert.deepEqual(ours.filter((id) => !contributed.includes(id)), []);
  });

  test('a command that fails shows why as an error message', async () => {
    const shown: string[] = [];
    const original = vscode.window.showErrorMessage;
    (vscode.window as { showErrorMessage: unknown }).showErrorMessage = async (message: string) => void shown.push(message);
    try {
      // Run from the palette, "Show Last Health Result" has no check to show.
      await vscode.commands.executeCommand('incidentRunbooks.showHealthResult');
    } finally {
      (vscode.window as { showErrorMessage: unknown }).showErrorMessage = original;
    }
    assert.ok(shown.includes('Pick a check in the Health view to see its last result.'), JSON.stringify(shown));
  });

  test('an incident declared on disk becomes active and a checklist toggle is appended to it', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const store = new IncidentStore(folder.uri.fsPath);
    const { state } = store.declare({ title: 'Extension host incident', severity: 'P1' }, 'tester');
    await vscode.commands.executeCommand('incidentRunbooks.refreshIncidents');
    await vscode.commands.executeCommand('incidentRunbooks.toggleChecklistItem', { entry: { id: 'assess.verify', done: false } });
    const lines = readFileSync(store.timelinePath(state.id), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 2);
    assert.equal(lines[1].type, 'checklist_toggled');
    assert.deepEqual(lines[1].data, { item: 'assess.verify', done: true });
    assert.equal(store.read(state.id).state.checklist.find((c) => c.id === 'assess.verify')?.done, true);
  });
});

// Incident adapters in a real extension host: commands registered, an incident written on disk
// (as another window or the CLI would) becomes active, and a checklist toggle lands in its timeline.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { IncidentStore } from '../../src/core/incident/store';

suite('Incident views and commands in the extension host', () => {
  test('every Incident command is registered', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'incident-runbooks');
    assert.ok(ext, 'the extension is installed');
    await ext.activate();
    const all = new Set(await vscode.commands.getCommands(true));
    for (const name of ['declareIncident', 'setSeverity', 'setStatus', 'assignCommander', 'addNote', 'addFinding', 'addActionItem', 'toggleChecklistItem', 'resolveIncident', 'reopenIncident', 'switchIncident', 'findRunbookBySymptom']) {
      assert.ok(all.has(`incidentRunbooks.${name}`), `incidentRunbooks.${name}`);
    }
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

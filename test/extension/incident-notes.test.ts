// Notes typed into the editor reach timeline.jsonl masked: a pasted token must not end up in git.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { IncidentStore } from '../../src/core/incident/store';

suite('Incident notes in the extension host', () => {
  const original = vscode.window.showInputBox;
  teardown(() => {
    (vscode.window as { showInputBox: typeof original }).showInputBox = original;
    delete process.env.INCIDENT_NOTES_TEST_TOKEN;
  });

  test('a secret pasted into a note is masked before it is appended', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'incident-runbooks');
    await ext?.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const store = new IncidentStore(folder.uri.fsPath);
    const { state } = store.declare({ title: 'Notes masking', severity: 'P2' }, 'tester');
    await vscode.commands.executeCommand('incidentRunbooks.refreshIncidents');
    process.env.INCIDENT_NOTES_TEST_TOKEN = 'tok-3f9a1c77e2';
    const stub = (answer: string) => ((vscode.window as { showInputBox: typeof original }).showInputBox = async () => answer);
    // A stored secret whose name does not look secret: only SecretStorage knows it is one.
    stub('vendor-7d41b09c');
    await vscode.commands.executeCommand('incidentRunbooks.storeSecret', 'VENDOR_NOTES_TEST');
    stub('rotated tok-3f9a1c77e2 at 10:02, vendor said vendor-7d41b09c');
    await vscode.commands.executeCommand('incidentRunbooks.addNote');
    const text = readFileSync(store.timelinePath(state.id), 'utf8');
    assert.ok(!text.includes('tok-3f9a1c77e2'), 'the environment secret is not in the timeline');
    assert.ok(!text.includes('vendor-7d41b09c'), 'the stored secret is not in the timeline');
    assert.match(text, /rotated •••• at 10:02, vendor said ••••/);
  });
});

suite('Incident folder setting in the extension host', () => {
  teardown(async () => {
    await vscode.workspace.getConfiguration('incidentRunbooks').update('incident.folder', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('after the folder setting changes, an incident written there by another process is picked up by the watcher', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    await vscode.workspace.getConfiguration('incidentRunbooks').update('incident.folder', 'ops/incidents', vscode.ConfigurationTarget.Workspace);
    await new Promise((r) => setTimeout(r, 300)); // the configuration event reaches the extension
    const store = new IncidentStore(folder.uri.fsPath, 'ops/incidents');
    const { state } = store.declare({ title: 'Watched in the new folder', severity: 'P1' }, 'cli');
    // No "Refresh Incidents": only the recreated watcher can make it the active incident.
    let toggled = false;
    for (let i = 0; i < 40 && !toggled; i++) {
      await new Promise((r) => setTimeout(r, 250));
      await vscode.commands.executeCommand('incidentRunbooks.toggleChecklistItem', { entry: { id: 'assess.verify', done: false } });
      toggled = store.read(state.id).state.checklist.find((c) => c.id === 'assess.verify')?.done === true;
    }
    assert.ok(toggled, 'the incident declared in the new folder became active without a manual refresh');
  });
});

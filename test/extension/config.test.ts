// Settings in a real extension host: a value the config cannot use is named in a warning, with
// the default used instead, as soon as it is set (src/vscode/config.ts, configProblems.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

suite('Settings in the extension host', () => {
  const original = vscode.window.showWarningMessage;
  teardown(async () => {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = original;
    await vscode.workspace.getConfiguration('incidentRunbooks').update('execution.rowLimit', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('a setting below its minimum is shown as a warning naming the default used instead', async () => {
    await vscode.extensions.all.find((e) => e.packageJSON?.name === 'incident-runbooks')?.activate();
    const shown: string[] = [];
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = async (message: string) => void shown.push(message);
    await vscode.workspace.getConfiguration('incidentRunbooks').update('execution.rowLimit', 0, vscode.ConfigurationTarget.Workspace);
    const expected = 'Incident Runbooks: incidentRunbooks.execution.rowLimit should be a number of at least 1, not 0; using 200.';
    const deadline = Date.now() + 5_000;
    while (!shown.includes(expected) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(shown.includes(expected), JSON.stringify(shown));
  });
});

// Sharing an incident from the editor (src/vscode/share) against the tier's real Redis
// (TEST_REDIS_URL): another responder, here the core's `IncidentShare` over a second temporary
// workspace in the test process, writes events; the window's Timeline view, status bar and
// Incident view follow, and a wrong password is told clearly without naming any password.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import Redis from 'ioredis';
import type { TestHooks } from '../../src/extension';
import { IncidentStore } from '../../src/core/incident/store';
import { shareConfig } from '../../src/core/share/config';
import { IncidentShare } from '../../src/core/share/share';

const EXTENSION = 'incident-runbooks';
const PASSWORD = 'sh4re-pw-7c1e90ab';
const WRONG = 'wr0ng-pw-52d8f3aa';

type Window = { showInputBox: unknown; showQuickPick: unknown; showErrorMessage: unknown; showWarningMessage: unknown; showInformationMessage: unknown };
const win = vscode.window as unknown as Window;

async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  for (;;) {
    const value = check();
    if (value) return { value, ms: performance.now() - started };
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

suite('Sharing an incident in the extension host', function () {
  this.timeout(60_000);
  const original: Window = {
    showInputBox: win.showInputBox,
    showQuickPick: win.showQuickPick,
    showErrorMessage: win.showErrorMessage,
    showWarningMessage: win.showWarningMessage,
    showInformationMessage: win.showInformationMessage,
  };
  const settings = () => vscode.workspace.getConfiguration('incidentRunbooks');
  const errors: string[] = [];
  const warnings: string[] = [];
  const prefix = `ext${Date.now().toString(36)}`;
  const user = `responder-${prefix}`;
  let hooks: TestHooks;
  let admin: Redis;
  let url: string;
  let remoteRoot: string;
  let remote: IncidentShare | undefined;
  let id: string;

  /** Types `value` into the password box of "Incident: Set Sharing Password". */
  async function setPassword(value: string): Promise<void> {
    win.showInputBox = async () => value;
    try {
      await vscode.commands.executeCommand('incidentRunbooks.setSharingPassword');
    } finally {
      win.showInputBox = original.showInputBox;
    }
  }

  suiteSetup(async () => {
    const redisUrl = process.env.TEST_REDIS_URL;
    assert.ok(redisUrl, 'the harness passes TEST_REDIS_URL');
    hooks = (await vscode.extensions.all.find((e) => e.packageJSON?.name === EXTENSION)!.activate()) as TestHooks;
    assert.ok(hooks.share, 'a folder is open: there is a share session');
    // A least-privilege ACL user, as a team would give each responder: only our prefix's keys.
    admin = new Redis(redisUrl);
    await admin.call('ACL', 'SETUSER', user, 'reset', 'on', `>${PASSWORD}`, `~${prefix}:*`, '+@connection', '+info', '+xadd', '+xread', '+xrevrange', '+set', '+get', '+del', '+scan', '+mget');
    const u = new URL(redisUrl);
    url = `redis://${user}@${u.host}`;
    win.showErrorMessage = async (message: string) => void errors.push(message);
    win.showWarningMessage = async (message: string) => void warnings.push(message);
    win.showInformationMessage = async () => undefined;

    // The incident this window follows.
    const folder = vscode.workspace.workspaceFolders![0];
    id = new IncidentStore(folder.uri.fsPath).declare({ title: 'Shared checkout outage', severity: 'P1' }, 'tester').state.id;
    await vscode.commands.executeCommand('incidentRunbooks.refreshIncidents');
    win.showQuickPick = async (items: Array<{ id: string }>) => (await items).find((i) => i.id === id);
    await vscode.commands.executeCommand('incidentRunbooks.switchIncident');
    win.showQuickPick = original.showQuickPick;

    await setPassword(PASSWORD);
    await settings().update('share.prefix', prefix, vscode.ConfigurationTarget.Workspace);
    await settings().update('share.url', url, vscode.ConfigurationTarget.Workspace);
    await until('the window to connect', () => hooks.share!.state.kind === 'online');
    assert.match(hooks.share!.statusText, /Shared · connected/);

    // The other responder: a workspace of its own, following the same incident on the same server.
    remoteRoot = mkdtempSync(join(tmpdir(), 'runbook-share-remote-'));
    remote = new IncidentShare({
      store: new IncidentStore(remoteRoot),
      config: shareConfig(url.replace(`${user}@`, `${user}:${PASSWORD}@`), prefix),
      actor: 'bob-remote',
      via: 'cli',
      incidents: [id],
      blockMs: 200,
      pollMs: 200,
    });
    await remote.start([id]);
    // The window published the declaration: the other side has the incident.
    await until('the incident to reach the other workspace', () => new IncidentStore(remoteRoot).exists(id));
  });

  suiteTeardown(async () => {
    Object.assign(win, original);
    await remote?.stop();
    await settings().update('share.url', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('share.prefix', undefined, vscode.ConfigurationTarget.Workspace);
    await setPassword('');
    await admin?.call('ACL', 'DELUSER', user).catch(() => {});
    admin?.disconnect();
    if (remoteRoot) rmSync(remoteRoot, { recursive: true, force: true });
  });

  test('a note written by the other responder appears in the Timeline view within a second', async () => {
    const timeline = hooks.views()!.timeline;
    new IncidentStore(remoteRoot).append(id, { type: 'note_added', data: { text: 'pool at 100/100 on db-2', kind: 'note' } }, 'bob-remote');
    remote!.nudge();
    const { ms } = await until('the note in the Timeline view', () =>
      timeline.getChildren().some((item) => String(item.label).includes('pool at 100/100 on db-2')),
    );
    assert.ok(ms < 1000, `the note took ${Math.round(ms)} ms`);
  });

  test('a remote status change moves the status bar', async () => {
    const statusBar = hooks.views()!.statusBar;
    assert.match(statusBar.text, /P1 · Investigating/);
    new IncidentStore(remoteRoot).append(id, { type: 'status_changed', data: { status: 'identified', reason: 'bad deploy' } }, 'bob-remote');
    remote!.nudge();
    const { ms } = await until('the status bar to say Identified', () => /P1 · Identified/.test(statusBar.text));
    assert.ok(ms < 1000, `the status bar took ${Math.round(ms)} ms`);
    assert.equal(hooks.views()!.incident.getChildren().find((i) => i.label === 'Status')?.description, 'Identified');
  });

  test('what this window writes reaches the other responder within a second', async () => {
    const started = performance.now();
    await vscode.commands.executeCommand('incidentRunbooks.toggleChecklistItem', { entry: { id: 'assess.verify', done: false } });
    const remoteStore = new IncidentStore(remoteRoot);
    await until('the toggle on the other side', () => remoteStore.read(id).state.checklist.find((c) => c.id === 'assess.verify')?.done);
    const ms = performance.now() - started;
    assert.ok(ms < 1000, `the toggle took ${Math.round(ms)} ms`);
  });

  test('the Incident view lists who is here, the other responder included', async () => {
    const incident = hooks.views()!.incident;
    const { value } = await until(
      'the other responder in "Here now"',
      () => incident.getChildren().find((i) => i.label === 'Here now' && String(i.description).includes('bob-remote')),
      15_000,
    );
    assert.ok(String(value.description).split(', ').length >= 1);
    assert.match(hooks.share!.statusText, /Shared · connected/);
  });

  test('a wrong password stops sharing with a clear error that names no password', async () => {
    errors.length = 0;
    await setPassword(WRONG);
    const { value } = await until('the error message', () => errors.find((m) => m.startsWith('Incident sharing stopped')));
    assert.match(value, /refused the credentials \(WRONGPASS\)/);
    assert.match(value, /Incident: Set Sharing Password/);
    assert.match(value, new RegExp(`redis://${user}:••••@`));
    for (const text of [...errors, ...warnings, hooks.share!.statusText, hooks.share!.describe()]) {
      assert.ok(!text.includes(WRONG) && !text.includes(PASSWORD), `a password in: ${text}`);
    }
    assert.equal(hooks.share!.state.kind, 'failed');
    assert.match(hooks.share!.statusText, /Sharing stopped/);
    // Shown once, not at every retry.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(errors.filter((m) => m.startsWith('Incident sharing stopped')).length, 1, JSON.stringify(errors));
    // And the right one again resumes.
    await setPassword(PASSWORD);
    await until('the window to connect again', () => hooks.share!.state.kind === 'online');
  });

  test('a server that cannot be reached leaves the window working offline, said in the status bar, not in a popup', async () => {
    errors.length = 0;
    // Port 1: nothing listens, the connection is refused at once.
    await settings().update('share.url', `redis://${user}@127.0.0.1:1`, vscode.ConfigurationTarget.Workspace);
    await until('the offline state', () => hooks.share!.state.kind === 'offline');
    assert.match(hooks.share!.statusText, /Shared · offline/);
    assert.match(hooks.share!.describe(), /refuses connections.*published on reconnect/);
    assert.deepEqual(errors, []);
    await settings().update('share.url', url, vscode.ConfigurationTarget.Workspace);
    await until('the window to connect again', () => hooks.share!.state.kind === 'online');
  });

  test('a password written into the URL setting is refused with a warning pointing to the command', async () => {
    warnings.length = 0;
    await settings().update('share.url', url.replace(`${user}@`, `${user}:${PASSWORD}@`), vscode.ConfigurationTarget.Workspace);
    const { value } = await until('the warning', () => warnings.find((m) => m.includes('share.url holds a password')));
    assert.match(value, /"Incident: Set Sharing Password"/);
    assert.ok(!value.includes(PASSWORD), value);
    await until('sharing to stop', () => hooks.share!.state.kind === 'off');
    assert.equal(hooks.share!.statusText, '');
    await settings().update('share.url', url, vscode.ConfigurationTarget.Workspace);
    await until('the window to connect again', () => hooks.share!.state.kind === 'online');
  });
});

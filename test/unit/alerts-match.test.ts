// Which runbook answers an alert: the runbook_url, then a file named after the alert, then the
// frontmatter alerts: list, then symptoms; and what was tried when nothing fits.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kebabCase, matchRunbook, noMatchMessage, runbookReference, type RunbookCandidate } from '../../src/core/alerts/match';
import { listWorkspaceRunbooks, runbookCandidate } from '../../src/core/alerts/workspace';
import type { Frontmatter } from '../../src/core/runbook/types';

function fm(fields: Partial<Frontmatter> = {}): Frontmatter {
  return { services: [], symptoms: [], tags: [], env: {}, params: {}, alerts: [], extra: {}, ...fields };
}
const rb = (path: string, fields?: Partial<Frontmatter>): RunbookCandidate => ({ path, frontmatter: fields ? fm(fields) : null });
const alert = (runbookUrl?: string, alertname = 'KubePodCrashLooping') => ({ alertname, runbookUrl });

const WORKSPACE = [
  rb('runbooks/kube-pod-crash-looping.runbook.md'),
  rb('legacy/old/kube-pod-crash-looping.runbook.md'),
  rb('runbooks/payments/api-down.runbook.md', { alerts: ['PaymentsAPIDown'] }),
  rb('runbooks/db/pool.runbook.md', { symptoms: ['PgBouncerPoolExhausted firing', 'connection timeouts'] }),
  rb('runbooks/shared/restart.runbook.md'),
];

describe('the runbook_url', () => {
  test('a URL whose path ends with a workspace runbook path: the longest such path', () => {
    const r = matchRunbook(alert('https://github.com/acme/ops/blob/main/runbooks/kube-pod-crash-looping.runbook.md'), WORKSPACE);
    assert.equal(r.match?.runbook.path, 'runbooks/kube-pod-crash-looping.runbook.md');
    assert.equal(r.match?.matchedBy, 'runbook_url');
    assert.deepEqual(r.tried, []);
  });

  test('a relative path, with ./, a query or a fragment; a file: URL; a path in another case', () => {
    for (const url of ['runbooks/kube-pod-crash-looping.runbook.md', './runbooks/kube-pod-crash-looping.runbook.md#steps', '/runbooks/kube-pod-crash-looping.runbook.md?plain=1', 'file:///home/me/ops/runbooks/kube-pod-crash-looping.runbook.md', 'https://gitlab.example.com/ops/-/blob/main/Runbooks/Kube-Pod-Crash-Looping.runbook.md']) {
      assert.equal(matchRunbook(alert(url), WORKSPACE).match?.runbook.path, 'runbooks/kube-pod-crash-looping.runbook.md', url);
    }
  });

  test('a vscode://…/alert?runbook=… link names the runbook in its query', () => {
    const r = matchRunbook(alert('vscode://incident-runbooks.incident-runbooks/alert?alertname=X&runbook=runbooks%2Fshared%2Frestart.runbook.md'), WORKSPACE);
    assert.equal(r.match?.runbook.path, 'runbooks/shared/restart.runbook.md');
    assert.equal(r.match?.matchedBy, 'runbook_url');
  });

  test('the file name alone when only one runbook has it', () => {
    const r = matchRunbook(alert('https://wiki.example.com/ops/restart.runbook.md'), WORKSPACE);
    assert.equal(r.match?.runbook.path, 'runbooks/shared/restart.runbook.md');
    assert.equal(r.match?.matchedBy, 'runbook_url-file');
  });

  test('a file name two runbooks share, or a page that is no runbook: the next step, and why', () => {
    const shared = matchRunbook(alert('https://wiki.example.com/kube-pod-crash-looping.runbook.md'), WORKSPACE);
    assert.equal(shared.match?.matchedBy, 'alertname');
    assert.match(shared.tried[0], /2 runbooks are named kube-pod-crash-looping\.runbook\.md \(runbooks\/kube-pod-crash-looping\.runbook\.md, legacy\/old\/kube-pod-crash-looping\.runbook\.md\)/);
    const wiki = matchRunbook(alert('https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping'), WORKSPACE);
    assert.equal(wiki.match?.matchedBy, 'alertname');
    assert.match(wiki.tried[0], /no workspace runbook at runbooks\/kubernetes\/kubepodcrashlooping or named kubepodcrashlooping/);
  });
});

describe('the alert name', () => {
  test('kebab-case, the exact name, snake_case, .md: the shallowest path first, the others named', () => {
    const r = matchRunbook(alert(), WORKSPACE);
    assert.equal(r.match?.matchedBy, 'alertname');
    assert.equal(r.match?.runbook.path, 'runbooks/kube-pod-crash-looping.runbook.md');
    assert.deepEqual(r.match?.alsoMatched, ['legacy/old/kube-pod-crash-looping.runbook.md']);
    for (const path of ['KubePodCrashLooping.runbook.md', 'ops/kube_pod_crash_looping.runbook.md', 'kube-pod-crash-looping.md']) {
      assert.equal(matchRunbook(alert(), [rb(path)]).match?.runbook.path, path);
    }
    assert.equal(matchRunbook(alert(), [rb('kube-pod-crash.runbook.md')]).match, undefined);
  });

  test('kebab-case keeps acronyms together', () => {
    assert.equal(kebabCase('KubePodCrashLooping'), 'kube-pod-crash-looping');
    assert.equal(kebabCase('KubeAPIDown'), 'kube-api-down');
    assert.equal(kebabCase('PgBouncerPoolExhausted'), 'pg-bouncer-pool-exhausted');
    assert.equal(kebabCase('high_error_rate'), 'high-error-rate');
  });
});

describe('the frontmatter', () => {
  test('alerts: lists the name (exactly, else case and - _ ignored)', () => {
    const r = matchRunbook(alert(undefined, 'PaymentsAPIDown'), WORKSPACE);
    assert.equal(r.match?.matchedBy, 'frontmatter-alerts');
    assert.equal(r.match?.runbook.path, 'runbooks/payments/api-down.runbook.md');
    assert.equal(matchRunbook(alert(undefined, 'payments_api_down'), WORKSPACE).match?.matchedBy, 'frontmatter-alerts');
    assert.equal(r.tried.length, 2);
  });

  test('symptoms: one mentions the name', () => {
    const r = matchRunbook(alert(undefined, 'PgBouncerPoolExhausted'), WORKSPACE);
    assert.equal(r.match?.matchedBy, 'symptoms');
    assert.equal(r.match?.runbook.path, 'runbooks/db/pool.runbook.md');
  });

  test('an earlier step wins over a later one', () => {
    const both = [rb('a/listed.runbook.md', { alerts: ['KubePodCrashLooping'] }), rb('b/kube-pod-crash-looping.runbook.md')];
    assert.equal(matchRunbook(alert(), both).match?.runbook.path, 'b/kube-pod-crash-looping.runbook.md');
  });
});

test('no match: every step tried, in a message', () => {
  const r = matchRunbook(alert('https://wiki.example.com/Crash', 'SomethingElse'), WORKSPACE);
  assert.equal(r.match, undefined);
  assert.equal(r.tried.length, 4);
  const message = noMatchMessage('SomethingElse', WORKSPACE.length, r.tried);
  assert.match(message, /^no runbook found for SomethingElse: none of the workspace's 5 runbooks fits; tried\n/);
  assert.match(message, / {2}- runbook_url https:\/\/wiki\.example\.com\/Crash: no workspace runbook/);
  assert.match(message, / {2}- file name: no something-else\.runbook\.md or SomethingElse\.runbook\.md/);
  assert.match(message, / {2}- frontmatter alerts: no runbook lists SomethingElse/);
  assert.match(message, / {2}- frontmatter symptoms: none mentions SomethingElse/);
  assert.match(noMatchMessage('X', 0, []), /no runbooks \(\*\.runbook\.md\) in the workspace/);
  assert.match(matchRunbook(alert(), []).tried[0], /^runbook_url: the alert has none$/);
});

test('runbookReference reads the path out of every spelling', () => {
  assert.equal(runbookReference('https://github.com/acme/ops/blob/main/runbooks/a%20b.runbook.md'), 'acme/ops/blob/main/runbooks/a b.runbook.md');
  assert.equal(runbookReference('vscode://incident-runbooks.incident-runbooks/alert?runbook=https://github.com/x/y/blob/main/r.runbook.md'), 'x/y/blob/main/r.runbook.md');
  assert.equal(runbookReference('vscode://incident-runbooks.incident-runbooks/alert?alertname=A'), undefined);
  assert.equal(runbookReference('runbooks\\windows\\r.runbook.md'), 'runbooks/windows/r.runbook.md');
  assert.equal(runbookReference('  '), undefined);
});

describe('the workspace', () => {
  test('every *.runbook.md with its frontmatter, not in node_modules, .git or hidden folders, nor through links out', () => {
    const root = mkdtempSync(join(tmpdir(), 'alerts-match-'));
    const outside = mkdtempSync(join(tmpdir(), 'alerts-outside-'));
    for (const dir of ['runbooks/db', 'node_modules/pkg', '.git', '.hidden']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'runbooks/db/pool.runbook.md'), '---\nalerts: [PgBouncerPoolExhausted]\nseverity: P1\n---\n# Pool\n');
    writeFileSync(join(root, 'top.runbook.md'), '# No frontmatter\n');
    writeFileSync(join(root, 'runbooks/notes.md'), '# Not a runbook\n');
    for (const dir of ['node_modules/pkg', '.git', '.hidden']) writeFileSync(join(root, dir, 'x.runbook.md'), '# skipped\n');
    writeFileSync(join(outside, 'secret.runbook.md'), '---\nalerts: [X]\n---\n');
    symlinkSync(join(outside, 'secret.runbook.md'), join(root, 'linked-out.runbook.md'));
    symlinkSync(join(root, 'top.runbook.md'), join(root, 'runbooks/linked-in.runbook.md'));
    const list = listWorkspaceRunbooks(root);
    assert.deepEqual(list.map((r) => r.path), ['runbooks/db/pool.runbook.md', 'runbooks/linked-in.runbook.md', 'top.runbook.md']);
    assert.deepEqual(list[0].frontmatter?.alerts, ['PgBouncerPoolExhausted']);
    assert.equal(list[0].frontmatter?.severity, 'P1');
    assert.equal(list[2].frontmatter, null);
    assert.equal(listWorkspaceRunbooks(root, 1).length, 1);
  });

  test('runbookCandidate: what the editor builds from its own catalog', () => {
    const c = runbookCandidate('runbooks/a.runbook.md', '---\nalerts: A\nsymptoms: [slow]\n---\n');
    assert.deepEqual([c.path, c.frontmatter?.alerts, c.frontmatter?.symptoms], ['runbooks/a.runbook.md', ['A'], ['slow']]);
  });
});

// An alert's severity label as the incident's severity: the default mapping, the team's
// `.runbooks/alerts.yaml`, the runbook's own severity, P2; and a bad file's problems.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertSeverity, DEFAULT_SEVERITY_MAP } from '../../src/core/alerts/severity';
import { alertSettingsFromText, loadAlertSettings, NO_ALERT_SETTINGS } from '../../src/core/alerts/settings';

function workspace(yaml?: string): string {
  const root = mkdtempSync(join(tmpdir(), 'alerts-settings-'));
  if (yaml !== undefined) {
    mkdirSync(join(root, '.runbooks'));
    writeFileSync(join(root, '.runbooks', 'alerts.yaml'), yaml);
  }
  return root;
}

describe('the default mapping', () => {
  const cases: Array<[string, string]> = [
    ['critical', 'P1'],
    ['CRITICAL', 'P1'],
    ['page', 'P1'],
    ['high', 'P1'],
    ['error', 'P2'],
    ['warning', 'P2'],
    ['warn', 'P2'],
    ['info', 'P3'],
    ['ticket', 'P3'],
    ['none', 'P3'],
  ];
  for (const [label, severity] of cases) {
    test(`${label} → ${severity}`, () => {
      const choice = alertSeverity({ severity: label }, NO_ALERT_SETTINGS);
      assert.equal(choice.severity, severity);
      assert.equal(choice.reason, `label severity=${label} → ${severity} (default mapping)`);
    });
  }

  test('never P0 by default; a label that is a severity id already is taken as it is', () => {
    assert.ok(!Object.values(DEFAULT_SEVERITY_MAP).includes('P0'));
    assert.deepEqual(alertSeverity({ severity: 'p0' }, NO_ALERT_SETTINGS), { severity: 'P0', reason: 'label severity=p0' });
  });

  test("unknown or missing: the runbook's severity, else P2, and why", () => {
    assert.deepEqual(alertSeverity({ severity: 'sev-2' }, NO_ALERT_SETTINGS, 'P1'), {
      severity: 'P1',
      reason: 'label severity=sev-2 is not mapped (add it to .runbooks/alerts.yaml); the runbook says P1',
    });
    assert.deepEqual(alertSeverity({}, NO_ALERT_SETTINGS, 'P3'), { severity: 'P3', reason: 'no severity label; the runbook says P3' });
    assert.deepEqual(alertSeverity({}, NO_ALERT_SETTINGS), { severity: 'P2', reason: 'no severity label; default P2' });
    assert.equal(alertSeverity({ severity: 'critical' }, NO_ALERT_SETTINGS, 'P3').severity, 'P1', 'the label wins over the runbook');
  });
});

describe('.runbooks/alerts.yaml', () => {
  test("the team's mapping wins over the default; the labels map is read", () => {
    const { settings, problems } = loadAlertSettings(workspace('severity:\n  Critical: p0\n  sev-2: P2\nlabels:\n  pod-name: pod\n  service: [service, app]\n'));
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, { severity: { critical: 'P0', 'sev-2': 'P2' }, labels: { 'pod-name': ['pod'], service: ['service', 'app'] } });
    assert.deepEqual(alertSeverity({ severity: 'critical' }, settings), { severity: 'P0', reason: 'label severity=critical → P0 (.runbooks/alerts.yaml)' });
    assert.equal(alertSeverity({ severity: 'SEV-2' }, settings).severity, 'P2');
    assert.equal(alertSeverity({ severity: 'warning' }, settings).severity, 'P2', 'what the team does not map keeps the default');
  });

  test('no file, an empty file: the defaults, no problem', () => {
    assert.deepEqual(loadAlertSettings(workspace()), { settings: NO_ALERT_SETTINGS, problems: [] });
    assert.deepEqual(loadAlertSettings(workspace('')), { settings: NO_ALERT_SETTINGS, problems: [] });
  });

  test('a bad file: the defaults and a problem naming the field', () => {
    const cases: Array<[string, RegExp]> = [
      ['severity:\n  critical: P5\n', /^\.runbooks\/alerts\.yaml: severity\.critical: must be one of P0, P1, P2, P3; using the defaults$/],
      ['severity: [critical]\n', /^\.runbooks\/alerts\.yaml: severity: must be a map of label value: P0\|P1\|P2\|P3/],
      ['labels:\n  pod-name: {label: pod}\n', /^\.runbooks\/alerts\.yaml: labels\.pod-name: must be a label name or a list of label names/],
      ['labels:\n  "1bad": pod\n', /^\.runbooks\/alerts\.yaml: labels\.1bad: parameter names are a letter/],
      ['severities:\n  critical: P0\n', /^\.runbooks\/alerts\.yaml: \(top level\): unknown key 'severities' \(known: severity, labels\)/],
      ['severity: {critical: P0\n', /^\.runbooks\/alerts\.yaml: not valid YAML/],
      ['- a\n- b\n', /^\.runbooks\/alerts\.yaml: \(top level\): must be a map with severity: and labels:/],
    ];
    for (const [yaml, problem] of cases) {
      const { settings, problems } = alertSettingsFromText(yaml);
      assert.deepEqual(settings, NO_ALERT_SETTINGS, yaml);
      assert.equal(problems.length, 1, `${yaml}: ${problems.join(' | ')}`);
      assert.match(problems[0], problem, yaml);
    }
  });

  test('an edit counts at the next read', () => {
    const root = workspace('severity:\n  critical: P0\n');
    assert.equal(loadAlertSettings(root).settings.severity.critical, 'P0');
    writeFileSync(join(root, '.runbooks', 'alerts.yaml'), 'severity:\n  critical: P1\n  # a longer file, so the size changes too\n');
    assert.equal(loadAlertSettings(root).settings.severity.critical, 'P1');
  });
});

// Pasted alerts in every format we read, normalised to one shape; and every bad input refused
// with the field it is about named.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_ALERT_BYTES, parseAlertJson, parseAlertText } from '../../src/core/alerts/parse';
import { AlertInputError, primaryAlert, type Alert } from '../../src/core/alerts/types';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/alerts', name), 'utf8');
const RUNBOOK_URL = 'https://github.com/acme/ops/blob/main/runbooks/kube-pod-crash-looping.runbook.md';

function refusal(text: string): string {
  try {
    parseAlertText(text);
  } catch (err) {
    assert.ok(err instanceof AlertInputError, String(err));
    return err.message;
  }
  assert.fail(`accepted: ${text.slice(0, 80)}`);
}

function assertCrashLooping(alert: Alert): void {
  assert.equal(alert.alertname, 'KubePodCrashLooping');
  assert.equal(alert.labels.namespace, 'payments');
  assert.equal(alert.labels.pod, 'api-7f9c');
  assert.equal(alert.status, 'firing');
}

describe('each format', () => {
  test('an Alertmanager webhook payload: every alert, the first firing one is the primary', () => {
    const parsed = parseAlertText(fixture('alertmanager-webhook.json'));
    assert.equal(parsed.format, 'alertmanager-webhook');
    assert.equal(parsed.alerts.length, 2);
    assert.equal(parsed.alerts[0].status, 'resolved');
    assert.equal(parsed.alerts[0].endsAt, '2024-05-01T10:12:01.000Z');
    const alert = primaryAlert(parsed);
    assert.equal(alert, parsed.alerts[1]);
    assertCrashLooping(alert);
    assert.equal(alert.format, 'alertmanager-webhook');
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.startsAt, '2024-05-01T10:22:31.123Z', 'nanoseconds cut to milliseconds');
    assert.equal(alert.endsAt, undefined, "Alertmanager's zero time is no end");
    assert.equal(alert.fingerprint, 'a1f3c9e27b5d8046');
    assert.match(alert.generatorURL ?? '', /^http:\/\/prometheus\.monitoring:9090\/graph\?g0\.expr=/);
    assert.equal(alert.summary, 'Pod payments/api-7f9c is crash looping');
    assert.equal(alert.runbookUrl, RUNBOOK_URL);
    assert.equal(alert.annotations.description, 'Pod payments/api-7f9c (api) is in waiting state (reason: "CrashLoopBackOff").');
  });

  test('Alertmanager API v2 alerts: `status.state` active is firing, suppressed stays suppressed', () => {
    const parsed = parseAlertText(fixture('alertmanager-v2-alerts.json'));
    assert.equal(parsed.format, 'alertmanager');
    assert.deepEqual(parsed.alerts.map((a) => [a.alertname, a.status]), [['KubePodCrashLooping', 'firing'], ['Watchdog', 'suppressed']]);
    const alert = primaryAlert(parsed);
    assertCrashLooping(alert);
    assert.equal(alert.severity, 'warning');
    assert.equal(alert.startsAt, '2024-05-01T10:22:31.123Z');
    assert.equal(alert.runbookUrl, RUNBOOK_URL);
  });

  test('one Alertmanager alert on its own, webhook or API v2 shape', () => {
    const webhook = JSON.parse(fixture('alertmanager-webhook.json'));
    const one = parseAlertJson(webhook.alerts[1]);
    assert.equal(one.format, 'alertmanager');
    assertCrashLooping(one.alerts[0]);
    const v2 = JSON.parse(fixture('alertmanager-v2-alerts.json'));
    assertCrashLooping(parseAlertJson(v2[0]).alerts[0]);
  });

  test('a Prometheus /api/v1/alerts response: activeAt is the start; pending alerts are kept', () => {
    const parsed = parseAlertText(fixture('prometheus-alerts.json'));
    assert.equal(parsed.format, 'prometheus');
    assert.deepEqual(parsed.alerts.map((a) => a.status), ['firing', 'pending']);
    const alert = primaryAlert(parsed);
    assertCrashLooping(alert);
    assert.equal(alert.startsAt, '2024-05-01T10:07:31.123Z');
    assert.equal(alert.severity, 'info');
    assert.equal(alert.runbookUrl, undefined);
  });

  test('a Prometheus alert alone, and a list of them', () => {
    const response = JSON.parse(fixture('prometheus-alerts.json'));
    assert.equal(parseAlertJson(response.data.alerts[0]).format, 'prometheus');
    assertCrashLooping(parseAlertJson(response.data.alerts[0]).alerts[0]);
    const list = parseAlertJson(response.data.alerts);
    assert.equal(list.format, 'prometheus');
    assert.equal(list.alerts.length, 2);
  });

  test('a Grafana unified-alerting webhook', () => {
    const parsed = parseAlertText(fixture('grafana-webhook.json'));
    assert.equal(parsed.format, 'grafana');
    const alert = primaryAlert(parsed);
    assertCrashLooping(alert);
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.startsAt, '2024-05-01T10:22:30.000Z');
    assert.equal(alert.runbookUrl, 'runbooks/kube-pod-crash-looping.runbook.md');
    assert.equal(alert.summary, 'api-7f9c is crash looping');
    assert.equal(alert.fingerprint, '5e2a9bd0e4c7f1a3');
  });

  test('one Grafana alert on its own, or a list of them, is still Grafana', () => {
    const webhook = JSON.parse(fixture('grafana-webhook.json'));
    const one = parseAlertJson(webhook.alerts[0]);
    assert.equal(one.format, 'grafana');
    assertCrashLooping(one.alerts[0]);
    assert.equal(parseAlertJson(webhook.alerts).format, 'grafana');
  });

  test('a Grafana legacy webhook: the rule name is the alert name, tags and the match tags are labels', () => {
    const parsed = parseAlertText(fixture('grafana-legacy.json'));
    assert.equal(parsed.format, 'grafana-legacy');
    const alert = primaryAlert(parsed);
    assertCrashLooping(alert);
    assert.deepEqual(alert.labels, { severity: 'warning', team: 'payments', namespace: 'payments', pod: 'api-7f9c', container: 'api', alertname: 'KubePodCrashLooping' });
    assert.equal(alert.summary, 'Pod api-7f9c in payments restarted 6 times in 10 minutes.');
    assert.equal(alert.startsAt, undefined, 'the legacy webhook has no start time');
    assert.equal(alert.fingerprint, 'grafana-rule-42');
    assert.match(alert.generatorURL ?? '', /tab=alert/);
  });

  test('legacy: one alert per eval match; `ok` is resolved; no matches is one alert', () => {
    const legacy = JSON.parse(fixture('grafana-legacy.json'));
    legacy.evalMatches.push({ value: 3, metric: 'x', tags: { namespace: 'payments', pod: 'api-11aa' } });
    assert.deepEqual(parseAlertJson(legacy).alerts.map((a) => a.labels.pod), ['api-7f9c', 'api-11aa']);
    const ok = parseAlertJson({ ...legacy, state: 'ok', evalMatches: [] });
    assert.equal(ok.alerts.length, 1);
    assert.equal(ok.alerts[0].status, 'resolved');
  });
});

describe('what is derived', () => {
  test('no summary: the description, then the name with the key labels', () => {
    const base = { labels: { alertname: 'KubePodCrashLooping', namespace: 'payments', pod: 'api-7f9c', severity: 'critical' } };
    assert.equal(parseAlertJson({ ...base, annotations: { description: 'Line one\nline two' } }).alerts[0].summary, 'Line one');
    assert.equal(parseAlertJson(base).alerts[0].summary, 'KubePodCrashLooping: payments/api-7f9c');
    assert.equal(parseAlertJson({ labels: { alertname: 'Watchdog' } }).alerts[0].summary, 'Watchdog');
    const long = parseAlertJson({ ...base, annotations: { summary: 'x'.repeat(300) } }).alerts[0].summary;
    assert.equal(long.length, 120);
  });

  test('the runbook link: runbook_url, runbook, runbookUrl; an annotation before a label', () => {
    const labels = { alertname: 'A', runbook_url: 'label.md' };
    assert.equal(parseAlertJson({ labels, annotations: { runbook: 'a.md' } }).alerts[0].runbookUrl, 'a.md');
    assert.equal(parseAlertJson({ labels, annotations: { runbookUrl: 'b.md' } }).alerts[0].runbookUrl, 'b.md');
    assert.equal(parseAlertJson({ labels }).alerts[0].runbookUrl, 'label.md');
  });

  test('numbers and true/false in labels are taken as text; null annotations are none', () => {
    const parsed = parseAlertJson({ labels: { alertname: 'A', replicas: 3, canary: true }, annotations: null });
    assert.deepEqual(parsed.alerts[0].labels, { alertname: 'A', replicas: '3', canary: 'true' });
    assert.deepEqual(parsed.alerts[0].annotations, {});
  });

  test('a Markdown code fence and a byte order mark around the JSON are fine', () => {
    const fenced = '\uFEFF```json\n' + fixture('grafana-webhook.json') + '\n```\n';
    assert.equal(parseAlertText(fenced).format, 'grafana');
  });

  test('time zones are converted to UTC; the zero time is no time', () => {
    const alert = parseAlertJson({ labels: { alertname: 'A' }, startsAt: '2024-05-01T12:22:31+02:00', endsAt: '0001-01-01T00:00:00Z' }).alerts[0];
    assert.equal(alert.startsAt, '2024-05-01T10:22:31.000Z');
    assert.equal(alert.endsAt, undefined);
  });
});

describe('bad input names the field', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['no alertname in a webhook alert', '{"version":"4","alerts":[{"labels":{"pod":"x"}}]}', /^alerts\[0\]\.labels\.alertname: missing \(read as an Alertmanager webhook payload\)$/],
    ['an empty alertname', '{"labels":{"alertname":" "}}', /^labels\.alertname: empty/],
    ['no labels at all', '{"alerts":[{"status":"firing"}]}', /^alerts\[0\]\.labels: missing/],
    ['labels that are a list', '{"labels":["a"]}', /^labels: expected a map of name: text, got a list/],
    ['a label that is a map', '{"labels":{"alertname":"A","pod":{"name":"x"}}}', /^labels\.pod: must be text, got an object/],
    ['a label that is null', '{"labels":{"alertname":"A","pod":null}}', /^labels\.pod: must be text, got null/],
    ['an annotation that is a list', '{"labels":{"alertname":"A"},"annotations":{"summary":["x"]}}', /^annotations\.summary: must be text, got a list/],
    ['a start that is not a time', '{"labels":{"alertname":"A"},"startsAt":"yesterday"}', /^startsAt: not a timestamp: 'yesterday'/],
    ['a start that is a number', '{"labels":{"alertname":"A"},"startsAt":1714558951}', /^startsAt: not a timestamp \(expected text like 2024-05-01T10:22:31Z, got the number 1714558951\)/],
    ['the second of several alerts', '[{"labels":{"alertname":"A"}},{"labels":{"alertname":"B"},"endsAt":"soon"}]', /^\[1\]\.endsAt: not a timestamp/],
    ['an empty webhook', '{"version":"4","status":"firing","alerts":[]}', /^alerts: no alerts in the payload/],
    ['alerts that is not a list', '{"version":"4","alerts":{"labels":{}}}', /^alerts: expected a list, got an object/],
    ['a Prometheus alert without a state', '{"status":"success","data":{"alerts":[{"labels":{"alertname":"A"},"activeAt":"2024-05-01T10:00:00Z"}]}}', /^data\.alerts\[0\]\.state: missing \(read as a Prometheus alert\)$/],
    ['a Prometheus error response', '{"status":"error","errorType":"bad_data","error":"boom","data":{"alerts":[]}}', /^status: the Prometheus response is an error \(boom\)/],
    ['a Grafana legacy webhook without a rule name', '{"ruleId":1,"state":"alerting","evalMatches":[]}', /^ruleName: missing \(read as a Grafana legacy webhook\)$/],
    ['a Grafana alert with a bad label', '{"orgId":1,"alerts":[{"labels":{"alertname":"A","x":[1]}}]}', /^alerts\[0\]\.labels\.x: must be text, got a list \(read as a Grafana webhook payload\)$/],
    ['an empty list', '[]', /^no alerts: the list is empty$/],
    ['a number', '42', /^not an alert: expected a JSON object or a list of alerts, got the number 42$/],
    ['an object of something else', '{"kind":"Pod","metadata":{}}', /^not an alert: .*found keys 'kind', 'metadata'$/],
    ['empty text', '  \n', /^no alert: the text is empty$/],
  ];
  for (const [what, text, message] of cases) test(what, () => assert.match(refusal(text), message));

  test('not JSON: the parser’s reason, with the line and column', () => {
    assert.match(refusal('{\n  "alerts": [\n    x\n  ]\n}'), /^not JSON: .* at line 3 column 5$/);
    assert.match(refusal('{"labels": {"alertname": "A"}'), /^not JSON: .*(ends before the JSON does|line 1)/);
    assert.match(refusal('alertname=KubePodCrashLooping'), /^not JSON: .* at line 1 column 1$/);
  });

  test('more than 1 MB is refused by its size, before it is parsed', () => {
    const big = JSON.stringify({ labels: { alertname: 'A' }, annotations: { description: 'x'.repeat(MAX_ALERT_BYTES) } });
    assert.match(refusal(big), /^the alert is 1\.0 MB; at most 1 MB is read/);
  });

  test('at most five problems are listed, then a count', () => {
    const alerts = Array.from({ length: 7 }, () => ({ labels: {} }));
    assert.match(refusal(JSON.stringify({ alerts })), /alerts\[4\]\.labels\.alertname: missing; and 2 more/);
  });
});

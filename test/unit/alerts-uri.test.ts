// Alerts as vscode://…/alert links: read from fields or a payload, built back, and every bad
// parameter named. VS Code may hand the query over decoded already: both read the same.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALERT_URI_BASE, alertUri, parseAlertQuery, runbookUrlTemplate } from '../../src/core/alerts/uri';
import { matchRunbook } from '../../src/core/alerts/match';
import { parseAlertText } from '../../src/core/alerts/parse';
import { AlertInputError, primaryAlert } from '../../src/core/alerts/types';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/alerts', name), 'utf8');

function refusal(query: string): string {
  try {
    parseAlertQuery(query);
  } catch (err) {
    assert.ok(err instanceof AlertInputError, String(err));
    return err.message;
  }
  assert.fail(`accepted: ${query}`);
}

describe('the fields form', () => {
  test('alertname, runbook, severity, summary, startsAt; every other key a label', () => {
    const parsed = parseAlertQuery(
      `${ALERT_URI_BASE}?alertname=KubePodCrashLooping&namespace=payments&pod=api-7f9c&severity=critical&summary=Pod+api-7f9c+is+crash+looping&startsAt=2024-05-01T10%3A22%3A31Z&runbook=runbooks%2Fkube-pod-crash-looping.runbook.md`,
    );
    assert.equal(parsed.format, 'uri');
    const alert = parsed.alerts[0];
    assert.equal(alert.format, 'uri');
    assert.equal(alert.alertname, 'KubePodCrashLooping');
    assert.deepEqual(alert.labels, { alertname: 'KubePodCrashLooping', namespace: 'payments', pod: 'api-7f9c', severity: 'critical' });
    assert.deepEqual(alert.annotations, { runbook_url: 'runbooks/kube-pod-crash-looping.runbook.md', summary: 'Pod api-7f9c is crash looping' });
    assert.equal(alert.summary, 'Pod api-7f9c is crash looping');
    assert.equal(alert.severity, 'critical');
    assert.equal(alert.startsAt, '2024-05-01T10:22:31.000Z');
    assert.equal(alert.runbookUrl, 'runbooks/kube-pod-crash-looping.runbook.md');
    assert.equal(matchRunbook(alert, [{ path: 'runbooks/kube-pod-crash-looping.runbook.md', frontmatter: null }]).match?.matchedBy, 'runbook_url');
  });

  test('label.x and annotation.x set any label or annotation, even one named like a field', () => {
    const alert = parseAlertQuery('alertname=A&label.summary=not-an-annotation&annotation.dashboard=https%3A%2F%2Fg.example.com%2Fd%2F1&label.payload=p').alerts[0];
    assert.deepEqual(alert.labels, { alertname: 'A', summary: 'not-an-annotation', payload: 'p' });
    assert.deepEqual(alert.annotations, { dashboard: 'https://g.example.com/d/1' });
  });

  test('a query just as VS Code hands it over (decoded) reads the same; a bare % is kept', () => {
    const alert = parseAlertQuery('?alertname=DiskFull&mount=/var/lib&summary=Disk at 100%&startsAt=2024-05-01T12:00:00+02:00').alerts[0];
    assert.equal(alert.labels.mount, '/var/lib');
    assert.equal(alert.summary, 'Disk at 100%');
    assert.equal(alert.startsAt, '2024-05-01T10:00:00.000Z');
  });

  test('an empty value is no label; a fragment is not part of it', () => {
    const alert = parseAlertQuery('alertname=A&pod=&namespace=payments#top').alerts[0];
    assert.deepEqual(alert.labels, { alertname: 'A', namespace: 'payments' });
  });

  const bad: Array<[string, string, RegExp]> = [
    ['no alertname', 'namespace=payments', /^alertname: missing \(the link needs alertname=… or payload=…\)$/],
    ['an empty alertname', 'alertname=&pod=x', /^alertname: missing/],
    ['a key given twice', 'alertname=A&pod=x&pod=y', /^pod: given twice$/],
    ['a start that is no time', 'alertname=A&startsAt=yesterday', /^startsAt: not a timestamp: 'yesterday'/],
    ['an end that is no time', 'alertname=A&endsAt=2024-13-45T99:00:00Z', /^endsAt: not a timestamp/],
    ['label. without a name', 'alertname=A&label.=x', /^label\.: names no label \(write label\.NAME=…\)$/],
    ['a value without a name', 'alertname=A&=x', /^a parameter has no name \(=x\)$/],
  ];
  for (const [what, query, message] of bad) test(what, () => assert.match(refusal(query), message));
});

describe('the payload form', () => {
  test('URL-encoded alert JSON in any format; runbook= beside it sets the runbook', () => {
    const payload = encodeURIComponent(fixture('alertmanager-webhook.json'));
    const parsed = parseAlertQuery(`${ALERT_URI_BASE}?runbook=runbooks%2Fother.runbook.md&payload=${payload}`);
    assert.equal(parsed.format, 'alertmanager-webhook');
    const alert = primaryAlert(parsed);
    assert.equal(alert.labels.pod, 'api-7f9c');
    assert.equal(alert.runbookUrl, 'runbooks/other.runbook.md');
  });

  test('decoded already, with & = # and % inside the JSON: the payload runs to the end', () => {
    const parsed = parseAlertQuery(`payload=${fixture('grafana-webhook.json')}`);
    assert.equal(parsed.format, 'grafana');
    assert.match(primaryAlert(parsed).generatorURL ?? '', /view\?orgId=1$/);
    const prometheus = parseAlertQuery(`payload=${fixture('alertmanager-webhook.json')}`);
    assert.match(primaryAlert(prometheus).generatorURL ?? '', /%7Breason%3D%22CrashLoopBackOff%22%7D/, 'nothing decoded twice');
  });

  test('bad payloads name the parameter and the field', () => {
    assert.match(refusal('payload=' + encodeURIComponent('{"alerts":[{"labels":{}}]}')), /^payload: alerts\[0\]\.labels\.alertname: missing/);
    assert.match(refusal('payload=%7Bnot-json'), /^payload: not JSON: /);
    assert.match(refusal('payload='), /^payload: empty$/);
    assert.match(refusal('namespace=x&payload=%7B%7D'), /^payload: give the alert as payload= or as fields, not both \(also given: namespace\)$/);
  });
});

describe('building links', () => {
  test('alertUri gives a link that reads back as the same alert', () => {
    const alert = primaryAlert(parseAlertText(fixture('alertmanager-webhook.json')));
    const uri = alertUri(alert);
    assert.ok(uri.startsWith(`${ALERT_URI_BASE}?alertname=KubePodCrashLooping&`), uri);
    assert.match(uri, /&namespace=payments&pod=api-7f9c&/);
    assert.match(uri, /&severity=critical&/);
    assert.match(uri, /&runbook=https%3A%2F%2Fgithub\.com%2F/);
    const back = parseAlertQuery(uri).alerts[0];
    for (const key of ['alertname', 'labels', 'annotations', 'status', 'startsAt', 'fingerprint', 'generatorURL', 'summary', 'severity', 'runbookUrl'] as const) {
      assert.deepEqual(back[key], alert[key], key);
    }
  });

  test('labels named like a field or a prefix go as label.x', () => {
    const uri = alertUri({ alertname: 'A', labels: { alertname: 'A', summary: 's', runbook: 'r', 'label.x': 'y', job: 'j' }, annotations: { team: 't' } });
    assert.equal(uri, `${ALERT_URI_BASE}?alertname=A&label.summary=s&label.runbook=r&label.label.x=y&job=j&annotation.team=t`);
    assert.deepEqual(parseAlertQuery(uri).alerts[0].labels, { alertname: 'A', summary: 's', runbook: 'r', 'label.x': 'y', job: 'j' });
  });

  test('runbookUrlTemplate: an annotation Prometheus fills in with the labels', () => {
    assert.equal(
      runbookUrlTemplate('runbooks/kube-pod-crash-looping.runbook.md', ['namespace', 'pod']),
      `${ALERT_URI_BASE}?alertname={{ $labels.alertname | urlquery }}&namespace={{ $labels.namespace | urlquery }}&pod={{ $labels.pod | urlquery }}&runbook=runbooks/kube-pod-crash-looping.runbook.md`,
    );
    // As Prometheus renders it (urlquery writes a space as +):
    const rendered = `${ALERT_URI_BASE}?alertname=KubePodCrashLooping&namespace=payments&pod=api-7f9c&runbook=runbooks/kube-pod-crash-looping.runbook.md`;
    const alert = parseAlertQuery(rendered).alerts[0];
    assert.deepEqual(alert.labels, { alertname: 'KubePodCrashLooping', namespace: 'payments', pod: 'api-7f9c' });
    assert.equal(alert.runbookUrl, 'runbooks/kube-pod-crash-looping.runbook.md');
  });
});

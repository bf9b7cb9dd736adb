// A runbook's parameters filled from an alert's labels, in the documented order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paramsFromLabels } from '../../src/core/alerts/params';

const labels = { alertname: 'KubePodCrashLooping', namespace: 'payments', pod: 'api-7f9c', container: 'api', Cluster_Name: 'eu-1', app: 'checkout', severity: 'critical', empty: '' };

test('same name; - and _ alike with case ignored; <x>-name from x; the rest missing, in order', () => {
  const fill = paramsFromLabels(['namespace', 'cluster-name', 'pod-name', 'container_name', 'deployment', 'empty'], labels);
  assert.deepEqual(fill.filled, { namespace: 'payments', 'cluster-name': 'eu-1', 'pod-name': 'api-7f9c', container_name: 'api' });
  assert.deepEqual(fill.from, { namespace: 'namespace', 'cluster-name': 'Cluster_Name', 'pod-name': 'pod', container_name: 'container' });
  assert.deepEqual(fill.missing, ['deployment', 'empty'], 'an empty label is no label');
  assert.deepEqual(Object.keys(fill.filled), ['namespace', 'cluster-name', 'pod-name', 'container_name'], "the runbook's order");
});

test("the frontmatter's label: wins, then the team's mapping, then the name", () => {
  const specs = { service: { label: 'app' }, namespace: { label: 'missing-label' } };
  const settings = { labels: { service: ['namespace'], deployment: ['nope', 'app'], namespace: ['container'] } };
  const fill = paramsFromLabels(['service', 'deployment', 'namespace'], labels, { specs, settings });
  assert.deepEqual(fill.filled, { service: 'checkout', deployment: 'checkout', namespace: 'api' });
  assert.deepEqual(fill.from, { service: 'app', deployment: 'app', namespace: 'container' }, 'a label the alert lacks is passed over');
});

test('the alert name is a label like any other; nothing to fill is nothing missing', () => {
  assert.deepEqual(paramsFromLabels(['alertname'], labels).filled, { alertname: 'KubePodCrashLooping' });
  assert.deepEqual(paramsFromLabels([], labels), { filled: {}, from: {}, missing: [] });
});

// The VS Code layer's settings (src/vscode/config.ts) without VS Code: each default and minimum is
// the one package.json contributes, and a bad value falls back to the default with a message.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunbookConfig, SECTION, SETTINGS, type ConfigReader } from '../../src/vscode/config';

interface Contributed {
  default?: unknown;
  minimum?: number;
}

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const contributed: Record<string, Contributed> = pkg.contributes.configuration.properties;

/** A configuration holding `values` (keys relative to SECTION), as `getConfiguration(SECTION)` reads. */
function reader(values: Record<string, unknown>): ConfigReader {
  return { get: <T>(key: string) => values[key] as T | undefined } as ConfigReader;
}

describe('RunbookConfig against package.json', () => {
  test('every contributed setting is read by the config, and the config reads no other', () => {
    const inPackage = Object.keys(contributed).sort();
    const inCode = Object.keys(SETTINGS).map((key) => `${SECTION}.${key}`).sort();
    assert.deepEqual(inCode, inPackage);
  });

  for (const [key, setting] of Object.entries(SETTINGS)) {
    test(`${key}: same default and minimum as package.json`, () => {
      const declared = contributed[`${SECTION}.${key}`];
      assert.deepEqual(setting.default, declared.default, 'default');
      assert.equal('minimum' in setting ? setting.minimum : undefined, declared.minimum, 'minimum');
    });
  }
});

describe('RunbookConfig values', () => {
  test('unset settings read as the contributed defaults', () => {
    const config = new RunbookConfig(reader({}));
    assert.deepEqual(config.execution, { defaultTimeoutMs: 60_000, outputLimitBytes: 1_048_576, rowLimit: 200, runLogLimitBytes: 10 * 1024 * 1024 });
    assert.equal(config.notebookMaxBytes, 20 * 1024 * 1024);
    const incident = config.incident;
    assert.deepEqual([incident.actor, incident.folder, incident.problems], [undefined, 'incidents', []]);
    const health = config.health;
    assert.deepEqual([health.intervalMs, health.incidentIntervalMs, health.problems], [30_000, 10_000, []]);
    assert.ok(health.checks.length > 0, 'no checks configured: the guide’s defaults');
    assert.deepEqual(config.problems(), []);
  });

  test('set values are used, converted to the units the adapters want', () => {
    const config = new RunbookConfig(reader({ 'execution.defaultTimeoutSeconds': 5, 'execution.rowLimit': 3, 'notebook.maxFileSizeMB': 2, 'incident.actor': '  ana ', 'incident.folder': ' ops/incidents ' }));
    assert.equal(config.execution.defaultTimeoutMs, 5000);
    assert.equal(config.execution.rowLimit, 3);
    assert.equal(config.notebookMaxBytes, 2 * 1024 * 1024);
    assert.equal(config.incident.actor, 'ana');
    assert.equal(config.incident.folder, 'ops/incidents');
  });

  test('a value of the wrong kind or below the minimum falls back to the default and says so', () => {
    const config = new RunbookConfig(reader({ 'execution.rowLimit': 0, 'health.intervalSeconds': 'often', 'incident.folder': 7 }));
    assert.equal(config.execution.rowLimit, 200);
    assert.equal(config.health.intervalMs, 30_000);
    assert.equal(config.incident.folder, 'incidents');
    const problems = config.problems();
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /incidentRunbooks\.execution\.rowLimit should be a number of at least 1, not 0; using 200/);
    assert.match(problems.join('\n'), /incidentRunbooks\.health\.intervalSeconds should be a number of at least 5, not "often"; using 30/);
    assert.match(problems.join('\n'), /incidentRunbooks\.incident\.folder should be a string, not 7; using "incidents"/);
    assert.deepEqual(config.problems('execution').length, 1);
  });

  test('an empty folder or actor means the default', () => {
    const config = new RunbookConfig(reader({ 'incident.folder': '  ', 'incident.actor': '' }));
    assert.equal(config.incident.folder, 'incidents');
    assert.equal(config.incident.actor, undefined);
  });

  test('severity overrides and health checks are checked by the core, their problems named', () => {
    const config = new RunbookConfig(reader({ 'incident.severities': { P1: { responseTarget: { minutes: -1 } } }, 'health.checks': [{ name: 'x', kind: 'nope' }] }));
    assert.ok(config.incident.problems.length > 0);
    assert.match(config.incident.problems[0], /^Incident Runbooks: incidentRunbooks\.incident\.severities: /);
    assert.ok(config.health.problems.length > 0);
    assert.match(config.health.problems[0], /^Incident Runbooks settings: /);
  });
});

describe('RunbookConfig share settings', () => {
  test('unset: nothing is shared, the prefix is the core’s', () => {
    assert.deepEqual(new RunbookConfig(reader({})).share, { url: undefined, prefix: 'runbook', problems: [] });
  });

  test('a URL with a user and no password is used as written', () => {
    const share = new RunbookConfig(reader({ 'share.url': ' rediss://responder@redis.example:6380/2 ', 'share.prefix': ' team-a ' })).share;
    assert.deepEqual(share, { url: 'rediss://responder@redis.example:6380/2', prefix: 'team-a', problems: [] });
  });

  test('a password in the URL is refused, named nowhere, and the command to use is named', () => {
    const share = new RunbookConfig(reader({ 'share.url': 'redis://alice:hunter2-s3cret@redis.example:6379' })).share;
    assert.equal(share.url, undefined);
    assert.equal(share.problems.length, 1);
    assert.match(share.problems[0], /incidentRunbooks\.share\.url holds a password.*"Incident: Set Sharing Password"; nothing is shared\.$/);
    assert.ok(!share.problems[0].includes('hunter2'), share.problems[0]);
  });

  test('a URL that is not redis:// or a bad prefix is refused with the core’s reason, the URL masked', () => {
    const http = new RunbookConfig(reader({ 'share.url': 'http://bob:pw-9f8e7d@redis.example' })).share;
    assert.equal(http.url, undefined);
    assert.match(http.problems[0], /must start with redis:\/\/ or rediss:\/\//);
    assert.ok(!http.problems[0].includes('pw-9f8e7d'), http.problems[0]);
    const prefix = new RunbookConfig(reader({ 'share.url': 'redis://redis.example', 'share.prefix': 'a b' })).share;
    assert.equal(prefix.url, undefined);
    assert.match(prefix.problems[0], /the share prefix 'a b' may hold only/);
  });
});

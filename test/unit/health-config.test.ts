import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checksOrDefaults, parseHealthConfig, resolveConnection, resolveVariables } from '../../src/core/health';

describe('parseHealthConfig', () => {
  test('fills defaults and derives ids from names', () => {
    const { checks, problems } = parseHealthConfig([
      { name: 'API Health', kind: 'http', url: '$API_BASE_URL/health' },
      { name: 'DB', kind: 'postgres' },
      { name: 'Cache', kind: 'redis', connection: 'CACHE_URL', maxMemoryPct: 80 },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(checks.map((c) => c.id), ['api-health', 'db', 'cache']);
    assert.equal(checks[0].timeoutMs, 5000);
    assert.deepEqual(checks[0].kind === 'http' && [checks[0].expectStatus, checks[0].method, checks[0].conditions], [200, 'GET', []]);
    assert.equal(checks[1].kind === 'postgres' && checks[1].maxConnectionsPct, 80);
    assert.equal(checks[2].kind === 'redis' && checks[2].connection, 'CACHE_URL');
  });

  test('each problem names the check (position, name, kind) and the field; good checks still load', () => {
    const { checks, problems } = parseHealthConfig([
      { name: 'API', kind: 'http' },
      { name: 'API 2', kind: 'http', url: 'http://x', conditions: ['status = ok'] },
      { name: 'Typo', kind: 'htp', url: 'http://x' },
      { name: 'DB', kind: 'postgres', timeoutMs: 10 },
      { name: 'Port', kind: 'tcp', host: 'h', port: 99999 },
      { name: 'Extra', kind: 'redis', maxmemoryPct: 50 },
      'redis',
      { name: 'Fine', kind: 'tcp', host: '127.0.0.1', port: 5432 },
      { name: 'fine', kind: 'tcp', host: '127.0.0.1', port: 5433 },
    ]);
    assert.deepEqual(checks.map((c) => c.name), ['Fine']);
    assert.equal(problems[0], 'health check 1 "API" (http): url: Invalid input: expected string, received undefined');
    assert.match(problems[1], /^health check 2 "API 2" \(http\): conditions\.0: cannot read condition 'status = ok': expected <path> <operator> <value>/);
    assert.equal(problems[2], 'health check 3 "Typo" (htp): kind: must be one of http, postgres, redis, tcp, command (got "htp")');
    assert.equal(problems[3], 'health check 4 "DB" (postgres): timeoutMs: must be at least 50 (milliseconds)');
    assert.match(problems[4], /^health check 5 "Port" \(tcp\): port: /);
    assert.match(problems[5], /^health check 6 "Extra" \(redis\): \(check\): Unrecognized key: "maxmemoryPct"/);
    assert.match(problems[6], /^health check 7: expected an object such as/);
    assert.match(problems[7], /^health check 9 "fine" \(tcp\): id: 'fine' is used by another check/);
    assert.equal(problems.length, 8);
  });

  test('not a list: one clear problem, nothing lost', () => {
    assert.deepEqual(parseHealthConfig('checks'), { checks: [], problems: ['health checks: expected a list of checks, got the text "checks"'] });
    assert.deepEqual(parseHealthConfig({ checks: [{ name: 'A', kind: 'tcp', host: 'h', port: 1 }] }).checks.length, 1);
  });

  test('an empty list means the guide defaults; a list with only bad entries does not', () => {
    assert.equal(checksOrDefaults([]).checks.length, 6);
    assert.ok(checksOrDefaults(undefined).usingDefaults);
    const bad = checksOrDefaults([{ kind: 'nope' }]);
    assert.equal(bad.usingDefaults, false);
    assert.equal(bad.checks.length, 0);
    assert.equal(bad.problems.length, 1);
  });
});

describe('variables', () => {
  test('$VAR and ${VAR}; missing or empty ones are listed; no double slash', () => {
    assert.deepEqual(resolveVariables('${A}/x/$B', { A: 'http://h/', B: 'y' }), { value: 'http://h/x/y', missing: [] });
    assert.deepEqual(resolveVariables('$API_BASE_URL/health', { API_BASE_URL: '' }), { value: '/health', missing: ['API_BASE_URL'] });
    assert.deepEqual(resolveConnection('DATABASE_URL', { DATABASE_URL: 'postgres://x' }), { value: 'postgres://x', missing: [] });
    assert.deepEqual(resolveConnection('redis://$HOST:6379', {}).missing, ['HOST']);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Masker, StreamMasker, connectionPassword, MASK } from '../../src/core/secrets/mask';
import { BoundedText } from '../../src/core/exec/boundedText';
import { resolveVariables, referencedVariables, missingVariables } from '../../src/core/exec/variables';

test('masks secret values and any connection-string password', () => {
  const m = Masker.forVariables({ OPENAI_API_KEY: 'sk-abc123', DATABASE_URL: 'postgres://u:p%40ss@h/db', HARMLESS: 'visible' });
  assert.equal(m.mask('key sk-abc123!'), `key ${MASK}!`);
  assert.equal(m.mask('the url postgres://u:p%40ss@h/db'), `the url postgres://u:${MASK}@h/db`);
  assert.equal(m.mask('decoded p@ss'), `decoded ${MASK}`);
  assert.equal(m.mask('redis://:other-pass@cache:6379 visible'), `redis://:${MASK}@cache:6379 visible`);
  assert.equal(connectionPassword('postgres://a:b%2Fc@h'), 'b/c');
  assert.deepEqual(m.maskDeep({ rows: [['sk-abc123', 1]] }), { rows: [[MASK, 1]] });
});

test('a stream masker masks secrets cut across any chunk boundary', () => {
  const secret = 'S3CRET-value-42';
  const masker = new Masker([secret]);
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.array(fc.nat(60), { maxLength: 6 }), (a, b, cuts) => {
      const text = `${a}${secret}${b}\n${secret}`;
      const s = new StreamMasker(masker, 16);
      let out = '';
      let prev = 0;
      for (const c of [...cuts].sort((x, y) => x - y)) {
        out += s.push(text.slice(prev, Math.max(prev, c)));
        prev = Math.max(prev, c);
      }
      out += s.push(text.slice(prev)) + s.flush();
      return !out.includes(secret) && !out.includes('S3CRET-value');
    }),
  );
});

test('bounded text keeps head and tail and counts the rest', () => {
  const b = new BoundedText(100);
  for (let i = 0; i < 1000; i++) b.append(`line ${String(i).padStart(4, '0')}\n`);
  const s = b.toString();
  assert.ok(s.startsWith('line 0000\n'));
  assert.ok(s.endsWith('line 0999\n'));
  assert.match(s, /… 9\.7 KB \(9900 bytes\) left out …/);
  assert.equal(b.omittedBytes, 10 * 1000 - 100);
  const small = new BoundedText(100);
  small.append('short');
  assert.equal(small.toString(), 'short');
});

test('variables: frontmatter < .env < process < secrets', () => {
  const v = resolveVariables({ frontmatter: { A: 'fm', B: 'fm', C: 'fm', D: 'fm' }, dotenv: { B: 'env', C: 'env', D: 'env' }, process: { C: 'proc', D: 'proc', X: undefined }, secrets: { D: 'secret' } });
  assert.deepEqual(v.env, { A: 'fm', B: 'env', C: 'proc', D: 'secret' });
  assert.equal(v.sourceOf.D, 'secret');
  assert.deepEqual([...v.secretNames], ['D']);
});

test('names a cell needs', () => {
  assert.deepEqual(referencedVariables('shell', 'curl -H "Authorization: Bearer $ADMIN_TOKEN" ${BASE_URL}/x {{REGION}}').sort(), ['ADMIN_TOKEN', 'BASE_URL', 'REGION']);
  assert.deepEqual(referencedVariables('shell', "FOO=1; echo $FOO ${BAR:-x} $HOME; awk '{print $NF}'; for I in 1; do echo $I; done"), []);
  assert.deepEqual(referencedVariables('sql', 'SELECT 1', { db: 'REPORTING_URL' }), ['REPORTING_URL']);
  assert.deepEqual(referencedVariables('redis', 'PING'), ['REDIS_URL']);
  assert.deepEqual(missingVariables('http', 'GET {{BASE}}/x?k=$KEY', {}, { BASE: 'b' }), ['KEY']);
});

test('secret-looking names: real secrets yes, paths and session ids no', async () => {
  const { looksSecret } = await import('../../src/core/secrets/mask');
  for (const n of ['PGPASSWORD', 'DB_PASS', 'OPENAI_API_KEY', 'ADMIN_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'GITHUB_TOKEN', 'SENTRY_DSN', 'STRIPE_KEY']) assert.equal(looksSecret(n), true, n);
  for (const n of ['PWD', 'OLDPWD', 'XAUTHORITY', 'XDG_SESSION_ID', 'KEYBOARD_LAYOUT', 'PASSENGER_ROOT', 'API_BASE_URL', 'DATABASE_URL', 'SSH_AUTH_SOCK']) assert.equal(looksSecret(n), false, n);
});

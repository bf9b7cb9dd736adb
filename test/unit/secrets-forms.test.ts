// The plain forms a secret leaks in: connection strings (libpq keyword/value, JDBC), each line of a
// multi-line secret, JSON-, shell- and URL-escaped spellings, and all of these cut across chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Masker, StreamMasker, MASK, connectionPassword, connectionSecrets } from '../../src/core/secrets/mask';

const KEY = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACBmZXN0aXZhbC1rZXktZm9yLXRlc3RzLW9ubHktMDAwMQAAAJiWx2Rklsdk',
  '-----END OPENSSH PRIVATE KEY-----',
  '',
].join('\n');

/** Runs `text` through a stream masker cut at `cuts`, as an executor's chunks would arrive. */
function streamed(masker: Masker, text: string, cuts: number[], maxPending = 16): string {
  const s = new StreamMasker(masker, maxPending);
  let out = '';
  let prev = 0;
  for (const c of [...cuts].sort((x, y) => x - y)) {
    const to = Math.min(text.length, Math.max(prev, c));
    out += s.push(text.slice(prev, to));
    prev = to;
  }
  return out + s.push(text.slice(prev)) + s.flush();
}

test('libpq keyword/value: the password is masked in output, and learned from a variable', () => {
  const m = new Masker();
  assert.equal(m.mask('host=db port=5432 user=app password=s3cret dbname=x'), `host=db port=5432 user=app password=${MASK} dbname=x`);
  assert.equal(m.mask("host=db password='a b\\'c' dbname=x"), `host=db password='${MASK}' dbname=x`);
  assert.equal(m.mask('host=db password = spaced-pw dbname=x'), `host=db password = ${MASK} dbname=x`);
  assert.deepEqual(connectionSecrets("host=db password='a b\\'c' dbname=x"), ["a b'c"]);
  assert.equal(connectionPassword('host=db port=5432 user=app password=s3cret dbname=x'), 's3cret');
  // Learned: the password alone, printed elsewhere, is masked too.
  const learned = Masker.forVariables({ PGCONN: "host=db user=app password='hunter two' dbname=x", PLAIN: 'host=db dbname=x' });
  assert.equal(learned.mask('echo hunter two'), `echo ${MASK}`);
  assert.equal(learned.mask('host=db dbname=x'), 'host=db dbname=x');
});

test('JDBC and query parameters: password, pwd, secret, token', () => {
  const m = new Masker();
  assert.equal(m.mask('jdbc:postgresql://h/db?user=u&password=p%40ss&ssl=true'), `jdbc:postgresql://h/db?user=u&password=${MASK}&ssl=true`);
  assert.equal(m.mask('jdbc:sqlserver://h:1433;databaseName=x;user=sa;password=Pa55word;encrypt=true'), `jdbc:sqlserver://h:1433;databaseName=x;user=sa;password=${MASK};encrypt=true`);
  assert.equal(m.mask('Server=h;Uid=sa;PWD=Pa55;'), `Server=h;Uid=sa;PWD=${MASK};`);
  assert.equal(m.mask('GET /hook?secret=abcd1234&token=tok-99 HTTP/1.1'), `GET /hook?secret=${MASK}&token=${MASK} HTTP/1.1`);
  assert.equal(m.mask('mysql --password=hunter2 -h db'), `mysql --password=${MASK} -h db`);
  assert.equal(m.mask('jdbc:postgresql://u:pw-in-url@h/db'), `jdbc:postgresql://u:${MASK}@h/db`);
  // Not secrets: a working directory, a word that only ends in a keyword, a bare key.
  assert.equal(m.mask('PWD=/home/ops OLDPWD=/tmp'), 'PWD=/home/ops OLDPWD=/tmp');
  assert.equal(m.mask('show_password=true x.token=1 password=\n next'), 'show_password=true x.token=1 password=\n next');
  const learned = Masker.forVariables({ JDBC_URL: 'jdbc:postgresql://h/db?user=u&password=p%40ss-9' });
  assert.equal(learned.mask('decoded p@ss-9'), `decoded ${MASK}`);
});

test('a multi-line secret is masked whole and line by line; short lines are not masks', () => {
  const m = Masker.forVariables({ DEPLOY_PRIVATE_KEY: KEY });
  const lines = KEY.split('\n');
  assert.equal(m.mask(`key:\n${KEY}done`), `key:\n${MASK}done`);
  for (const line of lines.filter((l) => l.length >= 8)) assert.equal(m.mask(`> ${line} <`), `> ${MASK} <`, line);
  // Printed indented, one line per chunk.
  const printed = lines.map((l) => `    ${l}`).join('\n');
  assert.ok(!lines.slice(1, 3).some((l) => m.mask(printed).includes(l)));
  // An empty line or a short one in the secret does not mask every empty line or every `}`.
  const short = Masker.forVariables({ SERVICE_ACCOUNT_KEY: '{\n  "private_key_id": "0123456789abcdef"\n}\n' });
  assert.equal(short.mask('{\n}\n'), '{\n}\n');
  assert.equal(short.mask('"private_key_id": "0123456789abcdef"'), MASK);
});

test('JSON-escaped: quotes, backslashes, line breaks and control characters', () => {
  const secret = 'pa"ss\\wo\trd\u0001é/x';
  const m = new Masker([secret, KEY]);
  const json = JSON.stringify({ password: secret, key: KEY });
  assert.ok(!m.mask(json).includes(JSON.stringify(secret).slice(1, -1)));
  assert.equal(m.mask(json), JSON.stringify({ password: MASK, key: MASK }));
  // ASCII-only encoders (Python's json.dumps) and an escaped solidus.
  assert.equal(m.mask('"pa\\"ss\\\\wo\\trd\\u0001\\u00e9/x"'), `"${MASK}"`);
  assert.equal(m.mask('"pa\\"ss\\\\wo\\trd\\u0001é\\/x"'), `"${MASK}"`);
  // One line of the key, JSON-escaped inside a SQL json result row.
  assert.equal(m.mask(JSON.stringify({ line: KEY.split('\n')[1] })), JSON.stringify({ line: MASK }));
});

test('shell-escaped: single quotes closed and reopened, backslashes as printf %q writes them', () => {
  const secret = "it's a $ecret;`x`";
  const m = new Masker([secret]);
  assert.equal(m.mask(`+ curl -u 'admin:it'\\''s a $ecret;\`x\`'`), `+ curl -u 'admin:${MASK}'`);
  assert.equal(m.mask(`'it'"'"'s a $ecret;\`x\`'`), `'${MASK}'`);
  assert.equal(m.mask("it\\'s\\ a\\ \\$ecret\\;\\`x\\`"), MASK);
  assert.equal(m.mask('"it\'s a \\$ecret;\\`x\\`"'), `"${MASK}"`);
});

test('URL-escaped, as a path, a query or a form (space as +)', () => {
  const secret = 'p@ss word/&=';
  const m = new Masker([secret]);
  assert.equal(m.mask(`/x?pw=${encodeURIComponent(secret)}`), `/x?pw=${MASK}`);
  assert.equal(m.mask('form p%40ss+word%2F%26%3D end'), `form ${MASK} end`);
});

test('a stream masks every form and every line of a multi-line secret cut at any chunk edge', () => {
  const secret = `tok"en'\\x-${'z'.repeat(6)}`;
  const masker = new Masker([secret, KEY]);
  const forms = [secret, JSON.stringify(secret).slice(1, -1), secret.replace(/'/g, "'\\''"), encodeURIComponent(secret)];
  const leaks = [...forms, ...KEY.split('\n').filter((l) => l.length >= 8)];
  fc.assert(
    fc.property(fc.string({ maxLength: 30 }), fc.constantFrom(...forms), fc.array(fc.nat(400), { maxLength: 8 }), fc.integer({ min: 16, max: 200 }), (pad, form, cuts, maxPending) => {
      const text = `${pad}${form}${pad}\n${KEY.split('\n').map((l) => `${pad}${l}`).join('\n')}\n${form}`;
      const out = streamed(masker, text, cuts, maxPending);
      return leaks.every((l) => !out.includes(l));
    }),
  );
});

test('a stream masks a connection-string password cut at any chunk edge, on a line longer than it holds', () => {
  const masker = new Masker();
  fc.assert(
    fc.property(fc.array(fc.nat(700), { maxLength: 10 }), fc.constantFrom('password=s3cretvalue', "password='s3cret value'", 'postgres://app:s3cretvalue@db/x', '?token=s3cretvalue&'), (cuts, conn) => {
      const text = `${'x '.repeat(150)}host=db ${conn} dbname=x ${'y'.repeat(200)}\n`;
      const out = streamed(masker, text, cuts, 32);
      return !out.includes('s3cret') && out.includes('dbname=x');
    }),
  );
});

test('masking stays linear on a huge output', () => {
  const m = Masker.forVariables({ A_TOKEN: 'tok-1234567890', PGCONN: 'host=db password=hunter2', KEY: KEY });
  const time = (n: number) => {
    const text = 'x'.repeat(n) + ' password=y token=z postgres://u:p@h ' + 'x='.repeat(n / 2);
    const t = performance.now();
    m.mask(text);
    return performance.now() - t;
  };
  time(1e6);
  const small = time(4e6);
  const large = time(32e6);
  assert.ok(large < small * 8 * 3 + 50, `8× the text took ${(large / small).toFixed(1)}× the time`);
});

test('secrets without a long run of letters and digits are still looked for in every spelling', () => {
  const m = new Masker(['a-b-c"d', 'x1y2', 'p@ss word/&=']);
  assert.equal(m.mask('[a-b-c\\"d] [x1y2] [p%40ss%20word%2F%26%3D]'), `[${MASK}] [${MASK}] [${MASK}]`);
});

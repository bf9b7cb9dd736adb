// Input the reader cannot make sense of opens with the problem visible and saves back unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readRunbook, writeRunbook } from '../../src/core/runbook/bytes';
import { parseRunbook } from '../../src/core/runbook/parse';
import { parseInfo } from '../../src/core/runbook/attributes';

const enc = (s: string) => new TextEncoder().encode(s);
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

test('an unterminated fence is a cell with a visible problem, saved unchanged', () => {
  const bytes = enc('# Fix\n\n```bash\npm2 restart api\n');
  const doc = readRunbook(bytes);
  const cell = doc.cells.find((c) => c.kind === 'code')!;
  assert.equal(cell.value, 'pm2 restart api');
  assert.match(cell.problems[0].message, /never closed/);
  assert.equal(doc.problems[0].line, 3);
  assert.ok(same(writeRunbook(doc), bytes));
});

test('a 50 MB file opens as a notice and saves back unchanged', () => {
  const bytes = Buffer.alloc(50 * 1024 * 1024, 'x\n');
  const doc = readRunbook(bytes);
  assert.equal(doc.cells.length, 1);
  assert.equal(doc.cells[0].role, 'notice');
  assert.match(doc.cells[0].value, /50\.0 MB/);
  assert.ok(writeRunbook(doc) === bytes || same(writeRunbook(doc), bytes));
  // A cell added in the editor is appended, the original bytes kept.
  const out = writeRunbook({ ...doc, cells: [...doc.cells, { kind: 'code', value: 'ls', language: 'shellscript' }] });
  assert.ok(same(out.subarray(0, bytes.length), bytes));
  assert.equal(Buffer.from(out.subarray(bytes.length)).toString(), '\n```sh\nls\n```\n');
});

test('a file that is not UTF-8 says so and is saved unchanged unless edited', () => {
  const bytes = new Uint8Array([0x23, 0x20, 0xff, 0xfe, 0x0a, 0x60, 0x60, 0x60, 0x73, 0x68, 0x0a, 0x6c, 0x73, 0x0a, 0x60, 0x60, 0x60, 0x0a]);
  const doc = readRunbook(bytes);
  assert.equal(doc.cells[0].role, 'notice');
  assert.match(doc.problems[0].message, /not valid UTF-8/);
  assert.ok(same(writeRunbook(doc), bytes));
  const edited = writeRunbook({ ...doc, cells: doc.cells.map((c) => (c.kind === 'code' ? { ...c, value: 'ls -la' } : c)) });
  assert.equal(Buffer.from(edited).toString(), '# \uFFFD\uFFFD\n```sh\nls -la\n```\n');
});

test('binary input with NUL bytes is reported and round-trips', () => {
  const bytes = new Uint8Array([0, 1, 2, 10, 0x60, 0x60, 0x60, 10, 0, 10]);
  const doc = readRunbook(bytes);
  assert.ok(doc.problems.some((p) => /NUL/.test(p.message)));
  assert.ok(same(writeRunbook(doc), bytes));
});

test('BOM, CR-only line endings, no final newline and trailing blank lines are kept', () => {
  for (const s of ['\uFEFF# T\n\n```sh\nls\n```\n', '# T\r\r```sh\rls\r```', '# T\n```sh\nls\n```\n\n\n\n', '\n\n\n', '', '```', '---\n']) {
    const bytes = enc(s);
    assert.ok(same(writeRunbook(readRunbook(bytes)), bytes), JSON.stringify(s));
  }
  assert.equal(readRunbook(enc('\uFEFF# T\n')).bom, true);
});

test('broken frontmatter is reported with its line and kept', () => {
  const text = '---\ntitle: ok\nservices: [redis\nsymptoms: x\n---\n\n# Body\n';
  const doc = parseRunbook(text);
  assert.equal(doc.cells[0].role, 'frontmatter');
  assert.ok(doc.problems.length > 0);
  assert.ok(doc.problems[0].line >= 2 && doc.problems[0].line <= 5, `line ${doc.problems[0].line}`);
  assert.match(doc.problems[0].message, /^frontmatter/);
  assert.ok(same(writeRunbook(readRunbook(enc(text))), enc(text)));
});

test('frontmatter fields are validated one by one', () => {
  const doc = parseRunbook('---\ntitle: Redis\nseverity: P9\nsymptoms: Cache misses\nenv:\n  PORT: 6379\nowner: sre\n---\n');
  assert.equal(doc.frontmatter?.title, 'Redis');
  assert.deepEqual(doc.frontmatter?.symptoms, ['Cache misses']);
  assert.deepEqual(doc.frontmatter?.env, { PORT: '6379' });
  assert.equal(doc.frontmatter?.severity, undefined);
  assert.deepEqual(doc.frontmatter?.extra, { owner: 'sre' });
  assert.equal(doc.problems.length, 1);
  assert.match(doc.problems[0].message, /severity: must be one of P0, P1, P2, P3/);
  assert.equal(doc.problems[0].line, 3);
});

test('cell attributes: both Runme syntaxes, ours, unknown keys kept, bad ones reported', () => {
  assert.deepEqual(parseInfo('sh {"name":"x","interactive":"false"}'), { word: 'sh', attributes: { name: 'x', interactive: 'false' }, problems: [] });
  assert.deepEqual(parseInfo('sh { name=x background=true }').attributes, { name: 'x', background: 'true' });
  assert.deepEqual(parseInfo('sql {name=kill mutates=true timeout=5m confirm=false db=REPLICA_URL cwd=/tmp}').attributes, {
    name: 'kill', mutates: true, timeout: 300_000, confirm: false, db: 'REPLICA_URL', cwd: '/tmp',
  });
  assert.equal(parseInfo('sh {timeout=30}').attributes.timeout, 30_000);
  const bad = parseInfo('sh {timeout=soon mutates=maybe name=ok}');
  assert.deepEqual(bad.attributes, { name: 'ok' });
  assert.equal(bad.problems.length, 2);
  assert.match(bad.problems[0], /timeout.*not a duration/);
  assert.match(bad.problems[1], /mutates.*true or false/);
  assert.match(parseInfo('sh {"name": }').problems[0], /not valid JSON/);
  // A bad attribute is reported on the cell, never fatal.
  const doc = parseRunbook('```sh {timeout=soon}\nls\n```\n');
  assert.equal(doc.cells[0].executor, 'shell');
  assert.match(doc.cells[0].problems[0].message, /timeout/);
});

test('fence languages pick the executor', () => {
  const doc = parseRunbook(['bash', 'zsh', 'console', 'psql', 'postgresql', 'redis', 'rest', 'yaml', 'promql', ''].map((w) => '```' + w + '\nx\n```\n').join('\n'));
  assert.deepEqual(doc.cells.map((c) => c.executor), ['shell', 'shell', 'shell', 'sql', 'sql', 'redis', 'http', null, 'promql', null]);
  assert.deepEqual(doc.cells.map((c) => c.language), ['shellscript', 'shellscript', 'shellscript', 'sql', 'sql', 'redis', 'http', 'yaml', 'promql', 'plaintext']);
});

test('prose is split at headings, fences in lists and quotes are cells', () => {
  const doc = parseRunbook('# A\ntext\n## B\nmore\n\n- step\n  ```sh\n  ls\n  ```\n> ~~~redis\n> PING\n> ~~~\n');
  assert.deepEqual(doc.cells.map((c) => [c.kind, c.line]), [['markup', 1], ['markup', 3], ['code', 7], ['code', 10]]);
});

test('a rule, some prose and another rule at the top are not frontmatter', () => {
  const doc = parseRunbook('---\n\nSome text\n\n---\n\n```sh\nls\n```\n');
  assert.equal(doc.frontmatter, null);
  assert.deepEqual(doc.cells.map((c) => [c.kind, c.role ?? null]), [['markup', null], ['code', null]]);
  assert.equal(parseRunbook('---\ntitle: x\n---\n').frontmatter?.title, 'x');
  assert.equal(parseRunbook('---\n---\n# Empty frontmatter\n').cells[0].role, 'frontmatter');
  assert.equal(parseRunbook('---\ntitle: [broken\n---\n').cells[0].role, 'frontmatter');
});

test('frontmatterOf reads the same frontmatter as the notebook, without the rest', async () => {
  const { frontmatterOf } = await import('../../src/core/runbook/frontmatter');
  for (const text of ['\uFEFF---\r\ntitle: x\r\nservices: [a]\r\n---\r\n# H\r\n', '---\n\ntext\n\n---\n', '# none\n', '---\ntitle: [broken\n---\n']) {
    assert.deepEqual(frontmatterOf(text), parseRunbook(text.replace(/^\uFEFF/, '')).frontmatter, JSON.stringify(text));
  }
});

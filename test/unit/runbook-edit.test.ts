// Editing one code cell changes only that cell's lines: nothing reflowed, no attributes added,
// no list renumbered. Checked on every cell of the Markdown fixtures and on the containers that
// matter (the corpus tier repeats the first check over a sample of real runbooks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunbook } from '../../src/core/runbook/parse';
import { serializeRunbook } from '../../src/core/runbook/serialize';
import { editEachCodeCell, markdownFixtures, withCell } from '../support/runbookChecks';

test('editing one line of a code cell changes exactly that line (Markdown fixtures)', () => {
  const edits = editEachCodeCell(markdownFixtures());
  assert.ok(edits >= 15, `expected an edit in most fixture cells, made ${edits}`);
});

test('a line added in a blockquote or list gets the container prefix back', () => {
  const text = '> Run:\n>\n> ```redis\n> PING\n>\n> INFO\n> ```\n\n1. Check\n   ```bash {name=x}\n   df -h\n   ```\n2. Then\n';
  const doc = parseRunbook(text);
  const quote = doc.cells.findIndex((c) => c.language === 'redis');
  const list = doc.cells.findIndex((c) => c.language === 'shellscript');
  assert.equal(doc.cells[quote].value, 'PING\n\nINFO');
  assert.equal(doc.cells[list].value, 'df -h');
  let out = serializeRunbook(withCell(doc, quote, 'PING\n\nINFO memory\n\nDBSIZE'));
  out = serializeRunbook(withCell(parseRunbook(out), list, 'df -h\nfree -m'));
  assert.equal(out, '> Run:\n>\n> ```redis\n> PING\n>\n> INFO memory\n>\n> DBSIZE\n> ```\n\n1. Check\n   ```bash {name=x}\n   df -h\n   free -m\n   ```\n2. Then\n');
});

test('CRLF files stay CRLF when a cell changes, and the info string is kept', () => {
  const text = '# T\r\n\r\n```sh {name=a mutates=true}\r\npm2 restart api\r\n```\r\n';
  const doc = parseRunbook(text);
  const out = serializeRunbook(withCell(doc, 1, 'pm2 restart api\npm2 status'));
  assert.equal(out, '# T\r\n\r\n```sh {name=a mutates=true}\r\npm2 restart api\r\npm2 status\r\n```\r\n');
});

test('changing a cell language rewrites only the info word', () => {
  const doc = parseRunbook('```bash {name=q}\nSELECT 1;\n```\n');
  const out = serializeRunbook({ ...doc, cells: [{ ...doc.cells[0], language: 'sql' }] });
  assert.equal(out, '```sql {name=q}\nSELECT 1;\n```\n');
});

test('a typed fence inside a cell lengthens the fence instead of breaking the file', () => {
  const doc = parseRunbook('```markdown\nhello\n```\n\nafter\n');
  const out = serializeRunbook(withCell(doc, 0, 'hello\n```\nnested\n```'));
  assert.equal(out, '````markdown\nhello\n```\nnested\n```\n````\n\nafter\n');
  const again = parseRunbook(out);
  assert.equal(again.cells.length, 2);
  assert.equal(again.cells[0].value, 'hello\n```\nnested\n```');
});

test('new, deleted and moved cells keep the document well-formed', () => {
  const text = '# A\n\n```sh\necho a\n```\n\n# B\n\n```sh\necho b\n```';
  const doc = parseRunbook(text);
  assert.equal(doc.cells.length, 4);
  // Append a new code cell after the last one, which has no final newline.
  const added = serializeRunbook({ ...doc, cells: [...doc.cells, { kind: 'code', value: 'SELECT 1;', language: 'sql' }] });
  assert.equal(added, text + '\n\n```sql\nSELECT 1;\n```\n');
  // Move the last cell to the front.
  const moved = serializeRunbook({ ...doc, cells: [doc.cells[3], ...doc.cells.slice(0, 3)] });
  assert.equal(moved, '```sh\necho b\n```\n# A\n\n```sh\necho a\n```\n\n# B\n\n');
  // Delete a cell.
  assert.equal(serializeRunbook({ ...doc, cells: [doc.cells[0], doc.cells[2], doc.cells[3]] }), '# A\n\n# B\n\n```sh\necho b\n```');
  // Insert a Markdown cell between prose and a fence that had no blank line between them.
  const tight = parseRunbook('Run this:\n```sh\nls\n```\n');
  const inserted = serializeRunbook({ ...tight, cells: [tight.cells[0], { kind: 'markup', value: 'Note', language: 'markdown' }, tight.cells[1]] });
  assert.equal(inserted, 'Run this:\n\nNote\n\n```sh\nls\n```\n');
});

test('the frontmatter is a YAML cell; editing it keeps its fences', () => {
  const text = '---\n# owners\ntitle: Redis down\nservices: [redis]\n---\n\n# Redis\n';
  const doc = parseRunbook(text);
  assert.equal(doc.cells[0].role, 'frontmatter');
  assert.equal(doc.frontmatter?.title, 'Redis down');
  const out = serializeRunbook(withCell(doc, 0, '# owners\ntitle: Redis is down\nservices: [redis]'));
  assert.equal(out, '---\n# owners\ntitle: Redis is down\nservices: [redis]\n---\n\n# Redis\n');
});

test('a Markdown cell turned into a code cell is written as a fence', () => {
  const doc = parseRunbook('# Intro\n# Check\nredis-cli ping\n');
  const out = serializeRunbook({ ...doc, cells: [doc.cells[0], { ...doc.cells[1], kind: 'code', language: 'shellscript' }] });
  assert.equal(out, '# Intro\n\n```sh\n# Check\nredis-cli ping\n```\n');
  assert.equal(parseRunbook(out).cells[1].executor, 'shell');
});

test('a cell added between two cells of one list item stays in that list item', () => {
  const text = '1. Step\n\n    ```sh\n    echo a\n    ```\n\n    ```sh\n    echo b\n    ```\n';
  const doc = parseRunbook(text);
  const [step, a, b] = doc.cells;
  const out = serializeRunbook({ ...doc, cells: [step, a, { kind: 'code', value: 'INFO', language: 'redis' }, b] });
  assert.equal(out, '1. Step\n\n    ```sh\n    echo a\n    ```\n\n    ```redis\n    INFO\n    ```\n\n    ```sh\n    echo b\n    ```\n');
  assert.deepEqual(parseRunbook(out).cells.map((c) => c.value), ['1. Step', 'echo a', 'INFO', 'echo b']);
  // After the list, a new cell starts at the margin.
  const tail = serializeRunbook({ ...doc, cells: [...doc.cells, { kind: 'markup', value: 'Done.', language: 'markdown' }] });
  assert.ok(tail.endsWith('    ```\n\nDone.\n'), JSON.stringify(tail));
});

test('the frontmatter stays on top when a cell is inserted above it', () => {
  const doc = parseRunbook('---\ntitle: x\n---\n# H\n');
  const out = serializeRunbook({ ...doc, cells: [{ kind: 'code', value: 'ls', language: 'shellscript' }, ...doc.cells] });
  assert.ok(out.startsWith('---\ntitle: x\n---\n'), out);
  assert.equal(parseRunbook(out).frontmatter?.title, 'x');
});

test('a cell added after a fence the file left open is not swallowed by it', () => {
  const doc = parseRunbook('```sh\necho a\n');
  const out = serializeRunbook({ ...doc, cells: [...doc.cells, { kind: 'code', value: 'echo new', language: 'shellscript' }] });
  assert.deepEqual(parseRunbook(out).cells.map((c) => c.value), ['echo a', 'echo new']);
  // Unchanged, it is still written back as it was, open.
  assert.equal(serializeRunbook(doc), '```sh\necho a\n');
});

test('a line with an info string inside a fence does not lengthen the fence', () => {
  const doc = parseRunbook('````markdown\n```sql\nSELECT 1;\n```\n````\n');
  const out = serializeRunbook(withCell(doc, 0, '```sql\nSELECT 1;\n```\nmore'));
  assert.equal(out, '````markdown\n```sql\nSELECT 1;\n```\nmore\n````\n');
  const plain = parseRunbook('```shell\necho\n```\n');
  assert.equal(serializeRunbook(withCell(plain, 0, 'echo\n```sql')), '```shell\necho\n```sql\n```\n');
});

test('a language VS Code does not know (handed back as plaintext) keeps its info word', () => {
  const doc = parseRunbook('```mermaid {name=q}\nrate(x[5m])\n```\n');
  const back = { ...doc, cells: [{ ...doc.cells[0], language: 'plaintext' }] };
  assert.equal(serializeRunbook(back), '```mermaid {name=q}\nrate(x[5m])\n```\n');
  assert.equal(serializeRunbook(withCell(back, 0, 'rate(y[5m])')), '```mermaid {name=q}\nrate(y[5m])\n```\n');
});

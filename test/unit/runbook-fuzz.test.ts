// Property tests: thousands of generated and mutated Markdown inputs never make the reader
// throw, always round-trip byte for byte, and an edited cell reads back as edited. (The corpus
// tier mutates real runbooks the same way.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseRunbook } from '../../src/core/runbook/parse';
import { serializeRunbook } from '../../src/core/runbook/serialize';
import { markdownFixtures, mutatedFilesRoundTrip, roundTrips } from '../support/runbookChecks';

const eol = fc.constantFrom('\n', '\r\n', '\r');
const fenceRun = fc.tuple(fc.constantFrom('`', '~'), fc.integer({ min: 3, max: 6 })).map(([c, n]) => c.repeat(n));
const info = fc.constantFrom(
  '', 'bash', 'sh {name=x}', 'sql {"name":"q","mutates":"true"}', 'redis { name=r timeout=5s }', 'http', 'yaml', 'console',
  'sh {name=', 'sh {timeout=soon}', 'json {"a":', 'mermaid', '{name=bare}', 'psql {db=OTHER_URL cwd=/tmp}',
);
const text = fc.constantFrom(
  'echo hello', 'SELECT count(*) FROM pg_stat_activity;', 'PING', 'GET {{API_BASE_URL}}/health', '', '  indented', '\tTabbed',
  '# heading', '## Sub', '- item', '1. one', '> quote', '***', '---', '<details>', '</details>', '| a | b |', '|---|---|',
  '```', '~~~', '````', '    code block', 'text with `code` and *em*', '\u0000', '\uFEFF', 'ünïcödé ✓', '[link]: http://x',
);
const container = fc.constantFrom('', '> ', '- ', '  ', '1. ', '   ', '>> ', '* > ', '\t');
const block = fc.oneof(
  fc.tuple(container, fenceRun, info, fc.array(text, { maxLength: 5 }), fc.boolean()).map(([p, f, i, body, closed]) =>
    [p + f + i, ...body.map((l) => (p.trim() === '' ? p.replace(/[^\s]/g, ' ') : p) + l), ...(closed ? [p.replace(/[-*\d.]/g, ' ') + f] : [])],
  ),
  fc.array(text, { minLength: 1, maxLength: 4 }),
  fc.constant(['---', 'title: x', 'services: [a, b]', '---']),
  fc.constant(['---', 'title: [unclosed', 'env: 3', '---']),
  fc.constant(['']),
);
const markdown = fc
  .tuple(fc.boolean(), fc.array(block, { maxLength: 8 }), fc.array(eol, { minLength: 1, maxLength: 3 }), fc.boolean())
  .map(([bom, blocks, eols, finalEol]) => {
    const all = blocks.flat();
    const joined = all.map((l, i) => l + eols[i % eols.length]).join('');
    return (bom ? '\uFEFF' : '') + (finalEol ? joined : joined.replace(/(\r\n|\r|\n)$/, ''));
  });

test('generated Markdown never throws and round-trips', () => {
  fc.assert(fc.property(markdown, (md) => roundTrips(new TextEncoder().encode(md))), { numRuns: 3000, seed: 42 });
});

test('random bytes never throw and round-trip', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => roundTrips(bytes)), { numRuns: 1500, seed: 7 });
});

test('mutated Markdown fixtures round-trip', () => {
  mutatedFilesRoundTrip(markdownFixtures().map((f) => f.bytes), 1500, 3);
});

test('an edited code cell reads back with the new value and every other cell unchanged', () => {
  const newValue = fc.array(fc.constantFrom('echo one', 'SELECT 2;', '', '  nested', 'INFO memory', '```', '~~~~'), { minLength: 1, maxLength: 4 }).map((l) => l.join('\n'));
  fc.assert(
    fc.property(markdown, newValue, (md, value) => {
      const doc = parseRunbook(md.replace(/^\uFEFF/, ''));
      const index = doc.cells.findIndex((c) => c.kind === 'code' && !c.role && c.problems.length === 0 && c.source?.raw.startsWith(c.source.marker ?? '-') && !c.value.includes('\r'));
      if (index < 0) return;
      const out = serializeRunbook({ ...doc, cells: doc.cells.map((c, i) => (i === index ? { ...c, value } : c)) });
      const again = parseRunbook(out);
      assert.equal(again.cells.length, doc.cells.length, 'cell count');
      assert.equal(again.cells[index].value, value);
      again.cells.forEach((c, i) => i !== index && assert.equal(c.value, doc.cells[i].value));
    }),
    { numRuns: 1500, seed: 11 },
  );
});

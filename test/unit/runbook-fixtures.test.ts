// What the corpus tier checks on real runbooks, checked here on small files of our own, so the
// tier without the corpus covers the shapes that matter: nested fences, Runme attributes in both
// syntaxes, CRLF, a byte-order mark, console prompts and placeholders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scriptToRun } from '../../src/core/exec/shell/script';
import { readRunbook, writeRunbook } from '../../src/core/runbook/bytes';
import type { RunbookDocument } from '../../src/core/runbook/types';
import { locateCorpus } from '../support/corpus';
import { markdownFixtures } from '../support/runbookChecks';

const fixture = (name: string) => {
  const f = markdownFixtures().find((x) => x.path.endsWith(`/${name}`));
  assert.ok(f, `fixture ${name}`);
  return { ...f, doc: readRunbook(f.bytes) };
};
const code = (doc: RunbookDocument) => doc.cells.filter((c) => c.kind === 'code' && !c.role);

/** What survives VS Code's trip: cell metadata is plain JSON. */
function throughEditor(doc: RunbookDocument): RunbookDocument {
  const { verbatim, ...rest } = doc;
  return { ...(JSON.parse(JSON.stringify(rest)) as RunbookDocument), verbatim };
}

test('every Markdown fixture round-trips byte for byte through the editor', () => {
  const files = markdownFixtures();
  assert.ok(files.length >= 6);
  for (const { path, bytes } of files) {
    assert.ok(Buffer.from(writeRunbook(throughEditor(readRunbook(bytes)))).equals(bytes), path);
  }
});

test('nested fences: a four-backtick fence holds a fence; quoted and listed fences are cells', () => {
  const cells = code(fixture('nested-fences.md').doc);
  assert.deepEqual(cells.map((c) => [c.line, c.source?.infoWord]), [[5, 'markdown'], [15, 'sh'], [22, 'bash'], [27, 'console'], [32, '']]);
  assert.match(cells[0].value, /^```bash\nsystemctl restart worker\n```$/m);
  assert.equal(cells[1].value, "echo '```'\nkubectl get pods");
  assert.equal(cells[2].value, 'df -h');
  assert.equal(cells[3].value, '$ oc get nodes');
  assert.equal(cells[4].executor, null, 'an unlabelled fence runs nothing');
});

test('Runme attributes are read in both syntaxes; an unclosed block is a problem, not a crash', () => {
  const { doc } = fixture('runme-attributes.md');
  const cells = code(doc);
  assert.equal(doc.frontmatter?.title, 'Runme attributes');
  assert.equal(cells[0].attributes.name, 'check-disk');
  assert.equal(cells[1].attributes.name, 'restart-api');
  assert.equal(cells[1].attributes.mutates, true);
  assert.equal(cells[2].attributes.name, 'list-pods');
  assert.equal(cells[3].attributes.name, 'quoted name');
  assert.ok(cells[4].problems.length > 0, 'the unclosed attribute block is reported');
});

test('CRLF and a byte-order mark are kept, and cell lines count from the top of the file', () => {
  const crlf = fixture('crlf.md');
  assert.equal(crlf.doc.eol, '\r\n');
  assert.deepEqual(code(crlf.doc).map((c) => [c.line, c.value]), [[3, 'uptime\nfree -m'], [10, '$ systemctl stop nginx']]);
  const bom = fixture('bom.md');
  assert.equal(bom.doc.bom, true);
  assert.deepEqual(code(bom.doc).map((c) => [c.line, c.value]), [[3, 'uname -a'], [7, 'rm -rf /tmp/cache']]);
});

test('console prompts: only the prompted lines and their continuations run', () => {
  const cells = code(fixture('prompts.md').doc);
  const ran = cells.map((c) => scriptToRun(c.value));
  assert.equal(ran[0], 'kubectl get pods -n api\nkubectl logs api-7d9f \\\n    --tail=20');
  assert.equal(ran[1], 'rm /tmp/stale.lock\nls /tmp');
  assert.equal(ran[2], 'indented-prompt --flag');
  assert.equal(ran[3], 'kubectl get nodes', 'a console fence without prompts runs as written');
});

test('placeholders are kept as written in the cell', () => {
  const cells = code(fixture('placeholders.md').doc);
  assert.ok(cells[0].value.includes('<namespace from the alert>'));
  assert.ok(cells[1].value.includes('{{API_BASE_URL}}'));
  assert.ok(cells[2].value.includes('${NAMESPACE}') && cells[2].value.includes('<pod-name>'));
});

test('the corpus is found through RUNBOOK_CORPUS, else ../shared/corpus beside the repository', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'runbook-corpus-'));
  try {
    const repo = join(scratch, 'repo');
    const shared = join(scratch, 'shared', 'corpus');
    mkdirSync(repo);
    assert.equal(locateCorpus({}, repo).dir, null, 'nothing beside the repository');
    assert.match(locateCorpus({}, repo).reason, /does not exist/);
    mkdirSync(join(shared, 'set', 'alerts'), { recursive: true });
    assert.match(locateCorpus({}, repo).reason, /no Markdown/, 'an empty corpus does not count');
    writeFileSync(join(shared, 'set', 'alerts', 'a.md'), '# a\n');
    assert.equal(locateCorpus({}, repo).dir, shared, 'the default beside the repository');
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    assert.equal(locateCorpus({ RUNBOOK_CORPUS: empty }, repo).dir, null, 'RUNBOOK_CORPUS wins, even over a default that exists');
    assert.match(locateCorpus({ RUNBOOK_CORPUS: empty }, repo).reason, /^RUNBOOK_CORPUS .* holds no Markdown files$/);
    assert.equal(locateCorpus({ RUNBOOK_CORPUS: join(shared, 'set') }, repo).dir, join(shared, 'set'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

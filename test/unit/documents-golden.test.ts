// Golden tests: every built-in template for fixed incidents (fixed events, fixed `now`). The files
// under test/fixtures/templates/ were written once from the output and read by a person; rewrite
// them with UPDATE_GOLDEN=1 only after reading the diff.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { alertIncident, midnightIncident, noFindingsIncident, openIncident, SENTINEL } from '../fixtures/templates/incidents';
import { MESSAGE_KINDS } from '../../src/core/documents/builtin';
import { renderMessage, renderNewRunbook, renderPostmortem } from '../../src/core/documents/documents';
import { Masker } from '../../src/core/secrets/mask';
import { parseRunbook } from '../../src/core/runbook/parse';

const FIXTURES = resolve(__dirname, '../fixtures/templates');
const WORKSPACE = join(FIXTURES, 'workspace');
const masker = new Masker([SENTINEL]);

function golden(name: string, text: string, warnings: string[]): void {
  const file = join(FIXTURES, `${name}.md`);
  const warningsFile = join(FIXTURES, `${name}.warnings.txt`);
  const warningText = warnings.map((w) => w + '\n').join('');
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(file, text);
    writeFileSync(warningsFile, warningText);
  }
  assert.ok(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 once, then read it`);
  assert.equal(text, readFileSync(file, 'utf8'), `${name} differs from ${file}`);
  assert.equal(warningText, readFileSync(warningsFile, 'utf8'), `${name}'s warnings differ from ${warningsFile}`);
}

const incidents = { midnight: midnightIncident, open: openIncident, 'no-findings': noFindingsIncident, alert: alertIncident };

for (const [label, make] of Object.entries(incidents)) {
  describe(`built-in templates, ${label} incident`, () => {
    const { state, now } = make();
    for (const kind of MESSAGE_KINDS) {
      test(kind, () => {
        const r = renderMessage(kind, state, { now, workspace: WORKSPACE, masker });
        assert.equal(r.template, 'built-in');
        golden(`${label}.${kind}`, r.text, r.warnings);
      });
    }
    test('postmortem', () => {
      // Written to postmortems/ beside the incidents/ folder, as `generatePostmortem` does.
      const r = renderPostmortem(state, { now, workspace: WORKSPACE, masker, links: { incidentsDir: join(WORKSPACE, 'incidents'), documentDir: join(WORKSPACE, 'postmortems') } });
      golden(`${label}.postmortem`, r.text, r.warnings);
    });
  });
}

describe('what the golden incidents must show', () => {
  test('a timeline across midnight carries dates; a same-day one does not', () => {
    const m = midnightIncident();
    const pm = renderPostmortem(m.state, { now: m.now, workspace: WORKSPACE, masker }).text;
    assert.match(pm, /^- 2026-11-26 23:40 - Incident declared as P1/m);
    assert.match(pm, /^- 2026-11-27 01:45 - Incident resolved/m);
    assert.match(pm, /Ran 4 diagnostic cells in redis-cache-failure\.runbook\.md/);
    assert.match(pm, /\*\*Duration\*\*: 2 hours 5 minutes/);
    const n = noFindingsIncident();
    assert.match(renderPostmortem(n.state, { now: n.now, masker }).text, /^- 09:00 - Incident declared as P2$/m);
  });

  test('no findings: the root cause is placeholder text in the post-mortem and a marker in the resolution', () => {
    const { state, now } = noFindingsIncident();
    const pm = renderPostmortem(state, { now, masker });
    assert.match(pm.text, /## Root Cause\n\n_No finding was recorded/);
    const res = renderMessage('resolution', state, { now, masker });
    assert.match(res.text, /\*\*Root cause:\*\* ⟨missing: rootCause⟩/);
    assert.ok(res.warnings.some((w) => w.includes("'rootCause' has no value")));
    assert.ok(res.warnings.some((w) => w.includes('not resolved yet')));
  });

  test('the secret sentinel never appears in any output or warning', () => {
    for (const make of Object.values(incidents)) {
      const { state, now } = make();
      const outputs = [...MESSAGE_KINDS.map((k) => renderMessage(k, state, { now, workspace: WORKSPACE, masker })), renderPostmortem(state, { now, workspace: WORKSPACE, masker })];
      for (const o of outputs) {
        assert.ok(!o.text.includes(SENTINEL), 'sentinel in output');
        assert.ok(!o.warnings.join('\n').includes(SENTINEL), 'sentinel in warnings');
      }
    }
    // And it was really there to be masked: the note and the mitigation's command reach the post-mortem.
    const { state, now } = midnightIncident();
    const pm = renderPostmortem(state, { now, masker }).text;
    assert.match(pm, /Used the ops password •••• from the vault/);
    assert.match(pm, /`redis-cli -a •••• CONFIG SET maxmemory-policy allkeys-lru`/);
  });

  test('the new-runbook template', () => {
    const r = renderNewRunbook({ title: 'Payments: 502s on /checkout', services: ['payments', 'api', ' '], symptoms: ['502 errors on checkout', 'slow, then fails'] });
    golden('new-runbook', r.text, r.warnings);
    const doc = parseRunbook(r.text);
    assert.deepEqual(doc.problems, []);
    assert.equal(doc.frontmatter?.title, 'Payments: 502s on /checkout');
    assert.deepEqual(doc.frontmatter?.services, ['payments', 'api']);
    assert.deepEqual(doc.frontmatter?.symptoms, ['502 errors on checkout', 'slow, then fails']);
    assert.ok(doc.cells.some((c) => c.kind === 'code' && c.attributes.mutates === true));
  });
});

// A rendered document is bounded in size and render time: an override template nesting
// `{{#timeline}}` in itself fails fast, with a message naming it, and memory stays about the cap.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { midnightIncident } from '../fixtures/templates/incidents';
import { INCIDENT_SHAPE } from '../../src/core/documents/shape';
import { renderPostmortem } from '../../src/core/documents/documents';
import { renderTemplate } from '../../src/core/documents/render';
import { incidentVariables } from '../../src/core/documents/variables';
import { MAX_RENDERED_CHARS, TemplateLimitError } from '../../src/core/documents/budget';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const { state, now } = midnightIncident();
/** The incident with a long timeline (a few thousand entries), as a long incident has. */
const long = { ...state, events: Array.from({ length: 400 }, () => state.events).flat() };
const view = incidentVariables(long, { now });
const NESTED = '{{#timeline}}{{#timeline}}{{#timeline}}{{time}} {{text}}\n{{/timeline}}{{/timeline}}{{/timeline}}';

test('nested sections over the timeline stop at the size cap, fast, with memory about the cap', () => {
  assert.ok(view.timeline.length > 2000, `${view.timeline.length} entries`);
  global.gc?.();
  const heap = process.memoryUsage().heapUsed;
  const started = performance.now();
  assert.throws(
    () => renderTemplate(NESTED, view, INCIDENT_SHAPE, { templateName: '.runbooks/templates/postmortem.md' }),
    (err: Error) => err instanceof TemplateLimitError && /^\.runbooks\/templates\/postmortem\.md renders to more than 4 MB/.test(err.message) && /\{\{#timeline\}\} inside \{\{#timeline\}\}/.test(err.message),
  );
  const ms = performance.now() - started;
  const grewMB = (process.memoryUsage().heapUsed - heap) / 1024 / 1024;
  assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
  // UTF-16 strings of the cap, plus the view: far from the gigabytes an unbounded render takes.
  assert.ok(grewMB < 20 * (MAX_RENDERED_CHARS / 1024 / 1024), `heap grew ${grewMB.toFixed(0)} MB`);
});

test('nested sections that print nothing stop at the time cap', () => {
  const started = performance.now();
  assert.throws(
    () => renderTemplate('{{#timeline}}{{#timeline}}{{#timeline}}{{/timeline}}{{/timeline}}{{/timeline}}', view, INCIDENT_SHAPE, { templateName: 'slow.md', limits: { maxMs: 200 } }),
    (err: Error) => err instanceof TemplateLimitError && /^slow\.md took more than 0\.2 s to render/.test(err.message),
  );
  assert.ok(performance.now() - started < 1500);
});

test('a document whose override is too large is written from the built-in, with a warning naming the override', () => {
  const dir = mkdtempSync(join(tmpdir(), 'templates-bounds-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'postmortem.md'), `# {{title}}\n${NESTED}`);
  const r = renderPostmortem(long, { now, templatesDir: dir });
  assert.equal(r.template, 'built-in');
  assert.ok(r.warnings.some((w) => w.startsWith(`${join(dir, 'postmortem.md')} renders to more than 4 MB`) && w.endsWith('used the built-in template')), r.warnings.join('\n'));
  assert.ok(r.text.length < MAX_RENDERED_CHARS);
});

test('a large legitimate document is not refused', () => {
  const r = renderTemplate('{{#timeline}}{{time}} {{text}}\n{{/timeline}}', view, INCIDENT_SHAPE, { templateName: 'ok.md' });
  assert.equal(r.text.split('\n').length - 1, view.timeline.length);
});

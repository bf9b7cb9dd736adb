// The renderer's promises: unknown names and empty values are visible and warned about, overrides
// win, a broken override falls back to the built-in, Markdown is not HTML-escaped, times are UTC.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { midnightIncident, noFindingsIncident } from '../fixtures/templates/incidents';
import { BUILTIN_TEMPLATES, TEMPLATE_KINDS } from '../../src/core/documents/builtin';
import { renderMessage, renderPostmortem } from '../../src/core/documents/documents';
import { formatLongDuration, formatUtc } from '../../src/core/documents/format';
import { renderTemplate } from '../../src/core/documents/render';
import { INCIDENT_SHAPE } from '../../src/core/documents/shape';
import { RUNBOOK_SHAPE } from '../../src/core/documents/shape';
import { incidentVariables } from '../../src/core/documents/variables';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function templatesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'templates-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const { state, now } = midnightIncident();
const view = incidentVariables(state, { now });
const render = (source: string) => renderTemplate(source, view, INCIDENT_SHAPE, { templateName: 'test.md' });

describe('unknown and empty variables', () => {
  test('an unknown name prints a marker and a warning with its line and the known names', () => {
    const r = render('Title: {{title}}\nService: {{servce}}\n');
    assert.equal(r.text, 'Title: Redis cache failure\nService: ⟨missing: servce⟩\n');
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /^test\.md line 2: unknown variable 'servce'; shown as ⟨missing: servce⟩\. Known here: .*\bservices\b/);
  });

  test('an unknown section prints a marker; an unknown inverted section is treated as empty, with a warning', () => {
    const r = render('{{#nope}}hidden{{/nope}}|{{^nada}}shown{{/nada}}');
    assert.equal(r.text, '⟨missing: nope⟩|shown');
    assert.equal(r.warnings.length, 2);
    assert.match(r.warnings[1], /unknown variable 'nada'; treated as empty/);
  });

  test('inside a list, names resolve against the item, then outside it; dotted names are checked', () => {
    const r = render('{{#findings}}{{time}} {{text}} ({{title}}) {{wrong}}\n{{/findings}}{{statusIs.resolved}} {{statusIs.closed}}');
    assert.deepEqual(
      r.warnings.map((w) => w.replace(/\. Known here.*/, '')),
      ["test.md line 1: unknown variable 'wrong'; shown as ⟨missing: wrong⟩", "test.md line 2: unknown variable 'statusIs.closed'; shown as ⟨missing: statusIs.closed⟩"],
    );
    assert.match(r.text, /^2026-11-26 23:50 Redis reached maxmemory.* \(Redis cache failure\) ⟨missing: wrong⟩$/m);
    assert.match(r.text, /true ⟨missing: statusIs\.closed⟩$/);
  });

  test('a known variable with no value prints a marker, never an empty string', () => {
    const { state: open, now: at } = noFindingsIncident();
    const r = renderTemplate('IC: {{commander}}; cause: {{{rootCause}}}', incidentVariables(open, { now: at }), INCIDENT_SHAPE, { templateName: 't.md' });
    assert.equal(r.text, 'IC: ⟨missing: commander⟩; cause: ⟨missing: rootCause⟩');
    assert.equal(r.warnings.length, 2);
  });

  test('partials are refused visibly', () => {
    const r = render('{{> footer}}');
    assert.equal(r.text, '⟨missing: footer⟩');
    assert.match(r.warnings[0], /partials .* are not supported/);
  });

  test('Markdown is not HTML-escaped', () => {
    const r = renderTemplate('{{title}}', { ...view, title: 'A & B <C>' }, INCIDENT_SHAPE, { templateName: 't.md' });
    assert.equal(r.text, 'A & B <C>');
  });

  test('every built-in template uses only known names', () => {
    for (const kind of TEMPLATE_KINDS) {
      const shape = kind === 'runbook' ? RUNBOOK_SHAPE : INCIDENT_SHAPE;
      const r = renderTemplate(BUILTIN_TEMPLATES[kind], {}, shape, { templateName: kind });
      assert.deepEqual(r.warnings.filter((w) => w.includes('unknown variable')), [], kind);
    }
  });
});

describe('overrides in .runbooks/templates', () => {
  test('an override wins over the built-in and is named as the template used', () => {
    const dir = templatesDir({ 'slack.md': 'ALERT {{severity}} {{title}} — {{commander}}\n' });
    const r = renderMessage('slack', state, { now, templatesDir: dir });
    assert.equal(r.text, 'ALERT P0 Redis cache failure — Ada Lovelace\n');
    assert.equal(r.template, join(dir, 'slack.md'));
    assert.deepEqual(r.warnings, []);
    // The other kinds still use the built-ins.
    assert.equal(renderMessage('status-page', state, { now, templatesDir: dir }).template, 'built-in');
  });

  test('an override with an unknown variable: the marker and a warning naming the file', () => {
    const dir = templatesDir({ 'postmortem.md': '# {{title}}\nOwner: {{incidentOwner}}\n' });
    const r = renderPostmortem(state, { now, templatesDir: dir });
    assert.equal(r.text, '# Redis cache failure\nOwner: ⟨missing: incidentOwner⟩\n');
    assert.equal(r.warnings.length, 1);
    assert.ok(r.warnings[0].startsWith(`${join(dir, 'postmortem.md')} line 2: unknown variable 'incidentOwner'`), r.warnings[0]);
  });

  test('an override mustache cannot parse falls back to the built-in, with a warning', () => {
    const dir = templatesDir({ 'resolution.md': 'Resolved {{#title}} and never closed\n' });
    const r = renderMessage('resolution', state, { now, templatesDir: dir });
    assert.equal(r.template, 'built-in');
    assert.match(r.text, /^## Resolved: Redis cache failure/);
    assert.ok(r.warnings.some((w) => w.includes('could not be used') && w.includes('Unclosed section')), r.warnings.join('\n'));
  });

  test('an empty override falls back to the built-in, with a warning', () => {
    const dir = templatesDir({ 'status-page.md': '  \n' });
    const r = renderMessage('status-page', state, { now, templatesDir: dir });
    assert.equal(r.template, 'built-in');
    assert.match(r.warnings[0], /is empty; used the built-in template/);
  });

  test('a workspace finds its overrides in .runbooks/templates', () => {
    const ws = mkdtempSync(join(tmpdir(), 'templates-ws-'));
    dirs.push(ws);
    mkdirSync(join(ws, '.runbooks', 'templates'), { recursive: true });
    writeFileSync(join(ws, '.runbooks', 'templates', 'status-page.md'), 'Team format: {{status}}\n');
    assert.equal(renderMessage('status-page', state, { now, workspace: ws }).text, 'Team format: Resolved\n');
  });
});

describe('times and durations', () => {
  test('UTC with the offset written out', () => {
    assert.equal(formatUtc('2026-11-27T03:12:59.999Z'), '2026-11-27 03:12 UTC (+00:00)');
    assert.equal(formatUtc('2026-11-27T05:12:00+02:00'), '2026-11-27 03:12 UTC (+00:00)');
  });

  test('durations in words', () => {
    assert.equal(formatLongDuration(125 * 60_000), '2 hours 5 minutes');
    assert.equal(formatLongDuration(60 * 60_000), '1 hour');
    assert.equal(formatLongDuration(61 * 60_000), '1 hour 1 minute');
    assert.equal(formatLongDuration((24 * 60 + 3) * 60_000), '1 day 3 minutes');
    assert.equal(formatLongDuration(59_999), 'less than a minute');
  });

  test('the next update counts from now (this message is an update) and follows the severity cadence', () => {
    const at = new Date('2026-11-27T00:07:00Z');
    const open = { ...state, status: 'identified' as const, resolvedAt: undefined };
    assert.equal(incidentVariables(open, { now: at }).nextUpdate, '2026-11-27 00:37 UTC (+00:00)');
    assert.equal(incidentVariables({ ...open, severity: 'P2' }, { now: at }).nextUpdate, undefined);
    assert.equal(incidentVariables(state, { now }).nextUpdate, undefined, 'resolved: no more updates due');
  });
});

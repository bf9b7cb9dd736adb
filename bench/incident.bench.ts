// Incident timeline: folding a long timeline and appending one event.
// Baselines: JSON.parse of the same lines (the least any reader does) and a raw fs.appendFileSync.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, type Bench, type BenchResult } from './lib';
import { foldIncident } from '../src/core/incident/state';
import { appendEvent, makeEvent, parseTimeline } from '../src/core/incident/timeline';
import type { IncidentEvent, NewEvent } from '../src/core/incident/events';

const N = 100_000;
const FOLD_TARGET_MS = 200;

/** A realistic mix: mostly cell runs and notes, some health readings, toggles and status changes. */
function syntheticTimeline(n: number): IncidentEvent[] {
  const t0 = Date.parse('2024-05-03T10:00:00Z');
  const events: IncidentEvent[] = [makeEvent({ type: 'declared', data: { title: 'Bench incident', severity: 'P1', commander: 'alice' } }, 'alice', new Date(t0))];
  const statuses = ['identified', 'monitoring', 'investigating'] as const;
  for (let i = 1; i < n; i++) {
    let e: NewEvent;
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        e = { type: 'cell_run', data: { runbook: 'db.runbook.md', cellIndex: i % 7, cellName: 'cell', executor: 'sql', classification: 'read', command: 'SELECT count(*) FROM pg_stat_activity', status: 'succeeded', exitCode: 0, durationMs: 12, outputExcerpt: 'count\n-----\n97\n' } };
        break;
      case 4:
      case 5:
        e = { type: 'note_added', data: { text: `note ${i}`, kind: i % 20 === 4 ? 'action' : 'finding', owner: 'bob' } };
        break;
      case 6:
        e = { type: 'health_changed', data: { check: `check-${i % 5}`, status: i % 3 ? 'ok' : 'down', latencyMs: 3 } };
        break;
      case 7:
        e = { type: 'checklist_toggled', data: { item: 'assess.verify', done: i % 2 === 0 } };
        break;
      case 8:
        e = { type: 'status_changed', data: { status: statuses[i % 3] } };
        break;
      default:
        e = { type: 'message_generated', data: { kind: 'slack' } };
    }
    events.push(makeEvent(e, 'alice', new Date(t0 + i * 1000)));
  }
  return events;
}

const bench: Bench = {
  title: 'Incident timeline',
  async run(): Promise<BenchResult[]> {
    const events = syntheticTimeline(N);
    const lines = events.map((e) => JSON.stringify(e));
    const text = lines.join('\n') + '\n';

    const jsonParse = await measure(() => lines.map((l) => JSON.parse(l)), { minRuns: 5, minMs: 500 });
    const fold = await measure(() => foldIncident(events), { minRuns: 5, minMs: 500 });
    const readAndFold = await measure(() => foldIncident(parseTimeline(text).events), { minRuns: 3, minMs: 500 });

    const dir = mkdtempSync(join(tmpdir(), 'incident-bench-'));
    try {
      const event = events[1];
      const line = JSON.stringify(event) + '\n';
      const rawFile = join(dir, 'raw.jsonl');
      const ourFile = join(dir, 'timeline.jsonl');
      const rawAppend = await measure(() => appendFileSync(rawFile, line), { minRuns: 200, minMs: 500 });
      const ourAppend = await measure(() => appendEvent(ourFile, event), { minRuns: 200, minMs: 500 });
      return [
        {
          name: `fold of ${N.toLocaleString('en')} events (parsed)`,
          value: fold,
          unit: 'ms',
          baseline: { name: 'JSON.parse of the same lines', value: jsonParse },
          ratio: fold / jsonParse,
          target: `≤ ${FOLD_TARGET_MS} ms`,
          ok: fold <= FOLD_TARGET_MS,
        },
        {
          name: `read + validate + fold of ${N.toLocaleString('en')} lines`,
          value: readAndFold,
          unit: 'ms',
          baseline: { name: 'JSON.parse of the same lines', value: jsonParse },
          ratio: readAndFold / jsonParse,
          notes: 'zod validation of every line included; no target set',
        },
        {
          name: 'append one event (O_APPEND write + fsync)',
          value: ourAppend,
          unit: 'ms',
          baseline: { name: 'fs.appendFileSync (no fsync)', value: rawAppend },
          ratio: ourAppend / rawAppend,
          notes: 'the fsync is the price of never losing an event; no target set',
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;

// Save and `check --roundtrip` on generated notebooks of 10k, 50k and 100k cells, reported per
// cell so linearity shows: a flat ms-per-cell column is linear, a growing one is not. Each size is
// also a ratio to markdown-it's parse of the same text, measured in the same run.
import MarkdownIt from 'markdown-it';
import { readRunbook, writeRunbook } from '../src/core/runbook/bytes';
import type { RunbookDocument } from '../src/core/runbook/types';
import { measure, type Bench, type BenchResult } from './lib';

const SIZES = [10_000, 50_000, 100_000];

/** A runbook of `cells` cells: prose and shell code alternating, as a long real runbook is. */
function runbook(cells: number): string {
  const parts = ['# Scaling\n\n'];
  for (let i = 0; i < cells; i += 2) {
    parts.push(`Step ${i}: check the service, then restart it if needed.\n\n`);
    parts.push('```bash\n' + `kubectl get pods -n app-${i}\nkubectl logs deploy/app-${i} --tail=50\n` + '```\n\n');
  }
  return parts.join('');
}

/** The notebook after a person's edit: one code cell in ten changed, one new cell in a hundred. */
function edited(doc: RunbookDocument): RunbookDocument {
  const cells = [];
  for (let i = 0; i < doc.cells.length; i++) {
    const c = doc.cells[i];
    cells.push(c.kind === 'code' && i % 10 === 1 ? { ...c, value: c.value + '\necho edited' } : c);
    if (i % 100 === 0) cells.push({ ...c, kind: 'code' as const, value: 'echo new cell', language: 'shellscript', source: undefined });
  }
  return { ...doc, cells };
}

const bench: Bench = {
  title: 'Runbook format scaling (ms per cell; flat = linear)',
  async run() {
    const md = new MarkdownIt();
    const results: BenchResult[] = [];
    const opts = { minRuns: 3, minMs: 500, warmup: 1 };
    for (const n of SIZES) {
      const text = runbook(n);
      const bytes = Buffer.from(text);
      const doc = readRunbook(bytes);
      const changed = edited(doc);
      const baseline = await measure(() => md.parse(text, {}), opts);
      const roundtrip = await measure(() => writeRunbook(readRunbook(bytes)), opts);
      const save = await measure(() => writeRunbook(changed), opts);
      const per = (ms: number) => (ms / n) * 1000;
      const note = `${n} cells, ${(bytes.length / 1024 / 1024).toFixed(1)} MB, ${roundtrip.toFixed(0)} / ${save.toFixed(0)} ms in all`;
      results.push(
        { name: `check --roundtrip (parse + serialize), ${n / 1000}k cells`, value: per(roundtrip), unit: 'µs/cell', baseline: { name: 'markdown-it parse', value: per(baseline) }, ratio: roundtrip / baseline, notes: note },
        { name: `save of an edited notebook (serialize), ${n / 1000}k cells`, value: per(save), unit: 'µs/cell', baseline: { name: 'markdown-it parse', value: per(baseline) }, ratio: save / baseline, notes: note },
      );
    }
    return results;
  },
};
export default bench;

// Open (text → cells) and save (cells → text) over the whole corpus, each as a ratio to
// markdown-it's own `parse` of the same text in the same run. Targets: open ≤ 1.5×, save ≤ 0.2×.
import MarkdownIt from 'markdown-it';
import { readRunbook, writeRunbook } from '../src/core/runbook/bytes';
import { readCorpus } from '../test/support/corpus';
import { measure, ratioResult, type Bench } from './lib';

const bench: Bench = {
  title: 'Runbook format (whole corpus)',
  async run() {
    const files = readCorpus();
    const texts = files.map((f) => f.bytes.toString('utf8'));
    const totalMB = files.reduce((n, f) => n + f.bytes.length, 0) / 1024 / 1024;
    const md = new MarkdownIt();
    const docs = files.map((f) => readRunbook(f.bytes));
    const opts = { minRuns: 7, minMs: 2000, warmup: 2 };

    const baseline = await measure(() => {
      for (const t of texts) md.parse(t, {});
    }, opts);
    const open = await measure(() => {
      for (const f of files) readRunbook(f.bytes);
    }, opts);
    const save = await measure(() => {
      for (const d of docs) writeRunbook(d);
    }, opts);
    const note = `${files.length} files, ${totalMB.toFixed(1)} MB`;
    return [
      { ...ratioResult('open (bytes → cells)', open, 'markdown-it parse', baseline, 1.5), notes: note },
      { ...ratioResult('save of an unchanged notebook (cells → bytes)', save, 'markdown-it parse', baseline, 0.2), notes: note },
    ];
  },
};
export default bench;

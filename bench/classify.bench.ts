// Classification: how long the classifier takes to read a typical cell (target ≤ 1 ms a cell),
// beside markdown-it's parse of the same cells' fences in the same run. Both run from one bundle
// built as the extension ships (esbuild, minified), as the classifier runs in the editor.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type MarkdownIt from 'markdown-it';
import type { classifyCell } from '../src/core/exec/classify';
import { readRunbook } from '../src/core/runbook/bytes';
import type { RunbookCell } from '../src/core/runbook/types';
import { measure, shippedBundle, type Bench, type BenchResult } from './lib';

/** The runnable cells of the shipped runbooks: what an on-call engineer's cells look like. */
function shippedCells(): RunbookCell[] {
  const dir = join(__dirname, '..', 'runbooks');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.runbook.md'))
    .flatMap((f) => readRunbook(readFileSync(join(dir, f))).cells)
    .filter((c) => c.kind === 'code' && c.executor && c.role !== 'frontmatter');
}

const bench: Bench = {
  title: 'Classification',
  async run(): Promise<BenchResult[]> {
    const shipped = await shippedBundle<{ classifyCell: typeof classifyCell; MarkdownIt: typeof MarkdownIt }>(
      "export { classifyCell } from './src/core/exec/classify'; export { default as MarkdownIt } from 'markdown-it';",
    );
    const classify = shipped.classifyCell;
    const md = new shipped.MarkdownIt();
    const results: BenchResult[] = [];
    const cells = shippedCells();
    for (const executor of ['shell', 'sql', 'redis', 'http'] as const) {
      const mine = cells.filter((c) => c.executor === executor);
      if (mine.length === 0) continue;
      const fences = mine.map((c) => '```' + (c.language ?? '') + '\n' + c.value + '\n```\n');
      const opts = { minRuns: 20, minMs: 1000, warmup: 5 };
      const ours = (await measure(() => {
        for (const c of mine) classify(executor, c.value, c.attributes);
      }, opts)) / mine.length;
      const baseline = (await measure(() => {
        for (const f of fences) md.parse(f, {});
      }, opts)) / mine.length;
      results.push({
        name: `classify a ${executor} cell`,
        value: ours,
        unit: 'ms per cell',
        baseline: { name: 'markdown-it parse of the same fence', value: baseline },
        ratio: ours / baseline,
        target: '≤ 1 ms per cell',
        ok: ours <= 1,
        notes: `${mine.length} cells of the shipped runbooks`,
      });
    }
    return results;
  },
};
export default bench;

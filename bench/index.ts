// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line), prints a
// table and writes test-results/bench.json.
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bench, BenchResult } from './lib';

async function main() {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  const all: Array<BenchResult & { suite: string }> = [];
  for (const file of files) {
    const bench: Bench = (await import(join(__dirname, file))).default;
    process.stdout.write(`\n## ${bench.title}\n`);
    for (const r of await bench.run()) {
      all.push({ ...r, suite: bench.title });
      const base = r.baseline ? `  baseline ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}` : '';
      const ratio = r.ratio !== undefined ? `  ratio ${r.ratio.toFixed(3)}×` : '';
      const target = r.target ? `  target ${r.target} ${r.ok ? 'met' : 'MISSED'}` : '';
      process.stdout.write(`- ${r.name}: ${fmt(r.value)} ${r.unit}${base}${ratio}${target}${r.notes ? `  (${r.notes})` : ''}\n`);
    }
  }
  const out = join(__dirname, '..', 'test-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'bench.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, results: all }, null, 2));
  process.stdout.write(`\nwrote test-results/bench.json (${all.length} figures)\n`);
}

function fmt(n: number): string {
  return n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// `runbook list FILE [--json]`: the cells of a runbook, as the notebook shows them.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readRunbook } from '../core/format/bytes';
import { UsageError, type CliCommand } from './io';
import { parseArgs } from './args';
import { cellMutates } from '../core/exec/classify';

export const list: CliCommand = async (args, io) => {
  const { positionals, flags } = parseArgs(args, { boolean: ['json'] });
  if (positionals.length !== 1) throw new UsageError('expects one FILE: runbook list FILE [--json]');
  const file = positionals[0];
  const doc = readRunbook(await readFile(resolve(io.cwd, file)));
  let index = 0;
  const cells = doc.cells
    .filter((c) => c.role !== 'notice')
    .map((c) => ({
      index: index++,
      kind: c.kind,
      language: c.language,
      executor: c.executor,
      name: typeof c.attributes.name === 'string' ? c.attributes.name : null,
      mutates: cellMutates(c),
      line: c.line,
    }));
  const problems = doc.problems.map((p) => ({ line: p.line, message: p.message }));
  if (flags.json) {
    io.stdout(JSON.stringify({ file, cells, problems }, null, 2) + '\n');
    return 0;
  }
  for (const c of cells) {
    const what = c.kind === 'markup' ? 'markdown' : c.executor ? `${c.executor} (${c.language})` : `${c.language}, not runnable`;
    const flagsText = [c.name && `name=${c.name}`, c.mutates !== null && `mutates=${c.mutates}`].filter(Boolean).join(' ');
    io.stdout(`${String(c.index).padStart(3)}  line ${String(c.line).padEnd(5)} ${what}${flagsText ? '  ' + flagsText : ''}\n`);
  }
  for (const p of problems) io.stdout(`${file}:${p.line}: ${p.message}\n`);
  return 0;
};

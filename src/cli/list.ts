// `runbook list FILE [--json] [--workspace DIR]`: the cells of a runbook, as the notebook shows
// them, with whether each changes something and why: the verdict `runbook run` would act on (the
// text that runs, the workspace's command rules, the runbook's variables), and with --json the
// runbook's parameters (declared and `<name>` placeholders) and those each cell needs.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { readRunbook } from '../core/runbook/bytes';
import type { RunbookCell } from '../core/runbook/types';
import { prepareCell, type PreparedCell } from '../core/exec/engine';
import { runbookParameters } from '../core/exec/params';
import { UsageError, type CliCommand } from './io';
import { parseArgs, workspaceRoot } from './args';
import { findDotenv, runbookContext } from './variables';
import { commandUsage } from './usage';
import { printableLine as line } from './printable';
import { loadParsers } from '../core/exec/parsers';

export const list: CliCommand = async (args, io) => {
  const { positionals, flags } = parseArgs(args, { boolean: ['json'], string: ['workspace'] });
  if (positionals.length !== 1) throw new UsageError(`expects one FILE\n${commandUsage('list')}`);
  const file = positionals[0];
  const path = resolve(io.cwd, file);
  const doc = readRunbook(await readFile(path));
  await loadParsers();
  const { variables, rules, warnings } = runbookContext(io, { file: path, doc, envFile: findDotenv(io.cwd, dirname(path)), workspace: workspaceRoot(io, flags.workspace) });
  const verdict = (c: RunbookCell, index: number): PreparedCell | null => {
    if (c.kind !== 'code' || !c.executor || c.role === 'frontmatter') return null;
    const name = typeof c.attributes.name === 'string' ? c.attributes.name : null;
    return prepareCell({ index, name, executor: c.executor, code: c.value, attributes: c.attributes, infoWord: c.source?.infoWord }, { rules, env: variables.env });
  };
  let index = 0;
  const cells = doc.cells
    .filter((c) => c.role !== 'notice')
    .map((c) => {
      const i = index++;
      const prepared = verdict(c, i);
      return {
        index: i,
        kind: c.kind,
        language: c.language,
        executor: c.executor,
        name: typeof c.attributes.name === 'string' ? c.attributes.name : null,
        mutates: prepared ? prepared.verdict.classification === 'mitigation' : null,
        /** Why it is a mitigation or a diagnostic; null for cells that do not run. */
        reason: prepared ? prepared.verdict.reason : null,
        line: c.line,
        // The `<name>` parameters it needs, when it has any.
        ...(prepared?.needs.length ? { params: prepared.needs } : {}),
      };
    });
  const problems = doc.problems.map((p) => ({ line: p.line, message: p.message }));
  for (const w of warnings) io.stderr(`warning: ${line(w)}\n`);
  const specs = doc.frontmatter?.params ?? {};
  const params = runbookParameters(doc).map((name) => ({ name, ...(Object.hasOwn(specs, name) ? specs[name] : {}) }));
  if (flags.json) {
    io.stdout(JSON.stringify({ file, ...(params.length ? { params } : {}), cells, problems }, null, 2) + '\n');
    return 0;
  }
  for (const c of cells) {
    const what = c.kind === 'markup' ? 'markdown' : c.executor ? `${c.executor} (${c.language})` : `${c.language}, not runnable`;
    const flagsText = [c.name && `name=${c.name}`, c.mutates !== null && `mutates=${c.mutates}`].filter(Boolean).join(' ');
    io.stdout(`${String(c.index).padStart(3)}  line ${String(c.line).padEnd(5)} ${line(what)}${flagsText ? '  ' + line(flagsText) : ''}${c.reason ? `  (${line(c.reason)})` : ''}\n`);
  }
  for (const p of problems) io.stdout(`${line(file)}:${p.line}: ${line(p.message)}\n`);
  return 0;
};

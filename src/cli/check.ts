// `runbook check [--roundtrip] FILE...`: parse runbooks, print their problems, and with
// --roundtrip prove that saving the unchanged notebook gives back the same bytes. The `.env` the
// runbooks would run with is checked too: an entry it may not set is a warning, as in `run`.
// Exit code 1 when anything it reports is an error (a file that cannot be read or parsed, a
// round trip that changes bytes), so a CI step fails on it; warnings alone exit 0.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { readRunbook, writeRunbook } from '../core/runbook/bytes';
import { describeRefused, readDotenv, resolveVariables } from '../core/exec/variables';
import { captureProblems } from '../core/exec/capture';
import { UsageError, type CliCommand } from './io';
import { parseArgs } from './args';
import { findDotenv } from './variables';
import { commandUsage } from './usage';
import { printableLine as line } from './printable';

export const check: CliCommand = async (args, io) => {
  const { positionals, flags } = parseArgs(args, { boolean: ['roundtrip'] });
  if (positionals.length === 0) throw new UsageError(`expects at least one FILE\n${commandUsage('check')}`);
  let failures = 0;
  let problems = 0;
  let errors = 0;
  const dotenvs = new Set<string>();
  for (const file of positionals) {
    dotenvs.add(findDotenv(io.cwd, dirname(resolve(io.cwd, file))));
    let bytes: Buffer;
    try {
      bytes = await readFile(resolve(io.cwd, file));
    } catch (err) {
      io.stdout(`${line(file)}: error: cannot read: ${line((err as NodeJS.ErrnoException).code ?? (err as Error).message)}\n`);
      problems++;
      errors++;
      continue;
    }
    const doc = readRunbook(bytes);
    for (const p of doc.problems) io.stdout(`${line(file)}:${p.line}: ${p.severity}: ${line(p.message)}\n`);
    problems += doc.problems.length;
    errors += doc.problems.filter((p) => p.severity === 'error').length;
    for (const p of captureProblems(doc)) {
      io.stdout(`${line(file)}:${p.line}: warning: ${line(p.message)}\n`);
      problems++;
    }
    if (flags.roundtrip) {
      const out = writeRunbook(doc);
      if (!Buffer.from(out.buffer, out.byteOffset, out.byteLength).equals(bytes)) {
        failures++;
        io.stdout(`${line(file)}: round trip changed the file (first difference at byte ${firstDifference(bytes, out)})\n`);
      }
    }
  }
  for (const path of dotenvs) {
    if (!existsSync(path)) continue;
    // The same refusal `runbook run` applies when it reads the file.
    for (const refused of resolveVariables({ dotenv: readDotenv(path) }).refused) {
      io.stdout(`${line(relative(io.cwd, path) || path)}: warning: ${line(describeRefused(refused))}\n`);
      problems++;
    }
  }
  const plural = (n: number, word: string) => `${n} ${word}s`;
  io.stdout(`${plural(positionals.length, 'file')}, ${plural(failures, 'round-trip failure')}, ${plural(problems, 'problem')}\n`);
  return failures > 0 || errors > 0 ? 1 : 0;
};

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

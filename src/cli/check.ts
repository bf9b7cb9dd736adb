// `runbook check [--roundtrip] FILE...`: parse runbooks, print their problems, and with
// --roundtrip prove that saving the unchanged notebook gives back the same bytes. The `.env` the
// runbooks would run with is checked too: an entry it may not set is a warning, as in `run`.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { readRunbook, writeRunbook } from '../core/runbook/bytes';
import { describeRefused, readDotenv, refusedVariable } from '../core/exec/variables';
import { UsageError, type CliCommand } from './io';
import { parseArgs } from './args';
import { findDotenv } from './variables';

export const check: CliCommand = async (args, io) => {
  const { positionals, flags } = parseArgs(args, { boolean: ['roundtrip'] });
  if (positionals.length === 0) throw new UsageError('expects at least one FILE: runbook check [--roundtrip] FILE...');
  let failures = 0;
  let problems = 0;
  const dotenvs = new Set<string>();
  for (const file of positionals) {
    dotenvs.add(findDotenv(io.cwd, dirname(resolve(io.cwd, file))));
    let bytes: Buffer;
    try {
      bytes = await readFile(resolve(io.cwd, file));
    } catch (err) {
      io.stdout(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      problems++;
      continue;
    }
    const doc = readRunbook(bytes);
    for (const p of doc.problems) io.stdout(`${file}:${p.line}: ${p.severity}: ${p.message}\n`);
    problems += doc.problems.length;
    if (flags.roundtrip) {
      const out = writeRunbook(doc);
      if (!Buffer.from(out.buffer, out.byteOffset, out.byteLength).equals(bytes)) {
        failures++;
        io.stdout(`${file}: round trip changed the file (first difference at byte ${firstDifference(bytes, out)})\n`);
      }
    }
  }
  for (const path of dotenvs) {
    if (!existsSync(path)) continue;
    for (const name of Object.keys(readDotenv(path))) {
      const why = refusedVariable(name);
      if (why === null) continue;
      io.stdout(`${relative(io.cwd, path) || path}: warning: ${describeRefused({ name, source: 'dotenv', why })}\n`);
      problems++;
    }
  }
  const plural = (n: number, word: string) => `${n} ${word}s`;
  io.stdout(`${plural(positionals.length, 'file')}, ${plural(failures, 'round-trip failure')}, ${plural(problems, 'problem')}\n`);
  return failures > 0 ? 1 : 0;
};

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

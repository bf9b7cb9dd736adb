// The run engine's rules, without VS Code and without a terminal: a scripted prompter answers (or
// does not), and a fake executor records what would have run.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareCell, runCells, runPrepared, type EngineCell, type Prompter, type RunOptions } from '../../src/core/exec/engine';
import type { CellRun } from '../../src/core/exec';
import { scriptToRun } from '../../src/core/exec/shell/script';
import { missingVariables, resolveVariables, describeRefused } from '../../src/core/exec/variables';
import { refusedVariable } from '../../src/core/exec/refusedVariables';
import { parseFrontmatter } from '../../src/core/runbook/frontmatter';
import { loadParsers } from '../../src/core/exec/parsers';

const shell = (index: number, code: string, extra: Partial<EngineCell> = {}): EngineCell => ({ index, name: null, executor: 'shell', code, attributes: {}, ...extra });

/** A prompter that answers from a script and records every question. */
function scripted(answers: { variables?: Record<string, string>; confirm?: boolean } = {}): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async askVariable({ name }) {
      asked.push(`variable ${name}`);
      return answers.variables?.[name];
    },
    async confirm({ cell, command, verdict }) {
      asked.push(`confirm ${cell.index}: ${verdict.reason} | ${command}`);
      return answers.confirm ?? false;
    },
  };
}

/** Runs cells with a fake executor: `exit 1` fails, everything else is ok. */
async function run(cells: EngineCell[], prompter: Prompter, extra: Partial<RunOptions> = {}) {
  const ran: string[] = [];
  const report = await runCells({
    cells,
    mode: 'all',
    variables: resolveVariables({ process: { PATH: '/usr/bin' } }),
    prompter,
    async execute(prepared): Promise<CellRun> {
      ran.push(prepared.code);
      const failed = prepared.code.includes('exit 1');
      return { status: failed ? 'failed' : 'ok', exitCode: failed ? 1 : 0, durationMs: 1, text: '', error: failed ? 'exit code 1' : undefined, classification: prepared.verdict, command: prepared.code };
    },
    ...extra,
  });
  return { report, ran, statuses: report.outcomes.map((o) => o.status) };
}

describe('what runs is what is classified', () => {
  test('a console fence runs its prompted lines only, prompts stripped, continuations kept', () => {
    assert.equal(scriptToRun('$ echo a \\\n  b\na b\n$ ls\nfile'), 'echo a \\\n  b\nls');
    assert.equal(scriptToRun('$ cat <<EOF\n> hello\n> EOF\nhello'), 'cat <<EOF\nhello\nEOF');
    assert.equal(scriptToRun('  $ rm FILE\nremoved'), 'rm FILE');
    // No prompt at all: a script written without prompts runs as written.
    assert.equal(scriptToRun('# Install\nasdf install'), '# Install\nasdf install');
    // `# ` is a comment, never a root prompt: that line does not run.
    assert.equal(scriptToRun('$ uptime\n# reboot\n'), 'uptime');
    // A bash fence written with prompts is a session too (bash could not run `$ rm FILE`).
    assert.equal(scriptToRun('$ rm FILE\nremoved'), 'rm FILE');
    // A `$` inside a line is not a prompt.
    assert.equal(scriptToRun('echo $ x'), 'echo $ x');
    // An escaped backslash at the end does not continue the line.
    assert.equal(scriptToRun('$ echo \\\\\nout'), 'echo \\\\');
  });

  test('`$ rm FILE` in a console cell is classified as `rm FILE`: a mitigation', async () => {
    await loadParsers();
    const p = prepareCell(shell(0, '$ rm FILE\n', { infoWord: 'console' }));
    assert.equal(p.code, 'rm FILE\n'.trimEnd());
    assert.equal(p.verdict.classification, 'mitigation', p.verdict.reason);
    assert.equal(p.asks, true);
  });

  test('the confirmation shows the prepared text, masked', async () => {
    const prompter = scripted({ confirm: false });
    const { statuses, ran } = await run([shell(0, '$ rm "$MY_TOKEN"\noutput line', { infoWord: 'console' })], prompter, {
      variables: resolveVariables({ process: { MY_TOKEN: 'tok-123456' } }),
    });
    assert.deepEqual(statuses, ['skipped']);
    assert.deepEqual(ran, []);
    assert.equal(prompter.asked.length, 1);
    assert.match(prompter.asked[0], /\| rm "\$MY_TOKEN"$/, 'the code, not the session output');
  });

  test('the executor gets the prepared text, without the info word, with the same verdict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'engine-'));
    try {
      writeFileSync(join(dir, 'FILE'), 'x');
      const prepared = prepareCell(shell(0, '$ echo ran\nran', { infoWord: 'console' }));
      const r = await runPrepared(prepared, resolveVariables({ process: { PATH: process.env.PATH } }), { cwd: dir });
      assert.equal(r.status, 'ok', r.error);
      assert.equal(r.text, 'ran\n');
      assert.deepEqual(r.classification, prepared.verdict);
      assert.ok(existsSync(join(dir, 'FILE')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('when to ask, skip or stop', () => {
  test('a missing variable is asked for; the answer is used', async () => {
    const prompter = scripted({ variables: { TARGET: 'web-1' } });
    const vars = resolveVariables({});
    const { statuses } = await run([shell(0, 'echo "$TARGET"')], prompter, { variables: vars });
    assert.deepEqual(statuses, ['ok']);
    assert.deepEqual(prompter.asked, ['variable TARGET']);
    assert.equal(vars.env.TARGET, 'web-1');
  });

  test('no answer fails the cell naming every missing variable, and stops the run', async () => {
    const prompter = scripted();
    const { report, statuses, ran } = await run([shell(0, 'echo "$A $B"'), shell(1, 'echo later')], prompter);
    assert.deepEqual(statuses, ['failed', 'skipped']);
    assert.deepEqual(ran, []);
    assert.deepEqual(prompter.asked, ['variable A'], 'stops asking at the first no-answer');
    assert.match(report.outcomes[0].reason!, /^needs A, B, which no frontmatter env/);
    assert.match(report.outcomes[1].reason!, /the run stopped at cell 0: variables were missing/);
    assert.equal(report.stopped?.cell.index, 0);
  });

  test('a prompter that cannot ask is not asked, and says why', async () => {
    const prompter = { ...scripted({ confirm: true, variables: { A: '1' } }), cannotAsk: 'no terminal to ask on' };
    const { report, statuses } = await run([shell(0, 'echo $A')], prompter);
    assert.deepEqual(statuses, ['failed']);
    assert.deepEqual(prompter.asked, []);
    assert.match(report.outcomes[0].reason!, /needs A, .*\(no terminal to ask on\)/);
    const refused = await run([shell(0, 'rm -rf /tmp/x'), shell(1, 'echo later')], prompter);
    assert.deepEqual(refused.statuses, ['skipped', 'skipped']);
    assert.deepEqual(refused.ran, []);
    assert.match(refused.report.outcomes[0].reason!, /^mitigation \(.*\) refused: no terminal to ask on/);
  });

  test('a refused mitigation is skipped and stops the run', async () => {
    const prompter = scripted({ confirm: false });
    const { report, statuses, ran } = await run([shell(0, 'echo before'), shell(1, 'rm -rf /tmp/nothing-here'), shell(2, 'echo after')], prompter);
    assert.deepEqual(statuses, ['ok', 'skipped', 'skipped']);
    assert.deepEqual(ran, ['echo before']);
    assert.match(report.outcomes[1].reason!, /^mitigation \(.+\) not confirmed$/);
    assert.equal(report.outcomes[1].stops, true);
    assert.match(report.outcomes[2].reason!, /stopped at cell 1: a mitigation was not confirmed/);
  });

  test('a confirmed mitigation runs; assumeYes confirms without asking', async () => {
    const yes = scripted({ confirm: true });
    assert.deepEqual((await run([shell(0, 'rm -rf /tmp/nothing-here')], yes)).statuses, ['ok']);
    assert.equal(yes.asked.length, 1);
    const never = scripted();
    assert.deepEqual((await run([shell(0, 'rm -rf /tmp/nothing-here')], never, { assumeYes: true })).statuses, ['ok']);
    assert.deepEqual(never.asked, []);
  });

  test('`confirm` asks even for a diagnostic', async () => {
    const prompter = scripted({ confirm: false });
    const { statuses } = await run([shell(0, 'echo hi', { attributes: { confirm: true } })], prompter);
    assert.deepEqual(statuses, ['skipped']);
    assert.equal(prompter.asked.length, 1);
  });

  test('a failing cell stops the run', async () => {
    const { report, statuses } = await run([shell(0, 'exit 1'), shell(1, 'echo after')], scripted());
    assert.deepEqual(statuses, ['failed', 'skipped']);
    assert.match(report.outcomes[1].reason!, /stopped at cell 0: it failed/);
  });

  test('a diagnostics run skips mitigations without asking, and goes on', async () => {
    const prompter = scripted({ confirm: true });
    const { statuses, ran } = await run([shell(0, 'rm -rf /tmp/nothing-here'), shell(1, 'echo diag')], prompter, { mode: 'diagnostics' });
    assert.deepEqual(statuses, ['skipped', 'ok']);
    assert.deepEqual(ran, ['echo diag']);
    assert.deepEqual(prompter.asked, []);
  });

  test('a cancelled run starts no further cell', async () => {
    const ac = new AbortController();
    ac.abort();
    const { statuses, ran, report } = await run([shell(0, 'echo a'), shell(1, 'echo b')], scripted(), { signal: ac.signal });
    assert.deepEqual(statuses, ['skipped', 'skipped']);
    assert.deepEqual(ran, []);
    assert.equal(report.outcomes[0].reason, 'cancelled');
  });
});

describe('refused variables', () => {
  test('startup and loader variables are refused, case-insensitively; ordinary names are not', () => {
    for (const name of ['BASH_ENV', 'ENV', 'PROMPT_COMMAND', 'SHELLOPTS', 'PS4', 'IFS', 'LD_PRELOAD', 'DYLD_INSERT_LIBRARIES', 'NODE_OPTIONS', 'PYTHONSTARTUP', 'PERL5OPT', 'PERLLIB', 'GIT_SSH_COMMAND', 'PSQLRC', 'PATH', 'Path', 'HOME', 'BASH_FUNC_ls%%', 'JAVA_TOOL_OPTIONS', 'PAGER']) {
      assert.notEqual(refusedVariable(name), null, name);
    }
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'NAMESPACE', 'API_BASE_URL', 'ENVIRONMENT', 'PGHOST', 'KUBE_CONTEXT']) assert.equal(refusedVariable(name), null, name);
  });

  test('frontmatter and .env cannot set them; the process environment and secrets can', () => {
    const vars = resolveVariables({
      frontmatter: { BASH_ENV: './evil.sh', NAMESPACE: 'prod' },
      dotenv: { LD_PRELOAD: '/tmp/x.so', REDIS_URL: 'redis://x' },
      process: { PATH: '/usr/bin', PAGER: 'less' },
      secrets: { NODE_OPTIONS: '--max-old-space-size=100' },
    });
    assert.equal(vars.env.BASH_ENV, undefined);
    assert.equal(vars.env.LD_PRELOAD, undefined);
    assert.equal(vars.env.NAMESPACE, 'prod');
    assert.equal(vars.env.REDIS_URL, 'redis://x');
    assert.equal(vars.env.PATH, '/usr/bin');
    assert.equal(vars.env.NODE_OPTIONS, '--max-old-space-size=100');
    assert.deepEqual(vars.refused.map((r) => `${r.source} ${r.name}`), ['frontmatter BASH_ENV', 'dotenv LD_PRELOAD']);
    assert.match(describeRefused(vars.refused[0]), /^frontmatter env: BASH_ENV is ignored: bash runs the file/);
  });

  test('a refused name is never asked for', () => {
    assert.deepEqual(missingVariables('shell', 'echo "$BASH_ENV $LD_PRELOAD $WANTED"', {}, {}), ['WANTED']);
  });

  test('the frontmatter reports each refused entry on its own line, as a warning', () => {
    const { frontmatter, problems } = parseFrontmatter('title: x\nenv:\n  NAMESPACE: prod\n  BASH_ENV: ./evil.sh\n  "LD_PRELOAD": /tmp/x.so\n', 2);
    assert.deepEqual(problems.map((p) => [p.line, p.severity, p.message.split(':')[0]]), [[5, 'warning', 'frontmatter env'], [6, 'warning', 'frontmatter env']]);
    assert.match(problems[0].message, /BASH_ENV is ignored/);
    // The text stays as written; the run engine is what ignores it.
    assert.equal(frontmatter.env.BASH_ENV, './evil.sh');
  });
});

describe('the README lists the refused variables', () => {
  test('every refused name and prefix appears in README.md', async () => {
    const { readFileSync } = await import('node:fs');
    const { REFUSED_NAMES, REFUSED_PREFIXES } = await import('../../src/core/exec/refusedVariables');
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('**Refused variables.**'), readme.indexOf('**Secrets never show**'));
    for (const name of [...REFUSED_NAMES.filter((n) => !/^PS\d$/.test(n)), ...REFUSED_PREFIXES]) assert.ok(section.includes('`' + name + '`'), `${name} is missing from the README`);
    assert.ok(section.includes('`PS1`…`PS4`'));
  });

  test('health checks read the .env without the refused entries too', async () => {
    const { withoutRefused } = await import('../../src/core/exec/variables');
    assert.deepEqual(withoutRefused({ BASH_ENV: 'x', API_BASE_URL: 'http://x', LD_PRELOAD: 'y' }), { API_BASE_URL: 'http://x' });
  });
});

describe('a host that fails', () => {
  test('a prompter that throws counts as no answer; an execute that throws is a failed cell', async () => {
    const broken: Prompter = { askVariable: async () => { throw new Error('no window'); }, confirm: async () => { throw new Error('no window'); } };
    assert.deepEqual((await run([shell(0, 'echo $NOPE')], broken)).statuses, ['failed']);
    assert.deepEqual((await run([shell(0, 'rm -rf /tmp/nothing-here')], broken)).statuses, ['skipped']);
    const r = await run([shell(0, 'echo a'), shell(1, 'echo b')], scripted(), { execute: async () => { throw new Error('exploded with tok-987654'); }, variables: resolveVariables({ process: { MY_TOKEN: 'tok-987654' } }) });
    assert.deepEqual(r.statuses, ['failed', 'skipped']);
    assert.equal(r.report.outcomes[0].run?.error, 'exploded with ••••');
  });
});

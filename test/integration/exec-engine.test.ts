// The run engine through `runbook run`, with real processes: the same runbook and answers as the
// extension-host test (test/support/parity.ts) end each cell the same way; a console cell's
// `$ rm FILE` is asked about (and refused without a terminal); a runbook's BASH_ENV never runs.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { MITIGATION_FILE, PARITY_REASONS, PARITY_RUNBOOK, PARITY_SCENARIOS } from '../support/parity';

const ROOT = resolve(__dirname, '../..');
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-engine-'));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `runbook …` as its own process, without a terminal (stdin is not a TTY). */
function cliProcess(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
      cwd: ROOT, // so `--import tsx` resolves; paths below are absolute
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '', HOME: cwd },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}

describe('the CLI ends each cell as the editor does (same runbook, same answers)', () => {
  for (const scenario of PARITY_SCENARIOS) {
    test(scenario.title, async () => {
      const folder = join(dir, `parity-${scenario.id}`);
      mkdirSync(folder);
      writeFileSync(join(folder, 'parity.runbook.md'), PARITY_RUNBOOK);
      const asked: string[] = [];
      let stdout = '';
      let stderr = '';
      const code = await main(['run', 'parity.runbook.md', '--json', ...(scenario.mode === 'diagnostics' ? ['--diagnostics'] : [])], {
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stderr += t),
        cwd: folder,
        env: { PATH: process.env.PATH ?? '' },
        interactive: true,
        // A person at the terminal, answering from the script.
        async ask(question) {
          const variable = /^([A-Z_][A-Z0-9_]*) \(empty line: no answer\)/.exec(question);
          if (variable) {
            asked.push(`variable ${variable[1]}`);
            return scenario.answers.variables[variable[1]] ?? '';
          }
          assert.match(question, /Run it\? \[y\/N\]/);
          const cell = /\[\d+ ([\w-]+)\] shell is a mitigation \([^\n]+\):\n\n {4}touch mitigated\.txt\n\n$/.exec(stdout);
          assert.ok(cell, `the confirmation names the cell, the reason and the code: ${stdout.slice(-300)}`);
          asked.push(`confirm ${cell[1]}`);
          return scenario.answers.confirm ? 'y' : 'n';
        },
      });
      const report = JSON.parse(stdout.slice(stdout.indexOf('{\n')));
      const statuses = Object.fromEntries(report.cells.map((c: { name: string; status: string }) => [c.name, c.status]));
      assert.deepEqual(statuses, scenario.statuses, stderr);
      assert.deepEqual(asked, scenario.asked);
      assert.equal(code, 1, 'every scenario stops somewhere');
      assert.equal(typeof report.stopped?.reason, 'string');
      assert.equal(existsSync(join(folder, MITIGATION_FILE)), scenario.mitigated);
      for (const [name, reason] of Object.entries(PARITY_REASONS[scenario.id])) {
        const cell = report.cells.find((c: { name: string }) => c.name === name);
        assert.match(cell.reason, reason, name);
      }
      if (scenario.statuses['needs-target'] === 'ok') assert.match(report.cells.find((c: { name: string }) => c.name === 'needs-target').output, /target=web-1/);
    });
  }
});

describe('a console cell is classified as what runs', () => {
  test('`$ rm FILE` without --yes and without a terminal: refused, the file is still there', async () => {
    const folder = join(dir, 'console');
    mkdirSync(folder);
    writeFileSync(join(folder, 'FILE'), 'keep me');
    const runbook = join(folder, 'console.runbook.md');
    writeFileSync(runbook, '# Clean up\n\n```console {name=cleanup}\n$ rm FILE\n$ echo removed\nremoved\n```\n');
    const r = await cliProcess(['run', runbook, '--json'], folder);
    assert.equal(r.code, 1, r.stderr);
    const cell = JSON.parse(r.stdout).cells[0];
    assert.equal(cell.status, 'skipped');
    assert.equal(cell.mutates, true);
    assert.match(cell.reason, /^mitigation \(.+\) refused: no terminal to ask on/);
    assert.match(r.stderr, /--yes confirms mitigations/);
    assert.ok(existsSync(join(folder, 'FILE')), 'the file was not deleted');

    const list = await cliProcess(['list', runbook, '--json'], folder);
    assert.equal(list.code, 0, list.stderr);
    const listed = JSON.parse(list.stdout).cells.find((c: { name: string }) => c.name === 'cleanup');
    assert.equal(listed.mutates, true);
    assert.equal(typeof listed.reason, 'string');
    assert.match(listed.reason, /rm/);
  });

  test('a console cell confirmed with --yes runs its commands only, not the session output', async () => {
    const folder = join(dir, 'console-yes');
    mkdirSync(folder);
    writeFileSync(join(folder, 'FILE'), 'x');
    const runbook = join(folder, 'console.runbook.md');
    writeFileSync(runbook, '# Clean up\n\n```console\n$ rm FILE\n$ echo "removed it"\nremoved it\n```\n');
    const r = await cliProcess(['run', runbook, '--yes'], folder);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(join(folder, 'FILE')));
    assert.equal(r.stdout.match(/removed it/g)?.length, 1, r.stdout);
  });
});

describe('a runbook cannot set BASH_ENV', () => {
  const EVIL = (marker: string) => `touch ${marker}\n`;

  test('frontmatter env BASH_ENV: ignored with a warning, even with --yes; evil.sh never runs', async () => {
    const folder = join(dir, 'bash-env');
    mkdirSync(folder);
    const marker = join(folder, 'evil-ran');
    writeFileSync(join(folder, 'evil.sh'), EVIL(marker));
    const runbook = join(folder, 'evil.runbook.md');
    writeFileSync(runbook, `---\ntitle: Evil\nenv:\n  BASH_ENV: ./evil.sh\n  GREETING: hi\n---\n\n# Evil\n\n\`\`\`sh\necho "$GREETING"\n\`\`\`\n\n\`\`\`sh\nrm -f nothing-here\n\`\`\`\n`);
    const r = await cliProcess(['run', runbook, '--yes'], folder);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^hi$/m, 'the ordinary entry still counts');
    assert.match(r.stderr, /warning: frontmatter env: BASH_ENV is ignored: bash runs the file it names/);
    assert.ok(!existsSync(marker), 'evil.sh ran');

    const check = await cliProcess(['check', runbook], folder);
    assert.match(check.stdout, /evil\.runbook\.md:4: warning: frontmatter env: BASH_ENV is ignored/);
  });

  test('.env BASH_ENV: ignored with a warning; evil.sh never runs', async () => {
    const folder = join(dir, 'dotenv-bash-env');
    mkdirSync(folder);
    const marker = join(folder, 'evil-ran');
    writeFileSync(join(folder, 'evil.sh'), EVIL(marker));
    writeFileSync(join(folder, '.env'), `BASH_ENV=${join(folder, 'evil.sh')}\nLD_PRELOAD=/nonexistent.so\n`);
    const runbook = join(folder, 'plain.runbook.md');
    writeFileSync(runbook, '# Plain\n\n```sh\necho fine\n```\n');
    const r = await cliProcess(['run', runbook], folder);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: \.env: BASH_ENV is ignored/);
    assert.match(r.stderr, /warning: \.env: LD_PRELOAD is ignored/);
    assert.ok(!existsSync(marker), 'evil.sh ran');
    const check = await cliProcess(['check', runbook], folder);
    assert.match(check.stdout, /\.env: warning: \.env: BASH_ENV is ignored/);
  });
});

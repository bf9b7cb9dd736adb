// `--help` and `-h` on every command and every `incident` subcommand: the command's own usage on
// stdout, nothing on stderr, exit 0, and no command run (so no workspace is needed).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { runCli } from '../support/cli';
import { COMMANDS, INCIDENT_SUBCOMMANDS } from '../../src/cli/usage';

const run = (...args: string[]) => runCli(args, tmpdir());

describe('runbook --help', () => {
  test('lists every command, says how to get a command\'s help, and documents the exit codes', async () => {
    const r = await run('--help');
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    for (const [name, c] of Object.entries(COMMANDS)) assert.match(r.stdout, new RegExp(`^  ${name}\\b.*${escape(c.summary)}$`, 'm'), name);
    assert.match(r.stdout, /runbook <command> --help/);
    assert.match(r.stdout, /exit codes: 0 ok; 1 a cell, check or write failed; 2 bad usage/);
    assert.match(r.stdout, /NO_COLOR/);
    assert.equal((await run('-h')).stdout, r.stdout);
    assert.equal((await run('help')).stdout, r.stdout);
  });

  test('no command at all is bad usage: the usage on stderr, exit 2', async () => {
    const r = await run();
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^usage: runbook <command>/);
  });

  for (const [name, c] of Object.entries(COMMANDS)) {
    test(`runbook ${name} --help and -h print its usage and options, exit 0`, async () => {
      const long = await run(name, '--help');
      assert.equal(long.code, 0, long.stderr);
      assert.equal(long.stderr, '');
      assert.ok(long.stdout.startsWith(`usage: runbook ${name} `), long.stdout);
      assert.ok(long.stdout.includes(c.summary));
      if (name !== 'incident') assert.match(long.stdout, /^ {2}-/m, 'options are listed');
      assert.equal((await run(name, '-h')).stdout, long.stdout);
      assert.equal((await run('help', name)).stdout, long.stdout);
    });
  }

  test('help wins over the rest of the line, even arguments the command would refuse', async () => {
    for (const args of [['run', '--help'], ['run', 'missing.md', '--bogus', '-h'], ['check', '--help'], ['message', 'tweet', '--help'], ['postmortem', 'extra', '-h']]) {
      const r = await run(...args);
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.stdout, new RegExp(`^usage: runbook ${args[0]} `), args.join(' '));
    }
  });

  test('after `--`, -h is an argument, not a request for help', async () => {
    const r = await run('check', '--', '-h');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /-h: error: cannot read: ENOENT/);
  });
});

describe('runbook incident <subcommand> --help', () => {
  test('runbook incident --help lists every subcommand', async () => {
    const r = await run('incident', '--help');
    assert.equal(r.code, 0);
    for (const s of Object.values(INCIDENT_SUBCOMMANDS)) assert.ok(r.stdout.includes(s.synopsis), s.synopsis);
  });

  for (const [name, s] of Object.entries(INCIDENT_SUBCOMMANDS)) {
    test(`runbook incident ${name} --help prints that subcommand's usage, exit 0`, async () => {
      const r = await run('incident', name, '--help');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.ok(r.stdout.startsWith(`usage: runbook incident ${s.synopsis} [options]\n  ${s.summary}\n`), r.stdout);
      assert.match(r.stdout, /--incident ID/);
      assert.equal((await run('incident', name, '-h')).stdout, r.stdout);
    });
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

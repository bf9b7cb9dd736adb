// `runbook list` and `runbook check`, called as the CLI's main() with captured output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { DEFAULT_MAX_BYTES } from '../../src/core/runbook/bytes';

const run = (args: string[], cwd: string) => runCli(args, cwd);

const dir = mkdtempSync(join(tmpdir(), 'runbook-cli-'));
writeFileSync(
  join(dir, 'redis.runbook.md'),
  '---\ntitle: Redis\nsymptoms: [misses]\n---\n\n# Redis\n\n```redis {name=ping}\nPING\n```\n\n```sh { name=restart mutates=true }\nsudo systemctl restart redis\n```\n\n```yaml\na: 1\n```\n',
);
writeFileSync(join(dir, 'broken.md'), '---\ntitle: [oops\n---\n```sh {timeout=never}\nls\n');

test('list --json prints the cells in the documented shape', async () => {
  const { code, stdout } = await run(['list', 'redis.runbook.md', '--json'], dir);
  assert.equal(code, 0);
  const out = JSON.parse(stdout);
  assert.equal(out.file, 'redis.runbook.md');
  assert.deepEqual(out.problems, []);
  assert.deepEqual(
    out.cells.map((c: Record<string, unknown>) => [c.index, c.kind, c.language, c.executor, c.name, c.line]),
    [
      [0, 'code', 'yaml', null, null, 1],
      [1, 'markup', 'markdown', null, null, 6],
      [2, 'code', 'redis', 'redis', 'ping', 8],
      [3, 'code', 'shellscript', 'shell', 'restart', 12],
      [4, 'code', 'yaml', null, null, 16],
    ],
  );
  assert.equal(out.cells[3].mutates, true);
  for (const c of out.cells) assert.deepEqual(Object.keys(c).sort(), ['executor', 'index', 'kind', 'language', 'line', 'mutates', 'name', 'reason']);
  assert.equal(out.cells[3].reason, 'marked `mutates: true`');
  assert.equal(out.cells[2].reason !== null && out.cells[0].reason === null, true);
});

test('check --roundtrip reports problems and round trips; last line counts them; an error exits 1', async () => {
  const { code, stdout } = await run(['check', '--roundtrip', 'redis.runbook.md', 'broken.md'], dir);
  assert.equal(code, 1, 'broken.md has an error');
  const lines = stdout.trim().split('\n');
  assert.equal(lines.at(-1), '2 files, 0 round-trip failures, 3 problems');
  assert.ok(lines.some((l) => l.startsWith('broken.md:2: error: frontmatter')));
  assert.ok(lines.some((l) => /^broken\.md:4: warning: .*never closed/.test(l)));
  assert.ok(lines.some((l) => /^broken\.md:4: warning: cell attribute timeout/.test(l)));
});

test('bad command lines get a usage message and exit 2', async () => {
  assert.equal((await run(['list'], dir)).code, 2);
  assert.match((await run(['check', '--nope', 'x'], dir)).stderr, /Unknown option/);
  assert.equal((await run(['frobnicate'], dir)).code, 2);
  const missing = await run(['check', 'missing.md'], dir);
  assert.match(missing.stdout, /missing\.md: error: cannot read: ENOENT/);
  assert.equal(missing.code, 1, 'a file that cannot be read is an error');
});

test('check exits 0 on warnings alone, 1 on a file too large to parse', async () => {
  writeFileSync(join(dir, 'warned.md'), '```sh {timeout=never}\nls\n```\n');
  const warned = await run(['check', 'warned.md'], dir);
  assert.match(warned.stdout, /warned\.md:1: warning: /);
  assert.equal(warned.code, 0);
  writeFileSync(join(dir, 'huge.md'), Buffer.alloc(DEFAULT_MAX_BYTES + 1, 'x'));
  const huge = await run(['check', 'huge.md'], dir);
  assert.match(huge.stdout, /huge\.md:1: error: /);
  assert.equal(huge.code, 1);
});

test('control characters in a file name, a cell name or a problem are escaped in list and check', async () => {
  writeFileSync(join(dir, 'bell\x07.md'), '```sh {name="x\x1b[2Jy"}\necho hi\n```\n```sh {timeout=\x1b[31m}\nls\n```\n');
  const listed = await run(['list', 'bell\x07.md'], dir);
  assert.equal(listed.code, 0, listed.stderr);
  assert.ok(!/[\x07\x1b]/.test(listed.stdout + listed.stderr), listed.stdout);
  assert.match(listed.stdout, /name=x\\x1b\[2Jy/);
  const checked = await run(['check', 'bell\x07.md'], dir);
  assert.ok(!/[\x07\x1b]/.test(checked.stdout + checked.stderr), checked.stdout);
  assert.match(checked.stdout, /^bell\\x07\.md:/m);
  assert.equal(JSON.parse((await run(['list', 'bell\x07.md', '--json'], dir)).stdout).cells[0].name, 'x\x1b[2Jy', 'JSON keeps the text');
});

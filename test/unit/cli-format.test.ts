// `runbook list` and `runbook check`, called as the CLI's main() with captured output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

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

test('check --roundtrip reports problems and round trips; last line counts them', async () => {
  const { code, stdout } = await run(['check', '--roundtrip', 'redis.runbook.md', 'broken.md'], dir);
  assert.equal(code, 0);
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
  assert.match(missing.stdout, /missing\.md: cannot read: ENOENT/);
});

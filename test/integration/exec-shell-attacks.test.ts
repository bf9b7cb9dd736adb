// The review's shell attacks replayed through `runbook run` as a person would, without --yes and
// without a terminal: every cell must be refused (asked, and nobody could answer) and leave the
// workspace as it was. Each cell, had it run, would create MARK or destroy VICTIM, or write to
// the real PostgreSQL / Redis the tests start.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { runCli } from '../support/cli';
import { testServices } from '../support/services';

/** Each attack: a shell cell that would change something if it ran. */
const ATTACKS: Array<[string, string]> = [
  ['console prompt', '```console\n$ rm VICTIM\nremoved\n```'],
  ['bash fence with prompts', '```bash\n$ rm VICTIM\n```'],
  ['python3 -c', '```sh\npython3 -c "open(\'MARK\', \'w\')"\n```'],
  ['perl -e', '```sh\nperl -e \'open(F, ">MARK")\'\n```'],
  ['node -e', '```sh\nnode -e "require(\'fs\').writeFileSync(\'MARK\', \'\')"\n```'],
  ['awk system()', '```sh\nawk \'BEGIN { system("touch MARK") }\'\n```'],
  ['source', '```sh\nsource ./evil.sh\n```'],
  ['dot', '```sh\n. ./evil.sh\n```'],
  ['$CMD', '```sh\nCMD=touch\n$CMD MARK\n```'],
  ['unlink', '```sh\nunlink VICTIM\n```'],
  ['gzip', '```sh\ngzip VICTIM\n```'],
  ['tar -cf', '```sh\ntar -cf MARK VICTIM\n```'],
  ['curl -o', '```sh\ncurl -s -o MARK file:///etc/hostname\n```'],
  ['sed w', '```sh\nsed -n \'w MARK\' VICTIM\n```'],
  ['setsid', '```sh\nsetsid touch MARK\n```'],
  ['taskset', '```sh\ntaskset -c 0 touch MARK\n```'],
  ['su -c', '```sh\nsu -c "touch MARK" root\n```'],
  ['runuser', '```sh\nrunuser -u root -- touch MARK\n```'],
  ['script -c', '```sh\nscript -qc "touch MARK" /dev/null\n```'],
  ['env -S', '```sh\nenv -S "touch MARK"\n```'],
  ['eval base64', '```sh\neval "$(echo dG91Y2ggTUFSSw== | base64 -d)"\n```'],
  ['ANSI-C quoting', "```sh\n$'\\x74\\x6f\\x75\\x63\\x68' MARK\n```"],
  ['brace expansion', '```sh\n{r,}m VICTIM\n```'],
  ['IFS', '```sh\nIFS=,\ncmd=touch,MARK\n$cmd\n```'],
  ['sudo', '```sh\nsudo touch MARK\n```'],
  ['psql <<<', '```sh\npsql "$DATABASE_URL" <<< "UPDATE t SET v = \'hacked\'"\n```'],
  ['echo | psql', '```sh\necho "UPDATE t SET v = \'hacked\'" | psql "$DATABASE_URL"\n```'],
  ['psql heredoc', '```sh\npsql "$DATABASE_URL" <<EOF\nUPDATE t SET v = \'hacked\';\nEOF\n```'],
  ['echo FLUSHALL | redis-cli', '```sh\necho FLUSHALL | redis-cli -u "$REDIS_URL"\n```'],
];

let dir: string;
let services: Awaited<ReturnType<typeof testServices>>;
let pg: Client;
let redis: Redis;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-shell-attacks-'));
  services = await testServices();
  pg = new Client({ connectionString: services.databaseUrl });
  await pg.connect();
  await pg.query("DROP TABLE IF EXISTS t; CREATE TABLE t (v text); INSERT INTO t VALUES ('original')");
  redis = new Redis(services.redisUrl);
});

after(async () => {
  await pg?.end();
  redis?.disconnect();
  await services?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function untouched(folder: string): Promise<void> {
  assert.ok(!existsSync(join(folder, 'MARK')), 'MARK was created');
  assert.equal(readFileSync(join(folder, 'VICTIM'), 'utf8'), 'keep me\n', 'VICTIM was changed');
  assert.deepEqual((await pg.query('SELECT v FROM t')).rows, [{ v: 'original' }], 'the table was changed');
  assert.equal(await redis.get('canary'), 'alive', 'Redis was flushed');
}

describe('shell attacks through `runbook run`, without --yes and without a terminal', () => {
  ATTACKS.forEach(([title, fence], i) => {
    test(`${title}: refused, nothing changed`, async () => {
      const folder = mkdtempSync(join(dir, `attack-${i}-`));
      writeFileSync(join(folder, 'VICTIM'), 'keep me\n');
      writeFileSync(join(folder, 'evil.sh'), 'touch MARK\n');
      writeFileSync(join(folder, 'attack.runbook.md'), `# ${title}\n\n${fence}\n`);
      await redis.set('canary', 'alive');
      const env = { PATH: process.env.PATH ?? '', HOME: folder, DATABASE_URL: services.databaseUrl, REDIS_URL: services.redisUrl };

      const r = await runCli(['run', 'attack.runbook.md', '--json'], folder, env);
      const cell = JSON.parse(r.stdout).cells[0];
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.equal(cell.status, 'skipped', JSON.stringify(cell));
      assert.equal(cell.mutates, true, JSON.stringify(cell));
      assert.match(cell.reason, /refused: no terminal to ask on/);
      await untouched(folder);

      const diagnostics = await runCli(['run', 'attack.runbook.md', '--json', '--diagnostics'], folder, env);
      assert.equal(JSON.parse(diagnostics.stdout).cells[0].status, 'skipped');
      await untouched(folder);
    });
  });

  test('the same cells marked as what they are run when confirmed (the test cells really act)', async () => {
    // Guards the table above: were MARK never created by a confirmed run, a refusal would prove nothing.
    const folder = mkdtempSync(join(dir, 'confirmed-'));
    writeFileSync(join(folder, 'VICTIM'), 'keep me\n');
    writeFileSync(join(folder, 'attack.runbook.md'), '# confirmed\n\n```sh\n$\'\\x74\\x6f\\x75\\x63\\x68\' MARK\n```\n');
    const r = await runCli(['run', 'attack.runbook.md', '--yes'], folder, { PATH: process.env.PATH ?? '', HOME: folder });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(existsSync(join(folder, 'MARK')));
  });
});

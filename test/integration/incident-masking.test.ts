// What a person types into `runbook incident` is masked before it is written: a secret from the
// environment or the workspace `.env`, typed into a title, a note, a reason or a name, never
// reaches timeline.jsonl, the incident's folder name, the Slack channel or stdout.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { MASK } from '../../src/core/secrets/mask';
import { gitWorkspaces } from '../support/workspaces';

const ENV_SECRET = 'envtok-9f8e7d6c5b4a';
const DOTENV_SECRET = 'dotenv-pw-1234abcd';
const workspaces = gitWorkspaces('incident-masking-');
after(workspaces.cleanup);

function workspace(): string {
  const dir = workspaces.make();
  writeFileSync(join(dir, '.env'), `DB_PASSWORD=${DOTENV_SECRET}\nPGCONN=host=db user=app password=libpq-pw-5678 dbname=x\n`);
  return dir;
}

const env = { ...process.env, DEPLOY_TOKEN: ENV_SECRET };
const run = (cwd: string, ...args: string[]) => runCli(['incident', ...args], cwd, env);

function everythingWritten(dir: string): string {
  const folders = readdirSync(join(dir, 'incidents'));
  return folders.join('\n') + '\n' + folders.map((f) => readFileSync(join(dir, 'incidents', f, 'timeline.jsonl'), 'utf8')).join('\n');
}

test('secrets typed into declare, note, assign, set-status and resolve are masked before they are written', async () => {
  const dir = workspace();
  const out: string[] = [];
  const ok = async (...args: string[]) => {
    const r = await run(dir, ...args);
    assert.equal(r.code, 0, r.stderr);
    out.push(r.stdout, r.stderr);
    return r;
  };
  const declared = await ok('declare', '--severity', 'P1', '--title', `Leaked ${ENV_SECRET} in logs`, '--commander', `ic ${DOTENV_SECRET}`, '--tag', ENV_SECRET, '--json');
  const id = JSON.parse(declared.stdout).id as string;
  assert.match(id, /^\d{4}-\d\d-\d\d-leaked-in-logs$/);
  assert.equal(JSON.parse(declared.stdout).title, `Leaked ${MASK} in logs`);
  await ok('note', `tried curl -H "Authorization: Bearer ${ENV_SECRET}"`);
  await ok('note', `psql host=db password=${DOTENV_SECRET}`, '--kind', 'finding');
  await ok('note', 'rotate libpq-pw-5678', '--kind', 'action', '--owner', `bob ${ENV_SECRET}`);
  await ok('assign', `grace-${DOTENV_SECRET}`);
  await ok('set-status', 'identified', '--reason', `found ${ENV_SECRET}`);
  await ok('set-severity', 'P2', '--reason', `key ${DOTENV_SECRET}`);
  await ok('resolve', '--reason', `rotated ${ENV_SECRET} and ${DOTENV_SECRET}`);
  await ok('status', '--incident', id);
  await ok('list', '--json');
  const refused = await run(dir, 'assign', 'a', ENV_SECRET);
  assert.equal(refused.code, 2);
  out.push(refused.stdout, refused.stderr);

  const written = everythingWritten(dir);
  for (const secret of [ENV_SECRET, DOTENV_SECRET, 'libpq-pw-5678']) {
    assert.ok(!written.includes(secret), `${secret} written:\n${written}`);
    assert.ok(!out.join('').includes(secret), `${secret} printed`);
  }
  assert.ok(written.includes(`rotated ${MASK} and ${MASK}`));
  assert.ok(written.includes(`"commander":"grace-${MASK}"`));
});

test('the CLI refuses a timeline linked outside the workspace, with a message naming the link', async () => {
  const dir = workspace();
  const outside = workspace();
  const declared = await runCli(['incident', 'declare', '--severity', 'P2', '--title', 'Elsewhere', '--json'], outside, env);
  const id = JSON.parse(declared.stdout).id as string;
  const { mkdirSync, symlinkSync } = await import('node:fs');
  mkdirSync(join(dir, 'incidents'));
  symlinkSync(join(outside, 'incidents', id), join(dir, 'incidents', id));
  const before = readFileSync(join(outside, 'incidents', id, 'timeline.jsonl'), 'utf8');
  const r = await run(dir, 'note', '--incident', id, 'written elsewhere?');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /timeline\.jsonl is a symbolic link to .*, outside .*; it is not followed/);
  assert.equal(readFileSync(join(outside, 'incidents', id, 'timeline.jsonl'), 'utf8'), before);
});

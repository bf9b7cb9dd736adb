// Entry point of `npm test` and `npm run demo` on a fresh clone: installs the npm dependencies
// when they are missing (or older than package-lock.json), then runs the TypeScript script.
// Plain JavaScript with no dependencies, because it runs before there are any.
//   node scripts/bootstrap.mjs <script.ts> [args...]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/bootstrap.mjs <script.ts> [args...]');
  process.exit(2);
}

const marker = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const aside = join(root, '.e2e-aside', 'node_modules');
// An e2e run killed hard can leave node_modules moved aside (the tier proves the .vsix needs none).
if (existsSync(aside) && !existsSync(join(root, 'node_modules'))) {
  renameSync(aside, join(root, 'node_modules'));
  rmdirSync(join(root, '.e2e-aside'));
  console.error('[bootstrap] moved node_modules back from .e2e-aside/ (an earlier e2e run was interrupted)');
}
const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
if (stale) {
  console.error('[bootstrap] installing npm dependencies (npm ci)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, [existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// The script cleans up on Ctrl-C itself (servers, code-server): wait for it rather than die first.
const child = spawn(process.execPath, ['--import', 'tsx', join(root, script), ...args], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));

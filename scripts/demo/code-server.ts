// Starts code-server for the demo: its own user-data and extensions folders under .demo/, the
// extension linked in from the repo, detached in a process group of its own so one signal
// stops it and its extension host.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readdirSync, rmSync, symlinkSync, openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForPort } from '../../test/support/services';

export interface CodeServer {
  pid: number;
  port: number;
  log: string;
  stop(): Promise<void>;
}

export function codeServerBinary(repo: string): string {
  const out = spawnSync(join(repo, 'scripts', 'install-tools.sh'), ['--print-code-server'], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`scripts/install-tools.sh --print-code-server failed: ${out.stderr}`);
  return out.stdout.trim();
}

/** Links the repo in as an installed extension, replacing links from earlier runs. */
export function installExtension(repo: string, extensionsDir: string): string {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const id = `${pkg.publisher}.${pkg.name}`;
  mkdirSync(extensionsDir, { recursive: true });
  for (const entry of readdirSync(extensionsDir)) {
    if (entry.startsWith(`${id}-`) || entry === 'extensions.json') rmSync(join(extensionsDir, entry), { recursive: true, force: true });
  }
  symlinkSync(repo, join(extensionsDir, `${id}-${pkg.version}`), 'dir');
  return id;
}

export async function startCodeServer(opts: {
  binary: string;
  port: number;
  stateDir: string;
  extensionsDir: string;
  folder: string;
}): Promise<CodeServer> {
  const userData = join(opts.stateDir, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        // The workspace sits inside the repo's .demo/: do not offer to open the repo.
        'git.openRepositoryInParentFolders': 'never',
      },
      null,
      2,
    ) + '\n',
  );
  const config = join(opts.stateDir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${opts.port}\nauth: none\ncert: false\n`);
  const log = join(opts.stateDir, 'code-server.log');
  const fd = openSync(log, 'w');
  const env: NodeJS.ProcessEnv = { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}' };
  // When set, code-server hands the folder to another instance instead of starting.
  delete env.VSCODE_IPC_HOOK_CLI;
  const child = spawn(
    opts.binary,
    [
      '--config', config, '--bind-addr', `127.0.0.1:${opts.port}`, '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--user-data-dir', userData, '--extensions-dir', opts.extensionsDir, opts.folder,
    ],
    { detached: true, stdio: ['ignore', fd, fd], env },
  );
  closeSync(fd);
  const pid = child.pid!;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      /* the group is gone */
    }
  };
  // A crash of the demo must not leave code-server behind.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killGroup('SIGTERM');
    const done = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
    ]);
    // The extension host can outlive the server: take the whole group down.
    killGroup('SIGKILL');
    if (!done) await exited;
    process.removeListener('exit', onExit);
  };
  try {
    await Promise.race([
      waitForPort(opts.port, 30_000),
      exited.then((code) => {
        throw new Error(`code-server exited (${code}) before listening; see ${log}`);
      }),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { pid, port: opts.port, log, stop };
}

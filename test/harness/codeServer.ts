// Starts code-server (VS Code's workbench and Node extension host, served over HTTP) on 127.0.0.1
// with its own user-data-dir, and stops its whole process group: the extension host it spawns
// outlives the browser tab, so killing only the main process is not enough. The test tiers and
// `npm run demo` both start it through here.
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/services';
import { onExit } from './cleanup';

export const PROJECT_ROOT = join(__dirname, '..', '..');

export interface CodeServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  /** The workbench URL with the workspace open and an optional `payload` (see `workbenchUrl`). */
  url(payload?: [string, string][]): string;
  /** The last lines code-server printed (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  workspace: string;
  /** Where extensions are installed; a fresh empty folder when omitted. */
  extensionsDir?: string;
  /** Extra environment for code-server and so for the extension host (TEST_DATABASE_URL…). */
  env?: Record<string, string>;
  /** User settings beyond the defaults that keep the Welcome page and trust prompt away. */
  settings?: Record<string, unknown>;
  /** A free one when omitted. */
  port?: number;
  /** Holds user-data and config.yaml, and is kept after stop; a fresh temporary folder, removed on stop, when omitted. */
  stateDir?: string;
  /** Where code-server's output is written as well. */
  logFile?: string;
  /**
   * Registers the last-resort kill for when this process ends; returns its unregister. The
   * harness's `onExit` (which also handles Ctrl-C) when omitted; a program with its own signal
   * handling passes a plain 'exit' hook.
   */
  onExit?: (hook: () => void) => () => void;
}

export function codeServerBin(): string {
  return execFileSync(join(PROJECT_ROOT, 'scripts', 'install-tools.sh'), ['--print-code-server'], { encoding: 'utf8' }).trim();
}

/** code-server's environment: offline gallery, and no IPC hook that would hand the folder to another instance. */
function serverEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, EXTENSIONS_GALLERY: '{"serviceUrl":""}', ...extra };
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

/** Installs a `.vsix` into an extensions folder with code-server's own CLI. */
export function installExtension(vsix: string, extensionsDir: string): void {
  const userDataDir = mkdtempSync(join(tmpdir(), 'runbook-cs-install-'));
  try {
    const result = spawnSync(
      codeServerBin(),
      ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
      { encoding: 'utf8', env: serverEnv(), timeout: 120_000 },
    );
    if (result.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed:\n${result.stdout}${result.stderr}`);
  } finally {
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/**
 * True while a live (not zombie) process belongs to the group `pgid`. `kill(-pgid, 0)` is not
 * enough: a container's init may never reap the zombies the group leaves behind.
 */
function groupAlive(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* the group is gone */
  }
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const root = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'runbook-cs-'));
  const removeRoot = () => {
    if (!opts.stateDir) rmSync(root, { recursive: true, force: true });
  };
  const userDataDir = join(root, 'user-data');
  const extensionsDir = opts.extensionsDir ?? join(root, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        ...opts.settings,
      },
      null,
      2,
    ),
  );
  const port = opts.port ?? (await freePort());
  const config = join(root, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  const child: ChildProcess = spawn(
    codeServerBin(),
    [
      '--config', config, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, opts.workspace,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv(opts.env) },
  );
  const pgid = child.pid!;
  let output = '';
  const logFile = opts.logFile ? createWriteStream(opts.logFile) : null;
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
    logFile?.write(d);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  // Even on Ctrl-C or a crash of the harness, the group must not outlive us.
  const unregister = (opts.onExit ?? onExit)(() => {
    signalGroup(pgid, 'SIGKILL');
    removeRoot();
  });

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    signalGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + 5_000;
    while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (groupAlive(pgid)) signalGroup(pgid, 'SIGKILL');
    while (groupAlive(pgid)) await new Promise((r) => setTimeout(r, 50));
    unregister();
    logFile?.end();
    removeRoot();
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output}`)), 60_000);
      const check = () => {
        if (output.includes('HTTP server listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', check);
      child.stderr!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code}) before listening:\n${output}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }

  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    workspace: opts.workspace,
    userDataDir,
    extensionsDir,
    url: (payload) => workbenchUrl(origin, opts.workspace, payload),
    log: () => output,
    stop,
  };
}

/**
 * The workbench URL for a folder. code-server rejects VS Code's `--extensionTestsPath` flags, but
 * the workbench reads the same settings from the URL's `payload`; paths in it are `vscode-remote://`
 * URIs on the page's own host.
 */
export function workbenchUrl(origin: string, folder: string, payload?: [string, string][]): string {
  const params = new URLSearchParams({ folder });
  if (payload?.length) params.set('payload', JSON.stringify(payload));
  return `${origin}/?${params.toString()}`;
}

/** A `vscode-remote://` URI for a path on the code-server machine. */
export function remoteUri(origin: string, path: string): string {
  return `vscode-remote://${new URL(origin).host}${path}`;
}

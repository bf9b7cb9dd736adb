// The e2e tier: installs the packaged .vsix into a fresh code-server with the project's
// node_modules moved aside, then drives each journey in headless Chromium, keeping a
// screenshot of each in test-results/.
//
// Development aids (CI never sets them):
//   RUNBOOK_E2E_KEEP_NODE_MODULES=1  leave node_modules where it is, so the other people working
//                                    in this folder keep their tools (proves less: the .vsix could
//                                    then lean on the project's node_modules without anyone noticing)
//   RUNBOOK_E2E_ONLY=<text>[,<text>]  run only the journeys whose name or file name contains one of them
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT, installExtension, startCodeServer } from '../harness/codeServer';
import { launchChromium } from '../harness/browser';
import { moveNodeModulesAside } from '../harness/nodeModulesAside';
import { onExit } from '../harness/cleanup';
import { journeys, type Journey } from './journey';
import { waitForWorkbench } from './workbench';
import { startHealthService } from '../../scripts/demo/health-service';
import { startPrometheus } from '../support/services';
import type { Page } from 'playwright-core';

export interface E2EResult {
  passed: string[];
  failed: { name: string; error: string }[];
}

const JOURNEY_TIMEOUT_MS = 120_000;

/** Loads every test/e2e/journeys/*.journey.ts (they register themselves through `journey()`). */
async function loadJourneys(): Promise<void> {
  const dir = join(__dirname, 'journeys');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.journey.ts')).sort()) {
    const before = journeys.length;
    await import(pathToFileURL(join(dir, file)).href);
    for (const j of journeys.slice(before)) j.file = file;
  }
}

/** The journeys to run: all of them, or those RUNBOOK_E2E_ONLY names (a development aid). */
function selectedJourneys(log: (line: string) => void): Journey[] {
  const only = process.env.RUNBOOK_E2E_ONLY?.trim().toLowerCase();
  if (!only) return journeys;
  const wanted = only.split(',').map((w) => w.trim()).filter(Boolean);
  const picked = journeys.filter((j) => wanted.some((w) => j.name.toLowerCase().includes(w) || (j.file ?? '').toLowerCase().includes(w)));
  log(`RUNBOOK_E2E_ONLY=${only}: running ${picked.length} of ${journeys.length} journeys (a development aid; CI runs all)`);
  return picked;
}

/** A workspace like a user's: the shipped runbooks, the e2e fixture, and a .env for the cells. */
function makeWorkspace(env: Record<string, string | undefined>): string {
  const workspace = mkdtempSync(join(tmpdir(), 'runbook-e2e-ws-'));
  cpSync(join(PROJECT_ROOT, 'runbooks'), join(workspace, 'runbooks'), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'test', 'fixtures', 'e2e-smoke.runbook.md'), join(workspace, 'e2e-smoke.runbook.md'));
  const lines = Object.entries(env).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
  writeFileSync(join(workspace, '.env'), lines.join('\n') + '\n');
  return workspace;
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export async function runE2E(opts: { vsix: string; env: Record<string, string>; log: (line: string) => void }): Promise<E2EResult> {
  // Everything TypeScript must be loaded now: once node_modules is gone, tsx cannot compile more.
  await loadJourneys();
  const selected = selectedJourneys(opts.log);
  const resultsDir = join(PROJECT_ROOT, 'test-results');
  mkdirSync(resultsDir, { recursive: true });
  // The shipped runbooks' HTTP cells call $API_BASE_URL: give them the demo's real health service
  // (started now, while pg and ioredis can still be loaded), so their diagnostics run end to end.
  const api = await startHealthService({ databaseUrl: opts.env.DATABASE_URL, redisUrl: opts.env.REDIS_URL });
  const stopApi = onExit(() => void api.close());
  // A Prometheus scraping that service every second, for the runbooks' PromQL cells (its own exit hook stops it).
  const prometheus = await startPrometheus({ targets: [api.url] });
  const workspace = makeWorkspace({ ...opts.env, API_BASE_URL: api.url, PROMETHEUS_URL: prometheus.url });
  const extensionsDir = mkdtempSync(join(tmpdir(), 'runbook-e2e-exts-'));
  const result: E2EResult = { passed: [], failed: [] };
  const removeScratch = () => {
    rmSync(extensionsDir, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  };
  const unregisterScratch = onExit(removeScratch);

  const keep = process.env.RUNBOOK_E2E_KEEP_NODE_MODULES === '1';
  const moved = keep ? { base: PROJECT_ROOT, restore() {} } : moveNodeModulesAside(PROJECT_ROOT);
  try {
    opts.log(
      keep
        ? 'RUNBOOK_E2E_KEEP_NODE_MODULES=1: node_modules left in place (a development aid; CI moves it aside)'
        : `node_modules moved to ${moved.base}/node_modules for the duration`,
    );
    installExtension(opts.vsix, extensionsDir);
    opts.log(`installed ${opts.vsix} into ${extensionsDir}`);
    // No cluster here: kubectl is the demo's stand-in (runbooks/pod-crash-looping.runbook.md's cells
    // call it), first on PATH. VSCODE_CLI=1: otherwise VS Code's server takes the extension host's
    // environment from a login shell (`$SHELL -ilc env`), whose /etc/profile sets PATH afresh.
    const server = await startCodeServer({
      workspace,
      extensionsDir,
      env: { PATH: `${join(PROJECT_ROOT, 'scripts', 'demo', 'bin')}:${process.env.PATH ?? ''}`, VSCODE_CLI: '1' },
    });
    try {
      const browser = await launchChromium(moved.base);
      try {
        for (const j of selected) {
          const started = Date.now();
          const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
          try {
            await page.goto(server.url());
            await waitForWorkbench(page);
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([
              j.run({ page, workspace, shot: (name) => screenshot(page, resultsDir, `e2e-${slug(j.name)}-${name}.png`, opts.log) }),
              new Promise((_, reject) => {
                timer = setTimeout(() => reject(new Error(`journey took longer than ${JOURNEY_TIMEOUT_MS / 1000} s`)), JOURNEY_TIMEOUT_MS);
              }),
            ]).finally(() => clearTimeout(timer));
            result.passed.push(j.name);
            opts.log(`✔ ${j.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
          } catch (err) {
            const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
            result.failed.push({ name: j.name, error });
            opts.log(`✘ ${j.name}\n${error.replace(/^/gm, '    ')}`);
          } finally {
            const shot = join(resultsDir, `e2e-${slug(j.name)}.png`);
            await page.screenshot({ path: shot }).then(() => opts.log(`  screenshot: ${shot}`), () => {});
            await page.close().catch(() => {});
          }
        }
      } finally {
        await browser.close().catch(() => {});
      }
    } finally {
      await server.stop();
    }
  } finally {
    moved.restore();
    if (!keep) opts.log('node_modules restored');
    await api.close().catch(() => {});
    await prometheus.stop();
    stopApi();
    removeScratch();
    unregisterScratch();
  }
  return result;
}

async function screenshot(page: Page, dir: string, file: string, log: (line: string) => void): Promise<void> {
  const path = join(dir, file);
  await page.screenshot({ path });
  log(`  screenshot: ${path}`);
}

// The e2e tier: installs the packaged .vsix into a fresh code-server with the project's
// node_modules moved aside, then drives each journey in headless Chromium, keeping a
// screenshot of each in test-results/.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT, installExtension, startCodeServer } from '../harness/codeServer';
import { launchChromium } from '../harness/browser';
import { moveNodeModulesAside } from '../harness/nodeModulesAside';
import { onExit } from '../harness/cleanup';
import { journeys } from './journey';
import { waitForWorkbench } from './workbench';

export interface E2EResult {
  passed: string[];
  failed: { name: string; error: string }[];
}

const JOURNEY_TIMEOUT_MS = 120_000;

/** Loads every test/e2e/journeys/*.journey.ts (they register themselves through `journey()`). */
async function loadJourneys(): Promise<void> {
  const dir = join(__dirname, 'journeys');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.journey.ts')).sort()) {
    await import(pathToFileURL(join(dir, file)).href);
  }
}

/** A workspace like a user's: the shipped runbooks, the e2e fixture, and a .env for the cells. */
function makeWorkspace(env: Record<string, string>): string {
  const workspace = mkdtempSync(join(tmpdir(), 'runbook-e2e-ws-'));
  cpSync(join(PROJECT_ROOT, 'runbooks'), join(workspace, 'runbooks'), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'test', 'fixtures', 'e2e-smoke.runbook.md'), join(workspace, 'e2e-smoke.runbook.md'));
  writeFileSync(join(workspace, '.env'), Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  return workspace;
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export async function runE2E(opts: { vsix: string; env: Record<string, string>; log: (line: string) => void }): Promise<E2EResult> {
  // Everything TypeScript must be loaded now: once node_modules is gone, tsx cannot compile more.
  await loadJourneys();
  const resultsDir = join(PROJECT_ROOT, 'test-results');
  mkdirSync(resultsDir, { recursive: true });
  const workspace = makeWorkspace(opts.env);
  const extensionsDir = mkdtempSync(join(tmpdir(), 'runbook-e2e-exts-'));
  const result: E2EResult = { passed: [], failed: [] };
  const removeScratch = () => {
    rmSync(extensionsDir, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  };
  const unregisterScratch = onExit(removeScratch);

  const moved = moveNodeModulesAside(PROJECT_ROOT);
  try {
    opts.log(`node_modules moved to ${moved.base}/node_modules for the duration`);
    installExtension(opts.vsix, extensionsDir);
    opts.log(`installed ${opts.vsix} into ${extensionsDir}`);
    const server = await startCodeServer({ workspace, extensionsDir });
    try {
      const browser = await launchChromium(moved.base);
      try {
        for (const j of journeys) {
          const started = Date.now();
          const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
          try {
            await page.goto(server.url());
            await waitForWorkbench(page);
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([
              j.run({ page, workspace }),
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
    opts.log('node_modules restored');
    removeScratch();
    unregisterScratch();
  }
  return result;
}

// Headless Debian Chromium driven by playwright-core (its own browser download is out of reach here).
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches Chromium. `nodeModules` is where to load playwright-core from when the project's
 * `node_modules` has been moved aside (the e2e tier proves the .vsix needs none of it).
 */
export async function launchChromium(nodeModules?: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/install-tools.sh (or set CHROMIUM_PATH)`);
  const load = createRequire(nodeModules ? `${nodeModules}/` : __filename);
  const { chromium } = load('playwright-core') as typeof import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
}

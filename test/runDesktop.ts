// `npm run test:desktop`: the same extension-host suite on desktop VS Code, through
// @vscode/test-electron (which downloads VS Code, so it needs internet). Where that download is
// out of reach, `npm run test:extension` runs the suite in code-server instead.
// Bundled by esbuild.js to out/test/runDesktop.js, so __dirname is out/test.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  const scratch = mkdtempSync(join(tmpdir(), 'runbook-desktop-'));
  const workspace = join(scratch, 'workspace');
  const summary = join(scratch, 'summary.json');
  cpSync(join(root, 'test', 'fixtures'), workspace, { recursive: true });
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'extension', 'index'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(scratch, 'user-data')],
      extensionTestsEnv: { RUNBOOK_TEST_SUMMARY: summary },
    });
    const { passes, failures } = JSON.parse(readFileSync(summary, 'utf8')) as { passes: number; failures: number };
    console.log(`extension (desktop): ${passes} passed, ${failures} failed`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error('desktop extension tests failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});

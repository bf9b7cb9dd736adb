// Runs the mocha suite inside code-server's real extension host, the way @vscode/test-electron
// does on desktop: the page URL names the extension under development and the tests' entry,
// and the workbench reports the result through `codeAutomationExit`.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer, remoteUri } from './codeServer';
import { launchChromium } from './browser';

/** What `test/extension/index.ts` writes to the file named by `RUNBOOK_TEST_SUMMARY`. */
export interface SuiteSummary {
  passes: number;
  failures: number;
  tests: { title: string; state: 'passed' | 'failed'; error?: string }[];
}

export interface ExtensionTestResult {
  /** What the workbench passed to `codeAutomationExit` (0 = the suite's `run()` resolved). */
  exitCode: number;
  summary: SuiteSummary | null;
}

export interface ExtensionTestOptions {
  extensionPath: string;
  /** The compiled loader, without `.js` (e.g. `out/test/extension/index`). */
  testsPath: string;
  workspace: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Called with each line the extension host logs (mocha's reporter). */
  onLog?: (line: string) => void;
}

export async function runExtensionTests(opts: ExtensionTestOptions): Promise<ExtensionTestResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'runbook-ext-tests-'));
  const summaryFile = join(scratch, 'summary.json');
  const server = await startCodeServer({ workspace: opts.workspace, env: { ...opts.env, RUNBOOK_TEST_SUMMARY: summaryFile } });
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    let reportExit: (code: number) => void = () => {};
    const exit = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    page.on('console', (msg) => {
      // The workbench's errors (an extension failing to activate…) are worth seeing; the rest,
      // mocha's reporter included, only when asked: the summary file lists the tests.
      if ((msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) || process.env.RUNBOOK_TEST_VERBOSE) opts.onLog?.(msg.text().replace(/%c\s*|color: #\w+\s*/g, ''));
    });
    await page.goto(
      server.url([
        ['extensionDevelopmentPath', remoteUri(server.origin, opts.extensionPath)],
        ['extensionTestsPath', remoteUri(server.origin, opts.testsPath)],
        ['skipWelcome', 'true'],
      ]),
    );
    const timeoutMs = opts.timeoutMs ?? 180_000;
    let timer: NodeJS.Timeout | undefined;
    const exitCode = await Promise.race([
      exit,
      new Promise<number>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the extension-host suite did not finish within ${timeoutMs / 1000} s\n${server.log().slice(-3000)}`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    const summary = existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as SuiteSummary) : null;
    return { exitCode, summary };
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

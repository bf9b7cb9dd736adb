// A tiny registry for end-to-end journeys: each is a name and a function that drives the
// workbench like a person. Adding one is a few lines in test/e2e/journeys/<name>.journey.ts:
//
//   journey('opens a runbook', async ({ page, workspace }) => {
//     await openNotebook(page, 'runbooks/x.runbook.md');
//   });
import type { Page } from 'playwright-core';

export interface JourneyContext {
  /** A fresh browser tab with the workbench loaded and the workspace's files listed. */
  page: Page;
  /** Absolute path of the workspace folder code-server has open (check effects on disk here). */
  workspace: string;
  /** Keeps a screenshot of this moment as test-results/e2e-<journey>-<name>.png. */
  shot(name: string): Promise<void>;
}

export interface Journey {
  name: string;
  run(ctx: JourneyContext): Promise<void>;
  /** The file that registered it (set by the runner; RUNBOOK_E2E_ONLY matches it too). */
  file?: string;
}

export const journeys: Journey[] = [];

export function journey(name: string, run: (ctx: JourneyContext) => Promise<void>): void {
  journeys.push({ name, run });
}

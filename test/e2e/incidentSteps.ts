// Steps several incident journeys share: declaring from the palette and reading the timeline on disk.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { answerPrompt, eventually, modalDialog, pressDialogButton, runCommand } from './workbench';

export interface TimelineEvent {
  id: string;
  ts: string;
  actor: string;
  type: string;
  data: Record<string, unknown>;
}

/** "Incident: Declare Incident" answered like a person: severity, title, commander, no tags. */
export async function declareIncident(page: Page, severity: string, title: string, commander: string): Promise<void> {
  await runCommand(page, 'Incident: Declare Incident');
  await answerPrompt(page, /Declare Incident \(1\/4\)/, severity);
  await answerPrompt(page, /Declare Incident \(2\/4\)/, title);
  await answerPrompt(page, /Declare Incident \(3\/4\)/, commander);
  await answerPrompt(page, /Declare Incident \(4\/4\)/);
}

/** The incident folder `incidents/<YYYY-MM-DD>-<slug>` once it exists. */
export async function incidentFolder(workspace: string, slug: string): Promise<string> {
  const incidents = join(workspace, 'incidents');
  const name = await eventually(`an incidents/<date>-${slug} folder`, () =>
    existsSync(incidents) ? readdirSync(incidents).find((d) => new RegExp(`^\\d{4}-\\d{2}-\\d{2}-${slug}$`).test(d)) : undefined,
  );
  return join(incidents, name);
}

export function readTimeline(folder: string): TimelineEvent[] {
  return readFileSync(join(folder, 'timeline.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TimelineEvent);
}

/** Waits until the timeline on disk holds an event that `match` accepts, and returns it. */
export function timelineEvent(folder: string, what: string, match: (e: TimelineEvent) => boolean): Promise<TimelineEvent> {
  return eventually(`${what} in ${folder}/timeline.jsonl`, () => readTimeline(folder).find(match));
}

/** "Incident: Resolve Incident" from the palette, confirmed in its modal dialog. */
export async function resolveIncident(page: Page, title: string): Promise<void> {
  await runCommand(page, 'Incident: Resolve Incident');
  const dialog = modalDialog(page, `"${title}"`);
  await dialog.waitFor({ state: 'visible' });
  await pressDialogButton(dialog, 'Resolve');
}

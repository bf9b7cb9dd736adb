// The notebook renderer (contributes.notebookRenderer): draws our outputs in the output webview.
// PromQL results as uPlot charts, SQL results as sortable, filterable tables. A browser ES module
// bundled on its own (esbuild.js), uPlot and its CSS inside; it fetches nothing.
import uplotCss from 'uplot/dist/uPlot.min.css';
import { PROMQL_MIME, type PromqlData } from '../core/exec/promql/result';
import type { SqlResultData } from '../core/exec/types';
import { renderPromql } from './chart';
import { RENDERER_CSS } from './style';
import { renderSql } from './table';

export const SQL_MIME = 'application/vnd.incident-runbooks.sql+json';

/** The parts of VS Code's renderer API used here (vscode-notebook-renderer's types, not a dependency). */
export interface OutputItem {
  readonly id: string;
  readonly mime: string;
  json(): unknown;
}

interface Shown {
  dispose(): void;
}

const shown = new Map<string, Shown>();

export function activate(): { renderOutputItem(item: OutputItem, element: HTMLElement): Promise<void>; disposeOutputItem(id?: string): void } {
  return {
    async renderOutputItem(item, element) {
      shown.get(item.id)?.dispose();
      element.replaceChildren();
      addStyles(element);
      try {
        if (item.mime === PROMQL_MIME) {
          const r = renderPromql(item.json() as PromqlData, element);
          shown.set(item.id, r);
          await r.drawn;
        } else if (item.mime === SQL_MIME) {
          shown.set(item.id, renderSql(item.json() as { results: SqlResultData[] }, element));
        } else {
          element.textContent = `Incident Runbooks cannot draw ${item.mime}.`;
        }
      } catch (err) {
        // A bad payload must leave a message, not an empty output.
        element.textContent = `Incident Runbooks could not draw this output: ${err instanceof Error ? err.message : String(err)}`;
      }
    },
    disposeOutputItem(id) {
      if (id === undefined) {
        for (const s of shown.values()) s.dispose();
        shown.clear();
        return;
      }
      shown.get(id)?.dispose();
      shown.delete(id);
    },
  };
}

/** Once per document (or shadow root): uPlot's CSS and ours. */
function addStyles(element: HTMLElement): void {
  const root = element.getRootNode() as Document | ShadowRoot;
  const host = root instanceof ShadowRoot ? root : document.head;
  if (host.querySelector('style[data-incident-runbooks]')) return;
  const style = document.createElement('style');
  style.dataset.incidentRunbooks = '';
  style.textContent = uplotCss + RENDERER_CSS;
  host.append(style);
}

// Shows each code cell's class ("diagnostic" / "mitigation", reason as tooltip), the parameters it
// still needs ("needs: namespace, pod-name") and its problems in the cell status bar. The class is the run engine's verdict on what will really run (a
// console cell's commands without their prompts, the workspace's rules, the variables).
import * as vscode from 'vscode';
import type { PreparedCell } from '../core/exec/engine';
import { cellInfo } from './cellInfo';
import { NOTEBOOK_TYPES } from './serializer';

export class CellClassStatusBar implements vscode.NotebookCellStatusBarItemProvider {
  constructor(private readonly prepare: (cell: vscode.NotebookCell) => Promise<PreparedCell | null>) {}

  async provideCellStatusBarItems(cell: vscode.NotebookCell): Promise<vscode.NotebookCellStatusBarItem[]> {
    if (cell.kind !== vscode.NotebookCellKind.Code) return [];
    const info = cellInfo(cell);
    const items: vscode.NotebookCellStatusBarItem[] = [];
    const prepared = info.executor ? await this.prepare(cell) : null;
    if (prepared) {
      const { classification, reason } = prepared.verdict;
      const item = new vscode.NotebookCellStatusBarItem(
        classification === 'mitigation' ? '$(warning) mitigation' : '$(search) diagnostic',
        vscode.NotebookCellStatusBarAlignment.Left,
      );
      item.tooltip = classification === 'mitigation' ? `Asks before it runs: ${reason}` : prepared.asks ? `Asks before it runs (marked \`confirm\`): ${reason}` : `Runs without asking: ${reason}`;
      items.push(item);
      if (prepared.needs.length) {
        const needs = new vscode.NotebookCellStatusBarItem(`$(symbol-parameter) needs: ${prepared.needs.join(', ')}`, vscode.NotebookCellStatusBarAlignment.Left);
        needs.tooltip = `Asked for when the cell runs (once; the incident remembers them): ${prepared.needs.map((n) => `<${n}>`).join(', ')}`;
        items.push(needs);
      }
    }
    for (const p of info.problems) {
      const item = new vscode.NotebookCellStatusBarItem(`$(${p.severity === 'error' ? 'error' : 'info'}) ${p.message}`, vscode.NotebookCellStatusBarAlignment.Right);
      item.tooltip = `line ${p.line}: ${p.message}`;
      items.push(item);
    }
    return items;
  }
}

/** The cell status bar on both runbook notebook types. */
export function registerCellStatusBar(prepare: (cell: vscode.NotebookCell) => Promise<PreparedCell | null>): vscode.Disposable {
  const provider = new CellClassStatusBar(prepare);
  return vscode.Disposable.from(...NOTEBOOK_TYPES.map((type) => vscode.notebooks.registerNotebookCellStatusBarItemProvider(type, provider)));
}

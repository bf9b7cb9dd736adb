// Shows each code cell's class ("diagnostic" / "mitigation", reason as tooltip) and its problems
// in the cell status bar.
import * as vscode from 'vscode';
import { classifyCell } from '../core/exec/classify';
import { cellInfo } from './cellInfo';

export class CellClassStatusBar implements vscode.NotebookCellStatusBarItemProvider {
  provideCellStatusBarItems(cell: vscode.NotebookCell): vscode.NotebookCellStatusBarItem[] {
    if (cell.kind !== vscode.NotebookCellKind.Code) return [];
    const info = cellInfo(cell);
    const items: vscode.NotebookCellStatusBarItem[] = [];
    if (info.executor) {
      const c = classifyCell(info.executor, cell.document.getText(), info.attributes);
      const item = new vscode.NotebookCellStatusBarItem(
        c.classification === 'mitigation' ? '$(warning) mitigation' : '$(search) diagnostic',
        vscode.NotebookCellStatusBarAlignment.Left,
      );
      item.tooltip = c.classification === 'mitigation' ? `Asks before it runs: ${c.reason}` : `Runs without asking: ${c.reason}`;
      items.push(item);
    }
    for (const p of info.problems) {
      const item = new vscode.NotebookCellStatusBarItem(`$(${p.severity === 'error' ? 'error' : 'info'}) ${p.message}`, vscode.NotebookCellStatusBarAlignment.Right);
      item.tooltip = `line ${p.line}: ${p.message}`;
      items.push(item);
    }
    return items;
  }
}

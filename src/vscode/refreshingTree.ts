// The part every tree view shares: items are their own TreeItems, and `refresh()` redraws all.
import * as vscode from 'vscode';

export abstract class RefreshingTree<T extends vscode.TreeItem> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(item: T): vscode.TreeItem {
    return item;
  }

  abstract getChildren(parent?: T): vscode.ProviderResult<T[]>;

  dispose(): void {
    this.changed.dispose();
  }
}

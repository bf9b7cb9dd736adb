// The renderer's CSS, in the theme's colours (the webview's --vscode-* variables).
export const RENDERER_CSS = `
.ir-promql, .ir-sql { font-family: var(--vscode-font-family, sans-serif); font-size: var(--vscode-font-size, 13px); color: var(--vscode-editor-foreground); }
.ir-head { opacity: 0.8; margin: 2px 0 4px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.ir-note { opacity: 0.8; font-style: italic; margin: 2px 0; }
.ir-empty { margin: 8px 0; }
.ir-chart { position: relative; }
.ir-chart .u-over { cursor: crosshair; }
.ir-tooltip { display: none; position: absolute; z-index: 10; pointer-events: none; max-width: 360px; padding: 4px 8px;
  background: var(--vscode-editorHoverWidget-background, #252526); color: var(--vscode-editorHoverWidget-foreground, inherit);
  border: 1px solid var(--vscode-editorHoverWidget-border, #454545); border-left-width: 4px; border-radius: 3px; white-space: normal; word-break: break-all; }
.ir-tooltip-time { opacity: 0.8; font-size: 90%; }
.ir-tooltip-labels { font-family: var(--vscode-editor-font-family, monospace); font-size: 90%; }
.ir-legend { display: flex; flex-wrap: wrap; gap: 2px 12px; max-height: 120px; overflow: auto; margin-top: 4px; }
.ir-legend-item { display: flex; align-items: center; gap: 6px; background: none; border: none; padding: 0; color: inherit; cursor: pointer;
  font-family: var(--vscode-editor-font-family, monospace); font-size: 90%; text-align: left; }
.ir-legend-item.ir-off { opacity: 0.4; text-decoration: line-through; }
.ir-swatch { width: 10px; height: 10px; border-radius: 2px; flex: none; }
.ir-values td { padding: 1px 12px 1px 0; font-family: var(--vscode-editor-font-family, monospace); }
.ir-toolbar { display: flex; align-items: center; gap: 8px; margin: 2px 0 6px; flex-wrap: wrap; }
.ir-filter { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 2px 6px; min-width: 180px; }
.ir-button { background: var(--vscode-button-secondaryBackground, #3a3d41); color: var(--vscode-button-secondaryForeground, inherit); border: none; padding: 3px 8px; cursor: pointer; }
.ir-button:hover { background: var(--vscode-button-secondaryHoverBackground, #45494e); }
.ir-count, .ir-status { opacity: 0.8; }
.ir-scroll { overflow: auto; border: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.35)); }
.ir-table { border-collapse: collapse; font-family: var(--vscode-editor-font-family, monospace); font-size: var(--vscode-editor-font-size, 12px); }
.ir-table th { position: sticky; top: 0; background: var(--vscode-editor-background, #1e1e1e); text-align: left; cursor: pointer; user-select: none;
  padding: 2px 10px; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.35)); white-space: nowrap; }
.ir-table th[aria-sort="ascending"]::after { content: ' ▲'; }
.ir-table th[aria-sort="descending"]::after { content: ' ▼'; }
.ir-table td { height: 21px; padding: 0 10px; white-space: nowrap; max-width: 480px; overflow: hidden; text-overflow: ellipsis; border-bottom: 1px solid rgba(128,128,128,0.12); }
.ir-table tr.ir-spacer { border: none; }
.ir-null { opacity: 0.5; font-style: italic; }
.ir-copy-fallback { width: 100%; height: 120px; margin-top: 6px; font-family: var(--vscode-editor-font-family, monospace); }
`;

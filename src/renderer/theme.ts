// Colours from the editor's theme: the webview carries the workbench's colours as CSS variables.

const PALETTE = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-yellow'];
const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#cca700'];

export interface Theme {
  foreground: string;
  grid: string;
  marker: string;
  series(i: number): string;
}

export function readTheme(element: Element): Theme {
  const style = getComputedStyle(element);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const palette = PALETTE.map((name, i) => v(name, FALLBACK[i]));
  return {
    foreground: v('--vscode-editor-foreground', '#cccccc'),
    grid: v('--vscode-charts-lines', 'rgba(128, 128, 128, 0.35)'),
    // Red is kept for the incident marker, so no series is mistaken for it.
    marker: v('--vscode-charts-red', '#f14c4c'),
    // Past the theme's colours, hues a golden angle apart stay distinct for dozens of series.
    series: (i) => (i < palette.length ? palette[i] : `hsl(${Math.round((i * 137.508) % 360)}, 60%, 58%)`),
  };
}

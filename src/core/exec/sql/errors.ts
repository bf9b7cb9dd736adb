// Errors of SQL cells, worded and laid out as psql prints PostgreSQL's.

/** What a failed write in a read-only cell, or a refused one, tells the person. */
export function readOnlyHint(forced: boolean): string {
  return forced
    ? 'this cell is marked `mutates: false`, so it runs read-only without asking; remove that mark to have it confirmed and run as a mitigation'
    : 'this cell is classified diagnostic and runs read-only; mark it `mutates` if it is meant to change data';
}

/** The line of the cell a 1-based character position points at, with a caret, as psql prints it. */
export function positionLine(code: string, position: number): string {
  const before = code.slice(0, Math.max(0, position - 1));
  const lineNo = before.split('\n').length;
  const line = code.split('\n')[lineNo - 1] ?? '';
  const col = before.length - before.lastIndexOf('\n') - 1;
  return `LINE ${lineNo}: ${line}\n${' '.repeat(`LINE ${lineNo}: `.length + col)}^`;
}

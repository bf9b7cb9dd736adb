// What the classifier says of a cell: a diagnostic (reads) or a mitigation (changes something),
// and why, in words a person reads in the confirmation and on the cell's status bar.
import type { Classification } from './types';

export interface CellClass {
  classification: Classification;
  reason: string;
}

export const diagnostic = (reason: string): CellClass => ({ classification: 'diagnostic', reason });
export const mitigation = (reason: string): CellClass => ({ classification: 'mitigation', reason });

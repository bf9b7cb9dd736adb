// PromQL cells: a query only reads (the HTTP API's query endpoints change nothing).
import { diagnostic, type CellClass } from '../verdict';

export function classifyPromql(_code: string): CellClass {
  return diagnostic('a PromQL query only reads');
}

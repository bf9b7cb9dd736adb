// HTTP cells: GET, HEAD and OPTIONS read; every other method changes something.
import { parseHttpRequests } from './syntax';
import { diagnostic, mitigation, type CellClass } from '../verdict';

export function classifyHttp(code: string): CellClass {
  let reqs;
  try {
    reqs = parseHttpRequests(code);
  } catch {
    return mitigation('could not read the request');
  }
  const w = reqs.find((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
  return w ? mitigation(`${w.method} request`) : diagnostic(`${reqs.map((r) => r.method).join(', ')} only`);
}

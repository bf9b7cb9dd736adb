// Is a cell a diagnostic (reads) or a mitigation (changes something)? The `mutates` attribute
// wins; otherwise each executor's language is read: shell verbs, SQL statements, Redis's own
// command flags, HTTP methods. When in doubt, a cell is a mitigation: asking once too often is
// cheaper than restarting production by accident.
import type { CellAttributes, ExecutorKind } from '../runbook/types';
import { classifyHttp } from './http/classify';
import { classifyPromql } from './promql/classify';
import { classifyRedis } from './redis/classify';
import { classifyShell } from './shell/classify';
import { classifySql } from './sql/classify';
import type { ClassifyContext } from './rules';
import { diagnostic, mitigation, type CellClass } from './verdict';

export type { CellClass } from './verdict';

export function classifyCell(executor: ExecutorKind, code: string, attributes: CellAttributes = {}, context: ClassifyContext = {}): CellClass {
  if (attributes.mutates === true) return mitigation('marked `mutates: true`');
  if (attributes.mutates === false) return diagnostic('marked `mutates: false`');
  switch (executor) {
    case 'shell':
      return classifyShell(code, context);
    case 'sql':
      return classifySql(code);
    case 'redis':
      return classifyRedis(code);
    case 'http':
      return classifyHttp(code);
    case 'promql':
      return classifyPromql(code);
  }
}

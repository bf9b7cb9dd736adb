import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { groupByService, indexRunbook, NO_SERVICE } from '../../src/core/incident/runbookIndex';

describe('groupByService', () => {
  test('a service listed twice in the frontmatter shows the runbook once under it', () => {
    const entry = indexRunbook('runbooks/redis.runbook.md', '---\ntitle: Redis down\nservices: [redis, redis, api]\n---\n\n# Redis\n');
    const groups = groupByService([entry]);
    assert.deepEqual([...groups.keys()], ['api', 'redis']);
    assert.deepEqual(groups.get('redis')?.map((r) => r.path), ['runbooks/redis.runbook.md']);
  });

  test('runbooks without services go last, under their own heading', () => {
    const a = indexRunbook('a.runbook.md', '# A\n');
    const b = indexRunbook('b.runbook.md', '---\nservices: [zeta]\n---\n# B\n');
    assert.deepEqual([...groupByService([a, b]).keys()], ['zeta', NO_SERVICE]);
  });
});

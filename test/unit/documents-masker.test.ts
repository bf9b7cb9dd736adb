import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceMasker } from '../../src/core/documents/masker';
import { MASK } from '../../src/core/secrets/mask';

const dir = mkdtempSync(join(tmpdir(), 'templates-masker-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('workspaceMasker', () => {
  test('masks stored secrets whatever their name, beside .env and environment secrets', () => {
    writeFileSync(join(dir, '.env'), 'API_TOKEN=dotenv-token-123\nPAGER=not-a-secret-value\n');
    const masker = workspaceMasker(dir, { DB_PASSWORD: 'env-password-456' }, { PAGER: 'stored-pager-789', VENDOR: 'vendor-value-000' });
    const text = 'dotenv-token-123 env-password-456 stored-pager-789 vendor-value-000 not-a-secret-value';
    assert.equal(masker.mask(text), `${MASK} ${MASK} ${MASK} ${MASK} not-a-secret-value`);
  });

  test('without stored secrets it masks only secret-looking variables', () => {
    const masker = workspaceMasker(dir, {});
    assert.equal(masker.mask('vendor-value-000 dotenv-token-123'), `vendor-value-000 ${MASK}`);
  });
});

describe('typed text in a new runbook', () => {
  test('a secret typed into the title is masked in the file and in its name', async () => {
    const { createRunbook } = await import('../../src/core/documents/write');
    const { readFileSync } = await import('node:fs');
    const ws = mkdtempSync(join(tmpdir(), 'templates-masker-ws-'));
    try {
      const masker = workspaceMasker(ws, { DB_PASSWORD: 'hunter2-typed-secret' });
      const r = createRunbook(ws, { title: 'Rotate hunter2-typed-secret now', services: ['db hunter2-typed-secret'], symptoms: [] }, { masker });
      assert.match(r.path, /rotate-now\.runbook\.md$/);
      assert.ok(!readFileSync(r.path, 'utf8').includes('hunter2-typed-secret'));
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});

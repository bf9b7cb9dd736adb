import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCache } from '../../src/core/workspace/fileCache';

test('a file is read again only when it changed, and an edit counts at the next use', () => {
  const dir = mkdtempSync(join(tmpdir(), 'file-cache-'));
  try {
    const path = join(dir, 'commands.yaml');
    let loads = 0;
    const cache = new FileCache((p) => {
      loads++;
      try {
        return readFileSync(p, 'utf8');
      } catch {
        return null;
      }
    });
    assert.equal(cache.get(path), null);
    assert.equal(cache.get(path), null);
    assert.equal(loads, 1, 'a missing file is remembered as missing');
    writeFileSync(path, 'reads: [a]\n');
    assert.equal(cache.get(path), 'reads: [a]\n');
    assert.equal(cache.get(path), 'reads: [a]\n');
    assert.equal(loads, 2);
    writeFileSync(path, 'reads: [a, bb]\n');
    assert.equal(cache.get(path), 'reads: [a, bb]\n');
    assert.equal(loads, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

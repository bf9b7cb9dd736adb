import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ConditionError, evaluateCondition, parseCondition } from '../../src/core/health/condition';

describe('parseCondition', () => {
  test('reads path, operator and literal', () => {
    assert.deepEqual(parseCondition('status == "ok"'), { source: 'status == "ok"', path: ['status'], operator: '==', value: 'ok' });
    assert.deepEqual(parseCondition(' memory.used_pct<90 ').path, ['memory', 'used_pct']);
    assert.deepEqual(parseCondition('checks[2].healthy != false'), { source: 'checks[2].healthy != false', path: ['checks', 2, 'healthy'], operator: '!=', value: false });
    assert.equal(parseCondition("db.state == 'up'").value, 'up');
    assert.equal(parseCondition('x >= -1.5e2').value, -150);
    assert.equal(parseCondition('error == null').value, null);
    assert.equal(parseCondition('msg == "say \\"hi\\""').value, 'say "hi"');
  });

  test('rejects anything else with a message that shows the expected form', () => {
    assert.throws(() => parseCondition('status'), /expected <path> <operator> <value>/);
    assert.throws(() => parseCondition('status = "ok"'), ConditionError);
    assert.throws(() => parseCondition('status == ok'), /cannot read the value ok: write a number, true, false, null or a quoted string/);
    assert.throws(() => parseCondition('mem < "90"'), /< compares numbers/);
    assert.throws(() => parseCondition('process.exit() == 1'), ConditionError);
    assert.throws(() => parseCondition('a == "x" || true'), ConditionError);
  });

  test('never evaluates code: any text either parses to plain data or throws ConditionError', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        try {
          const c = parseCondition(text);
          assert.ok(['string', 'number', 'boolean'].includes(typeof c.value) || c.value === null);
        } catch (err) {
          assert.ok(err instanceof ConditionError, String(err));
        }
      }),
    );
  });
});

describe('evaluateCondition', () => {
  const body = { status: 'ok', memory: { used_pct: 95, free: '12' }, checks: [{ healthy: true }] };
  const run = (c: string) => evaluateCondition(parseCondition(c), body);

  test('compares strings, numbers, booleans; numeric strings count as numbers', () => {
    assert.equal(run('status == "ok"').passed, true);
    assert.equal(run('status != "ok"').passed, false);
    assert.equal(run('memory.used_pct < 90').passed, false);
    assert.equal(run('memory.used_pct <= 95').passed, true);
    assert.equal(run('memory.used_pct > 94.9').passed, true);
    assert.equal(run('memory.free >= 12').passed, true);
    assert.equal(run('memory.free == 12').passed, true);
    assert.equal(run('checks[0].healthy == true').passed, true);
    assert.equal(run('memory.used_pct < 90').actual, 95);
  });

  test('a missing field or a non-number fails with a message', () => {
    assert.deepEqual(run('disk.used_pct < 90'), { condition: 'disk.used_pct < 90', actual: undefined, passed: false, message: 'disk.used_pct is missing' });
    assert.equal(run('status > 1').message, 'status is "ok", not a number');
  });
});

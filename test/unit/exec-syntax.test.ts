import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitRedisArgs, redisCommands, formatRedisReply } from '../../src/core/exec/redis/syntax';
import { parseHttpRequests, substituteVariables } from '../../src/core/exec/http/syntax';
import { formatSqlResult } from '../../src/core/exec/sql/format';

test('redis-cli tokenizer: quotes and escapes', () => {
  assert.deepEqual(splitRedisArgs('SET  key "hello world"'), ['SET', 'key', 'hello world']);
  assert.deepEqual(splitRedisArgs('SET k "a\\nb\\x41\\"q"'), ['SET', 'k', 'a\nbA"q']);
  assert.deepEqual(splitRedisArgs("SET k 'it\\'s' ''"), ['SET', 'k', "it's", '']);
  assert.throws(() => splitRedisArgs('SET k "open'), /unbalanced quotes/);
  assert.throws(() => splitRedisArgs('SET k "a"b'), /unbalanced quotes/);
  assert.deepEqual(redisCommands('# comment\nPING\n\n  GET "k"  ').map((c) => c.args), [['PING'], ['GET', 'k']]);
  assert.throws(() => redisCommands('PING\nGET "x'), /line 2: unbalanced quotes/);
});

test('redis-cli reply formatting', () => {
  assert.equal(formatRedisReply(1), '(integer) 1');
  assert.equal(formatRedisReply(null), '(nil)');
  assert.equal(formatRedisReply('OK'), 'OK');
  assert.equal(formatRedisReply('# Server\nredis_version:7\n'), '# Server\nredis_version:7', 'multi-line replies (INFO) print as they are');
  assert.equal(formatRedisReply('a"b'), '"a\\"b"');
  assert.equal(formatRedisReply('x\ty'), '"x\\ty"');
  assert.equal(formatRedisReply([]), '(empty array)');
  assert.equal(formatRedisReply(['a', 1, null]), '1) "a"\n2) (integer) 1\n3) (nil)');
  assert.equal(formatRedisReply([['a', 'b'], 'c']), '1) 1) "a"\n   2) "b"\n2) "c"');
});

test('REST Client requests', () => {
  const [r] = parseHttpRequests('# health\nPOST https://x/api?a=1\n    &b=2 HTTP/1.1\nContent-Type: application/json\nAuthorization: Bearer t\n\n{"enabled": true}\n\n');
  assert.equal(r.method, 'POST');
  assert.equal(r.url, 'https://x/api?a=1&b=2');
  assert.deepEqual(r.headers, [['Content-Type', 'application/json'], ['Authorization', 'Bearer t']]);
  assert.equal(r.body, '{"enabled": true}');
  assert.equal(parseHttpRequests('https://x/health')[0].method, 'GET');
  assert.equal(parseHttpRequests('GET https://a\n###\nDELETE https://b').length, 2);
  assert.throws(() => parseHttpRequests('GET https://x\nnot a header'), /line 2: expected a header/);
  assert.throws(() => parseHttpRequests('# nothing'), /no request/);
  assert.throws(() => parseHttpRequests('FETCH https://x'), /unknown HTTP method FETCH/);
});

test('variable substitution in HTTP cells', () => {
  assert.equal(substituteVariables('{{ BASE }}/x?t=$TOKEN&u=${USER_ID}&keep=$UNSET', { BASE: 'http://h', TOKEN: 't', USER_ID: '7' }), 'http://h/x?t=t&u=7&keep=$UNSET');
  assert.throws(() => substituteVariables('{{NOPE}}', {}), /variable NOPE is not set/);
});


test('psql-like tables', () => {
  const text = formatSqlResult({ command: 'SELECT', rowCount: 2, columns: [{ name: 'id', type: 'int4' }, { name: 'name', type: 'text' }], rows: [['1', 'alice'], ['22', null]], omittedRows: 3 });
  assert.equal(text, ' id | name\n----+-------\n  1 | alice\n 22 |\n(5 rows, 3 more not shown)\n');
  assert.equal(formatSqlResult({ command: 'UPDATE', rowCount: 4, columns: [], rows: [], omittedRows: 0 }), 'UPDATE 4\n');
});

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyCell } from '../../src/core/exec/classify';
import { loadParsers } from '../../src/core/exec/parsers';

before(() => loadParsers());

const cls = (executor: Parameters<typeof classifyCell>[0], code: string, attrs = {}) => classifyCell(executor, code, attrs).classification;

test('shell: the guide\'s diagnostics read, its mitigations change things', () => {
  for (const code of [
    'curl https://api.servio.app/health/detailed | jq',
    'pm2 logs servio-backend --lines 500',
    'psql $DATABASE_URL -c "SELECT count(*) FROM pg_stat_activity;"',
    'redis-cli ping\nredis-cli INFO',
    'df -h\nfree -m\npm2 status\nps aux | grep node',
    "tail -10000 /var/log/nginx/access.log | awk '{print $1}' | sort | uniq -c | sort -nr | head -20",
    'echo $OPENAI_API_KEY',
    'ls > /dev/null 2>&1',
    'kubectl get pods',
  ]) assert.equal(cls('shell', code), 'diagnostic', code);
  for (const code of [
    'pm2 restart servio-backend',
    'redis-cli FLUSHDB',
    'git revert HEAD\nnpm run build\npm2 restart servio-backend',
    'curl -X POST https://api.servio.app/api/admin/maintenance \\\n  -H "Authorization: Bearer $ADMIN_TOKEN" \\\n  -d \'{"enabled": true}\'',
    'pm2 scale servio-backend +2',
    'aws ec2 modify-instance-attribute --instance-id i-xxx --instance-type t3.large',
    'psql $DATABASE_URL -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = \'active\';"',
    'sudo systemctl restart redis',
    'sudo nginx -s reload',
    'echo hi > /etc/motd',
    'rm -rf /tmp/cache',
    'kubectl rollout restart deploy/api',
    'curl -d x=1 https://x',
  ]) assert.equal(cls('shell', code), 'mitigation', code);
  assert.equal(cls('shell', '# pm2 restart in a comment\necho ok'), 'diagnostic');
  assert.equal(cls('shell', 'echo "pm2 restart is quoted"'), 'diagnostic');
});

test('sql: reads vs writes, side-effect functions, EXPLAIN ANALYZE', () => {
  for (const code of ['SELECT 1', 'select count(*), state from pg_stat_activity group by state;', 'SHOW work_mem', 'EXPLAIN SELECT 1', 'WITH x AS (SELECT 1) SELECT * FROM x', "SELECT 'DELETE FROM t'", '-- UPDATE t\nSELECT 1'])
    assert.equal(cls('sql', code), 'diagnostic', code);
  for (const code of ['UPDATE t SET a = 1', 'DELETE FROM t', 'SELECT pg_terminate_backend(123)', 'select pg_cancel_backend(pid) from pg_stat_activity', 'EXPLAIN ANALYZE DELETE FROM t', 'WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', 'SELECT 1; DROP TABLE t', 'VACUUM', 'SELECT * INTO t2 FROM t', 'SELECT * FROM t FOR UPDATE', 'BEGIN'])
    assert.equal(cls('sql', code), 'mitigation', code);
  assert.match(classifyCell('sql', 'SELECT pg_terminate_backend(1)').reason, /pg_terminate_backend/);
});

test('redis: from Redis\'s own command flags', () => {
  for (const code of ['PING', 'INFO', 'GET k', 'CONFIG GET maxmemory', 'CLIENT LIST', 'SLOWLOG GET 10', 'SCAN 0', 'TTL k']) assert.equal(cls('redis', code), 'diagnostic', code);
  for (const code of ['FLUSHDB', 'SET k v', 'DEL k', 'CONFIG SET maxmemory 1gb', 'CLIENT KILL ID 5', 'SHUTDOWN', 'EVAL "return 1" 0', 'SCRIPT FLUSH', 'NOTACOMMAND']) assert.equal(cls('redis', code), 'mitigation', code);
  assert.match(classifyCell('redis', 'FLUSHDB').reason, /flag `write`/);
});

test('http: methods', () => {
  assert.equal(cls('http', 'GET https://x/health'), 'diagnostic');
  assert.equal(cls('http', 'https://x/health'), 'diagnostic');
  assert.equal(cls('http', 'HEAD https://x'), 'diagnostic');
  assert.equal(cls('http', 'POST https://x/api/admin/maintenance\n\n{"enabled":true}'), 'mitigation');
  assert.equal(cls('http', 'GET https://x\n###\nDELETE https://x/1'), 'mitigation');
});

test('the mutates attribute wins', () => {
  assert.equal(cls('shell', 'pm2 restart x', { mutates: false }), 'diagnostic');
  assert.equal(cls('sql', 'SELECT 1', { mutates: true }), 'mitigation');
});

test('shell: options before the verb, wrappers, keywords, nested commands and substitutions are read', () => {
  const mitigations = [
    'kubectl -n prod rollout restart deploy/api',
    'kubectl --namespace prod delete pod x',
    'helm -n prod rollback api 3',
    'git -C /srv/app push',
    'curl -sX POST https://x/api/admin/maintenance',
    'curl -sXPOST https://x',
    'curl -sd x=1 https://x',
    'pgrep -f worker | xargs -r kill',
    'pgrep -f worker | xargs -n 1 -r kill -9',
    'if pgrep nginx; then systemctl restart nginx; fi',
    'for p in $(pgrep worker); do kill $p; done',
    'while true; do pm2 restart api; sleep 5; done',
    '{ systemctl restart nginx; }',
    '! systemctl restart nginx',
    'echo `rm -rf x`',
    '$(rm -rf x)',
    'echo "$(rm -rf x)"',
    'echo "result: $(kubectl -n prod delete pod x)"',
    'find /tmp/cache -name "*.tmp" -delete',
    'find /tmp -name core -exec rm {} \\;',
    'find /tmp -type f -execdir rm -f {} +',
    'wget --post-data=enabled=true https://x/admin',
    'wget --method=DELETE https://x/1',
    'wget --method PUT https://x/1',
    'bash -c "systemctl restart nginx"',
    'sh -lc \'pm2 restart api\'',
    'ssh db1 "sudo systemctl restart postgresql"',
    'ssh -p 2222 -i ~/.ssh/key ops@db1 pm2 restart api',
    'eval "kill 123"',
    'env -i FOO=1 pm2 restart api',
    'nice -n 10 rm -rf /tmp/x',
    'timeout -s KILL 30 systemctl restart nginx',
    'timeout 30 systemctl restart nginx',
    'watch -n 5 pm2 restart api',
    'sudo -u postgres psql -c "UPDATE t SET a = 1"',
    'nohup pm2 restart api &',
    'FOO=1 BAR=2 docker restart api',
    '/usr/bin/kill -9 123',
  ];
  const diagnostics = [
    'curl https://api.servio.app/health/detailed | jq',
    'curl -sS https://x/health | jq .status',
    'curl -sSL -o /dev/null -w "%{http_code}" https://x',
    'redis-cli ping',
    'pm2 logs servio-backend --lines 500',
    'pm2 status',
    'ps aux | grep node',
    'tail -f /var/log/nginx/error.log',
    'df -h',
    'free -m',
    'kubectl get pods -n prod',
    'kubectl -n prod logs x',
    'kubectl --namespace prod get deploy api -o yaml',
    'git log',
    'git -C /srv/app log --oneline -5',
    'helm list -n prod',
    'helm -n prod history api',
    'if pgrep nginx; then echo up; else echo down; fi',
    'for h in a b c; do curl -s https://$h/health; done',
    'echo "$(date) $(uptime)"',
    'echo `hostname`',
    'find /var/log -name "*.log" -mtime -1',
    'find /var/log -name "*.log" -exec ls -l {} \\;',
    'wget -qO- https://x/health',
    'bash -c "df -h"',
    'ssh db1 "uptime; df -h"',
    'pgrep -f worker | xargs -r ps -o pid,etime -p',
    'timeout 5 redis-cli ping',
    'watch -n 5 pm2 status',
    'env | grep -c PATH',
    'echo \'$(rm -rf x)\'',
    'command -v kubectl',
    'echo $((1 + 2))',
  ];
  for (const code of mitigations) assert.equal(cls('shell', code), 'mitigation', code);
  for (const code of diagnostics) assert.equal(cls('shell', code), 'diagnostic', code);
});

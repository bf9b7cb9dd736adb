// Which commands only read. Anything not listed here (or in the workspace's
// `.runbooks/commands.yaml`) is a mitigation: asking once too often is cheaper than a surprise.
// Argument checks on top of these lists (`sed -i`, `curl -o`, `git branch -D`) live in guards.ts;
// wrappers, interpreters and database clients are handled in classify.ts.

/** Tools that only read, whatever their verb. A guard in guards.ts may still object to an option. */
export const READ_TOOLS = new Set([
  // Files and text
  'cat', 'tac', 'head', 'tail', 'less', 'more', 'grep', 'egrep', 'fgrep', 'zgrep', 'zcat', 'zless', 'bzcat', 'xzcat', 'zstdcat',
  'rg', 'ag', 'ack', 'jq', 'yq', 'gojq', 'cut', 'sort', 'uniq', 'wc', 'tr', 'column', 'nl', 'fold', 'paste', 'join', 'comm',
  'expand', 'unexpand', 'rev', 'seq', 'numfmt', 'fmt', 'base64', 'base32', 'md5sum', 'sha1sum', 'sha224sum', 'sha256sum',
  'sha384sum', 'sha512sum', 'b2sum', 'cksum', 'sum', 'diff', 'cmp', 'xxd', 'od', 'hexdump', 'strings', 'ls', 'dir', 'tree',
  'stat', 'file', 'find', 'which', 'whereis', 'basename', 'dirname', 'realpath', 'readlink', 'pwd', 'du', 'df', 'look',
  'iconv', 'jless', 'bat', 'tput', 'sensors', 'tshark', 'wireshark', 'capinfos',
  // Shell builtins that only affect the cell's own shell
  'echo', 'printf', 'sleep', 'true', 'false', 'test', '[', ':', 'cd', 'pushd', 'popd', 'dirs', 'exit', 'return', 'break',
  'continue', 'shift', 'wait', 'jobs', 'type', 'read', 'mapfile', 'readarray', 'getopts', 'set', 'shopt', 'unset', 'umask',
  'ulimit', 'hash', 'help', 'times', 'caller', 'let', 'declare', 'typeset', 'local', 'export', 'readonly', 'compgen', 'disown',
  'history', 'unalias', 'logout', 'kill', 'bg', 'fg',
  // System state
  'ps', 'pgrep', 'pidof', 'top', 'htop', 'atop', 'free', 'uptime', 'uname', 'hostname', 'whoami', 'id', 'groups', 'who', 'w',
  'users', 'last', 'lastlog', 'date', 'cal', 'nproc', 'lscpu', 'lsblk', 'blkid', 'findmnt', 'mount', 'lsmod', 'lspci', 'lsusb',
  'lsof', 'vmstat', 'iostat', 'mpstat', 'sar', 'pidstat', 'iotop', 'getent', 'getconf', 'env', 'printenv', 'dmesg', 'journalctl',
  'sysctl', 'arch', 'tty', 'locale', 'lsns', 'lslocks', 'lsipc', 'ipcs', 'pstree', 'pmap', 'slabtop', 'nvidia-smi', 'smartctl',
  'dmidecode', 'ntpq', 'numastat', 'tcpdump', 'ethtool', 'pg_isready', 'pg_controldata', 'pg_lsclusters', 'crontab',
  'systemd-cgls', 'systemd-cgtop', 'lvs', 'pvs', 'vgs', 'lvdisplay', 'pvdisplay', 'vgdisplay', 'xfs_info', 'sestatus', 'getenforce',
  'nvme', 'jstack', 'jstat', 'jmap', 'mongostat', 'mongotop', 'conntrack', 'firewall-cmd',
  'kafka-topics', 'kafka-topics.sh', 'kafka-consumer-groups', 'kafka-consumer-groups.sh',
  // Network
  'ping', 'ping6', 'traceroute', 'traceroute6', 'tracepath', 'mtr', 'dig', 'nslookup', 'host', 'whois', 'ss', 'netstat', 'ip',
  'ifconfig', 'route', 'arp', 'nc', 'ncat', 'curl', 'http', 'https', 'wget', 'openssl', 'iptables', 'ip6tables',
  'ldapsearch',
  // Archives (guarded: only listing and testing, or writing to stdout)
  'tar', 'gzip', 'gunzip', 'bzip2', 'bunzip2', 'xz', 'unxz', 'zstd', 'unzstd', 'lz4', 'unzip', 'zipinfo',
  // Text editors of a stream (guarded: no in-place edits, no files written, no commands run)
  'sed', 'awk', 'gawk', 'mawk', 'nawk', 'tee',
  // Certificates and keys
  'keytool', 'ssh-keygen', 'ssh-keyscan',
  // Observability CLIs that only query
  'stern', 'logcli', 'kube-score', 'kubeconform', 'shellcheck',
  // Guarded: reads only in the forms guards.ts accepts
  'chef-client', 'gitlab-rake', 'smartctl', 'gpgconf',
]);

/** Tools that change things whatever their arguments: named so the reason says so plainly. */
export const CHANGE_TOOLS = new Set([
  'rm', 'rmdir', 'unlink', 'mv', 'cp', 'dd', 'truncate', 'shred', 'ln', 'touch', 'mkdir', 'mktemp', 'install', 'rsync', 'scp', 'sftp',
  'chmod', 'chown', 'chgrp', 'chattr', 'setfacl', 'reboot', 'shutdown', 'halt', 'poweroff', 'pkill', 'killall', 'useradd',
  'userdel', 'usermod', 'groupadd', 'passwd', 'chpasswd', 'mkfs', 'fdisk', 'parted', 'umount', 'swapoff', 'swapon',
  'apt', 'apt-get', 'yum', 'dnf', 'rpm', 'dpkg', 'snap', 'pip', 'pip3', 'gem', 'brew', 'dropdb', 'createdb', 'pg_ctl',
  'pg_ctlcluster', 'vi', 'vim', 'nano', 'emacs', 'split', 'csplit', 'patch', 'modprobe', 'rmmod', 'insmod',
  'iptables-restore', 'ip6tables-restore', 'update-alternatives', 'logrotate', 'wall', 'logger', 'at',
]);

/** A CLI whose verb decides: the verbs (and verb paths) that only read; anything else changes. */
export interface CliTable {
  /** Options before the verb that take a value (`-n prod get`), so the value is not read as the verb. */
  valued?: string[];
  /** Verb paths that only read (`get`, `config view`, `tell * version`); `*` stands for any one word. */
  reads: string[];
  /** Verbs known to change things, named in the reason (anything not a read changes anyway). */
  changes?: string[];
  /** With no verb at all, the tool only reads (`systemctl`, `oc project`); a pattern: only with such an option (`ceph -s`). */
  bareReads?: boolean | RegExp;
}

const KUBE_VALUED = [
  '-n', '--namespace', '--context', '--cluster', '--kubeconfig', '--user', '-s', '--server', '--token', '--as', '--as-group',
  '--request-timeout', '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--cache-dir',
  '-l', '--selector', '-o', '--output', '-c', '--container', '--field-selector', '--sort-by', '-L', '--label-columns', '--since',
  '--since-time', '--tail', '--template', '-f', '--filename', '--loglevel', '--config', '-v', '--v',
];
const KUBE_READS = [
  'get', 'describe', 'logs', 'top', 'explain', 'api-resources', 'api-versions', 'version', 'cluster-info', 'events', 'wait',
  'diff', 'config view', 'config current-context', 'config get-contexts', 'config get-clusters', 'config get-users',
  'auth can-i', 'auth whoami', 'rollout status', 'rollout history', 'plugin list', 'completion', 'kustomize', 'options', 'help',
];
const KUBE_CHANGES = [
  'delete', 'apply', 'create', 'replace', 'patch', 'edit', 'scale', 'autoscale', 'rollout', 'set', 'label', 'annotate', 'expose',
  'run', 'cp', 'drain', 'cordon', 'uncordon', 'taint', 'debug', 'attach', 'port-forward', 'proxy', 'certificate',
];

const OVS_APPCTL_READS = [
  'cluster/status', 'cluster/cid', 'cluster/sid', 'connection-status', 'status', 'list-commands', 'version', 'coverage/show',
  'memory/show', 'dpif/show', 'dpctl/dump-flows', 'dpctl/dump-conntrack', 'ofproto/trace', 'fdb/show', 'bond/show', 'lacp/show',
  'upcall/show', 'vlog/list', 'ct-zone-list', 'debug/chassis-features-list', 'inc-engine/show-stats',
];
const OVN_CTL_READS = ['show', 'list', 'get', 'find', 'lr-list', 'ls-list', 'lsp-list', 'lrp-list', 'lr-route-list', 'lr-nat-list',
  'acl-list', 'lb-list', 'lr-policy-list', 'ha-chassis-group-list', '--version'];

/** Multi-verb CLIs real runbooks use (OpenShift, GitLab, Prometheus Operator, Ceph, Chef, Consul…). */
export const CLI_TABLES: Record<string, CliTable> = {
  kubectl: { valued: KUBE_VALUED, reads: KUBE_READS, changes: KUBE_CHANGES },
  oc: {
    valued: KUBE_VALUED,
    reads: [
      ...KUBE_READS, 'whoami', 'status', 'projects', 'project', 'adm top', 'adm node-logs', 'adm policy who-can',
      'adm release info', 'adm upgrade', 'image info', 'registry info', 'sa get-token', 'serviceaccounts get-token',
    ],
    changes: [...KUBE_CHANGES, 'login', 'logout', 'new-project', 'new-app', 'start-build', 'rsh', 'rsync', 'extract', 'process', 'adm'],
  },
  virtctl: {
    valued: ['-n', '--namespace', '--kubeconfig', '--context'],
    reads: ['version', 'guestosinfo', 'fslist', 'userlist'],
    changes: ['start', 'stop', 'restart', 'migrate', 'pause', 'unpause', 'soft-reboot', 'addvolume', 'removevolume', 'expose',
      'image-upload', 'console', 'vnc', 'ssh', 'scp', 'create'],
  },
  ceph: {
    valued: ['--cluster', '-c', '--conf', '-n', '--name', '--id', '-k', '--keyring', '-m', '-f', '--format', '--connect-timeout'],
    // Without a verb ceph reads commands from its input, unless asked for status.
    bareReads: /^(-s|--status|-w|--watch.*|--version|-v)$/,
    reads: [
      'status', 'health', 'df', 'versions', 'version', 'report', 'features', 'quorum_status', 'mon_status', 'time-sync-status',
      'iostat', 'progress', 'osd tree', 'osd df', 'osd dump', 'osd ls', 'osd stat', 'osd perf', 'osd find', 'osd metadata',
      'osd blocked-by', 'osd utilization', 'osd versions', 'osd map', 'osd ok-to-stop', 'osd safe-to-destroy', 'osd pool ls',
      'osd pool get', 'osd pool stats', 'osd pool autoscale-status', 'osd pool get-quota', 'osd crush tree', 'osd crush dump',
      'osd crush rule ls', 'osd crush rule dump', 'osd crush class ls', 'osd crush show-tunables', 'osd numa-status',
      'pg dump', 'pg stat', 'pg ls', 'pg ls-by-pool', 'pg ls-by-osd', 'pg ls-by-primary', 'pg query', 'pg dump_stuck', 'pg map',
      'mon stat', 'mon dump', 'mon ok-to-stop', 'mon versions', 'mgr stat', 'mgr dump', 'mgr module ls', 'mgr services',
      'mgr versions', 'mds stat', 'fs ls', 'fs status', 'fs dump', 'fs get', 'config get', 'config dump', 'config show',
      'config ls', 'config log', 'config help', 'auth ls', 'auth list', 'auth get', 'crash ls', 'crash ls-new', 'crash info',
      'crash stat', 'orch ls', 'orch ps', 'orch host ls', 'orch device ls', 'orch status', 'balancer status', 'log last',
      'node ls', 'telemetry status', 'device ls', 'tell * version', 'tell * config get', 'tell * config show', 'tell * config diff',
      'tell * perf dump', 'tell * dump_historic_ops', 'tell * dump_ops_in_flight', 'tell * dump_blocked_ops', 'tell * ops', 'tell * status', 'tell * heap stats', 'osd status', 'daemon * ops', 'daemon * dump_blocked_ops', 'daemon * dump_historic_slow_ops', 'tell * dump_historic_slow_ops', 'fs subvolume ls', 'fs subvolume info', 'fs subvolumegroup ls', 'fs subvolume snapshot ls',
      'daemon * version', 'daemon * config get', 'daemon * config show', 'daemon * config diff', 'daemon * perf dump',
      'daemon * dump_historic_ops', 'daemon * dump_ops_in_flight', 'daemon * status', 'health detail',
    ],
    changes: ['osd set', 'osd unset', 'osd out', 'osd in', 'osd down', 'osd rm', 'osd purge', 'osd destroy', 'osd reweight',
      'osd pool set', 'osd pool create', 'osd pool delete', 'osd pool rm', 'osd crush reweight', 'osd crush rm', 'config set',
      'config rm', 'tell * injectargs', 'tell * config set', 'daemon * config set', 'mgr fail', 'mgr module enable',
      'mgr module disable', 'mon remove', 'fs fail', 'fs set', 'pg repair', 'pg scrub', 'pg deep-scrub', 'auth del', 'auth rm',
      'auth add', 'crash archive', 'crash archive-all', 'crash rm', 'orch apply', 'orch rm', 'orch daemon', 'balancer on',
      'balancer off'],
  },
  rbd: {
    valued: ['-p', '--pool', '--id', '-c', '--conf', '--cluster', '-m', '--format', '-n', '--name', '--namespace'],
    reads: ['ls', 'list', 'info', 'status', 'du', 'disk-usage', 'children', 'showmapped', 'snap ls', 'snap list', 'trash ls',
      'trash list', 'mirror image status', 'mirror pool status', 'mirror pool info', 'device list', 'journal info', 'pool stats'],
  },
  etcdctl: {
    valued: ['--endpoints', '--cacert', '--cert', '--key', '-w', '--write-out', '--command-timeout', '--dial-timeout', '--user', '--password'],
    reads: ['get', 'endpoint health', 'endpoint status', 'endpoint hashkv', 'member list', 'alarm list', 'version', 'user list',
      'user get', 'role list', 'role get', 'auth status', 'watch', 'snapshot status', 'lease list', 'lease timetolive'],
    changes: ['put', 'del', 'defrag', 'compact', 'alarm disarm', 'member remove', 'member add', 'move-leader', 'snapshot save', 'check perf'],
  },
  helm: {
    valued: ['-n', '--namespace', '--kube-context', '--kubeconfig', '--registry-config', '--repository-cache', '--repository-config'],
    reads: ['list', 'ls', 'status', 'get', 'history', 'hist', 'show', 'inspect', 'template', 'version', 'search', 'lint',
      'repo list', 'repo ls', 'env', 'plugin list', 'verify', 'dependency list', 'dep list'],
    changes: ['install', 'upgrade', 'uninstall', 'delete', 'rollback', 'test', 'pull'],
  },
  argocd: {
    valued: ['--server', '--auth-token', '--grpc-web-root-path', '--config', '--argocd-context', '--port-forward-namespace'],
    reads: ['app list', 'app get', 'app diff', 'app history', 'app logs', 'app resources', 'app manifests', 'app wait',
      'version', 'context', 'cluster list', 'cluster get', 'proj list', 'proj get', 'repo list', 'repo get', 'account list',
      'account get', 'account get-user-info', 'appset list', 'appset get', 'cert list', 'gpg list', 'repocreds list'],
    changes: ['app sync', 'app delete', 'app set', 'app rollback', 'app terminate-op', 'app create', 'app patch', 'app actions'],
  },
  velero: {
    valued: ['-n', '--namespace', '--kubeconfig', '--kubecontext'],
    reads: ['get', 'describe', 'logs', 'version', 'backup get', 'backup describe', 'backup logs', 'restore get', 'restore describe',
      'restore logs', 'schedule get', 'schedule describe', 'backup-location get', 'snapshot-location get', 'plugin get',
      'repo get', 'restic repo get'],
  },
  knife: {
    valued: ['-c', '--config', '-s', '--server-url', '-k', '--key', '-u', '--user', '-E', '--environment', '-F', '--format'],
    reads: ['node list', 'node show', 'search', 'status', 'role show', 'role list', 'cookbook list', 'cookbook show',
      'environment show', 'environment list', 'client list', 'client show', 'data bag list', 'data bag show', 'user list',
      'user show', 'tag list', 'vault show', 'vault list'],
    changes: ['vault edit', 'vault create', 'vault update', 'vault delete', 'vault refresh', 'node delete', 'node edit',
      'node run_list', 'client delete', 'role edit', 'role from', 'environment from', 'data bag from', 'data bag edit',
      'cookbook upload', 'cookbook delete', 'exec', 'bootstrap'],
  },
  consul: {
    reads: ['members', 'info', 'catalog services', 'catalog nodes', 'catalog datacenters', 'kv get', 'kv export',
      'operator raft list-peers', 'operator autopilot get-config', 'operator autopilot state', 'monitor', 'version',
      'acl token read', 'acl token list', 'acl policy list', 'acl policy read', 'intention list', 'intention get',
      'intention check', 'snapshot inspect', 'rtt', 'peering list', 'peering read', 'config list', 'config read'],
    changes: ['kv put', 'kv delete', 'kv import', 'leave', 'force-leave', 'join', 'reload', 'lock', 'exec', 'snapshot save',
      'snapshot restore', 'maint'],
  },
  vault: {
    reads: ['status', 'read', 'list', 'kv get', 'kv list', 'kv metadata get', 'token lookup', 'version', 'policy read',
      'policy list', 'secrets list', 'auth list', 'audit list', 'operator raft list-peers', 'operator raft autopilot state',
      'operator members', 'operator key-status', 'path-help', 'lease lookup', 'print token'],
    changes: ['write', 'delete', 'kv put', 'kv delete', 'kv destroy', 'kv patch', 'kv rollback', 'kv undelete', 'operator',
      'secrets enable', 'secrets disable', 'auth enable', 'auth disable', 'policy write', 'policy delete', 'token revoke',
      'token create', 'lease revoke', 'login', 'unwrap'],
  },
  'gitlab-ctl': {
    reads: ['status', 'tail', 'show-config', 'service-list', 'get-redis-master', 'patroni members', 'diff-config', 'check-config',
      'help', 'get-postgresql-primary'],
    changes: ['restart', 'stop', 'start', 'reconfigure', 'hup', 'kill', 'term', 'int', 'usr1', 'usr2', 'upgrade', 'cleanse',
      'uninstall', 'remove-accounts', 'pg-upgrade', 'backup-etc', 'renew-le-certs', 'once', 'graceful-kill', 'patroni'],
  },
  crictl: {
    reads: ['ps', 'pods', 'images', 'img', 'inspect', 'inspecti', 'inspectp', 'logs', 'stats', 'statsp', 'info', 'version', 'imagefsinfo'],
    changes: ['rm', 'rmi', 'rmp', 'stop', 'stopp', 'exec', 'pull', 'run', 'runp', 'create', 'start', 'update'],
  },
  docker: dockerTable(),
  podman: dockerTable(['pod ps', 'pod inspect', 'pod logs', 'pod top', 'pod stats', 'pod exists', 'machine list', 'healthcheck run']),
  'docker-compose': { valued: ['-f', '--file', '-p', '--project-name'], reads: ['ps', 'logs', 'config', 'images', 'top', 'ls', 'version'] },
  systemctl: {
    valued: ['-H', '--host', '-M', '--machine', '-t', '--type', '-p', '--property', '--state', '-n', '--lines', '-o', '--output', '--root'],
    bareReads: true,
    reads: ['status', 'show', 'cat', 'list-units', 'list-unit-files', 'list-timers', 'list-sockets', 'list-jobs', 'list-dependencies',
      'list-machines', 'list-automounts', 'list-paths', 'is-active', 'is-enabled', 'is-failed', 'is-system-running', 'get-default',
      'show-environment', 'help'],
    changes: ['start', 'stop', 'restart', 'reload', 'try-restart', 'reload-or-restart', 'kill', 'enable', 'disable', 'mask', 'unmask',
      'daemon-reload', 'isolate', 'reboot', 'poweroff', 'halt', 'set-property', 'edit', 'reset-failed'],
  },
  service: { bareReads: true, reads: ['* status'], changes: ['* restart', '* stop', '* start', '* reload'] },
  git: {
    valued: ['-C', '--git-dir', '--work-tree', '--namespace'],
    reads: ['status', 'log', 'show', 'diff', 'rev-parse', 'describe', 'blame', 'grep', 'ls-files', 'ls-remote', 'ls-tree', 'cat-file',
      'shortlog', 'whatchanged', 'branch', 'tag', 'config', 'remote', 'version', 'help', 'stash list', 'stash show', 'worktree list',
      'submodule status', 'count-objects', 'fsck', 'rev-list', 'merge-base', 'name-rev', 'reflog show', 'notes list', 'notes show', 'show-ref',
      'for-each-ref', 'var', 'check-ignore', 'verify-commit', 'verify-tag'],
    changes: ['push', 'commit', 'reset', 'revert', 'merge', 'rebase', 'checkout', 'switch', 'restore', 'pull', 'fetch', 'clean',
      'stash', 'cherry-pick', 'am', 'apply', 'rm', 'mv', 'add', 'clone', 'init', 'gc'],
  },
  pm2: {
    reads: ['list', 'ls', 'l', 'status', 'show', 'describe', 'info', 'logs', 'log', 'monit', 'jlist', 'prettylist', 'env', 'id'],
    changes: ['restart', 'reload', 'stop', 'start', 'delete', 'del', 'kill', 'scale', 'flush', 'reset', 'update', 'deploy',
      'startOrRestart', 'startOrReload', 'gracefulReload', 'save', 'resurrect'],
  },
  npm: {
    valued: ['--prefix', '-C', '-w', '--workspace'],
    reads: ['ls', 'list', 'll', 'la', 'view', 'v', 'info', 'show', 'outdated', 'config get', 'config list', 'doctor', 'audit', 'search',
      'whoami', 'ping', 'explain', 'why', 'query', 'root', 'prefix', 'help', 'fund'],
    changes: ['install', 'i', 'ci', 'uninstall', 'publish', 'update', 'run', 'run-script', 'start', 'restart', 'stop', 'exec', 'audit fix'],
  },
  terraform: {
    valued: ['-chdir'],
    reads: ['plan', 'show', 'output', 'state list', 'state show', 'state pull', 'validate', 'version', 'fmt', 'providers', 'graph',
      'workspace list', 'workspace show'],
    changes: ['apply', 'destroy', 'import', 'taint', 'untaint', 'init', 'refresh', 'state rm', 'state mv', 'state push', 'force-unlock'],
  },
  nodetool: {
    valued: ['-h', '--host', '-p', '--port', '-u', '--username', '-pw', '--password', '-pwf', '--password-file'],
    reads: ['status', 'info', 'tpstats', 'ring', 'describecluster', 'netstats', 'compactionstats', 'compactionhistory', 'cfstats',
      'tablestats', 'gossipinfo', 'proxyhistograms', 'cfhistograms', 'tablehistograms', 'version', 'getcompactionthroughput',
      'getstreamthroughput', 'statusbinary', 'statusgossip', 'statushandoff', 'statusthrift', 'statusbackup', 'describering',
      'getendpoints', 'listsnapshots', 'getlogginglevels', 'gettimeout', 'viewbuildstatus', 'getseeds', 'failuredetector',
      'toppartitions', 'getsstables', 'rangekeysample', 'help'],
    changes: ['repair', 'flush', 'decommission', 'drain', 'cleanup', 'compact', 'removenode', 'move', 'rebuild', 'scrub',
      'snapshot', 'clearsnapshot', 'stopdaemon', 'disablegossip', 'disablebinary', 'assassinate', 'truncatehints'],
  },
  patronictl: {
    valued: ['-c', '--config-file', '-d', '--dcs-url'],
    reads: ['list', 'history', 'show-config', 'topology', 'version', 'dsn'],
    changes: ['switchover', 'failover', 'restart', 'reload', 'reinit', 'pause', 'resume', 'edit-config', 'remove', 'flush'],
  },
  'wal-g': { valued: ['--config'], reads: ['backup-list', 'wal-show', 'wal-verify', 'st ls', 'st check', 'version'] },
  amtool: {
    valued: ['--alertmanager.url', '-o', '--output'],
    reads: ['alert', 'alert query', 'silence query', 'silence', 'check-config', 'config', 'config show', 'config routes', 'cluster show'],
    changes: ['alert add', 'silence add', 'silence expire', 'silence import', 'silence update'],
  },
  ocm: { reads: ['get', 'describe', 'list', 'whoami', 'version', 'account status', 'config get'] },
  gsutil: { reads: ['ls', 'cat', 'du', 'stat', 'version', 'hash', 'iam get', 'acl get', 'versioning get', 'lifecycle get', 'signurl'] },
  virsh: {
    valued: ['-c', '--connect'],
    reads: ['list', 'dominfo', 'domstate', 'dumpxml', 'domblklist', 'domiflist', 'domifaddr', 'nodeinfo', 'version', 'capabilities',
      'net-list', 'pool-list', 'vol-list', 'domstats', 'dommemstat', 'vcpuinfo', 'domblkinfo', 'domblkstat', 'domjobinfo', 'uri', 'hostname'],
  },
  odf: { reads: ['get', 'subvolume ls', 'cephfs-snap ls', 'help'] },
  rados: { valued: ['-p', '--pool', '-c', '--conf', '--id', '-n', '--name', '-N', '--namespace', '-m'],
    reads: ['df', 'lspools', 'ls', 'stat', 'listomapkeys', 'listomapvals', 'getomapval', 'getxattr', 'listxattr', 'list-inconsistent-obj',
      'list-inconsistent-snapset', 'list-inconsistent-pg'] },
  'radosgw-admin': { reads: ['user info', 'user list', 'user stats', 'bucket stats', 'bucket list', 'bucket limit check', 'usage show',
    'gc list', 'sync status', 'period get', 'zonegroup get', 'zone get', 'realm list', 'metadata list', 'metadata get', 'lc list'] },
  'systemd-analyze': { bareReads: true, reads: ['time', 'blame', 'critical-chain', 'cat-config', 'verify', 'security', 'dump'] },
  zpool: { reads: ['status', 'list', 'iostat', 'get', 'history', 'events'] },
  zfs: { reads: ['list', 'get'] },
  tc: { valued: ['-n', '-netns'], reads: ['qdisc show', 'qdisc ls', 'class show', 'class ls', 'filter show', 'filter ls', 'monitor'] },
  rabbitmqctl: { valued: ['-n', '--node'], reads: ['status', 'cluster_status', 'list_queues', 'list_exchanges', 'list_bindings',
    'list_connections', 'list_channels', 'list_consumers', 'list_users', 'list_vhosts', 'list_permissions', 'list_policies', 'environment',
    'report', 'node_health_check', 'ping'] },
  'rabbitmq-diagnostics': { valued: ['-n', '--node'], reads: ['status', 'ping', 'check_running', 'check_alarms', 'alarms', 'listeners',
    'memory_breakdown', 'environment', 'cluster_status', 'check_port_connectivity', 'check_virtual_hosts', 'log_tail', 'check_local_alarms'] },
  'gitlab-runner': { reads: ['list', 'status', 'help'] },
  tsh: { valued: ['--proxy', '--user', '--cluster', '-l', '--login'], reads: ['status', 'ls', 'version', 'db ls', 'kube ls', 'apps ls', 'request ls', 'request show', 'clusters'] },
  tctl: { valued: ['-c', '--config', '--auth-server'], reads: ['status', 'version', 'get', 'request ls', 'users ls', 'nodes ls', 'tokens ls', 'alerts ls', 'top'] },
  'ovn-appctl': { valued: ['-t', '--target', '-T', '--timeout'], reads: OVS_APPCTL_READS },
  'ovs-appctl': { valued: ['-t', '--target', '-T', '--timeout'], reads: OVS_APPCTL_READS },
  'ovs-vsctl': { valued: ['--db', '-t', '--timeout'], reads: ['show', 'list', 'get', 'find', 'list-br', 'list-ports', 'list-ifaces', 'br-exists', 'port-to-br', 'iface-to-br', 'get-manager', 'get-controller', '--version'] },
  'ovs-ofctl': { valued: ['-O', '--protocols'], reads: ['show', 'dump-flows', 'dump-ports', 'dump-ports-desc', 'dump-tables', 'dump-groups', 'dump-meters', 'queue-stats', 'snoop'] },
  'ovn-nbctl': { valued: ['--db', '-t', '--timeout'], reads: OVN_CTL_READS },
  'ovn-sbctl': { valued: ['--db', '-t', '--timeout'], reads: [...OVN_CTL_READS, 'lflow-list', 'dump-flows', 'chassis-list'] },
  bq: { valued: ['--project_id', '--location', '--format'], reads: ['show', 'ls', 'head', 'version'] },
  mysqladmin: { valued: ['-u', '--user', '-h', '--host', '-P', '--port', '-S', '--socket'], reads: ['status', 'processlist', 'variables', 'extended-status', 'version', 'ping'] },
  certbot: { reads: ['certificates'] },
  promtool: { reads: ['query', 'check', 'test', 'tsdb analyze', 'tsdb list', 'tsdb dump'] },
  mimirtool: { reads: ['rules list', 'rules get', 'rules print', 'rules lint', 'rules check', 'rules diff', 'alertmanager get', 'analyze', 'version'] },
  pint: { reads: ['lint', 'ci', 'version'] },
  timedatectl: { bareReads: true, reads: ['status', 'show', 'list-timezones', 'timesync-status', 'show-timesync'] },
  hostnamectl: { bareReads: true, reads: ['status', 'show'] },
  loginctl: { bareReads: true, reads: ['list-sessions', 'list-users', 'list-seats', 'show-session', 'show-user', 'show-seat',
    'session-status', 'user-status', 'seat-status'] },
  resolvectl: { bareReads: true, reads: ['status', 'query', 'statistics'] },
  chronyc: { bareReads: false, reads: ['tracking', 'sources', 'sourcestats', 'activity', 'clients', 'ntpdata', 'serverstats'] },
  nft: { reads: ['list'] },
  ipmitool: { valued: ['-I', '-H', '-U', '-P', '-L', '-p'], reads: ['sel list', 'sel elist', 'sel info', 'sdr', 'sdr list', 'sensor',
    'sensor list', 'chassis status', 'mc info', 'fru', 'lan print'] },
};

function dockerTable(extra: string[] = []): CliTable {
  return {
    valued: ['-H', '--host', '--context', '-c', '--config', '-l', '--log-level'],
    reads: [
      'ps', 'logs', 'inspect', 'stats', 'images', 'version', 'info', 'top', 'events', 'port', 'diff', 'history', 'search',
      'image ls', 'image list', 'image inspect', 'image history', 'container ls', 'container list', 'container inspect',
      'container logs', 'container top', 'container port', 'container diff', 'container stats', 'network ls', 'network inspect',
      'volume ls', 'volume inspect', 'system df', 'system info', 'system events', 'compose ps', 'compose logs', 'compose config',
      'compose images', 'compose top', 'compose ls', 'compose version', 'context ls', 'context inspect', 'context show',
      'node ls', 'node inspect', 'node ps', 'service ls', 'service ps', 'service inspect', 'service logs', 'stack ls', 'stack ps',
      'stack services', 'secret ls', 'secret inspect', 'config ls', 'config inspect', 'buildx ls', 'manifest inspect', ...extra,
    ],
    changes: ['stop', 'restart', 'kill', 'rm', 'rmi', 'run', 'start', 'pause', 'unpause', 'update', 'exec', 'prune', 'pull', 'push',
      'build', 'cp', 'commit', 'login', 'compose up', 'compose down', 'compose restart', 'system prune'],
  };
}

/** Cloud CLIs: verbs that only read, and verbs that change resources (kept from the first classifier). */
export const CLOUD_CLIS = new Set(['aws', 'gcloud', 'az']);
export const CLOUD_READ_VERB = /^(describe|list|get|show|ls|read|tail|info|version|cat|search|lookup|head|wait|validate|estimate|print-access-token|print-identity-token|get-value|whoami|check|filter-log-events|query)([-_].*)?$/;
export const CLOUD_CHANGE_VERB = /^(create|delete|modify|update|put|terminate|stop|start|reboot|run|attach|detach|associate|disassociate|deregister|register|set|remove|add|scale|restore|reset|invalidate|revoke|authorize|apply|import|deploy|resize|failover|promote|send|invoke|execute|ssh|scp|connect|cp|mv|rm|sync|mb|rb|publish|enable|disable|rotate|purge|cancel|patch|replace|resume|suspend|login|logout|activate|export|copy|move|upload|download|tag|untag|get-credentials|rollback|upgrade|snapshot|clone|lock|unlock|mount|unmount|swap|undelete|batch-write|batch-delete|increase|decrease|accept|reject|approve|submit|trigger|signal|terminate-.*)([-_].*)?$/;
/** Options of the cloud CLIs that take a value, so the value is not read as a verb. */
export const CLOUD_VALUED = new Set([
  '--region', '--profile', '--output', '--endpoint-url', '--query', '--color', '--ca-bundle', '--cli-read-timeout',
  '--cli-connect-timeout', '--project', '--zone', '--format', '--filter', '--limit', '--account', '--configuration',
  '--flatten', '--sort-by', '--verbosity', '--impersonate-service-account', '--subscription', '-g', '--resource-group',
  '-n', '--name', '-o', '--location', '-l',
]);

/** Interpreters: given code (`-c`, `-e`, a script, stdin), they run what this cannot read. */
export const INTERPRETERS = new Set([
  'python', 'python2', 'python3', 'pypy', 'pypy3', 'node', 'nodejs', 'deno', 'bun', 'perl', 'ruby', 'irb', 'php', 'lua',
  'luajit', 'Rscript', 'tclsh', 'expect', 'osascript', 'pwsh', 'powershell', 'java', 'jshell', 'groovy', 'scala', 'julia',
  'ts-node', 'tsx', 'npx', 'bunx', 'pnpx', 'gitlab-rails', 'rails', 'rake', 'bundle', 'make', 'ansible', 'ansible-playbook',
  'chef-apply', 'chef-shell', 'cqlsh', 'gdb', 'ltrace', 'perf', 'valgrind',
]);

/** Shells: their `-c` string and their stdin are shell text, classified like the cell. */
export const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'busybox']);

/**
 * Always a mitigation whatever follows: they load code into this shell, or ask for rights through
 * a desktop prompt. (`sudo` and `doas` are wrappers: what they run decides, see wrappers.ts.)
 */
export const ALWAYS_CHANGES: Record<string, string> = {
  pkexec: 'runs with `pkexec`',
  source: '`source` runs a file this cannot read',
  '.': '`.` runs a file this cannot read',
  enable: '`enable` loads or turns off shell builtins',
};

/** Variables that change how the shell or the tools it starts behave, or where they find programs. */
export const DANGEROUS_VARIABLE = /^(IFS|PATH|POSIXLY_CORRECT|BASH_ENV|ENV|PS4|PROMPT_COMMAND|SHELLOPTS|BASHOPTS|BASH_.*|GLOBIGNORE|CDPATH|HOME|XDG_CONFIG_HOME|LD_.*|DYLD_.*|NODE_OPTIONS|NODE_PATH|PYTHON.*|PERL5.*|PERLLIB|RUBYOPT|RUBYLIB|GIT_.*|LESSOPEN|LESSCLOSE|PAGER|.*_PAGER|EDITOR|VISUAL|.*_EDITOR|KUBECTL_EXTERNAL_DIFF|SSH_ASKPASS|SUDO_ASKPASS|GCONV_PATH|HOSTALIASES|RESOLV_HOST_CONF|MALLOC_.*|OPENSSL_CONF|CURL_HOME|WGETRC|PSQLRC|MYSQL_HOME|REDISCLI_RCFILE|INPUTRC|TMOUT)$/;

/** Where a program named by its path may live and still be the tool its name says. */
export const SYSTEM_BIN = /^\/(usr\/(local\/)?)?s?bin\/[^/]+$|^\/opt\/[\w.-]+\/(embedded\/)?s?bin\/[^/]+$/;

/** Output redirections that change nothing. */
export const HARMLESS_TARGET = /^\/dev\/(null|stdout|stderr|tty|fd\/\d+)$/;

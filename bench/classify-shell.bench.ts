// Shell classification: the budget is 1 ms per typical cell. Measured on the bundle as it
// ships (esbuild, no tsx wrappers), beside mvdan/sh's own parse of the same cells as the baseline.
import { measurePair, shippedBundle, type Bench } from './lib';

/** A few lines of kubectl/grep/curl, as runbooks have them. */
const TYPICAL = [
  'kubectl get pods -n prod | grep -v Running',
  'curl -s https://api.example.com/health | jq .status',
  'oc -n openshift-monitoring logs -l app.kubernetes.io/name=prometheus --tail=100 | grep -i error',
  'NS=openshift-etcd\noc -n "$NS" get pods -o wide\noc -n "$NS" rsh -c etcdctl etcd-0 etcdctl endpoint health',
  'psql "$DATABASE_URL" -c "SELECT count(*) FROM pg_stat_activity;"',
  'ps aux | grep node | awk \'{print $2}\' | sort | uniq -c',
];

const bench: Bench = {
  title: 'Shell classification',
  async run() {
    const { classifyShell, parseShell } = await shippedBundle<{ classifyShell: (code: string) => unknown; parseShell: (code: string) => unknown }>(
      "export { classifyShell } from './src/core/exec/shell/classify'; export { parseShell } from './src/core/exec/shell/syntax';",
    );
    let i = 0;
    const { ours, baseline } = await measurePair(
      () => classifyShell(TYPICAL[i++ % TYPICAL.length]),
      () => parseShell(TYPICAL[i % TYPICAL.length]),
    );
    return [
      {
        name: 'classify a typical shell cell',
        value: ours,
        unit: 'ms',
        baseline: { name: 'mvdan/sh parse alone', value: baseline },
        ratio: ours / baseline,
        target: '≤ 1 ms',
        ok: ours <= 1,
        notes: `${TYPICAL.length} cells of kubectl, oc, curl, psql, grep`,
      },
    ];
  },
};

export default bench;

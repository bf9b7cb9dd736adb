// A subscriber process for share.bench.ts, so its memory and CPU are its own: `share` follows the
// workspace's incidents with IncidentShare; `raw` is the least any subscriber does, an ioredis
// XREAD BLOCK loop over the same streams that writes nothing. Prints `ready` once following.
import Redis from 'ioredis';
import { IncidentStore } from '../src/core/incident/store';
import { shareConfig } from '../src/core/share/config';
import { IncidentShare } from '../src/core/share/share';

async function main() {
  const [mode, url, prefix, root, ids] = process.argv.slice(2);
  const incidents = ids.split(',');
  let stop: () => Promise<void>;
  if (mode === 'share') {
    const share = new IncidentShare({ store: new IncidentStore(root), config: shareConfig(url, prefix), actor: 'bench', incidents });
    await share.start();
    stop = () => share.stop();
  } else {
    const redis = new Redis(url);
    const cursors = incidents.map(() => '$');
    let running = true;
    const loop = (async () => {
      while (running) {
        const reply = (await redis.xread('COUNT', 1000, 'BLOCK', 1000, 'STREAMS', ...incidents.map((i) => `${prefix}:incident:${i}`), ...cursors).catch(() => null)) as unknown;
        if (!Array.isArray(reply)) continue;
        // RESP3 hands the map over flat ([key, entries, …]) or as pairs: take the last id of each.
        const pairs: Array<[string, Array<[string, string[]]>]> = Array.isArray(reply[0]) ? reply : [];
        if (!pairs.length) for (let i = 0; i + 1 < reply.length; i += 2) pairs.push([reply[i], reply[i + 1]]);
        for (const [key, entries] of pairs) cursors[incidents.indexOf(key.slice(`${prefix}:incident:`.length))] = entries[entries.length - 1][0];
      }
    })();
    stop = async () => {
      running = false;
      redis.disconnect();
      await loop;
    };
  }
  process.stdout.write('ready\n');
  process.stdin.resume();
  process.stdin.on('end', () => void stop().then(() => process.exit(0)));
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});

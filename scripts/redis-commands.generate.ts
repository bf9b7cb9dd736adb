// Regenerates src/core/exec/redis/commands.json from the installed redis-server's own `COMMAND` reply, so
// Redis cells are classified by Redis's command flags rather than a hand-kept list.
//   node --import tsx scripts/redis-commands.generate.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { startRedis } from '../test/support/services';

type Entry = { flags: string[]; subcommands?: Record<string, { flags: string[] }> };

async function main() {
  const server = await startRedis();
  const client = new Redis(server.url);
  try {
    const info = (await client.call('INFO', 'server')) as string;
    const version = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    const reply = (await client.call('COMMAND')) as unknown[][];
    const commands: Record<string, Entry> = {};
    for (const c of reply) {
      const entry: Entry = { flags: (c[2] as string[]).map(String).sort() };
      const subs = (c[9] as unknown[][] | undefined) ?? [];
      if (subs.length) {
        entry.subcommands = {};
        for (const s of subs) entry.subcommands[String(s[0]).split('|')[1]] = { flags: (s[2] as string[]).map(String).sort() };
      }
      commands[String(c[0]).toLowerCase()] = entry;
    }
    const sorted = Object.fromEntries(Object.entries(commands).sort(([a], [b]) => a.localeCompare(b)));
    const out = join(__dirname, '..', 'src', 'core', 'exec', 'redis', 'commands.json');
    writeFileSync(out, JSON.stringify({ source: `redis-server ${version} COMMAND`, commands: sorted }, null, 1) + '\n');
    console.log(`wrote ${out}: ${Object.keys(sorted).length} commands from redis ${version}`);
  } finally {
    client.disconnect();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

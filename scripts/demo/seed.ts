// Fills the demo world's servers: a `servio` database from seed.sql, and Redis keys that look
// like a running app's (sessions, cache entries with TTLs, a request counter, rate-limit hits).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { Redis } from 'ioredis';

export const DEMO_DATABASE = 'servio';

/** Creates the demo database next to `postgres` and loads seed.sql; returns its URL. */
export async function seedPostgres(adminUrl: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DEMO_DATABASE}`);
    await admin.query(`CREATE DATABASE ${DEMO_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${DEMO_DATABASE}`;
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  try {
    await db.query(readFileSync(join(__dirname, 'seed.sql'), 'utf8'));
  } finally {
    await db.end();
  }
  return url.toString();
}

export async function seedRedis(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    // A ceiling, so "used memory vs maxmemory" means something in the cache stats.
    await redis.config('SET', 'maxmemory', '64mb');
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const batch = redis.multi();
    for (let i = 1; i <= 25; i++) {
      const id = `sess-${String(i).padStart(4, '0')}`;
      batch.hset(`session:${id}`, { userId: String(i), createdAt: new Date().toISOString(), ip: `198.51.100.${10 + i}` });
      batch.expire(`session:${id}`, 3600);
    }
    batch.hset('session:sess-evil', { userId: '3', createdAt: new Date().toISOString(), ip: '203.0.113.66' });
    batch.expire('session:sess-evil', 3600);
    for (let i = 1; i <= 40; i++) {
      batch.set(`cache:product:${i}`, JSON.stringify({ id: i, name: `Product ${i}`, priceCents: 500 + i * 137 }), 'EX', 300);
    }
    for (let i = 1; i <= 15; i++) batch.set(`cache:user:${i}:profile`, JSON.stringify({ id: i }), 'EX', 600);
    batch.set('stats:requests_total', '184213');
    batch.zadd('ratelimit:hits', 9421, '203.0.113.66', 7310, '203.0.113.67', 5127, '203.0.113.80', 212, '198.51.100.23', 97, '198.51.100.14');
    await batch.exec();
    // Some reads, so the hit rate is a real figure rather than "no data".
    for (let i = 1; i <= 60; i++) await redis.get(`cache:product:${1 + (i % 50)}`);
    await redis.incrby('stats:requests_total', 60);
  } finally {
    redis.disconnect();
  }
}

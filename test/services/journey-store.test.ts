import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryJourneyStore } from '../../src/services/journey-store/memory.js';
import { createRedisJourneyStore } from '../../src/services/journey-store/redis.js';
import type { JourneyStore } from '../../src/services/ports.js';
import { type RedisProcess, startRedis } from '../../tooling/support/redis-server.js';
import { journeyStoreContract } from './journey-store.contract.js';

let clock = 1_700_000_000_000;
const memoryStore = createMemoryJourneyStore({ now: () => clock });
journeyStoreContract('memory', () => ({
  store: memoryStore,
  elapse: async (seconds) => {
    clock += seconds * 1000;
  },
}));

let server: RedisProcess;
let redis: Redis;
let redisStore: JourneyStore;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url, { lazyConnect: true });
  await redis.connect();
  redisStore = createRedisJourneyStore(redis);
});

afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

journeyStoreContract('redis', () => ({
  store: redisStore,
  elapse: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
}));

describe('Redis journey store keys', () => {
  it('stores a journey under a hash-tagged key with a TTL', async () => {
    await redisStore.save('abc123', { version: 1, rev: 1, snapshot: { value: 'start' } }, 0, 120);
    expect(await redis.exists('aa:journey:{abc123}')).toBe(1);
    const ttl = await redis.ttl('aa:journey:{abc123}');
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
  });

  it('uses the prefix it is given', async () => {
    const store = createRedisJourneyStore(redis, { prefix: 'other:' });
    await store.save('xyz', { version: 1, rev: 1, snapshot: null }, 0, 60);
    expect(await redis.exists('other:{xyz}')).toBe(1);
    expect(await store.load('xyz')).toEqual({ version: 1, rev: 1, snapshot: null });
  });

  it('fails loudly when Redis is down, and works again once it is back', async () => {
    const outage = await startRedis();
    const client = new Redis(outage.url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    client.on('error', () => {});
    const store = createRedisJourneyStore(client);
    try {
      await store.save('outage', { version: 1, rev: 1, snapshot: 'kept' }, 0, 60);
      await outage.kill();
      await expect(store.load('outage')).rejects.toThrow();
      await outage.restart();
      await expect(store.ping()).resolves.toBeUndefined();
      // Started without persistence, so the journey is gone: a clean miss, not a crash.
      expect(await store.load('outage')).toBeNull();
    } finally {
      client.disconnect();
      await outage.stop();
    }
  });

  it('keeps journeys across a crash when Redis runs with an append-only file', async () => {
    const durable = await startRedis({ appendOnly: true });
    const client = new Redis(durable.url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    client.on('error', () => {});
    const store = createRedisJourneyStore(client);
    try {
      await store.save('durable', { version: 1, rev: 1, snapshot: 'kept' }, 0, 600);
      await durable.kill();
      await durable.restart();
      await store.ping();
      expect(await store.load('durable')).toEqual({ version: 1, rev: 1, snapshot: 'kept' });
    } finally {
      client.disconnect();
      await durable.stop();
    }
  });
});

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryJourneyStore } from '../../src/services/journey-store/memory.js';
import { createRedisJourneyStore } from '../../src/services/journey-store/redis.js';
import {
  createSnapshotSealer,
  SealedSnapshotError,
} from '../../src/services/journey-store/snapshot-sealer.js';
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

// The same contract with every snapshot sealed, as the service runs it.
const sealer = createSnapshotSealer([{ id: 'k1', key: randomBytes(32) }]);
let sealedClock = 1_700_000_000_000;
journeyStoreContract('memory, sealed', () => ({
  store: createMemoryJourneyStore({ now: () => sealedClock, sealer }),
  elapse: async (seconds) => {
    sealedClock += seconds * 1000;
  },
}));
journeyStoreContract('redis, sealed', () => ({
  store: createRedisJourneyStore(redis, { prefix: 'sealed:', sealer }),
  elapse: (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)),
}));

describe('Redis journey store with sealed snapshots', () => {
  const personal = { email: 'alex.morgan@nhs.net', niNumber: 'AB123456C', codeVerifier: 'verifier-xyz' };

  it('keeps rev and version readable for compare-and-set, and nothing of the snapshot in clear', async () => {
    const store = createRedisJourneyStore(redis, { sealer });
    await store.save('sealed-1', { version: 4, rev: 1, snapshot: { context: personal } }, 0, 60);
    const raw = await redis.hgetall('aa:journey:{sealed-1}');
    expect(raw.rev).toBe('1');
    expect(raw.version).toBe('4');
    expect(raw.snapshot).toMatch(/^s1\.k1\.[A-Za-z0-9_-]+$/);
    for (const value of Object.values(personal)) expect(JSON.stringify(raw)).not.toContain(value);
    expect(await store.load('sealed-1')).toEqual({ version: 4, rev: 1, snapshot: { context: personal } });
  });

  it('a journey kept by one instance is read again once another instance has saved it', async () => {
    const one = createRedisJourneyStore(redis, { sealer });
    const other = createRedisJourneyStore(redis, { sealer });
    await one.save('kept-1', { version: 1, rev: 1, snapshot: { view: 'first' } }, 0, 60);
    expect(await one.load('kept-1')).toEqual({ version: 1, rev: 1, snapshot: { view: 'first' } });
    expect(await other.load('kept-1')).toEqual({ version: 1, rev: 1, snapshot: { view: 'first' } });
    expect(await other.save('kept-1', { version: 1, rev: 2, snapshot: { view: 'second' } }, 1, 60)).toBe(
      true,
    );
    expect(await one.load('kept-1')).toEqual({ version: 1, rev: 2, snapshot: { view: 'second' } });
    // A stale writer is refused, and the kept journey follows what is stored.
    expect(await one.save('kept-1', { version: 1, rev: 2, snapshot: { view: 'stale' } }, 1, 60)).toBe(false);
    expect(await one.load('kept-1')).toEqual({ version: 1, rev: 2, snapshot: { view: 'second' } });
  });

  it('a kept journey is not handed out once it has expired or been deleted elsewhere', async () => {
    const store = createRedisJourneyStore(redis, { sealer });
    await store.save('kept-2', { version: 1, rev: 1, snapshot: { view: 'first' } }, 0, 60);
    await store.save('kept-3', { version: 1, rev: 1, snapshot: { view: 'first' } }, 0, 60);
    await redis.del('aa:journey:{kept-2}');
    await redis.pexpire('aa:journey:{kept-3}', 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.load('kept-2')).toBeNull();
    expect(await store.load('kept-3')).toBeNull();
  });

  it('a kept journey is not handed out when its stored snapshot was replaced at the same rev', async () => {
    const store = createRedisJourneyStore(redis, { sealer });
    await store.save('kept-4', { version: 1, rev: 1, snapshot: { view: 'first' } }, 0, 60);
    await redis.hset('aa:journey:{kept-4}', 'snapshot', sealer.seal('kept-4', '{"view":"replaced"}'));
    expect(await store.load('kept-4')).toEqual({ version: 1, rev: 1, snapshot: { view: 'replaced' } });
  });

  it('a snapshot copied under another journey id does not open there', async () => {
    const store = createRedisJourneyStore(redis, { sealer });
    await store.save('victim', { version: 1, rev: 1, snapshot: { context: personal } }, 0, 60);
    await store.save('attacker', { version: 1, rev: 1, snapshot: { context: {} } }, 0, 60);
    const stolen = (await redis.hget('aa:journey:{victim}', 'snapshot')) as string;
    await redis.hset('aa:journey:{attacker}', 'snapshot', stolen);
    await expect(store.load('attacker')).rejects.toThrow(SealedSnapshotError);
  });

  it('a rename seals the snapshot again under the new id', async () => {
    const store = createRedisJourneyStore(redis, { sealer });
    await store.save('before-proof', { version: 1, rev: 1, snapshot: { context: personal } }, 0, 60);
    const old = await redis.hget('aa:journey:{before-proof}', 'snapshot');
    await store.rename('before-proof', 'after-proof');
    const moved = await redis.hget('aa:journey:{after-proof}', 'snapshot');
    expect(moved).not.toBe(old);
    expect((await store.load('after-proof'))?.snapshot).toEqual({ context: personal });
  });

  it('a journey sealed under a retired key reads as gone; one in clear is refused', async () => {
    const old = createSnapshotSealer([{ id: 'old', key: randomBytes(32) }]);
    await createRedisJourneyStore(redis, { sealer: old }).save(
      'retired',
      { version: 1, rev: 1, snapshot: 1 },
      0,
      60,
    );
    expect(await createRedisJourneyStore(redis, { sealer }).load('retired')).toBeNull();
    await createRedisJourneyStore(redis).save('plain', { version: 1, rev: 1, snapshot: personal }, 0, 60);
    await expect(createRedisJourneyStore(redis, { sealer }).load('plain')).rejects.toThrow(/not sealed/);
  });
});

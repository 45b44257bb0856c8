import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityCheckLimiter } from '../../src/services/rate-limits/identity-check-limiter.js';
import {
  createJourneyStartLimiter,
  JOURNEY_START_WINDOW_SECONDS,
} from '../../src/services/rate-limits/journey-start-limiter.js';
import { IDENTITY_CHECK_LIMITS } from '../../src/services/rate-limits/limits.js';
import { type RedisProcess, startRedis } from '../../tooling/support/redis-server.js';

const HASH_KEY = 'rate-limit-test-key-0123456789';

let server: RedisProcess;
let redis: Redis;
let prefixes = 0;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});

afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Variant = 'memory' | 'redis';
const make = (variant: Variant, extra: Partial<Parameters<typeof createIdentityCheckLimiter>[0]> = {}) => {
  const keyPrefix = `rl${prefixes++}:`;
  const limiter = createIdentityCheckLimiter({
    hashKey: HASH_KEY,
    keyPrefix,
    ...(variant === 'redis' ? { redis } : {}),
    ...extra,
  });
  return { limiter, keyPrefix };
};

/** n checks where only the dimension under test repeats. */
async function attempts(
  limiter: ReturnType<typeof createIdentityCheckLimiter>,
  n: number,
  fixed: Partial<{ ip: string; email: string; niNumber: string }>,
) {
  const answers: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const { allowed } = await limiter.consume({
      ip: fixed.ip ?? `10.0.0.${i}`,
      email: fixed.email ?? `person.${i}@nhs.net`,
      niNumber: fixed.niNumber ?? `AB${String(100000 + i)}C`,
    });
    answers.push(allowed);
  }
  return answers;
}

describe('identity check limits', () => {
  it('are the SPEC numbers', () => {
    expect(IDENTITY_CHECK_LIMITS).toEqual({
      perIp: { points: 10, durationSeconds: 900 },
      perEmail: { points: 5, durationSeconds: 3600 },
      perNiNumber: { points: 5, durationSeconds: 3600 },
      lockSeconds: 900,
    });
  });

  it('refuses a short hash key', () => {
    expect(() => createIdentityCheckLimiter({ hashKey: 'short' })).toThrow(/hashKey/);
  });
});

describe.each<Variant>(['memory', 'redis'])('identity check limiter (%s)', (variant) => {
  it('refuses the 11th check from one IP in 15 minutes', async () => {
    const { limiter } = make(variant);
    const answers = await attempts(limiter, 11, { ip: '192.0.2.10' });
    expect(answers).toEqual([...Array(10).fill(true), false]);
    expect((await attempts(limiter, 1, { ip: '192.0.2.11' }))[0]).toBe(true);
  });

  it('refuses the 6th check for one email in an hour, whatever its case', async () => {
    const { limiter } = make(variant);
    const first = await attempts(limiter, 3, { email: 'Alex.Morgan@nhs.net' });
    const rest = await attempts(limiter, 3, { email: ' alex.morgan@NHS.NET ' });
    expect([...first, ...rest]).toEqual([true, true, true, true, true, false]);
  });

  it('refuses the 6th check for one NI number in an hour, however it is typed', async () => {
    const { limiter } = make(variant);
    const first = await attempts(limiter, 3, { niNumber: 'CE654321A' });
    const rest = await attempts(limiter, 3, { niNumber: 'ce 65 43 21 a' });
    expect([...first, ...rest]).toEqual([true, true, true, true, true, false]);
  });

  it('locks the email and the NI number, each on its own', async () => {
    const { limiter } = make(variant);
    await limiter.lock({ email: 'alex.morgan@nhs.net', niNumber: 'AB123456C' });
    const check = (email: string, niNumber: string, ip: string) => limiter.consume({ ip, email, niNumber });
    const lockedFor = { allowed: false, retryAfterMs: expect.any(Number) };
    expect(await check('ALEX.MORGAN@nhs.net', 'JM987654B', '203.0.113.1')).toEqual(lockedFor);
    expect(await check('priya.shah@nhs.net', 'ab 12 34 56 c', '203.0.113.2')).toEqual(lockedFor);
    expect(await check('priya.shah@nhs.net', 'JM987654B', '203.0.113.3')).toEqual({ allowed: true });
  });

  it('says how long the refusing limit still lasts: IP 15 minutes, email and NI number an hour, lock 15 minutes', async () => {
    const waitOf = (answer: { allowed: boolean; retryAfterMs?: number }) =>
      answer.allowed ? null : Math.ceil((answer.retryAfterMs ?? 0) / 60_000);
    const { limiter } = make(variant);
    const ip = await attempts(limiter, 10, { ip: '192.0.2.20' });
    expect(ip.every(Boolean)).toBe(true);
    const byIp = await limiter.consume({ ip: '192.0.2.20', email: 'ip.only@nhs.net', niNumber: 'AB100001C' });
    expect(waitOf(byIp)).toBe(15);

    for (let i = 0; i < 5; i++)
      await limiter.consume({ ip: `10.1.0.${i}`, email: 'email.only@nhs.net', niNumber: `AB20000${i}C` });
    const byEmail = await limiter.consume({
      ip: '10.1.1.1',
      email: 'email.only@nhs.net',
      niNumber: 'AB200009C',
    });
    expect(waitOf(byEmail)).toBe(60);

    for (let i = 0; i < 5; i++)
      await limiter.consume({ ip: `10.2.0.${i}`, email: `ni.${i}@nhs.net`, niNumber: 'CE300003A' });
    const byNi = await limiter.consume({ ip: '10.2.1.1', email: 'ni.other@nhs.net', niNumber: 'CE300003A' });
    expect(waitOf(byNi)).toBe(60);

    await limiter.lock({ email: 'locked.wait@nhs.net', niNumber: 'KP400004D' });
    const byLock = await limiter.consume({
      ip: '10.3.1.1',
      email: 'locked.wait@nhs.net',
      niNumber: 'KP400005D',
    });
    expect(waitOf(byLock)).toBe(15);

    // Refused by two limits at once: until both let go (the longer one).
    const both = await limiter.consume({
      ip: '192.0.2.20',
      email: 'email.only@nhs.net',
      niNumber: 'AB200010C',
    });
    expect(waitOf(both)).toBe(60);
  });

  it('still counts a check that a lock refused', async () => {
    const { limiter } = make(variant);
    await limiter.lock({ email: 'locked@nhs.net', niNumber: 'KP246813D' });
    const answers = await attempts(limiter, 10, { ip: '198.51.100.7', email: 'locked@nhs.net' });
    expect(answers.every((allowed) => !allowed)).toBe(true);
    // The IP has used its 10 checks even though the lock answered first.
    expect((await attempts(limiter, 1, { ip: '198.51.100.7' }))[0]).toBe(false);
  });

  it('lifts a lock once it has run its time', async () => {
    const short = {
      perIp: { points: 100, durationSeconds: 60 },
      perEmail: { points: 100, durationSeconds: 60 },
      perNiNumber: { points: 100, durationSeconds: 60 },
      lockSeconds: 1,
    };
    const { limiter } = make(variant, { limits: short });
    await limiter.lock({ email: 'alex.morgan@nhs.net', niNumber: 'AB123456C' });
    const check = () =>
      limiter.consume({ ip: '192.0.2.1', email: 'alex.morgan@nhs.net', niNumber: 'AB123456C' });
    const refused = await check();
    expect(refused.allowed).toBe(false);
    const wait = refused.allowed ? 0 : refused.retryAfterMs;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(1000);
    await sleep(1200);
    expect(await check()).toEqual({ allowed: true });
  });
});

describe('identity check limiter on Redis', () => {
  it('stores no email, NI number or IP in clear', async () => {
    const { limiter, keyPrefix } = make('redis');
    await limiter.consume({ ip: '192.0.2.55', email: 'Alex.Morgan@nhs.net', niNumber: 'AB 12 34 56 C' });
    await limiter.lock({ email: 'Alex.Morgan@nhs.net', niNumber: 'AB123456C' });
    const keys = await redis.keys(`${keyPrefix}*`);
    expect(keys).toHaveLength(5);
    for (const key of keys) {
      expect(key.toLowerCase()).not.toContain('alex');
      expect(key).not.toContain('@');
      expect(key.toUpperCase()).not.toContain('AB123456C');
      expect(key).not.toContain('192.0.2.55');
      expect(key).toMatch(/[A-Za-z0-9_-]{43}$/);
      expect(await redis.ttl(key)).toBeGreaterThan(0);
    }
  });

  it('shares counters between instances using the same Redis', async () => {
    const keyPrefix = `shared${prefixes++}:`;
    const one = createIdentityCheckLimiter({ hashKey: HASH_KEY, keyPrefix, redis });
    const two = createIdentityCheckLimiter({ hashKey: HASH_KEY, keyPrefix, redis });
    const answers = [
      ...(await attempts(one, 5, { ip: '192.0.2.99' })),
      ...(await attempts(two, 6, { ip: '192.0.2.99' })),
    ];
    expect(answers.filter(Boolean)).toHaveLength(10);
    expect(answers.at(-1)).toBe(false);
  });

  it('throws when Redis is down instead of answering', async () => {
    const outage = await startRedis();
    const client = new Redis(outage.url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    client.on('error', () => {});
    try {
      const limiter = createIdentityCheckLimiter({ hashKey: HASH_KEY, redis: client });
      expect(await limiter.consume({ ip: '192.0.2.1', email: 'a@nhs.net', niNumber: 'AB123456C' })).toEqual({
        allowed: true,
      });
      await outage.kill();
      await expect(
        limiter.consume({ ip: '192.0.2.1', email: 'a@nhs.net', niNumber: 'AB123456C' }),
      ).rejects.toThrow();
    } finally {
      client.disconnect();
      await outage.stop();
    }
  });
});

describe('journey starts per client', () => {
  const makeStarts = (variant: Variant, points: number) => {
    const keyPrefix = `starts${prefixes++}:`;
    const limiter = createJourneyStartLimiter({
      hashKey: HASH_KEY,
      keyPrefix,
      points,
      ...(variant === 'redis' ? { redis } : {}),
    });
    return { limiter, keyPrefix };
  };

  it.each(['memory', 'redis'] as const)(
    '%s: allows the set number per IP in 15 minutes, then says how long to wait',
    async (variant) => {
      const { limiter } = makeStarts(variant, 3);
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await limiter.consume('203.0.113.7'));
      expect(answers.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
      const refused = answers[3];
      expect(refused?.allowed).toBe(false);
      const wait = refused && !refused.allowed ? refused.retryAfterSeconds : 0;
      expect(wait).toBeGreaterThan(JOURNEY_START_WINDOW_SECONDS - 60);
      expect(wait).toBeLessThanOrEqual(JOURNEY_START_WINDOW_SECONDS);
      expect(await limiter.consume('203.0.113.8')).toEqual({ allowed: true });
    },
  );

  it('names its Redis counters by a keyed hash: no IP in clear', async () => {
    const { limiter, keyPrefix } = makeStarts('redis', 2);
    await limiter.consume('203.0.113.9');
    const keys = await redis.keys(`${keyPrefix}*`);
    expect(keys).toHaveLength(1);
    expect(keys.join()).not.toContain('203.0.113');
  });

  it('an outage is not a refusal: it throws', async () => {
    const broken = new Redis(server.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    const limiter = createJourneyStartLimiter({ hashKey: HASH_KEY, points: 2, redis: broken });
    await expect(limiter.consume('203.0.113.10')).rejects.toThrow();
    broken.disconnect();
  });
});

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProfiles } from '../../src/dev/demo-profiles.js';
import { createMemoryProfileDirectory } from '../../src/services/directory/memory.js';
import { createRedisProfileDirectory } from '../../src/services/directory/redis.js';
import { isValidNiNumber, normaliseNiNumber } from '../../src/services/directory/rules.js';
import { type RedisProcess, startRedis } from '../../tooling/support/redis-server.js';
import { profileDirectoryContract } from './directory.contract.js';

profileDirectoryContract('memory', async () => createMemoryProfileDirectory());

let server: RedisProcess;
let redis: Redis;
let directories = 0;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});

afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

// Each directory gets its own prefix, so the tests do not see each other's content.
profileDirectoryContract('redis', async () =>
  createRedisProfileDirectory(redis, { prefix: `t${directories++}:` }),
);

describe('Redis profile directory keys', () => {
  it('keeps every key under the {dir} hash tag and expires idempotency keys after 24 hours', async () => {
    const directory = createRedisProfileDirectory(redis, { prefix: 'keys:' });
    await directory.importProfiles([
      {
        id: 'p1',
        name: 'Morgan Example',
        emails: ['Morgan.Example@nhs.net'],
        niNumber: 'AB123456C',
        status: 'active',
        authenticators: [],
      },
    ]);
    await directory.addAuthenticator(
      'p1',
      {
        type: 'nhsnet',
        issuer: 'https://login.example.test/v2.0',
        tenantId: null,
        objectId: null,
        subject: 'subject-1',
        email: 'morgan.example@nhs.net',
      },
      'idem-1',
    );
    const stored = await redis.keys('keys:*');
    expect(stored.length).toBeGreaterThan(0);
    for (const key of stored) expect(key.startsWith('keys:{dir}:')).toBe(true);
    expect(stored).toContain('keys:{dir}:email:morgan.example@nhs.net');
    expect(stored).toContain('keys:{dir}:nhsnet:iss:https://login.example.test/v2.0:sub:subject-1');
    const ttl = await redis.ttl('keys:{dir}:idem:p1:idem-1');
    expect(ttl).toBeGreaterThan(86_000);
    expect(ttl).toBeLessThanOrEqual(86_400);
  });
});

describe('memory profile directory', () => {
  it('starts with the profiles it is given, validated', async () => {
    const directory = createMemoryProfileDirectory({
      profiles: [
        {
          id: 'p1',
          name: 'Morgan Example',
          emails: ['morgan.example@nhs.net'],
          niNumber: 'ab123456c',
          status: 'active',
          authenticators: [],
        },
      ],
    });
    expect((await directory.findByEmailAndNiNumber('morgan.example@nhs.net', 'AB123456C'))?.profileId).toBe(
      'p1',
    );
    expect(() => createMemoryProfileDirectory({ profiles: [{ id: 'broken' } as never] })).toThrow(/row 0/);
  });

  it('forgets an idempotency key after 24 hours', async () => {
    let clock = Date.parse('2025-01-01T00:00:00Z');
    const directory = createMemoryProfileDirectory({
      now: () => clock,
      profiles: [
        {
          id: 'p1',
          name: 'Morgan Example',
          emails: ['morgan.example@nhs.net'],
          niNumber: 'AB123456C',
          status: 'active',
          authenticators: [],
        },
      ],
    });
    const passkey = {
      type: 'passkey' as const,
      credentialId: 'cred',
      publicKey: 'key',
      counter: 0,
      transports: [],
      aaguid: '00000000-0000-0000-0000-000000000000',
      deviceType: 'singleDevice' as const,
      backedUp: false,
    };
    expect((await directory.addAuthenticator('p1', passkey, 'k')).outcome).toBe('added');
    clock += 23 * 3600 * 1000;
    expect((await directory.addAuthenticator('p1', passkey, 'k')).outcome).toBe('added');
    clock += 2 * 3600 * 1000;
    expect((await directory.addAuthenticator('p1', passkey, 'k')).outcome).toBe('alreadyOnProfile');
    const [record] = (await directory.get('p1'))?.authenticators ?? [];
    expect(record?.createdAt).toBe('2025-01-01T00:00:00.000Z');
  });
});

describe('demo profiles', () => {
  it('are valid, and cover each kind of profile the journey branches on', async () => {
    const directory = createMemoryProfileDirectory({ profiles: demoProfiles });
    const byCase = await Promise.all(
      demoProfiles.map((profile) =>
        directory.findByEmailAndNiNumber(profile.emails[0] ?? '', profile.niNumber ?? 'AB123456C'),
      ),
    );
    const kinds = demoProfiles.map((profile, index) => ({
      status: profile.status,
      hasNi: profile.niNumber !== null,
      matched: byCase[index] !== null,
      hasNhsnet: byCase[index]?.hasNhsnet ?? false,
    }));
    expect(kinds).toEqual(
      expect.arrayContaining([
        { status: 'active', hasNi: true, matched: true, hasNhsnet: false },
        { status: 'active', hasNi: true, matched: true, hasNhsnet: true },
        { status: 'active', hasNi: false, matched: false, hasNhsnet: false },
        { status: 'suspended', hasNi: true, matched: true, hasNhsnet: false },
        { status: 'closed', hasNi: true, matched: true, hasNhsnet: false },
      ]),
    );
  });

  it('use NI numbers that pass the HMRC rules and never the GOV.UK hint example', () => {
    const niNumbers = demoProfiles.flatMap((profile) =>
      profile.niNumber === null ? [] : [profile.niNumber],
    );
    expect(niNumbers.length).toBeGreaterThanOrEqual(4);
    for (const niNumber of niNumbers) {
      expect(isValidNiNumber(niNumber)).toBe(true);
      expect(normaliseNiNumber(niNumber)).not.toBe('QQ123456C');
    }
  });
});

describe('NI number rules', () => {
  it.each([
    ['AB123456C', true],
    ['ab 12 34 56 d', true],
    ['QQ123456C', false],
    ['DA123456A', false],
    ['AO123456A', false],
    ['GB123456A', false],
    ['ZZ123456A', false],
    ['TN123456A', false],
    ['AB123456E', false],
    ['AB12345C', false],
  ])('%s → %s', (raw, valid) => {
    expect(isValidNiNumber(normaliseNiNumber(raw))).toBe(valid);
  });
});

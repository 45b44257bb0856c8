/**
 * Scale-out on a real 3-master Redis Cluster: the journey store, the profile directory and the rate
 * limits work through an ioredis Cluster client, and two service instances configured with
 * REDIS_CLUSTER_NODES share it, so a journey begun on one finishes on the other.
 */
import { randomBytes } from 'node:crypto';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { demoProfiles } from '../../src/dev/demo-profiles.js';
import { createRedisProfileDirectory } from '../../src/services/directory/redis.js';
import { createRedisJourneyStore } from '../../src/services/journey-store/redis.js';
import { createSnapshotSealer } from '../../src/services/journey-store/snapshot-sealer.js';
import { createIdentityCheckLimiter } from '../../src/services/rate-limits/identity-check-limiter.js';
import { buildService, type Service } from '../../src/wiring.js';
import { appCode, BASE, Browser, J, staff, staffProfiles, testEnv } from '../../tooling/support/harness.js';
import { type RedisClusterProcess, startRedisCluster } from '../../tooling/support/redis-cluster.js';
import { type SmtpCapture, startSmtpCapture } from '../../tooling/support/smtp-capture.js';

let cluster: RedisClusterProcess;
let client: Cluster;

beforeAll(async () => {
  cluster = await startRedisCluster();
  client = new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
});
afterAll(async () => {
  client?.disconnect();
  await cluster?.stop();
});

/** The master that owns a key: proves the data really is spread over the nodes. */
async function ownerPort(key: string): Promise<number> {
  const slot = Number(await client.cluster('KEYSLOT', key));
  const slots = await client.cluster('SLOTS');
  const range = slots.find(([from, to]) => slot >= from && slot <= to);
  return range?.[2]?.[1] ?? -1;
}

describe('components on Redis Cluster', () => {
  it('journey store: compare-and-set, load, rename across slots, delete', async () => {
    const store = createRedisJourneyStore(client);
    const journey = { version: 1, rev: 1, snapshot: { value: 'start', context: { n: 1 } } };
    expect(await store.save('journey-a', journey, 0, 60)).toBe(true);
    expect(await store.save('journey-a', journey, 0, 60)).toBe(false);
    expect(await store.save('journey-a', { ...journey, rev: 2 }, 1, 60)).toBe(true);
    expect(await store.load('journey-a')).toEqual({ ...journey, rev: 2 });

    // Move it to an id whose key lives on another master.
    const from = await ownerPort('aa:journey:{journey-a}');
    const ids = Array.from({ length: 20 }, (_, i) => `journey-${i}`);
    const owners = await Promise.all(ids.map((id) => ownerPort(`aa:journey:{${id}}`)));
    expect(new Set(owners).size).toBe(3);
    const to = ids[owners.findIndex((port) => port !== from)] as string;
    await store.rename('journey-a', to);
    expect(await store.load('journey-a')).toBeNull();
    expect((await store.load(to))?.rev).toBe(2);
    await store.delete(to);
    expect(await store.load(to)).toBeNull();
    await store.ping();
  });

  it('journey store with sealed snapshots: compare-and-set and a rename to another master, nothing in clear', async () => {
    const sealer = createSnapshotSealer([{ id: 'cluster', key: randomBytes(32) }]);
    const store = createRedisJourneyStore(client, { sealer, prefix: 'sealed:' });
    const journey = { version: 1, rev: 1, snapshot: { context: { email: 'alex.morgan@nhs.net' } } };
    expect(await store.save('sealed-a', journey, 0, 60)).toBe(true);
    expect(await store.save('sealed-a', journey, 0, 60)).toBe(false);
    const from = await ownerPort('sealed:{sealed-a}');
    const ids = Array.from({ length: 20 }, (_, i) => `sealed-${i}`);
    const owners = await Promise.all(ids.map((id) => ownerPort(`sealed:{${id}}`)));
    const to = ids[owners.findIndex((port) => port !== from)] as string;
    await store.rename('sealed-a', to);
    expect(await store.load('sealed-a')).toBeNull();
    expect(await store.load(to)).toEqual(journey);
    const raw = await client.hgetall(`sealed:{${to}}`);
    expect(raw.snapshot).toMatch(/^s1\.cluster\./);
    expect(JSON.stringify(raw)).not.toContain('alex.morgan');
  });

  it('directory: import, look-up, idempotent add', async () => {
    const directory = createRedisProfileDirectory(client);
    await directory.importProfiles([...demoProfiles, ...staffProfiles(3)]);
    const who = staff(1);
    const found = await directory.findByEmailAndNiNumber(who.email.toUpperCase(), who.niNumber);
    expect(found?.profileId).toBe(who.id);
    const app = {
      type: 'app' as const,
      encryptedSecret: 'sealed',
      passwordHash: '$argon2id$x',
      lastUsedTimeStep: 1,
    };
    const first = await directory.addAuthenticator(who.id, app, 'key-1');
    const again = await directory.addAuthenticator(who.id, app, 'key-1');
    expect(again).toEqual(first);
    expect((await directory.get(who.id))?.authenticators).toHaveLength(1);
  });

  it('rate limits: shared counters and the lock', async () => {
    const limits = {
      perIp: { points: 2, durationSeconds: 60 },
      perEmail: { points: 5, durationSeconds: 60 },
      perNiNumber: { points: 5, durationSeconds: 60 },
      lockSeconds: 60,
    };
    const one = createIdentityCheckLimiter({ redis: client, hashKey: 'cluster-test-key-0123456789', limits });
    const two = createIdentityCheckLimiter({ redis: client, hashKey: 'cluster-test-key-0123456789', limits });
    const key = { ip: '192.0.2.1', email: 'a@nhs.net', niNumber: 'AB123456C' };
    expect(await one.consume(key)).toEqual({ allowed: true });
    expect(await two.consume(key)).toEqual({ allowed: true });
    expect(await one.consume(key)).toEqual({ allowed: false, retryAfterMs: expect.any(Number) });
    const other = { ip: '192.0.2.2', email: 'b@nhs.net', niNumber: 'CE654321A' };
    expect(await two.consume(other)).toEqual({ allowed: true });
    await one.lock(other);
    expect(await two.consume(other)).toEqual({ allowed: false, retryAfterMs: expect.any(Number) });
  });
});

describe('two service instances on one Redis Cluster', () => {
  let smtp: SmtpCapture;
  let a: Service;
  let b: Service;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    const env = { ...testEnv('', smtp.url), REDIS_CLUSTER_NODES: cluster.seeds };
    a = await buildService(loadConfig(env));
    b = await buildService(loadConfig({ ...env, DEMO_PROFILES: 'false' }));
    await createRedisProfileDirectory(client).importProfiles([...demoProfiles, ...staffProfiles(5)]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await smtp?.stop();
  });

  it('a journey begun on one instance finishes on the other, request by request', async () => {
    expect(a.config.redisUrl).toBeNull();
    let turn = 0;
    const served: string[] = [];
    const browser = new Browser(BASE, smtp, '198.51.100.77', (req) => {
      turn += 1;
      served.push(turn % 2 ? 'a' : 'b');
      return (turn % 2 ? a : b).app.fetch(req);
    });
    const who = staff(4);
    await browser.begin();
    await browser.proveEmail(who);
    const key = await browser.setUpApp();
    await browser.post(`${J}/enter-app-code`, { code: appCode(key) });
    browser.expectView('app-added');
    expect(new Set(served)).toEqual(new Set(['a', 'b']));
    const profile = await createRedisProfileDirectory(client).get(who.id);
    expect(profile?.authenticators.map((x) => x.type)).toEqual(['app']);
    const ready = await b.app.fetch(new Request(`${BASE}/readyz`));
    expect(ready.status).toBe(200);
  });
});

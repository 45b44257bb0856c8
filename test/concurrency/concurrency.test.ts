/**
 * Races on one journey (a double-clicked submit on one instance, two tabs served by two instances)
 * end in one outcome with no duplicate authenticator, and the request that lost is shown the current
 * step. 100 journeys in parallel against one Redis, through the service running in its own process,
 * all add an authenticator app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisProfileDirectory } from '../../src/services/directory/redis.js';
import {
  appCode,
  Browser,
  J,
  raceGate,
  type Stack,
  staff,
  staffProfiles,
  startStack,
} from '../../tooling/support/harness.js';
import { startRedis } from '../../tooling/support/redis-server.js';
import { spawnService } from '../../tooling/support/service-cluster.js';
import { startSmtpCapture } from '../../tooling/support/smtp-capture.js';

const { gate: race, arm, wrap: racingStore } = raceGate();
const armRace = (b: Browser) => arm(b.journeyId());

/** Another tab of the same browser (same journey cookie), optionally served by another instance. */
function secondTab(on: Stack, b: Browser): Browser {
  const tab = on.browser({ ip: b.ip });
  tab.setCookie('aa-journey', b.cookie('aa-journey') as string);
  tab.last = b.last;
  return tab;
}

let stack: Stack;
let other: Stack;
beforeAll(async () => {
  stack = await startStack({ journeyStore: racingStore });
  other = await startStack({ redis: stack.redis, journeyStore: racingStore });
});
afterAll(async () => {
  await other?.stop();
  await stack?.stop();
});

describe('one journey, two requests at once', () => {
  it('a double-clicked final submit adds one authenticator; both clicks land on app-added', async () => {
    const who = staff(1);
    const first = stack.browser();
    await first.begin();
    await first.proveEmail(who);
    const key = await first.setUpApp();
    const second = secondTab(stack, first);
    const code = appCode(key);

    armRace(first);
    const [a, b] = await Promise.all([
      first.post(`${J}/enter-app-code`, { code }),
      second.post(`${J}/enter-app-code`, { code }),
    ]);
    expect(race.waiting).toEqual([]);
    expect(race.saved).toBe(1);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([first.view(), second.view()]).toEqual(['app-added', 'app-added']);
    const profile = await stack.directory.get(who.id);
    expect(profile?.authenticators.map((x) => x.type)).toEqual(['app']);
  });

  it('two tabs on two instances choosing at once: one outcome, the loser sees the current step', async () => {
    const who = staff(2);
    const tabA = stack.browser();
    await tabA.begin();
    await tabA.proveEmail(who);
    const tabB = secondTab(other, tabA);

    armRace(tabA);
    await Promise.all([
      tabA.post(`${J}/choose-authenticator`, { method: 'app' }),
      tabB.post(`${J}/choose-authenticator`, { method: 'passkey' }),
    ]);
    // Both ran the step from the same revision; the compare-and-set save let exactly one through.
    expect(race.saved).toBe(1);
    expect(race.refused).toBe(1);
    expect(['app-instructions', 'passkey-loading']).toContain(tabA.view());
    expect(tabB.view()).toBe(tabA.view());
    const stored = (await stack.storedSnapshot(tabA)) as { value: unknown };
    expect(JSON.stringify(stored.value)).toContain(
      tabA.view() === 'app-instructions' ? 'appInstructions' : 'passkey',
    );
  });

  it('a double-clicked final submit across two instances still adds one authenticator', async () => {
    const who = staff(3);
    const first = stack.browser();
    await first.begin();
    await first.proveEmail(who);
    const key = await first.setUpApp();
    const second = secondTab(other, first);
    const code = appCode(key);

    armRace(first);
    await Promise.all([
      first.post(`${J}/enter-app-code`, { code }),
      second.post(`${J}/enter-app-code`, { code }),
    ]);
    expect(race.saved).toBe(1);
    expect(race.refused).toBe(1);
    expect([first.view(), second.view()]).toEqual(['app-added', 'app-added']);
    const profile = await stack.directory.get(who.id);
    expect(profile?.authenticators.map((x) => x.type)).toEqual(['app']);
  });

  it('a stale tab posting an old step is shown the current step and changes nothing', async () => {
    const who = staff(4);
    const tabA = stack.browser();
    await tabA.begin();
    await tabA.proveEmail(who);
    const tabB = secondTab(stack, tabA);
    await tabA.post(`${J}/choose-authenticator`, { method: 'app' });
    await tabA.post(`${J}/app-instructions`, { soleAccess: 'yes' });
    tabA.expectView('create-password');
    const before = await stack.storedJourney(tabA);

    await tabB.post(`${J}/choose-authenticator`, { method: 'passkey' });
    expect(tabB.view()).toBe('create-password');
    expect(await stack.storedJourney(tabA)).toEqual(before);
  });
});

describe('100 journeys in parallel against one Redis', () => {
  it('all finish with an authenticator app added (the service in its own process)', async () => {
    const redis = await startRedis();
    const smtp = await startSmtpCapture();
    const service = await spawnService({
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      TRUST_PROXY_HOPS: '1',
    });
    const { Redis } = await import('ioredis');
    const inspect = new Redis(redis.url);
    try {
      const directory = createRedisProfileDirectory(inspect);
      await directory.importProfiles(staffProfiles(100));
      const people = Array.from({ length: 100 }, (_, i) => staff(i + 1));
      let n = 0;
      const results = await Promise.allSettled(
        people.map(async (who) => {
          n += 1;
          const b = new Browser(service.url, smtp, `203.0.113.${n}`, (req) => fetch(req));
          await b.addApp(who);
        }),
      );
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
      expect(failures, service.output()).toEqual([]);
      const profiles = await Promise.all(people.map((who) => directory.get(who.id)));
      expect(profiles.map((p) => p?.authenticators.map((a) => a.type))).toEqual(people.map(() => ['app']));
    } finally {
      inspect.disconnect();
      await service.stop();
      await smtp.stop();
      await redis.stop();
    }
  }, 150_000);
});

/**
 * Mail, NHS.net Connect and a crash at the worst moment, on real components: a failed send is never
 * counted, a provider outage has its own page, and a process that dies between the directory write
 * and the journey save leaves exactly one authenticator once the person tries again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JourneyStore } from '../../src/services/ports.js';
import { appCode, type Browser, J, type Stack, staff, startStack } from '../../tooling/support/harness.js';
import { freePort } from '../../tooling/support/redis-server.js';

let offsetMs = 0;
const now = () => Date.now() + offsetMs;
/** Armed by a test: the next journey save that records an added authenticator throws, once. */
let crashAfterDirectoryWrite = false;
let crashes = 0;

const crashingStore = (store: JourneyStore): JourneyStore => ({
  ...store,
  async save(id, journey, expectedRev, ttlSeconds) {
    const added = (journey.snapshot as { context?: { added?: unknown[] } } | null)?.context?.added ?? [];
    if (crashAfterDirectoryWrite && added.length > 0) {
      crashAfterDirectoryWrite = false;
      crashes += 1;
      throw new Error('the process died before the journey was saved');
    }
    return store.save(id, journey, expectedRev, ttlSeconds);
  },
});

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ now, journeyStore: crashingStore });
});
afterAll(async () => {
  await stack?.stop();
});

async function context(b: Browser) {
  return ((await stack.storedSnapshot(b)) as { context: { email: Record<string, unknown> } }).context;
}

describe('SMTP down', () => {
  it('shows service-unavailable, counts no send, and allows the first send and 3 resends afterwards', async () => {
    const who = staff(1);
    const b = stack.browser();
    await b.begin();
    stack.smtp.setDown(true);
    const down = await b.submitDetails(who);
    expect(down.status).toBe(503);
    b.expectView('service-unavailable');
    expect(down.html).toContain('Try again');
    expect((await context(b)).email.codesSent).toBe(0);
    expect(b.codeMails(who.email)).toHaveLength(0);

    // Still down: the same page, still nothing counted.
    expect((await b.post(`${J}/service-unavailable`, {})).status).toBe(503);
    expect((await context(b)).email.codesSent).toBe(0);

    stack.smtp.setDown(false);
    await b.post(`${J}/service-unavailable`, {});
    b.expectView('enter-email-code');
    await b.latestCode(who.email, 1);
    expect((await context(b)).email.codesSent).toBe(1);

    // A resend while mail is down is not counted either.
    offsetMs += 31_000;
    stack.smtp.setDown(true);
    await b.post(`${J}/enter-email-code/new-code`, {});
    b.expectView('service-unavailable');
    expect((await context(b)).email.codesSent).toBe(1);
    stack.smtp.setDown(false);
    await b.post(`${J}/service-unavailable`, {});
    b.expectView('enter-email-code');
    await b.latestCode(who.email, 2);

    for (const sent of [3, 4]) {
      offsetMs += 31_000;
      const page = await b.post(`${J}/enter-email-code/new-code`, {});
      expect(page.html).toContain('We have sent you a new code');
      await b.latestCode(who.email, sent);
    }
    expect((await context(b)).email.codesSent).toBe(4);
    offsetMs += 31_000;
    const refused = await b.post(`${J}/enter-email-code/new-code`, {});
    expect(refused.html).toContain('You cannot ask for any more codes');
    expect(b.codeMails(who.email)).toHaveLength(4);

    await b.post(`${J}/enter-email-code`, { code: await b.latestCode(who.email, 4) });
    b.expectView('choose-authenticator');
  });
});

describe('a crash between the directory write and the journey save', () => {
  it('leaves exactly one authenticator after Try again and the code sent again', async () => {
    const who = staff(2);
    const b = stack.browser();
    await b.begin();
    await b.proveEmail(who);
    const key = await b.setUpApp();
    const code = appCode(key, now());
    const before = await stack.storedJourney(b);

    crashAfterDirectoryWrite = true;
    const crashed = await b.post(`${J}/enter-app-code`, { code });
    expect(crashes).toBe(1);
    expect(crashed.status).toBe(503);
    expect(crashed.html).toContain('Sorry, there is a problem with the service');
    // The directory was written; the journey was not.
    expect((await stack.directory.get(who.id))?.authenticators).toHaveLength(1);
    expect(await stack.storedJourney(b)).toEqual(before);

    await b.post(`${J}/service-unavailable`, {});
    b.expectView('enter-app-code');
    await b.post(`${J}/enter-app-code`, { code });
    b.expectView('app-added');
    const profile = await stack.directory.get(who.id);
    expect(profile?.authenticators.map((a) => a.type)).toEqual(['app']);
  });
});

describe('NHS.net Connect provider down', () => {
  it('shows nhsnet-unavailable, and Try again stays there while it is down', async () => {
    // A second instance on the same Redis whose provider address has nothing listening.
    const deadPort = await freePort();
    const other = await startStack({
      redis: stack.redis,
      env: {
        NHSNET_ISSUER: `https://127.0.0.1:${deadPort}`,
        NHSNET_CLIENT_ID: 'add-authenticator',
        NHSNET_CLIENT_SECRET: 'a-client-secret-for-a-provider-that-is-down',
      },
    });
    try {
      const who = staff(3);
      const b = other.browser();
      await b.begin();
      await b.proveEmail(who);
      await b.post(`${J}/choose-authenticator`, { method: 'nhsnet' });
      await b.post(`${J}/nhsnet-instructions`, { soleAccess: 'yes' });
      const page = b.expectView('nhsnet-unavailable');
      expect(page.status).toBe(200);
      expect(page.html).toContain('NHS.net Connect');
      await b.post(`${J}/nhsnet-unavailable`, {});
      b.expectView('nhsnet-unavailable');
      expect((await other.directory.get(who.id))?.authenticators).toHaveLength(0);
    } finally {
      await other.stop();
    }
  });
});

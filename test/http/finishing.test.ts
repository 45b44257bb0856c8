/**
 * Shared PCs over HTTP (SPEC.md 8, "after an *-added page"): Finish deletes the journey on the server and
 * clears the cookie; an "added" page left alone for 5 minutes ends the same way; after either, the start
 * page begins afresh and nothing of the earlier journey (its pages, its forms) can be reached.
 */
import { Redis } from 'ioredis';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readAppKey } from './branches-support.js';
import { type Browser, type Harness, J, journeyCookie, PROFILES, startHarness } from './support.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.reset();
});

const pathOf = (b: Browser) => new URL(b.last?.url ?? 'http://x/').pathname;

/** Person A: details, email code, an authenticator app; ends on app-added. */
async function addAnApp(b: Browser): Promise<void> {
  await b.begin();
  const sent = h.codeMails(PROFILES.active.email).length;
  await b.submitDetails(PROFILES.active);
  await b.enterCode(await h.code(PROFILES.active.email, sent + 1));
  expect(pathOf(b)).toBe(`${J}/choose-authenticator`);
  await b.post(`${J}/choose-authenticator`, { method: 'app' });
  await b.post(`${J}/app-instructions`, { soleAccess: 'yes' });
  const password = 'violet tractor umbrella 42';
  await b.post(`${J}/create-password`, { password, confirmPassword: password });
  const { key } = readAppKey(b.last?.html ?? '');
  await b.post(`${J}/scan-qr`, {});
  const totp = new TOTP({ secret: Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 });
  await b.post(`${J}/enter-app-code`, { code: totp.generate({ timestamp: h.clock.now() }) });
  expect(pathOf(b)).toBe(`${J}/app-added`);
}

/** Pages that say nothing of anyone's journey: where anything person B tries must end. */
const NEUTRAL_PAGES = [
  'Add an authenticator to your Care Identity profile',
  'Your session has ended',
  'You have finished',
];

/** What person B can try with what A left in the browser: never A's journey. */
async function expectNothingOfAReachable(b: Browser, addAnotherToken: string) {
  for (const view of ['app-added', 'choose-authenticator', 'enter-app-code', 'finished']) {
    await b.get(`${J}/${view}`);
    expect(NEUTRAL_PAGES, `${view} showed ${b.h1()}`).toContain(b.h1());
  }
  // A's "Add another authenticator" form, posted again with A's token.
  await b.post(`${J}/app-added/add-another`, {}, { csrf: addAnotherToken });
  expect(NEUTRAL_PAGES, `the replayed form showed ${b.h1()}`).toContain(b.h1());
  // The start page is a fresh one: Start now leads to a new journey's enter-details.
  await b.get(`${J}/start`);
  expect(b.h1()).toBe('Add an authenticator to your Care Identity profile');
  await b.post(`${J}/start`, {});
  expect(pathOf(b)).toBe(`${J}/enter-details`);
  expect(b.inputValue('email')).toBeUndefined();
}

describe('Finish', () => {
  it('deletes the journey, clears the cookie and shows the finished page; nothing of it is left', async () => {
    const b = h.browser();
    await addAnApp(b);
    const token = b.csrfToken() as string;
    expect(Object.keys(await h.storedJourney(b))).not.toHaveLength(0);
    const stored = { ...(await h.storedJourney(b)) };
    const cookieBefore = journeyCookie(b);
    await b.post(`${J}/app-added/finish`, {});
    expect(pathOf(b)).toBe(`${J}/finished`);
    expect(b.h1()).toBe('You have finished');
    expect(b.last?.html).toContain('You can now close this browser');
    expect(journeyCookie(b)).toBeUndefined();
    // Deleted on the server, not only forgotten by the browser: the old cookie opens nothing.
    expect(Object.keys(stored)).not.toHaveLength(0);
    b.setCookie('aa-journey', cookieBefore as string);
    expect(await h.storedJourney(b)).toEqual({});
    await expectNothingOfAReachable(b, token);
  });

  it('is a POST with the form token: a cross-site or tokenless post does not end the journey', async () => {
    const b = h.browser();
    await addAnApp(b);
    await b.post(`${J}/app-added/finish`, {}, { csrf: null });
    expect(b.last?.status).toBe(403);
    await b.get(`${J}/app-added`);
    expect(pathOf(b)).toBe(`${J}/app-added`);
  });
});

describe('an added page left alone for 5 minutes', () => {
  it('ends the journey: the next person sees a fresh start and cannot reach the profile', async () => {
    const b = h.browser();
    await addAnApp(b);
    const token = b.csrfToken() as string;
    h.clock.advance(4 * 60_000);
    await b.get(`${J}/app-added`);
    expect(pathOf(b)).toBe(`${J}/app-added`);
    h.clock.advance(60_000);
    await b.get(`${J}/app-added`);
    expect(pathOf(b)).toBe(`${J}/finished`);
    expect(journeyCookie(b)).toBeUndefined();
    await expectNothingOfAReachable(b, token);
  });

  it('is kept by Redis for 5 minutes only', async () => {
    const b = h.browser();
    await addAnApp(b);
    const id = decodeURIComponent(journeyCookie(b) ?? '').split('.')[0];
    const admin = new Redis(h.redis.url);
    const ttl = await admin.ttl(`aa:journey:{${id}}`);
    admin.disconnect();
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5 * 60);
  });
});

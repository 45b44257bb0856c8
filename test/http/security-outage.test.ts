/**
 * Dependencies going down: Redis killed mid-journey (503 service-unavailable, no crash, no unhandled
 * rejection), Redis restarted from its append-only file (the journey carries on where it was), and the
 * mail server refusing mail (the outage page, then "Try again" sends the code).
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Harness, J, PROFILES, startHarness } from './support.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  // Give stray promises a turn to reject before looking.
  await new Promise((r) => setTimeout(r, 50));
  expect(unhandled).toEqual([]);
});

const OUTAGE = 'Sorry, there is a problem with the service';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readiness(h: Harness): Promise<number> {
  const res = await h.service.app.fetch(new Request(`${h.baseUrl}/readyz`));
  return res.status;
}

async function waitUntilReady(h: Harness) {
  const deadline = Date.now() + 15_000;
  while ((await readiness(h)) !== 200) {
    if (Date.now() > deadline) throw new Error('the service did not reconnect to Redis');
    await sleep(100);
  }
}

async function atCode(h: Harness): Promise<{ b: Browser; code: string }> {
  const b = h.browser();
  await b.begin();
  await b.submitDetails(PROFILES.active);
  expect(b.view()).toBe('enter-email-code');
  return { b, code: await h.code(PROFILES.active.email, 1) };
}

describe('Redis killed', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('every request gets the 503 service-unavailable page; nothing crashes', async () => {
    const { b, code } = await atCode(h);
    const token = b.csrfToken() as string;
    expect(await readiness(h)).toBe(200);

    await h.redis.kill();
    await sleep(200);

    const page = await b.get(`${J}/enter-email-code`);
    expect(page.status).toBe(503);
    expect(b.h1()).toBe(OUTAGE);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toContain('no-store');

    const posted = await b.post(`${J}/enter-email-code`, { code }, { csrf: token });
    expect(posted.status).toBe(503);
    expect(b.h1()).toBe(OUTAGE);

    // A new visitor: the start page needs nothing stored (viewing it writes nothing), "Start now" does.
    const newcomer = h.browser();
    const start = await newcomer.get(`${J}/start`);
    expect(start.status).toBe(200);
    const started = await newcomer.post(`${J}/start`, {});
    expect(started.status).toBe(503);
    expect(newcomer.h1()).toBe(OUTAGE);

    expect(await readiness(h)).toBe(503);
    const health = await h.service.app.fetch(new Request(`${h.baseUrl}/healthz`));
    expect(health.status).toBe(200);
  });
});

describe('Redis restarted', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ appendOnly: true });
    // Every write reaches the append-only file before Redis answers, so a kill loses nothing.
    const admin = new Redis(h.redis.url);
    await admin.config('SET', 'appendfsync', 'always');
    admin.disconnect();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('after a crash and a restart, the journey continues where it was', async () => {
    const { b, code } = await atCode(h);
    const token = b.csrfToken() as string;

    await h.redis.kill();
    await sleep(200);
    const down = await b.get(`${J}/enter-email-code`);
    expect(down.status).toBe(503);
    // The outage page offers "Try again" with the journey's form token.
    expect(b.csrfToken()).toBe(token);

    await h.redis.restart();
    await waitUntilReady(h);

    const again = await b.get(`${J}/enter-email-code`);
    expect(again.status).toBe(200);
    expect(b.view()).toBe('enter-email-code');
    expect(b.last?.html).toContain('alex.morgan@nhs.net');
    await b.enterCode(code);
    expect(b.view()).toBe('choose-authenticator');
  });

  it('a graceful restart between two steps loses nothing either', async () => {
    await h.reset();
    const b = h.browser();
    await b.begin();
    await b.submitDetails({ email: 'wrong', niNumber: PROFILES.active.niNumber });
    await h.redis.restart();
    await waitUntilReady(h);
    await b.get(`${J}/enter-details`);
    expect(b.view()).toBe('enter-details');
    expect(b.inputValue('email')).toBe('wrong');
    await b.submitDetails(PROFILES.active);
    expect(b.view()).toBe('enter-email-code');
  });
});

describe('mail server down', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    h?.smtp.setDown(false);
    await h?.close();
  });

  it('sending the code fails: the outage page; "Try again" once mail is back sends the code', async () => {
    const b = h.browser();
    await b.begin();
    h.smtp.setDown(true);
    const page = await b.submitDetails(PROFILES.active);
    expect(page.status).toBe(503);
    expect(b.view()).toBe('service-unavailable');
    expect(b.h1()).toBe(OUTAGE);
    expect(h.codeMails(PROFILES.active.email)).toHaveLength(0);

    // Still down: trying again lands on the same page.
    await b.post(`${J}/service-unavailable`, {});
    expect(b.view()).toBe('service-unavailable');

    h.smtp.setDown(false);
    await b.post(`${J}/service-unavailable`, {});
    expect(b.view()).toBe('enter-email-code');
    await b.enterCode(await h.code(PROFILES.active.email, 1));
    expect(b.view()).toBe('choose-authenticator');
  });
});

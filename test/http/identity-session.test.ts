/**
 * The journey over time and out of order: inactivity and absolute timeouts, "Continue with this journey",
 * URLs that are not the current step, back links, and cookies that do not hold.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/machine/index.js';
import { type Browser, type Harness, J, journeyCookie, PROFILES, startHarness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.reset();
});

const MINUTE = 60_000;
const TIMED_OUT = 'Your session has ended';

async function atDetails(): Promise<Browser> {
  const b = h.browser();
  await b.begin();
  return b;
}

async function atCode(): Promise<Browser> {
  const b = await atDetails();
  await b.submitDetails(PROFILES.active);
  expect(b.view()).toBe('enter-email-code');
  return b;
}

/** POST /add-authenticator/extend as the timeout warning's script does (it asks for the new deadlines). */
async function extend(b: Browser, token: string) {
  const res = await b.raw(`${J}/extend`, {
    method: 'POST',
    headers: {
      origin: b.origin,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({ _csrf: token }),
  });
  return res.status;
}

describe('session timeout', () => {
  it('the page says when the journey will end (inactivity deadline, absolute deadline)', async () => {
    const b = await atDetails();
    const html = b.last?.html ?? '';
    const read = (name: string) => Number(html.match(new RegExp(`data-${name}="(\\d+)"`))?.[1]);
    const expires = read('expires-at-ms');
    const absolute = read('absolute-expires-at-ms');
    const now = read('now-ms');
    expect(expires - now).toBeGreaterThan(LIMITS.inactivityTimeoutMs - 5000);
    expect(expires - now).toBeLessThanOrEqual(LIMITS.inactivityTimeoutMs);
    expect(absolute - now).toBeGreaterThan(LIMITS.absoluteTimeoutMs - 5000);
    expect(read('warn-at-ms')).toBe(expires - LIMITS.timeoutWarningMs);
  });

  it('29 minutes without activity: still there; 30 minutes: session-timed-out', async () => {
    const b = await atCode();
    h.clock.advance(29 * MINUTE);
    await b.get(`${J}/enter-email-code`);
    expect(b.view()).toBe('enter-email-code');
    // Looking at a page is not activity: one more minute ends it.
    h.clock.advance(1 * MINUTE + 1000);
    const page = await b.get(`${J}/enter-email-code`);
    expect(page.status).toBe(200);
    expect(b.view()).toBe('session-timed-out');
    expect(b.h1()).toBe(TIMED_OUT);
    expect(page.html).toContain(`action="${J}/start-again"`);
  });

  it('a form posted after the timeout ends on session-timed-out, and nothing of it is used', async () => {
    const b = await atCode();
    const code = await h.code(PROFILES.active.email, 1);
    h.clock.advance(LIMITS.inactivityTimeoutMs + 1000);
    await b.enterCode(code);
    expect(b.h1()).toBe(TIMED_OUT);
    await b.get(`${J}/choose-authenticator`);
    expect(b.h1()).not.toBe('What type of authenticator do you want to add?');
  });

  it('"Start again" after a timeout begins a new journey with nothing kept', async () => {
    const b = await atDetails();
    await b.submitDetails({ email: 'kept@nhs.net', niNumber: 'bad' });
    h.clock.advance(LIMITS.inactivityTimeoutMs + 1000);
    await b.get(`${J}/enter-details`);
    expect(b.h1()).toBe(TIMED_OUT);
    await b.startAgain();
    expect(b.view()).toBe('start');
    await b.post(`${J}/start`, {});
    expect(b.view()).toBe('enter-details');
    expect(b.inputValue('email')).toBeUndefined();
  });

  it('activity (a form post) moves the inactivity deadline', async () => {
    const b = await atDetails();
    h.clock.advance(20 * MINUTE);
    await b.submitDetails({ email: 'x', niNumber: 'y' });
    h.clock.advance(20 * MINUTE);
    await b.get(`${J}/enter-details`);
    expect(b.view()).toBe('enter-details');
    expect(b.errors()).toHaveLength(2);
  });

  it('"Continue with this journey" (POST /extend) keeps it alive', async () => {
    const b = await atDetails();
    const token = b.csrfToken() as string;
    h.clock.advance(25 * MINUTE);
    expect(await extend(b, token)).toBe(200);
    h.clock.advance(25 * MINUTE);
    await b.get(`${J}/enter-details`);
    expect(b.view()).toBe('enter-details');
    expect(b.h1()).toBe('Enter your details');
  });

  it('extend needs the CSRF token: without it, 403 and the deadline does not move', async () => {
    const b = await atDetails();
    h.clock.advance(25 * MINUTE);
    expect(await extend(b, 'not-the-token')).toBe(403);
    h.clock.advance(6 * MINUTE);
    await b.get(`${J}/enter-details`);
    expect(b.h1()).toBe(TIMED_OUT);
  });

  it('extending cannot go past the absolute limit of 60 minutes', async () => {
    const b = await atDetails();
    const token = b.csrfToken() as string;
    for (let i = 0; i < 2; i++) {
      h.clock.advance(25 * MINUTE);
      expect(await extend(b, token)).toBe(200);
      await b.get(`${J}/enter-details`);
      expect(b.view()).toBe('enter-details');
    }
    h.clock.advance(9 * MINUTE);
    await b.get(`${J}/enter-details`);
    expect(b.view()).toBe('enter-details');
    h.clock.advance(1 * MINUTE + 1000);
    await b.get(`${J}/enter-details`);
    expect(b.h1()).toBe(TIMED_OUT);
  });

  it('the script gets the new deadlines as JSON; a plain form post goes back to the page', async () => {
    const b = await atDetails();
    const token = b.csrfToken() as string;
    h.clock.advance(10 * MINUTE);
    const res = await b.raw(`${J}/extend`, {
      method: 'POST',
      headers: {
        origin: b.origin,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ _csrf: token }),
    });
    expect(res.status).toBe(200);
    const deadlines = (await res.json()) as {
      expiresAtMs: number;
      nowMs: number;
      absoluteExpiresAtMs: number;
    };
    expect(deadlines.expiresAtMs - deadlines.nowMs).toBeGreaterThan(LIMITS.inactivityTimeoutMs - 5000);
    expect(deadlines.absoluteExpiresAtMs - deadlines.nowMs).toBeLessThan(
      LIMITS.absoluteTimeoutMs - 9 * MINUTE,
    );

    await b.post(`${J}/extend`, {}, { csrf: token });
    expect(b.view()).toBe('enter-details');
  });

  it('extend with no journey starts nothing', async () => {
    const b = h.browser();
    const res = await b.raw(`${J}/extend`, {
      method: 'POST',
      headers: { origin: b.origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(res.status).toBeLessThan(400);
    expect(journeyCookie(b)).toBeUndefined();
  });
});

describe('out-of-order URLs', () => {
  it.each([
    'choose-authenticator',
    'enter-email-code',
    'app-added',
    'too-many-attempts',
    'profile-not-found',
  ])('GET %s while at enter-details redirects to enter-details', async (view) => {
    const b = await atDetails();
    const res = await b.raw(`${J}/${view}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${J}/enter-details`);
    await b.get(`${J}/${view}`);
    expect(b.view()).toBe('enter-details');
  });

  it('a page of the journey without a journey redirects to start', async () => {
    const b = h.browser();
    await b.get(`${J}/enter-email-code`);
    expect(b.view()).toBe('start');
  });

  it('a form of another step (another tab, a double click) shows the current step and changes nothing', async () => {
    const b = await atCode();
    const code = await h.code(PROFILES.active.email, 1);
    await b.post(`${J}/enter-details`, {
      email: 'other@nhs.net',
      niNumber: 'AB123456C',
      captchaChallenge: 'x',
      captchaAnswer: 'y',
    });
    expect(b.view()).toBe('enter-email-code');
    await b.post(`${J}/choose-authenticator`, { method: 'app' });
    expect(b.view()).toBe('enter-email-code');
    await b.enterCode(code);
    expect(b.view()).toBe('choose-authenticator');
  });

  it('an unknown page is a 404 page', async () => {
    const b = await atDetails();
    const page = await b.get(`${J}/no-such-page`);
    expect(page.status).toBe(404);
    expect(b.h1()).toBe('Page not found');
    const post = await b.post(`${J}/no-such-page`, {});
    expect(post.status).toBe(404);
    await b.get(`${J}/enter-details`);
    expect(b.view()).toBe('enter-details');
  });
});

describe('back links', () => {
  it('every question page of this half has one, a plain link to the page before; start has none', async () => {
    const b = h.browser();
    await b.get(`${J}/start`);
    expect(b.last?.html).not.toContain('nhsuk-back-link');
    await b.post(`${J}/start`, {});
    expect(b.backHref()).toBe(`${J}/start`);
    await b.submitDetails(PROFILES.active);
    expect(b.backHref()).toBe(`${J}/enter-details`);
  });

  it('back shows the earlier pages (details kept) and changes nothing until a form is sent from one', async () => {
    const b = await atCode();
    const stored = await h.storedJourney(b);
    await b.back();
    expect(b.view()).toBe('enter-details');
    expect(b.inputValue('email')).toBe(PROFILES.active.email);
    expect(b.inputValue('niNumber')).toBe(PROFILES.active.niNumber);
    expect(b.backHref()).toBe(`${J}/start`);
    await b.back();
    expect(b.view()).toBe('start');
    expect(await h.storedJourney(b)).toEqual(stored);
    // Going forward from the earlier page: the journey goes back there first, then takes the form.
    await b.post(`${J}/start`, {});
    expect(b.view()).toBe('enter-details');
    expect(b.inputValue('email')).toBe(PROFILES.active.email);
    expect(await h.storedJourney(b)).not.toEqual(stored);
  });

  it('a form from an earlier page shown before the journey moved on is stale: the current step, nothing used', async () => {
    const b = await atCode();
    await b.back();
    expect(b.view()).toBe('enter-details');
    const earlierToken = b.csrfToken() as string;
    const { challenge, word } = b.captcha();
    // Another tab sends a wrong code: the journey has moved on since the earlier page was shown.
    const other = h.browser({ ip: b.ip });
    other.setCookie('aa-journey', journeyCookie(b) as string);
    await other.get(`${J}/enter-email-code`);
    await other.enterCode('000000');
    expect(other.errors()).toHaveLength(1);
    const stored = await h.storedJourney(b);
    const details = { email: 'other@nhs.net', niNumber: 'AB123456C', captchaChallenge: challenge };
    await b.post(`${J}/enter-details`, { ...details, captchaAnswer: word }, { csrf: earlierToken });
    expect(b.view()).toBe('enter-email-code');
    expect(await h.storedJourney(b)).toEqual(stored);
    expect(h.codeMails('other@nhs.net')).toHaveLength(0);
  });

  it('no back link on a page that ends the journey, and the page before it shows the current one', async () => {
    const b = await atDetails();
    await b.submitDetails({ email: 'nobody@nhs.net', niNumber: 'AB123456C' });
    expect(b.view()).toBe('problem-adding-authenticator');
    expect(b.last?.html).not.toContain('nhsuk-back-link');
    await b.get(`${J}/enter-details`);
    expect(b.view()).toBe('problem-adding-authenticator');
  });

  it('the old GET routes that changed a journey are gone: back?from= and start-again are not found', async () => {
    const b = await atCode();
    const stored = await h.storedJourney(b);
    for (const path of [`${J}/back?from=enter-email-code`, `${J}/start-again`]) {
      const res = await b.raw(path);
      expect(res.status, path).toBe(404);
    }
    expect(await h.storedJourney(b)).toEqual(stored);
  });
});

describe('cookies that do not hold', () => {
  it('a tampered journey cookie leads to start, and "Start now" begins a new journey', async () => {
    const b = await atCode();
    const original = journeyCookie(b) as string;
    const [id, signature] = original.split('.');
    const flipped = `${id?.slice(0, -2)}${id?.endsWith('AA') ? 'BB' : 'AA'}.${signature}`;
    b.setCookie('aa-journey', flipped);
    await b.get(`${J}/enter-email-code`);
    expect(b.view()).toBe('start');
    // Viewing the start page writes no journey; "Start now" does.
    await b.post(`${J}/start`, {});
    expect(b.view()).toBe('enter-details');
    const fresh = journeyCookie(b);
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(original);
    expect(fresh).not.toBe(flipped);
    expect(b.inputValue('email')).toBeUndefined();
  });

  it.each([
    ['garbage', 'not-a-cookie'],
    ['an unsigned id', 'AAAAAAAAAAAAAAAAAAAAAA'],
    ['a signature of another value', 'x.y'],
  ])('%s as the journey cookie starts a new journey at start', async (_, value) => {
    const b = h.browser();
    b.setCookie('aa-journey', value);
    await b.get(`${J}/enter-details`);
    expect(b.view()).toBe('start');
    expect(journeyCookie(b)).not.toBe(value);
  });

  it('a form posted with a tampered cookie does not reach any journey', async () => {
    const b = await atCode();
    const code = await h.code(PROFILES.active.email, 1);
    const original = journeyCookie(b) as string;
    b.setCookie('aa-journey', `${original}x`);
    await b.enterCode(code);
    expect(b.view()).toBe('start');
  });
});

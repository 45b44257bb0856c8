/**
 * "You have tried too many times" says how long the limit that refused the person still lasts, in whole
 * minutes rounded up (SPEC.md, 9 and Numbers): identity checks per IP 10 in 15 minutes, per email and per
 * NI number 5 in an hour, and the 15-minute lock after 5 wrong email codes. The limits are used up through
 * the service's own limiter on the test's Redis (as earlier checks from elsewhere would have), then the
 * person meets them in the browser.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/machine/index.js';
import { createIdentityCheckLimiter } from '../../src/services/rate-limits/identity-check-limiter.js';
import {
  ALEX,
  andWait,
  type BrowserContext,
  heading,
  newContext,
  openStart,
  type Page,
  submit,
  submitDetails,
  submitEmailCode,
  waitForView,
} from '../../tooling/support/browser.js';
import { serviceAndBrowser } from '../../tooling/support/e2e-fixture.js';

let context: BrowserContext;
let page: Page;

const e2e = serviceAndBrowser({ resetEach: true });
beforeEach(async () => {
  await context?.close();
  context = await newContext(e2e.browser, e2e.svc);
  page = await context.newPage();
});

const MINUTE = 60_000;
/** The browser's address as the service sees it (no proxy in front of it in these tests). */
const BROWSER_IP = '127.0.0.1';
/** SPEC.md: the windows and the lock, in minutes. */
const IP_WINDOW_MINUTES = 15;
const EMAIL_WINDOW_MINUTES = 60;
const NI_WINDOW_MINUTES = 60;
const LOCK_MINUTES = 15;

/** Identity checks made elsewhere, counted by the service's limiter on the service's Redis. */
function otherChecks() {
  return createIdentityCheckLimiter({
    hashKey: e2e.svc.service.config.rateLimitKey,
    redis: e2e.svc.redisClient,
  });
}

async function useUp(n: number, key: (i: number) => { ip: string; email: string; niNumber: string }) {
  const limiter = otherChecks();
  for (let i = 0; i < n; i++) await limiter.consume(key(i));
}

async function detailsRefused() {
  await openStart(page, e2e.svc);
  await submit(page, 'Start now');
  await waitForView(page, 'enter-details');
  await submitDetails(page, ALEX);
  await waitForView(page, 'too-many-attempts');
  expect(await heading(page)).toBe('You have tried too many times');
  expect(e2e.svc.emailCodeCount(ALEX.email)).toBe(0);
}

const waitText = (minutes: number) => `Wait ${minutes} minutes, then start again.`;

async function expectWait(minutes: number) {
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).toContain(waitText(minutes));
  expect(text).not.toContain('You can start again now.');
}

describe('too many attempts: the real wait (browser)', { timeout: 120_000 }, () => {
  it(`IP limit: ${LIMITS.identityChecks.perIp.points} checks from this computer, "Wait 15 minutes", then less as time passes`, async () => {
    await useUp(LIMITS.identityChecks.perIp.points, (i) => ({
      ip: BROWSER_IP,
      email: `someone.${i}@nhs.net`,
      niNumber: `HJ10000${i}A`,
    }));
    await detailsRefused();
    await expectWait(IP_WINDOW_MINUTES);

    // The page counts down with the limit: 6 minutes on, 9 (rounded up) are left.
    e2e.svc.clock.advance(6 * MINUTE);
    await andWait(page, () => page.reload());
    await expectWait(IP_WINDOW_MINUTES - 6);
  });

  it(`email limit: ${LIMITS.identityChecks.perEmail.points} checks for this email address, "Wait 60 minutes"`, async () => {
    await useUp(LIMITS.identityChecks.perEmail.points, (i) => ({
      ip: `203.0.113.${i + 1}`,
      email: ALEX.email.toUpperCase(),
      niNumber: `HJ20000${i}A`,
    }));
    await detailsRefused();
    await expectWait(EMAIL_WINDOW_MINUTES);
  });

  it(`NI number limit: ${LIMITS.identityChecks.perNiNumber.points} checks for this NI number, "Wait 60 minutes"`, async () => {
    await useUp(LIMITS.identityChecks.perNiNumber.points, (i) => ({
      ip: `203.0.113.${i + 20}`,
      email: `someone.else.${i}@nhs.net`,
      niNumber: ALEX.niNumber.replace(/ /g, '').toLowerCase(),
    }));
    await detailsRefused();
    await expectWait(NI_WINDOW_MINUTES);
  });

  it('code lock: 5 wrong email codes, "Wait 15 minutes"; a new journey for the same person says the same', async () => {
    await openStart(page, e2e.svc);
    await submit(page, 'Start now');
    await submitDetails(page, ALEX);
    await waitForView(page, 'enter-email-code');
    const code = await e2e.svc.waitForEmailCode(ALEX.email, 0);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < LIMITS.wrongEmailCodesPerJourney; i++) await submitEmailCode(page, wrong);
    await waitForView(page, 'too-many-attempts');
    await expectWait(LOCK_MINUTES);

    // A new journey: the lock on the email and NI number refuses the details, with the time it has left.
    await andWait(page, () => page.getByRole('button', { name: 'Start again' }).click());
    await waitForView(page, 'start');
    await submit(page, 'Start now');
    await submitDetails(page, ALEX);
    await waitForView(page, 'too-many-attempts');
    await expectWait(LOCK_MINUTES);
  });
});

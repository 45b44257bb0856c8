/**
 * Error paths in a real browser: bad details (values kept, CAPTCHA never), a failed image test, no
 * matching profile, wrong and expired email codes, the lock that follows, a closed profile, the Care
 * Identity Management session check, timeouts (and the warning that lets you extend), the 404 page.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/machine/index.js';
import {
  ALEX,
  andWait,
  type BrowserContext,
  errorSummary,
  heading,
  inlineError,
  JOURNEY,
  newContext,
  openStart,
  type Page,
  proveEmail,
  submit,
  submitDetails,
  submitEmailCode,
  viewOf,
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

async function toDetails() {
  await openStart(page, e2e.svc);
  await submit(page, 'Start now');
  await waitForView(page, 'enter-details');
}

const MINUTE = 60_000;

describe('error paths (browser)', { timeout: 120_000 }, () => {
  it('enter details: invalid email and NI number, errors shown, answers kept, CAPTCHA cleared', async () => {
    await toDetails();
    await submitDetails(page, { email: 'alex.morgan.nhs.net', niNumber: 'QQ 12 34 56 C' });
    await waitForView(page, 'enter-details');
    expect(await page.title()).toMatch(/^Error: Enter your details/);
    expect(await errorSummary(page)).toEqual([
      'Enter an email address in the correct format, like name@example.com',
      'Enter a National Insurance number in the correct format',
    ]);
    expect(await inlineError(page, 'email')).toBe(
      'Enter an email address in the correct format, like name@example.com',
    );
    await expect(page.getByLabel('Email address').inputValue()).resolves.toBe('alex.morgan.nhs.net');
    await expect(page.getByLabel('National Insurance number').inputValue()).resolves.toBe('QQ 12 34 56 C');
    await expect(page.getByLabel('Characters in the image').inputValue()).resolves.toBe('');
    // The error summary takes focus, and its links move to the fields.
    await expect(page.evaluate(() => document.activeElement?.className ?? '')).resolves.toMatch(
      /nhsuk-error-summary/,
    );
    await page.getByRole('link', { name: /Enter a National Insurance number/ }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('niNumber');
  });

  it('enter details: image recognition test failed, "Complete the image recognition test"', async () => {
    await toDetails();
    await submitDetails(page, { ...ALEX, captcha: 'wrong' });
    await waitForView(page, 'enter-details');
    expect(await errorSummary(page)).toEqual(['Complete the image recognition test']);
    expect(await inlineError(page, 'captchaAnswer')).toBe('Complete the image recognition test');
    await submitDetails(page, ALEX);
    await waitForView(page, 'enter-email-code');
  });

  it('enter details: no profile matches, generic "Problem adding authenticator"', async () => {
    await toDetails();
    // A real NI number of another profile: the page must not say which detail was wrong.
    await submitDetails(page, { email: ALEX.email, niNumber: 'CE 65 43 21 A' });
    await waitForView(page, 'problem-adding-authenticator');
    expect(await heading(page)).toBe('Problem adding authenticator');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/National Insurance number (is|was) (wrong|incorrect|not right)/i);
    expect(text).toContain('Find your Registration Authority');
    expect(e2e.svc.emailCodeCount(ALEX.email)).toBe(0);
  });

  it('email code: five wrong codes (a new code does not reset the count), too many attempts, then locked', async () => {
    await toDetails();
    await submitDetails(page, ALEX);
    await waitForView(page, 'enter-email-code');
    const first = await e2e.svc.waitForEmailCode(ALEX.email, 0);
    const wrong = first === '000000' ? '111111' : '000000';
    for (let i = 0; i < 2; i++) {
      await submitEmailCode(page, wrong);
      await waitForView(page, 'enter-email-code');
      expect(await inlineError(page, 'code')).toBe(
        'The code is not correct. Check the code in your email and try again',
      );
    }
    e2e.svc.clock.advance(LIMITS.emailCodeResendGapMs + 1000);
    await submit(page, 'Send a new code');
    await page.getByText('We have sent you a new code').waitFor();
    await e2e.svc.waitForEmailCode(ALEX.email, 1);
    for (let i = 0; i < 2; i++) {
      await submitEmailCode(page, wrong);
      expect(viewOf(page)).toBe('enter-email-code');
    }
    await submitEmailCode(page, wrong);
    await waitForView(page, 'too-many-attempts');
    expect(await heading(page)).toBe('You have tried too many times');

    // The same email and NI number are locked for a while, even in a new journey.
    await andWait(page, () => page.getByRole('button', { name: 'Start again' }).click());
    await waitForView(page, 'start');
    await submit(page, 'Start now');
    await submitDetails(page, ALEX);
    await waitForView(page, 'too-many-attempts');
    expect(e2e.svc.emailCodeCount(ALEX.email)).toBe(2);
  });

  it('email code: an expired code, "The code has expired. Send a new code", the new code works', async () => {
    await toDetails();
    await submitDetails(page, ALEX);
    await waitForView(page, 'enter-email-code');
    const code = await e2e.svc.waitForEmailCode(ALEX.email, 0);
    e2e.svc.clock.advance(LIMITS.emailCodeLifetimeMs + MINUTE);
    await submitEmailCode(page, code);
    await waitForView(page, 'enter-email-code');
    expect(await inlineError(page, 'code')).toBe('The code has expired. Send a new code');
    await submit(page, 'Send a new code');
    await page.getByText('We have sent you a new code').waitFor();
    await submitEmailCode(page, await e2e.svc.waitForEmailCode(ALEX.email, 1));
    await waitForView(page, 'choose-authenticator');
  });

  it('email code: a suspended profile, "Your Care Identity profile could not be found" after the code', async () => {
    await proveEmailExpecting('casey.brooks@nhs.net', 'JM 98 76 54 B', 'profile-not-found');
    expect(await heading(page)).toBe('Your Care Identity profile could not be found');
  });

  it('log out first: a Care Identity Management session, still logged in, then logged out', async () => {
    await context.close();
    context = await newContext(e2e.browser, e2e.svc, { cookies: { CIM_SESSION: 'open' } });
    page = await context.newPage();
    await page.goto(`${e2e.svc.url}${JOURNEY}/start`);
    await waitForView(page, 'log-out-first');
    expect(await heading(page)).toBe('You must be logged out of Care Identity Management');
    await submit(page, 'I have logged out, continue');
    await waitForView(page, 'log-out-first');
    expect(await errorSummary(page)).toEqual([
      'You are still logged in to Care Identity Management. Log out, then select continue',
    ]);
    await context.clearCookies({ name: 'CIM_SESSION' });
    await submit(page, 'I have logged out, continue');
    await waitForView(page, 'start');
    await submit(page, 'Start now');
    await waitForView(page, 'enter-details');
  });

  it('session timed out: 31 minutes without activity, "Your session has ended", start again', async () => {
    await proveEmail(page, e2e.svc);
    e2e.svc.clock.advance(LIMITS.inactivityTimeoutMs + MINUTE);
    await page.getByLabel('Authenticator app', { exact: true }).check();
    await submit(page, 'Continue');
    await waitForView(page, 'session-timed-out');
    expect(await heading(page)).toBe('Your session has ended');
    await andWait(page, () => page.getByRole('button', { name: 'Start again' }).click());
    await waitForView(page, 'start');
  });

  it('session timed out: the stored journey is gone from Redis, "Your session has ended"', async () => {
    await toDetails();
    const keys = await e2e.svc.redisClient.keys('aa:journey:*');
    expect(keys.length).toBeGreaterThan(0);
    await e2e.svc.redisClient.del(...keys);
    await page.reload();
    await waitForView(page, 'enter-details');
    expect(await heading(page)).toBe('Your session has ended');
  });

  it('timeout warning: shown 5 minutes before the end, "Continue with this journey" extends it', async () => {
    await proveEmail(page, e2e.svc);
    e2e.svc.clock.advance(LIMITS.inactivityTimeoutMs - 4 * MINUTE);
    await page.reload();
    const dialog = page.getByRole('dialog', { name: 'Your session will end soon' });
    await dialog.waitFor();
    await expect(dialog.getByText(/4 minutes|3 minutes/).count()).resolves.toBe(1);
    // NHS.UK styled: a card without the browser's black dialog border; the heading has focus, no box.
    const looks = await page.evaluate(() => {
      const box = document.getElementById('timeout-warning') as HTMLElement;
      const focused = document.activeElement as HTMLElement;
      return {
        focused: focused.id,
        outline: getComputedStyle(focused).outlineStyle,
        dialogBorder: getComputedStyle(box).borderTopWidth,
        card: !!box.querySelector('.nhsuk-card .nhsuk-button'),
      };
    });
    expect(looks).toEqual({
      focused: 'timeout-warning-heading',
      outline: 'none',
      dialogBorder: '0px',
      card: true,
    });
    await dialog.getByRole('button', { name: 'Continue with this journey' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Without the extension this would be past the inactivity timeout.
    e2e.svc.clock.advance(6 * MINUTE);
    await page.getByLabel('Passkey', { exact: true }).check();
    await submit(page, 'Continue');
    await page.waitForURL((url) => url.pathname !== `${JOURNEY}/choose-authenticator`);
    expect(viewOf(page)).not.toBe('session-timed-out');
  });

  it('not found: an unknown page, "Page not found" with status 404', async () => {
    const response = await page.goto(`${e2e.svc.url}${JOURNEY}/no-such-page`);
    expect(response?.status()).toBe(404);
    expect(await heading(page)).toBe('Page not found');
  });
});

async function proveEmailExpecting(email: string, niNumber: string, view: string) {
  await toDetails();
  await submitDetails(page, { email, niNumber });
  await waitForView(page, 'enter-email-code');
  await submitEmailCode(page, await e2e.svc.waitForEmailCode(email, 0));
  await waitForView(page, view);
}

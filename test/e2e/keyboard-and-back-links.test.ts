/**
 * A whole journey with the keyboard alone (Tab, Space, Enter and typing; no clicks), and the back link
 * of every question page, each taking the person to the page before: a plain link that changes nothing
 * stored until a form is sent from the earlier page.
 */
import { TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { createSnapshotSealer } from '../../src/services/journey-store/snapshot-sealer.js';
import {
  ALEX,
  andWait,
  captchaWord,
  chooseMethod,
  confirmSoleAccess,
  GOOD_PASSWORD,
  heading,
  newContext,
  openStart,
  type Page,
  proveEmail,
  submit,
  submitDetails,
  viewOf,
  waitForView,
} from '../../tooling/support/browser.js';
import { serviceAndBrowser } from '../../tooling/support/e2e-fixture.js';

const e2e = serviceAndBrowser({ resetEach: true });

interface Target {
  /** A CSS selector the focused element must match. */
  css: string;
  /** Its visible text, when the selector alone is not enough. */
  text?: string;
}

/** Presses Tab until the focused element is the target; fails after 40 presses. */
async function tabTo(page: Page, target: Target): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(
      ({ css, text }) => {
        const el = document.activeElement;
        return !!el && el.matches(css) && (text === undefined || el.textContent?.trim() === text);
      },
      { css: target.css, text: target.text },
    );
    if (focused) return;
  }
  throw new Error(`Tab never reached ${target.css} ${target.text ?? ''} on ${viewOf(page)}`);
}

const field = (id: string): Target => ({ css: `#${id}` });
const button = (text: string): Target => ({ css: 'button, a[role="button"]', text });

async function pressOn(page: Page, target: Target, key: 'Enter' | 'Space'): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

async function enterOn(page: Page, target: Target, view: string): Promise<void> {
  await andWait(page, () => pressOn(page, target, 'Enter'));
  await waitForView(page, view);
}

describe('keyboard only and back links (browser)', { timeout: 120_000 }, () => {
  it('keyboard only: a whole authenticator app journey with Tab, Space and Enter', async () => {
    const context = await newContext(e2e.browser, e2e.svc);
    const page = await context.newPage();
    page.on('dialog', () => {
      throw new Error('no dialog expected');
    });
    await openStart(page, e2e.svc);
    await enterOn(page, button('Start now'), 'enter-details');

    await tabTo(page, field('email'));
    await page.keyboard.type(ALEX.email);
    await tabTo(page, field('niNumber'));
    await page.keyboard.type(ALEX.niNumber);
    const word = await captchaWord(page);
    await tabTo(page, field('captchaAnswer'));
    await page.keyboard.type(word);
    await andWait(page, () => page.keyboard.press('Enter'));
    await waitForView(page, 'enter-email-code');

    const code = await e2e.svc.waitForEmailCode(ALEX.email, 0);
    await tabTo(page, field('code'));
    await page.keyboard.type(code.replace(/(\d{3})/, '$1 '));
    await enterOn(page, button('Continue'), 'choose-authenticator');

    await pressOn(page, { css: 'input[name="method"][value="app"]' }, 'Space');
    await expect(page.locator('input[value="app"]').isChecked()).resolves.toBe(true);
    await enterOn(page, button('Continue'), 'app-instructions');

    await pressOn(page, { css: 'input[name="soleAccess"]' }, 'Space');
    await enterOn(page, button('Continue'), 'create-password');

    await tabTo(page, field('password'));
    await page.keyboard.type(GOOD_PASSWORD);
    await tabTo(page, field('confirmPassword'));
    await page.keyboard.type(GOOD_PASSWORD);
    await andWait(page, () => page.keyboard.press('Enter'));
    await waitForView(page, 'scan-qr');

    await pressOn(page, { css: 'summary' }, 'Enter');
    const key = page.locator('#authenticator-key');
    await key.waitFor({ state: 'visible' });
    const secret = ((await key.textContent()) ?? '').replace(/\s/g, '');
    await enterOn(page, button('Next'), 'enter-app-code');

    const totp = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
    await tabTo(page, field('code'));
    await page.keyboard.type(totp.generate({ timestamp: e2e.svc.clock.now() }));
    await enterOn(page, button('Submit'), 'app-added');
    expect(await heading(page)).toBe('Authenticator app added');
    await context.close();
  });

  it('back links: every question page goes back to the page before it', async () => {
    const context = await newContext(e2e.browser, e2e.svc);
    const page = await context.newPage();
    /** The journey stored for the browser's cookie, as Redis holds it. */
    const stored = async () => {
      const cookie = (await context.cookies()).find((c) => c.name === 'aa-journey');
      const id = decodeURIComponent(cookie?.value ?? '').split('.')[0] ?? '';
      const record = await e2e.svc.redisClient.hgetall(`aa:journey:{${id}}`);
      // The snapshot is sealed at rest: opened here to read which state it holds.
      const opened = record.snapshot
        ? createSnapshotSealer(e2e.svc.service.config.journeyDataKeys).open(id, record.snapshot)
        : null;
      return { record, snapshot: opened ?? '' };
    };
    const back = async (from: string, to: string) => {
      await waitForView(page, from);
      await andWait(page, () => page.getByRole('link', { name: 'Back', exact: true }).click());
      await waitForView(page, to);
    };

    await openStart(page, e2e.svc);
    await submit(page, 'Start now');
    await back('enter-details', 'start');
    await submit(page, 'Start now');
    await submitDetails(page, ALEX);
    await back('enter-email-code', 'enter-details');
    // A new code is sent at most every 30 seconds.
    e2e.svc.clock.advance(31_000);
    await submitDetails(page, ALEX);
    await waitForView(page, 'enter-email-code');
    await page.getByLabel('Enter the code').fill(await e2e.svc.waitForEmailCode(ALEX.email, 1));
    await submit(page, 'Continue');
    await waitForView(page, 'choose-authenticator');

    await chooseMethod(page, 'Authenticator app');
    await back('app-instructions', 'choose-authenticator');
    await chooseMethod(page, 'Authenticator app');
    await confirmSoleAccess(page, 'Only I have access to this authenticator app');
    await back('create-password', 'app-instructions');
    await confirmSoleAccess(page, 'Only I have access to this authenticator app');
    const createPassword = async () => {
      await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
      await page.getByLabel('Confirm password').fill(GOOD_PASSWORD);
      await submit(page, 'Continue');
    };
    await createPassword();
    await back('scan-qr', 'create-password');
    await createPassword();
    await submit(page, 'Next');
    const atAppCode = await stored();
    expect(atAppCode.snapshot).toContain('enterAppCode');
    await back('enter-app-code', 'scan-qr');
    await back('scan-qr', 'create-password');
    await back('create-password', 'app-instructions');
    await back('app-instructions', 'choose-authenticator');
    // Four pages back, and nothing stored has changed: the choice below carries the backs.
    expect((await stored()).record).toEqual(atAppCode.record);

    await chooseMethod(page, 'NHS.net Connect');
    expect((await stored()).snapshot).toContain('nhsnetInstructions');
    await back('nhsnet-instructions', 'choose-authenticator');
    await chooseMethod(page, 'Passkey');
    await back('passkey-register', 'choose-authenticator');
    expect(await heading(page)).toBe('What type of authenticator do you want to add?');
    await context.close();
  });

  it('back links: without JavaScript the passkey question page has one too', async () => {
    const context = await newContext(e2e.browser, e2e.svc, { javaScriptEnabled: false });
    const page = await context.newPage();
    await proveEmail(page, e2e.svc);
    await chooseMethod(page, 'Passkey');
    await waitForView(page, 'passkey-loading');
    // (Text locators skip <noscript>, which is what this page shows.)
    await expect(page.locator('legend').textContent()).resolves.toBe(
      'Is Windows Hello set up on this computer?',
    );
    await andWait(page, () => page.getByRole('link', { name: 'Back', exact: true }).click());
    await waitForView(page, 'choose-authenticator');
    await context.close();
  });
});

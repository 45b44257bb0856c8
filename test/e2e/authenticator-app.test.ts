/**
 * The authenticator app journey in a real browser, with JavaScript (htmx swaps each next page in) and
 * without: the QR code read off the screen, the code made by an authenticator (otpauth) from what the
 * page showed, and the key typed in by hand instead.
 */
import { Secret, TOTP, URI } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_SUBJECT } from '../../src/services/mail/notifier.js';
import {
  ALEX,
  BROWSER_MODES,
  type BrowserMode,
  chooseMethod,
  confirmSoleAccess,
  GOOD_PASSWORD,
  heading,
  inlineError,
  newContext,
  type Page,
  proveEmail,
  readQrCode,
  stepLog,
  submit,
  viewOf,
  waitForView,
} from '../../tooling/support/browser.js';
import { serviceAndBrowser } from '../../tooling/support/e2e-fixture.js';

const e2e = serviceAndBrowser({ resetEach: true });

async function upToScanQr(page: Page) {
  await proveEmail(page, e2e.svc);
  await chooseMethod(page, 'Authenticator app');
  await waitForView(page, 'app-instructions');
  await confirmSoleAccess(page, 'Only I have access to this authenticator app');
  await waitForView(page, 'create-password');
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByLabel('Confirm password').fill(GOOD_PASSWORD);
  await submit(page, 'Continue');
  await waitForView(page, 'scan-qr');
}

async function finishWithCode(page: Page, totp: TOTP) {
  await submit(page, 'Next');
  await waitForView(page, 'enter-app-code');
  await page.getByRole('textbox').fill(totp.generate({ timestamp: e2e.svc.clock.now() }));
  await submit(page, 'Submit');
  await waitForView(page, 'app-added');
  expect(await heading(page)).toBe('Authenticator app added');
  const notice = await e2e.svc.smtp.waitFor((m) => m.subject === NOTIFICATION_SUBJECT);
  expect(notice.to).toContain(ALEX.email);
}

/** Every step after the start page: with htmx each one swapped the next page in, without JavaScript
 *  each one loaded a document. */
function expectEveryStep(page: Page, mode: BrowserMode, steps: number) {
  const log = stepLog(page);
  expect(log).toEqual(mode === 'htmx' ? { swaps: steps, loads: 0 } : { swaps: 0, loads: steps });
}

describe.each(BROWSER_MODES)('authenticator app journey (browser, %s)', { timeout: 120_000 }, (mode) => {
  it('authenticator app: scan the QR code on the page, enter the app code, app added', async () => {
    const context = await newContext(e2e.browser, e2e.svc, { mode });
    const page = await context.newPage();
    await upToScanQr(page);
    const uri = URI.parse(await readQrCode(page));
    expect(uri).toBeInstanceOf(TOTP);
    const totp = uri as TOTP;
    expect(totp.algorithm).toBe('SHA1');
    expect(totp.digits).toBe(6);
    expect(totp.period).toBe(30);
    expect(totp.secret.bytes.length).toBe(20);
    expect(totp.label).toBe(ALEX.email);

    // A wrong code first: an inline error, and the page stays.
    await submit(page, 'Next');
    await waitForView(page, 'enter-app-code');
    const wrong = String(
      (Number(totp.generate({ timestamp: e2e.svc.clock.now() })) + 500_000) % 1_000_000,
    ).padStart(6, '0');
    await page.getByRole('textbox').fill(wrong);
    await submit(page, 'Submit');
    await waitForView(page, 'enter-app-code');
    expect(await inlineError(page, 'code')).toMatch(/not correct/);
    await page.getByRole('textbox').fill(totp.generate({ timestamp: e2e.svc.clock.now() }));
    await submit(page, 'Submit');
    await waitForView(page, 'app-added');
    expect(await heading(page)).toBe('Authenticator app added');
    // Start now, details, code, method, sole access, password, Next, wrong code, right code.
    expectEveryStep(page, mode, 9);
    await context.close();
  });

  it('authenticator app: "Can\'t scan the QR code?" key typed into the app, app added', async () => {
    const context = await newContext(e2e.browser, e2e.svc, { mode });
    const page = await context.newPage();
    await upToScanQr(page);
    const key = page.locator('#authenticator-key');
    await expect(key.isVisible()).resolves.toBe(false);
    await page.getByText("Can't scan the QR code?").click();
    await expect(key.isVisible()).resolves.toBe(true);
    const grouped = ((await key.textContent()) ?? '').trim();
    expect(grouped).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    const fromQr = URI.parse(await readQrCode(page)) as TOTP;
    const typed = Secret.fromBase32(grouped.replace(/ /g, ''));
    expect(typed.base32).toBe(fromQr.secret.base32);
    await finishWithCode(page, new TOTP({ secret: typed, algorithm: 'SHA1', digits: 6, period: 30 }));
    expect(viewOf(page)).toBe('app-added');
    await context.close();
  });
});

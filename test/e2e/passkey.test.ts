/**
 * The passkey journey in a real browser with Chromium's virtual authenticators (CDP WebAuthn domain):
 * the platform check picks the instructions (Windows Hello present or not), the ceremony runs in the
 * page, the server verifies the attestation; a cancelled ceremony and a second passkey on the same
 * phone are shown as errors with another try.
 */
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_SUBJECT } from '../../src/services/mail/notifier.js';
import {
  ALEX,
  type AuthenticatorTransport,
  addVirtualAuthenticator,
  type CDPSession,
  chooseMethod,
  clickButton,
  errorSummary,
  heading,
  newContext,
  type Page,
  pretendWindows,
  proveEmail,
  submit,
  waitForView,
  webAuthnSession,
} from '../../tooling/support/browser.js';
import { serviceAndBrowser } from '../../tooling/support/e2e-fixture.js';

const e2e = serviceAndBrowser({ resetEach: true });

async function setUp(opts: {
  windows: boolean;
  platformAuthenticator: boolean;
  phone: AuthenticatorTransport;
}) {
  const context = await newContext(e2e.browser, e2e.svc);
  if (opts.windows) await pretendWindows(context);
  const page = await context.newPage();
  const cdp = await webAuthnSession(page);
  // A user-verifying platform authenticator is what Windows Hello looks like to the page.
  if (opts.platformAuthenticator) await addVirtualAuthenticator(cdp, 'internal');
  const phone = await addVirtualAuthenticator(cdp, opts.phone);
  return { context, page, cdp, phone };
}

async function toPasskeyRegister(page: Page) {
  await proveEmail(page, e2e.svc);
  await chooseMethod(page, 'Passkey');
  // passkey-loading checks the platform and moves on by itself.
  await waitForView(page, 'passkey-register');
  expect(await heading(page)).toBe('Create a passkey on your phone or tablet');
}

const credentials = async (cdp: CDPSession, authenticatorId: string) =>
  (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;

describe('passkey journey (browser, virtual authenticator)', { timeout: 120_000 }, () => {
  it('passkey: Windows Hello present, "Change" instructions, phone passkey created and added', async () => {
    const { context, page, cdp, phone } = await setUp({
      windows: true,
      platformAuthenticator: true,
      phone: 'usb',
    });
    await toPasskeyRegister(page);
    await expect(page.getByText('This computer uses Windows Hello').isVisible()).resolves.toBe(true);
    await expect(page.getByText('select "Change" next to').isVisible()).resolves.toBe(true);
    await clickButton(page, 'Create a passkey');
    await waitForView(page, 'passkey-added');
    expect(await heading(page)).toBe('Passkey added');
    const [created] = await credentials(cdp, phone);
    expect(created?.isResidentCredential).toBe(true);
    expect(created?.rpId).toBe('localhost');
    const notice = await e2e.svc.smtp.waitFor((m) => m.subject === NOTIFICATION_SUBJECT);
    expect(notice.to).toContain(ALEX.email);
    await context.close();
  });

  it('passkey: no Windows Hello, phone instructions, ceremony cancelled then tried again, passkey added', async () => {
    const { context, page, cdp, phone } = await setUp({
      windows: false,
      platformAuthenticator: false,
      phone: 'hybrid',
    });
    await toPasskeyRegister(page);
    await expect(
      page.getByText('Your passkey will be saved on your phone or tablet').isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByText('Windows Hello').count()).resolves.toBe(0);

    // The person does not confirm on the phone: the browser reports NotAllowedError.
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId: phone, isUserVerified: false });
    await clickButton(page, 'Create a passkey');
    await page.locator('.nhsuk-error-summary').waitFor();
    await waitForView(page, 'passkey-register');
    expect(await errorSummary(page)).toEqual([
      'Creating a passkey was cancelled. Select "Create a passkey" to try again',
    ]);
    expect(await credentials(cdp, phone)).toHaveLength(0);

    await cdp.send('WebAuthn.setUserVerified', { authenticatorId: phone, isUserVerified: true });
    await clickButton(page, 'Create a passkey');
    await waitForView(page, 'passkey-added');
    expect(await credentials(cdp, phone)).toHaveLength(1);
    await context.close();
  });

  it('passkey: a second passkey on the same phone is refused (InvalidStateError), another phone works', async () => {
    const { context, page, cdp, phone } = await setUp({
      windows: false,
      platformAuthenticator: false,
      phone: 'usb',
    });
    await toPasskeyRegister(page);
    await clickButton(page, 'Create a passkey');
    await waitForView(page, 'passkey-added');
    await submit(page, 'Add another authenticator');
    await waitForView(page, 'choose-authenticator');
    await chooseMethod(page, 'Passkey');
    await waitForView(page, 'passkey-register');
    await clickButton(page, 'Create a passkey');
    await page.locator('.nhsuk-error-summary').waitFor();
    expect((await errorSummary(page))[0]).toMatch(/already has a passkey/);

    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: phone });
    await addVirtualAuthenticator(cdp, 'usb');
    await clickButton(page, 'Create a passkey');
    await waitForView(page, 'passkey-added');
    await context.close();
  });
});

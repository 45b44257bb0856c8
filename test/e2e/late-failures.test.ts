/**
 * Late failures in a real browser (SPEC.md, 8): once the email is proven, a passkey that fails
 * verification, an NHS.net Connect account the service refuses (another tenant, a domain that is not
 * nhs.net, linked to another profile) and a passkey the directory refuses do not end the journey. The
 * person selects "Try again" or "Choose another type of authenticator" and succeeds without entering
 * their details or an email code again. The last failure the journey allows needs the RA.
 */
import { describe, expect, it } from 'vitest';
import { demoNhsnetAccounts } from '../../src/dev/nhsnet-provider/accounts.js';
import { LIMITS } from '../../src/machine/index.js';
import {
  ALEX_NHSNET,
  addVirtualAuthenticator,
  chooseMethod,
  clickButton,
  confirmSoleAccess,
  GOOD_PASSWORD,
  heading,
  JOURNEY,
  logInAtProvider,
  newContext,
  type Page,
  proveEmail,
  readQrCode,
  submit,
  tamperNextPasskeyResponse,
  waitForProvider,
  waitForView,
  webAuthnSession,
} from '../../tooling/support/browser.js';
import { serviceAndBrowser } from '../../tooling/support/e2e-fixture.js';

const e2e = serviceAndBrowser({ resetEach: true });

const NOT_ADDED = {
  passkey: 'Your passkey was not added',
  nhsnet: 'Your NHS.net Connect account was not added',
};
const NO_DETAILS_AGAIN = 'You do not need to enter your details or a code from your email again.';
const NHSNET_SOLE_ACCESS = 'Only I have access to this NHS.net Connect account';

const mailbox = (email: string) => {
  const account = demoNhsnetAccounts.find((a) => a.email === email);
  if (!account) throw new Error(`no demo NHS.net Connect mailbox ${email}`);
  return { email: account.email, password: account.password };
};

/** A fresh browser, at choose-authenticator with the email proven; records every page it opens after. */
async function provenJourney() {
  const context = await newContext(e2e.browser, e2e.svc);
  const page = await context.newPage();
  const cdp = await webAuthnSession(page);
  const phone = await addVirtualAuthenticator(cdp, 'usb');
  await proveEmail(page, e2e.svc);
  const codesSent = e2e.svc.smtp.messages.length;
  const opened: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) opened.push(new URL(frame.url()).pathname);
  });
  /** Never back to the details, the email code or the start once the email was proven. */
  const expectIdentityNotAskedAgain = () => {
    const identityPages = ['start', 'enter-details', 'enter-email-code'].map((v) => `${JOURNEY}/${v}`);
    expect(opened.filter((path) => identityPages.includes(path))).toEqual([]);
    const codeMails = e2e.svc.smtp.messages.slice(codesSent).filter((m) => /code/i.test(m.subject));
    expect(codeMails).toEqual([]);
  };
  return { context, page, cdp, phone, opened, expectIdentityNotAskedAgain };
}

/** Before the next passkey response reaches the service, its credential is put on another profile in the
 *  directory, so the directory refuses the save (linked to another profile). */
async function linkNextPasskeyElsewhere(page: Page) {
  const register = `**${JOURNEY}/passkey-register`;
  await page.route(
    register,
    async (route) => {
      const request = route.request();
      if (request.method() !== 'POST') return route.continue();
      const form = new URLSearchParams(request.postData() ?? '');
      const { id } = JSON.parse(form.get('response') ?? '{}') as { id: string };
      await e2e.svc.redisClient.set(`aa:{dir}:passkey:${id}`, 'demo-0002');
      return route.continue();
    },
    { times: 1 },
  );
}

async function createPasskey(page: Page) {
  // After an htmx swap the page's script starts a moment later: it marks the button when it has.
  await page.locator('#create-passkey[data-started="true"]').waitFor();
  await clickButton(page, 'Create a passkey');
}

async function toNotAdded(page: Page, method: 'passkey' | 'nhsnet') {
  await waitForView(page, 'authenticator-not-added');
  expect(await heading(page)).toBe(NOT_ADDED[method]);
  await expect(page.getByText(NO_DETAILS_AGAIN).isVisible()).resolves.toBe(true);
  const text = (await page.locator('main').textContent()) ?? '';
  // Never the wording of the identity check: the email and NI number were right.
  expect(text).not.toMatch(/National Insurance number|check your email/i);
}

async function addAppFromChooseAuthenticator(page: Page) {
  await chooseMethod(page, 'Authenticator app');
  await confirmSoleAccess(page, 'Only I have access to this authenticator app');
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByLabel('Confirm password').fill(GOOD_PASSWORD);
  await submit(page, 'Continue');
  await waitForView(page, 'scan-qr');
  const { URI } = await import('otpauth');
  const totp = URI.parse(await readQrCode(page));
  await submit(page, 'Next');
  await waitForView(page, 'enter-app-code');
  await page.getByRole('textbox').fill(totp.generate({ timestamp: e2e.svc.clock.now() }));
  await submit(page, 'Submit');
  await waitForView(page, 'app-added');
}

async function toNhsnetProvider(page: Page) {
  await chooseMethod(page, 'NHS.net Connect');
  await waitForView(page, 'nhsnet-instructions');
  await confirmSoleAccess(page, NHSNET_SOLE_ACCESS);
  await waitForProvider(page, e2e.svc);
}

describe('late failures (browser)', { timeout: 180_000 }, () => {
  it('passkey verification fails: "Try again" makes a new passkey and it is added', async () => {
    const j = await provenJourney();
    await chooseMethod(j.page, 'Passkey');
    await waitForView(j.page, 'passkey-register');
    await tamperNextPasskeyResponse(j.page);
    await createPasskey(j.page);
    await toNotAdded(j.page, 'passkey');
    await expect(
      j.page
        .getByText('Your phone or tablet made a passkey, but we could not check that it is genuine.')
        .count(),
    ).resolves.toBe(1);

    await submit(j.page, 'Try again');
    await waitForView(j.page, 'passkey-register');
    await createPasskey(j.page);
    await waitForView(j.page, 'passkey-added');
    expect(await heading(j.page)).toBe('Passkey added');
    j.expectIdentityNotAskedAgain();
    await j.context.close();
  });

  it('passkey verification fails: "Choose another type of authenticator", an app is added', async () => {
    const j = await provenJourney();
    await chooseMethod(j.page, 'Passkey');
    await waitForView(j.page, 'passkey-register');
    await tamperNextPasskeyResponse(j.page);
    await createPasskey(j.page);
    await toNotAdded(j.page, 'passkey');

    await submit(j.page, 'Choose another type of authenticator');
    await waitForView(j.page, 'choose-authenticator');
    await addAppFromChooseAuthenticator(j.page);
    j.expectIdentityNotAskedAgain();
    await j.context.close();
  });

  it('passkey linked to another profile (the directory refuses the save): "Try again" with another phone', async () => {
    const j = await provenJourney();
    await chooseMethod(j.page, 'Passkey');
    await waitForView(j.page, 'passkey-register');
    await linkNextPasskeyElsewhere(j.page);
    await createPasskey(j.page);
    await toNotAdded(j.page, 'passkey');
    await expect(
      j.page.getByText('This passkey is already linked to a different Care Identity profile.').count(),
    ).resolves.toBe(1);

    await submit(j.page, 'Try again');
    await waitForView(j.page, 'passkey-register');
    await j.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: j.phone });
    await addVirtualAuthenticator(j.cdp, 'usb');
    await createPasskey(j.page);
    await waitForView(j.page, 'passkey-added');
    j.expectIdentityNotAskedAgain();
    await j.context.close();
  });

  it('NHS.net Connect account from another tenant: its own reason, "Try again", own account added', async () => {
    const j = await provenJourney();
    await toNhsnetProvider(j.page);
    await logInAtProvider(j.page, mailbox('sam.okafor@nhs.net'));
    await toNotAdded(j.page, 'nhsnet');
    await expect(
      j.page
        .getByText('The account you logged in with is not an NHS.net Connect account that can be added.', {
          exact: false,
        })
        .count(),
    ).resolves.toBe(1);

    await submit(j.page, 'Try again');
    await waitForView(j.page, 'nhsnet-instructions');
    await confirmSoleAccess(j.page, NHSNET_SOLE_ACCESS);
    // The provider asks who is logging in again: the refused account is not used by itself.
    await waitForProvider(j.page, e2e.svc);
    await logInAtProvider(j.page, ALEX_NHSNET);
    await waitForView(j.page, 'nhsnet-added');
    expect(await heading(j.page)).toBe('NHS.net Connect account added');
    j.expectIdentityNotAskedAgain();
    await j.context.close();
  });

  it('NHS.net Connect account whose address is not nhs.net: "Try again", own account added', async () => {
    const j = await provenJourney();
    await toNhsnetProvider(j.page);
    await logInAtProvider(j.page, mailbox('chris.lee@example.com'));
    await toNotAdded(j.page, 'nhsnet');
    await expect(
      j.page.getByText('The email address of the account must end in nhs.net.').count(),
    ).resolves.toBe(1);
    await submit(j.page, 'Try again');
    await confirmSoleAccess(j.page, NHSNET_SOLE_ACCESS);
    await waitForProvider(j.page, e2e.svc);
    await logInAtProvider(j.page, ALEX_NHSNET);
    await waitForView(j.page, 'nhsnet-added');
    j.expectIdentityNotAskedAgain();
    await j.context.close();
  });

  it('NHS.net Connect account linked to another profile: its own reason (no one named), another type added', async () => {
    const j = await provenJourney();
    await toNhsnetProvider(j.page);
    await logInAtProvider(j.page, mailbox('priya.shah@nhs.net'));
    await toNotAdded(j.page, 'nhsnet');
    await expect(
      j.page
        .getByText('This NHS.net Connect account is already linked to a different Care Identity profile.', {
          exact: false,
        })
        .count(),
    ).resolves.toBe(1);
    const text = (await j.page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/Priya|Shah|priya\.shah|demo-0002/i);

    await submit(j.page, 'Choose another type of authenticator');
    await waitForView(j.page, 'choose-authenticator');
    await chooseMethod(j.page, 'Passkey');
    await waitForView(j.page, 'passkey-register');
    await createPasskey(j.page);
    await waitForView(j.page, 'passkey-added');
    j.expectIdentityNotAskedAgain();
    await j.context.close();
  });

  it(`the ${LIMITS.lateFailuresPerJourney}rd late failure in a journey: contact your Registration Authority`, async () => {
    const j = await provenJourney();
    for (let i = 1; i <= LIMITS.lateFailuresPerJourney; i++) {
      if (i > 1) {
        await submit(j.page, 'Try again');
        await waitForView(j.page, 'passkey-register');
      } else {
        await chooseMethod(j.page, 'Passkey');
        await waitForView(j.page, 'passkey-register');
      }
      await tamperNextPasskeyResponse(j.page);
      await createPasskey(j.page);
      if (i < LIMITS.lateFailuresPerJourney) {
        await toNotAdded(j.page, 'passkey');
        const warned = await j.page.getByText('If it does not work next time').count();
        expect(warned, `failure ${i}`).toBe(i === LIMITS.lateFailuresPerJourney - 1 ? 1 : 0);
      }
    }
    await waitForView(j.page, 'contact-registration-authority');
    expect(await heading(j.page)).toBe('Contact your Registration Authority to add an authenticator');
    const text = (await j.page.locator('main').textContent()) ?? '';
    expect(text).not.toMatch(/National Insurance number|check your email/i);
    await expect(
      j.page.locator('main').getByRole('link', { name: 'Find your Registration Authority' }).count(),
    ).resolves.toBe(1);
    j.expectIdentityNotAskedAgain();
    await j.context.close();
  });
});

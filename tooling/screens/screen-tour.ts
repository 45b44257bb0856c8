/**
 * A tour of every screen of the journey and every error state, in a real browser against the real
 * service. At each stop `visit` is called (the accessibility test runs axe-core there; the screens
 * script takes a screenshot). Stops are listed in journey order.
 */
import { LIMITS } from '../../src/machine/index.js';
import { pageScreenOf } from '../../src/screens/index.js';
import {
  ALEX,
  ALEX_NHSNET,
  addVirtualAuthenticator,
  andWait,
  type Browser,
  type BrowserContext,
  chooseMethod,
  confirmSoleAccess,
  GOOD_PASSWORD,
  JOURNEY,
  logInAtProvider,
  newContext,
  nextAuthorizationState,
  openStart,
  type Page,
  pretendWindows,
  readQrCode,
  submit,
  submitDetails,
  submitEmailCode,
  tamperNextPasskeyResponse,
  viewOf,
  waitForProvider,
  waitForView,
  webAuthnSession,
} from '../support/browser.js';
import type { RunningService } from '../support/service-process.js';

export interface Stop {
  view: string;
  /** 'default', 'error' (the page's usual error), or a name for another state of the page. */
  variant: string;
  /** What the page shows at this stop, in a few words. */
  description: string;
}

export type Visit = (page: Page, stop: Stop) => Promise<void>;

const MINUTE = 60_000;
const APP_SOLE_ACCESS = 'Only I have access to this authenticator app';
const NHSNET_SOLE_ACCESS = 'Only I have access to this NHS.net Connect account';
const SAM = { email: 'sam.okafor@nhs.net', niNumber: 'LR 13 57 92 A' };
const PRIYA = { email: 'priya.shah@nhs.net', niNumber: 'CE 65 43 21 A' };
const CASEY = { email: 'casey.brooks@nhs.net', niNumber: 'JM 98 76 54 B' };
const JORDAN = { email: 'jordan.ellis@nhs.net', niNumber: 'JE 12 34 56 A' };

export async function tourScreens(
  browser: Browser,
  svc: RunningService,
  visit: Visit,
  opts: { bypassCSP?: boolean } = {},
): Promise<Stop[]> {
  const stops: Stop[] = [];
  const contexts: BrowserContext[] = [];
  const open = async (extra: Parameters<typeof newContext>[2] = {}) => {
    const context = await newContext(browser, svc, { bypassCSP: opts.bypassCSP, ...extra });
    contexts.push(context);
    return context.newPage();
  };
  const stop = async (page: Page, view: string, variant: string, description: string, path = view) => {
    await page.waitForLoadState('load');
    if (view !== 'not-found' && !pageScreenOf(view))
      throw new Error(`tour: ${view} is not a page of src/screens`);
    const at = viewOf(page);
    if (at !== path)
      throw new Error(`tour: expected to be on ${view} (${variant}) but the browser is on ${at}`);
    const s = { view, variant, description };
    await visit(page, s);
    stops.push(s);
  };

  try {
    await svc.reset();
    await mainJourney(await open(), svc, stop);
    await passkeyLoadingWithoutJs(await open({ javaScriptEnabled: false }), svc, stop);
    await logOutFirst(await open({ cookies: { CIM_SESSION: 'open' } }), svc, stop);
    await lateFailures(await open(), svc, stop);
    await endings(await open(), svc, stop);
  } finally {
    for (const context of contexts) await context.close();
    svc.clock.reset();
  }
  return stops;
}

/** Fails the tour when the page does not say what this stop is about. */
async function mustShow(page: Page, text: string): Promise<void> {
  const shown = (await page.locator('body').textContent()) ?? '';
  if (!shown.includes(text)) throw new Error(`tour: ${viewOf(page)} does not show "${text}"`);
}

type StopFn = (
  page: Page,
  view: string,
  variant: string,
  description: string,
  path?: string,
) => Promise<void>;

async function startDetails(page: Page, svc: RunningService) {
  await openStart(page, svc);
  await submit(page, 'Start now');
  await waitForView(page, 'enter-details');
}

async function mainJourney(page: Page, svc: RunningService, stop: StopFn) {
  const cdp = await webAuthnSession(page);
  const phone = await addVirtualAuthenticator(cdp, 'usb');

  await openStart(page, svc);
  await stop(page, 'start', 'default', 'Start page');
  await submit(page, 'Start now');
  await stop(page, 'enter-details', 'default', 'Email, NI number and the image recognition test');
  await submitDetails(page, { email: 'alex.morgan.nhs.net', niNumber: 'QQ 12 34 56 C' });
  await stop(page, 'enter-details', 'error', 'Email and NI number in the wrong format');
  await submitDetails(page, { ...ALEX, captcha: 'wrong' });
  await mustShow(page, 'Complete the image recognition test');
  await stop(page, 'enter-details', 'captcha-failed', 'Image recognition test failed');
  await submitDetails(page, ALEX);
  await stop(page, 'enter-email-code', 'default', 'Check your email');
  const first = await svc.waitForEmailCode(ALEX.email, 0);
  await submitEmailCode(page, first === '000000' ? '111111' : '000000');
  await stop(page, 'enter-email-code', 'error', 'Wrong code');
  svc.clock.advance(LIMITS.emailCodeResendGapMs + 1000);
  await submit(page, 'Send a new code');
  await stop(page, 'enter-email-code', 'new-code-sent', 'A new code was sent');
  await submitEmailCode(page, await svc.waitForEmailCode(ALEX.email, 1));

  await stop(page, 'choose-authenticator', 'default', 'Choose the type of authenticator');
  await submit(page, 'Continue');
  await stop(page, 'choose-authenticator', 'error', 'Nothing chosen');

  // Authenticator app
  await chooseMethod(page, 'Authenticator app');
  await stop(page, 'app-instructions', 'default', 'Install an authenticator app');
  await submit(page, 'Continue');
  await stop(page, 'app-instructions', 'error', 'Sole access not confirmed');
  await confirmSoleAccess(page, APP_SOLE_ACCESS);
  await stop(page, 'create-password', 'default', 'Create a password');
  const password = async (value: string) => {
    await page.getByLabel('Password', { exact: true }).fill(value);
    await page.getByLabel('Confirm password').fill(value);
    await submit(page, 'Continue');
  };
  await password('password1234');
  await mustShow(page, 'This password is too common');
  await stop(page, 'create-password', 'error', 'A common password');
  await password(GOOD_PASSWORD);
  await stop(page, 'scan-qr', 'default', 'QR code of the authenticator key');
  const { TOTP, URI } = await import('otpauth');
  const totp = URI.parse(await readQrCode(page)) as InstanceType<typeof TOTP>;
  await page.getByText("Can't scan the QR code?").click();
  await stop(page, 'scan-qr', 'key-shown', 'The key shown for typing in');
  await submit(page, 'Next');
  await stop(page, 'enter-app-code', 'default', 'Code from the app');
  const right = totp.generate({ timestamp: svc.clock.now() });
  await page.getByRole('textbox').fill(String((Number(right) + 1) % 1_000_000).padStart(6, '0'));
  await submit(page, 'Submit');
  await stop(page, 'enter-app-code', 'error', 'Wrong code');
  await page.getByRole('textbox').fill(totp.generate({ timestamp: svc.clock.now() }));
  await submit(page, 'Submit');
  await stop(page, 'app-added', 'default', 'Authenticator app added');
  await submit(page, 'Add another authenticator');

  // NHS.net Connect
  await chooseMethod(page, 'NHS.net Connect');
  await stop(page, 'nhsnet-instructions', 'default', 'Before logging in to NHS.net Connect');
  await submit(page, 'Continue');
  await stop(page, 'nhsnet-instructions', 'error', 'Sole access not confirmed');
  await confirmSoleAccess(page, NHSNET_SOLE_ACCESS);
  await waitForProvider(page, svc);
  await submit(page, 'Cancel');
  await mustShow(page, 'You cancelled logging in to NHS.net Connect');
  await stop(page, 'nhsnet-instructions', 'cancelled', 'Login cancelled at NHS.net Connect');
  const state = nextAuthorizationState(page, svc);
  await confirmSoleAccess(page, NHSNET_SOLE_ACCESS);
  await waitForProvider(page, svc);
  const query = new URLSearchParams({ error: 'temporarily_unavailable', state: await state });
  await page.goto(`${svc.url}${JOURNEY}/nhsnet-callback?${query}`);
  await stop(page, 'nhsnet-unavailable', 'default', 'NHS.net Connect is not available');
  await submit(page, 'Try again');
  await waitForProvider(page, svc);
  await logInAtProvider(page, ALEX_NHSNET);
  await stop(page, 'nhsnet-added', 'default', 'NHS.net Connect account added');
  await submit(page, 'Add another authenticator');
  await stop(page, 'choose-authenticator', 'nhsnet-already-added', 'NHS.net Connect already added');

  // Passkey: first with the platform check held back, so the loading screen stays.
  const detect = '**/assets/app/passkey-detect.js';
  await page.route(detect, (route) => route.abort());
  await chooseMethod(page, 'Passkey');
  await stop(page, 'passkey-loading', 'default', 'Checking the device');
  await page.unroute(detect);
  await andWait(page, () => page.reload());
  await waitForView(page, 'passkey-register');
  await mustShow(page, 'Your passkey will be saved on your phone or tablet');
  await stop(page, 'passkey-register', 'default', 'Passkey instructions, no Windows Hello');
  await cdp.send('WebAuthn.setUserVerified', { authenticatorId: phone, isUserVerified: false });
  await andWait(page, () => createPasskey(page));
  await mustShow(page, 'Creating a passkey was cancelled');
  await stop(page, 'passkey-register', 'error', 'Ceremony cancelled (NotAllowedError)');
  await cdp.send('WebAuthn.setUserVerified', { authenticatorId: phone, isUserVerified: true });
  await andWait(page, () => createPasskey(page));
  await stop(page, 'passkey-added', 'default', 'Passkey added');

  // Windows with Windows Hello: the other instructions; then a passkey saved to Windows Hello itself.
  await pretendWindows(page);
  // The pretence starts with the next document: htmx would swap the next pages into this one.
  await andWait(page, () => page.reload());
  await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: phone });
  const hello = await addVirtualAuthenticator(cdp, 'internal');
  await submit(page, 'Add another authenticator');
  await chooseMethod(page, 'Passkey');
  await waitForView(page, 'passkey-register');
  await mustShow(page, 'This computer uses Windows Hello');
  await stop(page, 'passkey-register', 'windows-hello', 'Passkey instructions, Windows Hello present');
  // Windows offers to save to Windows Hello whatever the page asks for: let the options allow it.
  const register = `**${JOURNEY}/passkey-register`;
  await page.route(register, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('"cross-platform"', '"platform"');
    await route.fulfill({ response, body });
  });
  await andWait(page, () => page.reload());
  await page.unroute(register);
  await andWait(page, () => createPasskey(page));
  await stop(page, 'passkey-windows-hello', 'default', 'Passkey made by Windows Hello on this PC');

  // The timeout warning, 4 minutes before the journey ends.
  svc.clock.advance(LIMITS.inactivityTimeoutMs - 4 * MINUTE);
  await andWait(page, () => page.reload());
  await page.getByRole('dialog').waitFor();
  await stop(page, 'passkey-windows-hello', 'timeout-warning', 'Warning before the session ends');
  svc.clock.reset();
  await andWait(page, () => page.reload());

  // The phone after all: the type 2 steps now, and the switch to the other steps opened.
  await submit(page, 'Use your phone or tablet instead');
  await waitForView(page, 'passkey-register');
  await mustShow(page, 'select "Change"');
  await page.getByText('My screen looks different').click();
  await page.getByRole('button', { name: 'Show the other steps' }).waitFor();
  await stop(page, 'passkey-register', 'screen-different', 'The other steps offered');
  await cdp.send('WebAuthn.clearCredentials', { authenticatorId: hello });
  await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: hello });
  await addVirtualAuthenticator(cdp, 'usb');

  // A passkey the service cannot verify: a late failure, with another try.
  await tamperNextPasskeyResponse(page);
  await andWait(page, () => createPasskey(page));
  await mustShow(page, 'we could not check that it is genuine');
  await stop(page, 'authenticator-not-added', 'default', 'Passkey not verified: try again or choose another');
  await submit(page, 'Try again');
  await waitForView(page, 'passkey-register');
  await andWait(page, () => createPasskey(page));
  await waitForView(page, 'passkey-added');
  await submit(page, 'Finish');
  await stop(page, 'finished', 'default', 'Finished: the journey is deleted, the browser can be closed');
}

/** "Create a passkey", once the page's script has started (after an htmx swap it starts a moment later,
 *  and marks the button when it has). */
async function createPasskey(page: Page) {
  await page.locator('#create-passkey[data-started="true"]').waitFor();
  await page.getByRole('button', { name: 'Create a passkey' }).click();
}

/** Three late failures in one journey: the last try warned of, then only the RA can help. */
async function lateFailures(page: Page, svc: RunningService, stop: StopFn) {
  const cdp = await webAuthnSession(page);
  await addVirtualAuthenticator(cdp, 'usb');
  await startDetails(page, svc);
  const seen = svc.emailCodeCount(PRIYA.email);
  await submitDetails(page, PRIYA);
  await submitEmailCode(page, await svc.waitForEmailCode(PRIYA.email, seen));
  await chooseMethod(page, 'Passkey');
  await waitForView(page, 'passkey-register');
  for (let i = 1; i <= LIMITS.lateFailuresPerJourney; i++) {
    await tamperNextPasskeyResponse(page);
    await andWait(page, () => createPasskey(page));
    if (i === LIMITS.lateFailuresPerJourney - 1) {
      await mustShow(page, 'If it does not work next time');
      await stop(
        page,
        'authenticator-not-added',
        'last-try',
        'The last try before the Registration Authority',
      );
    }
    if (i < LIMITS.lateFailuresPerJourney) {
      await submit(page, 'Try again');
      await waitForView(page, 'passkey-register');
    }
  }
  await stop(page, 'contact-registration-authority', 'default', 'Too many late failures: contact your RA');
}

async function passkeyLoadingWithoutJs(page: Page, svc: RunningService, stop: StopFn) {
  await startDetails(page, svc);
  const seen = svc.emailCodeCount(ALEX.email);
  await submitDetails(page, ALEX);
  await submitEmailCode(page, await svc.waitForEmailCode(ALEX.email, seen));
  await chooseMethod(page, 'Passkey');
  await stop(page, 'passkey-loading', 'no-javascript', 'Without JavaScript: the Windows Hello question');
}

async function logOutFirst(page: Page, svc: RunningService, stop: StopFn) {
  await page.goto(`${svc.url}${JOURNEY}/start`);
  await stop(page, 'log-out-first', 'default', 'Logged in to Care Identity Management');
  await submit(page, 'I have logged out, continue');
  await mustShow(page, 'You are still logged in to Care Identity Management');
  await stop(page, 'log-out-first', 'error', 'Still logged in');
}

async function endings(page: Page, svc: RunningService, stop: StopFn) {
  const startAgain = async () => {
    await andWait(page, () => page.getByRole('button', { name: 'Start again' }).click());
    await waitForView(page, 'start');
    await submit(page, 'Start now');
  };

  await startDetails(page, svc);
  await submitDetails(page, JORDAN);
  await stop(page, 'problem-adding-authenticator', 'default', 'No profile matches');
  await startAgain();
  await submitDetails(page, CASEY);
  await submitEmailCode(page, await svc.waitForEmailCode(CASEY.email, 0));
  await stop(page, 'profile-not-found', 'default', 'The profile is suspended or closed');
  await startAgain();

  svc.smtp.setDown(true);
  try {
    await submitDetails(page, SAM);
    await stop(page, 'service-unavailable', 'default', 'The mail service is down');
  } finally {
    svc.smtp.setDown(false);
  }
  await submit(page, 'Try again');
  await waitForView(page, 'enter-email-code');
  const code = await svc.waitForEmailCode(SAM.email, 0);
  const wrong = code === '000000' ? '111111' : '000000';
  for (let i = 0; i < LIMITS.wrongEmailCodesPerJourney; i++) await submitEmailCode(page, wrong);
  await stop(page, 'too-many-attempts', 'default', 'Five wrong codes');
  await startAgain();

  svc.clock.advance(LIMITS.inactivityTimeoutMs + MINUTE);
  await andWait(page, () => page.reload());
  await stop(page, 'session-timed-out', 'default', 'No activity for 30 minutes');
  svc.clock.reset();

  await page.goto(`${svc.url}${JOURNEY}/no-such-page`);
  await stop(page, 'not-found', 'default', 'A page that does not exist', 'no-such-page');
}

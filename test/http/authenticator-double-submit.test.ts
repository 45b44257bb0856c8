/**
 * Double submits of the final step of each branch: two requests at once (a double click, a reload
 * while the first is still running). Exactly one authenticator may come of it, and the request that
 * lost the race lands on the journey's current page.
 */
import {
  AuthenticatorEmulator,
  PasskeysCredentialsMemoryRepository,
  type PublicKeyCredentialCreationOptionsJSON,
  WebAuthnEmulator,
} from 'nid-webauthn-emulator';
import { Secret, TOTP } from 'otpauth';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOTIFICATION_SUBJECT } from '../../src/services/mail/notifier.js';
import { demoAccount, loginAtProvider } from '../../tooling/support/nhsnet.js';
import {
  ALEX,
  type Backends,
  type Browser,
  callbackPath,
  expectView,
  mailAfter,
  type Running,
  reachChooseAuthenticator,
  reachNhsnetProvider,
  reachPasskeyRegister,
  reachScanQr,
  startBackends,
  startService,
  url,
} from './branches-support.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let backends: Backends;
let run: Running;
let browser: Browser;

beforeAll(async () => {
  backends = await startBackends();
});
afterAll(async () => {
  await backends.stop();
});
beforeEach(async () => {
  run = await startService(backends);
  browser = run.browser();
  await reachChooseAuthenticator(run, browser);
});
afterEach(async () => {
  await run.close();
});

const notificationsTo = (address: string, since: number) =>
  run.smtp.messages.slice(since).filter((m) => m.to.includes(address) && m.subject === NOTIFICATION_SUBJECT)
    .length;

/** Where each of two concurrent requests ended, after following its redirects. */
async function both(first: () => Promise<unknown>, second: () => Promise<unknown>, views: string[]) {
  const ends = await Promise.all([
    first().then(() => views.push(browser.view())),
    second().then(() => views.push(browser.view())),
  ]);
  return ends;
}

describe('double submit of the last step', () => {
  it('authenticator app: two posts of the code add one app', async () => {
    const { key } = await reachScanQr(browser);
    await browser.postTo('scan-qr');
    expectView(browser, 'enter-app-code');
    const csrf = browser.csrfToken() ?? '';
    const code = new TOTP({ secret: Secret.fromBase32(key) }).generate();
    const since = run.smtp.messages.length;

    const views: string[] = [];
    const post = () => browser.post(url('enter-app-code'), { code }, { csrf });
    await both(post, post, views);

    expect(views).toEqual(['app-added', 'app-added']);
    expect(await run.authenticators(ALEX.id, 'app')).toHaveLength(1);
    expect(await run.authenticators(ALEX.id)).toHaveLength(1);
    await mailAfter(run.smtp, since, (m) => m.to.includes(ALEX.email) && m.subject === NOTIFICATION_SUBJECT);
    // The second request never ran the step, so the person is told once.
    expect(notificationsTo(ALEX.email, since)).toBe(1);
  });

  it('passkey: two posts of the same response add one passkey', async () => {
    const options = await reachPasskeyRegister(browser, { os: 'other', platformAuthenticator: 'false' });
    const csrf = browser.csrfToken() ?? '';
    const device = new WebAuthnEmulator(
      new AuthenticatorEmulator({ credentialsRepository: new PasskeysCredentialsMemoryRepository() }),
    );
    const response = JSON.stringify(
      device.createJSON(browser.origin, options as unknown as PublicKeyCredentialCreationOptionsJSON),
    );

    const since = run.smtp.messages.length;

    const views: string[] = [];
    const post = () => browser.post(url('passkey-register'), { response }, { csrf });
    await both(post, post, views);

    expect(views).toEqual(['passkey-added', 'passkey-added']);
    expect(await run.authenticators(ALEX.id, 'passkey')).toHaveLength(1);
    expect(await run.authenticators(ALEX.id)).toHaveLength(1);
    expect(notificationsTo(ALEX.email, since)).toBe(1);
  });

  it('NHS.net Connect: the callback twice at once links one account and shows it as added', async () => {
    const alex = demoAccount('alex.morgan');
    const query = await loginAtProvider(await reachNhsnetProvider(browser), {
      email: alex.email,
      password: alex.password,
    });

    const since = run.smtp.messages.length;
    const views: string[] = [];
    const callback = () => browser.get(callbackPath(query));
    await both(callback, callback, views);

    expect(await run.authenticators(ALEX.id, 'nhsnet')).toHaveLength(1);
    expect(await run.authenticators(ALEX.id)).toHaveLength(1);
    // The account is linked, so the journey must say so, whichever request won.
    await browser.get(url('nhsnet-added'));
    expectView(browser, 'nhsnet-added');
    expect(views).toEqual(['nhsnet-added', 'nhsnet-added']);
    expect(notificationsTo(ALEX.email, since)).toBe(1);
  });

  it('add another from each added page leads back to the choice', async () => {
    const { key } = await reachScanQr(browser);
    await browser.postTo('scan-qr');
    await browser.postTo('enter-app-code', { code: new TOTP({ secret: Secret.fromBase32(key) }).generate() });
    expectView(browser, 'app-added');
    const csrf = browser.csrfToken() ?? '';
    const views: string[] = [];
    const addAnother = () => browser.post(url('app-added/add-another'), {}, { csrf });
    await both(addAnother, addAnother, views);
    expect(views).toEqual(['choose-authenticator', 'choose-authenticator']);
  });
});

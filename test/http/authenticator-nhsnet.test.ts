/**
 * The NHS.net Connect branch over HTTP: the journey sends the browser to the embedded OpenID Connect
 * provider, a person logs in (or cancels) there, and the provider's redirect brings the browser back.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { subjectOf } from '../../src/dev/nhsnet-provider/accounts.js';
import { NOTIFICATION_SUBJECT } from '../../src/services/mail/notifier.js';
import type { NhsnetAuthenticator } from '../../src/services/ports.js';
import { demoAccount, loginAtProvider } from '../../tooling/support/nhsnet.js';
import {
  ALEX,
  type Backends,
  type Browser,
  callbackPath,
  errorSummary,
  expectView,
  heading,
  mailAfter,
  mainText,
  PRIYA,
  type Running,
  reachChooseAuthenticator,
  reachNhsnetProvider,
  SAM,
  startBackends,
  startService,
} from './branches-support.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const alexMailbox = demoAccount('alex.morgan');
const priyaMailbox = demoAccount('priya.shah');
const samMailbox = demoAccount('sam.okafor');
const chrisMailbox = demoAccount('chris.lee');
const CANCELLED = 'You cancelled logging in to NHS.net Connect. Confirm and continue to try again';
const FAILED = 'We could not finish logging you in to NHS.net Connect. Confirm and continue to try again';

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
});
afterEach(async () => {
  run.provider.setDown(false);
  await run.close();
});

const login = (authorizationUrl: string, mailbox: { email: string; password: string }) =>
  loginAtProvider(authorizationUrl, { email: mailbox.email, password: mailbox.password });

describe('NHS.net Connect: adding it', () => {
  it('logs in at the provider and links the account by tenant and object id, then tells every address', async () => {
    await reachChooseAuthenticator(run, browser);
    const authorizationUrl = await reachNhsnetProvider(browser);

    // Authorization code flow with PKCE S256, state and nonce, back to this service's callback.
    const request = new URL(authorizationUrl);
    expect(request.origin).toBe(new URL(run.provider.issuer).origin);
    expect(request.searchParams.get('response_type')).toBe('code');
    expect(request.searchParams.get('code_challenge_method')).toBe('S256');
    expect(request.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.searchParams.get('state')).toBeTruthy();
    expect(request.searchParams.get('nonce')).toBeTruthy();
    expect(request.searchParams.get('redirect_uri')).toBe(`${run.baseUrl}/add-authenticator/nhsnet-callback`);

    const query = await login(authorizationUrl, alexMailbox);
    expect(query.code).toBeTruthy();
    const since = run.smtp.messages.length;
    await browser.get(callbackPath(query));
    expectView(browser, 'nhsnet-added');
    expect(heading(browser.html)).toBe('NHS.net Connect account added');
    expect(mainText(browser.html)).toContain('Your NHS.net Connect account has been added');

    const links = (await run.authenticators(ALEX.id, 'nhsnet')) as NhsnetAuthenticator[];
    expect(links).toHaveLength(1);
    expect(await run.authenticators(ALEX.id)).toHaveLength(1);
    expect(links[0]).toMatchObject({
      type: 'nhsnet',
      issuer: run.provider.issuer,
      tenantId: alexMailbox.tid,
      objectId: alexMailbox.oid,
      subject: subjectOf(alexMailbox),
      email: alexMailbox.email,
    });

    for (const address of ['alex.morgan@nhs.net', 'alex.morgan@example-trust.nhs.uk']) {
      const mail = await mailAfter(
        run.smtp,
        since,
        (m) => m.to.includes(address) && m.subject === NOTIFICATION_SUBJECT,
      );
      expect(mail.text).toContain('NHS.net Connect account');
      expect(mail.text.replace(/\s+/g, ' ')).toContain(
        'If this was not you, contact your Registration Authority',
      );
    }

    // The code was used once: the same callback again changes nothing.
    await browser.get(callbackPath(query));
    expectView(browser, 'nhsnet-added');
    expect(await run.authenticators(ALEX.id, 'nhsnet')).toHaveLength(1);

    // Add another: NHS.net Connect is now shown as added and cannot be chosen again.
    await browser.postTo('nhsnet-added/add-another');
    expectView(browser, 'choose-authenticator');
    expect(mainText(browser.html)).toContain('You have added your NHS.net Connect account');
    expect(browser.html).toMatch(/<input[^>]*value="nhsnet"[^>]*disabled/);
    await browser.postTo('choose-authenticator', { method: 'nhsnet' });
    expectView(browser, 'choose-authenticator');
    expect(errorSummary(browser.html)).toEqual([
      'An NHS.net Connect account is already added to your profile. Select another type',
    ]);
  });

  it('needs the sole-access confirmation before going to the provider', async () => {
    await reachChooseAuthenticator(run, browser);
    await browser.postTo('choose-authenticator', { method: 'nhsnet' });
    await browser.postTo('nhsnet-instructions', {});
    expectView(browser, 'nhsnet-instructions');
    expect(errorSummary(browser.html)).toEqual([
      'Confirm that only you have access to this NHS.net Connect account',
    ]);
  });
});

describe('NHS.net Connect: coming back without an account', () => {
  it('a cancel at the provider returns to the instructions with an error, and a second try works', async () => {
    await reachChooseAuthenticator(run, browser);
    const first = await reachNhsnetProvider(browser);
    const cancelled = await loginAtProvider(first, { cancel: true });
    expect(cancelled.error).toBe('access_denied');
    await browser.get(callbackPath(cancelled));
    expectView(browser, 'nhsnet-instructions');
    expect(errorSummary(browser.html)).toEqual([CANCELLED]);
    expect(await run.authenticators(ALEX.id)).toEqual([]);

    await browser.postTo('nhsnet-instructions', { soleAccess: 'yes' });
    const second = browser.last?.url ?? '';
    expect(new URL(second).searchParams.get('state')).not.toBe(new URL(first).searchParams.get('state'));
    await browser.get(callbackPath(await login(second, alexMailbox)));
    expectView(browser, 'nhsnet-added');
    expect(await run.authenticators(ALEX.id, 'nhsnet')).toHaveLength(1);
  });

  it('a forged callback (state that is not ours) goes back to the instructions with an error and adds nothing', async () => {
    await reachChooseAuthenticator(run, browser);
    const authorizationUrl = await reachNhsnetProvider(browser);
    const genuine = await login(authorizationUrl, alexMailbox);

    await browser.get(callbackPath({ ...genuine, state: 'forged-state-value' }));
    expectView(browser, 'nhsnet-instructions');
    expect(errorSummary(browser.html)).toEqual([FAILED]);

    // The login that was waiting is forgotten: even the genuine answer is not taken now.
    await browser.get(callbackPath(genuine));
    expectView(browser, 'nhsnet-instructions');
    expect(await run.authenticators(ALEX.id)).toEqual([]);
  });

  it('a callback in a browser with no journey goes to the start page and adds nothing', async () => {
    await reachChooseAuthenticator(run, browser);
    const query = await login(await reachNhsnetProvider(browser), alexMailbox);
    const stranger = run.browser();
    await stranger.get(callbackPath(query));
    expectView(stranger, 'start');
    expect(await run.authenticators(ALEX.id)).toEqual([]);
  });
});

describe('NHS.net Connect: the provider is down', () => {
  it('shows nhsnet-unavailable before sending the browser away, and Try again works once it is back', async () => {
    await reachChooseAuthenticator(run, browser);
    await browser.postTo('choose-authenticator', { method: 'nhsnet' });
    run.provider.setDown(true);
    await browser.postTo('nhsnet-instructions', { soleAccess: 'yes' });
    expectView(browser, 'nhsnet-unavailable');
    expect(heading(browser.html)).toBe('NHS.net Connect is not available at the moment');

    await browser.postTo('nhsnet-unavailable');
    expectView(browser, 'nhsnet-unavailable');

    run.provider.setDown(false);
    await browser.postTo('nhsnet-unavailable');
    const authorizationUrl = browser.last?.url ?? '';
    expect(new URL(authorizationUrl).origin).toBe(new URL(run.provider.issuer).origin);
    await browser.get(callbackPath(await login(authorizationUrl, alexMailbox)));
    expectView(browser, 'nhsnet-added');
    expect(await run.authenticators(ALEX.id, 'nhsnet')).toHaveLength(1);
  });

  it('a provider that fails during the code exchange shows nhsnet-unavailable and nothing is added', async () => {
    await reachChooseAuthenticator(run, browser);
    const query = await login(await reachNhsnetProvider(browser), alexMailbox);
    run.provider.setDown(true);
    await browser.get(callbackPath(query));
    expectView(browser, 'nhsnet-unavailable');
    expect(await run.authenticators(ALEX.id)).toEqual([]);

    run.provider.setDown(false);
    await browser.postTo('nhsnet-unavailable');
    await browser.get(callbackPath(await login(browser.last?.url ?? '', alexMailbox)));
    expectView(browser, 'nhsnet-added');
    expect(await run.authenticators(ALEX.id, 'nhsnet')).toHaveLength(1);
  });
});

describe('NHS.net Connect: accounts that cannot be linked', () => {
  // SPEC.md 6 and 8: a refused account is a recoverable page with its own plain reason.
  it('refuses an account from a tenant the service does not trust, and lets the person try again', async () => {
    await reachChooseAuthenticator(run, browser, SAM);
    await browser.get(callbackPath(await login(await reachNhsnetProvider(browser), samMailbox)));
    expectView(browser, 'authenticator-not-added');
    expect(mainText(browser.html)).toContain('must end in nhs.net');
    expect(mainText(browser.html)).not.toContain('National Insurance');
    expect(await run.authenticators(SAM.id)).toEqual([]);
    await browser.postTo('authenticator-not-added');
    expectView(browser, 'nhsnet-instructions');
  });

  it('refuses an account whose address is not an nhs.net address, and offers another type', async () => {
    await reachChooseAuthenticator(run, browser);
    await browser.get(callbackPath(await login(await reachNhsnetProvider(browser), chrisMailbox)));
    expectView(browser, 'authenticator-not-added');
    expect(await run.authenticators(ALEX.id)).toEqual([]);
    await browser.postTo('authenticator-not-added/choose-another');
    expectView(browser, 'choose-authenticator');
  });

  it('refuses an account already linked to another profile, and leaves that link alone', async () => {
    const priyaBefore = await run.authenticators(PRIYA.id, 'nhsnet');
    expect(priyaBefore).toHaveLength(1);
    await reachChooseAuthenticator(run, browser);
    await browser.get(callbackPath(await login(await reachNhsnetProvider(browser), priyaMailbox)));
    expectView(browser, 'authenticator-not-added');
    expect(mainText(browser.html)).toContain(
      'This NHS.net Connect account is already linked to a different Care Identity profile',
    );
    // Whose profile is never said.
    expect(mainText(browser.html)).not.toMatch(/priya|Shah|demo-0002/i);
    expect(await run.authenticators(ALEX.id)).toEqual([]);
    expect(await run.authenticators(PRIYA.id, 'nhsnet')).toEqual(priyaBefore);

    // The journey goes on: the choice is reachable without proving the email again.
    await browser.postTo('authenticator-not-added/choose-another');
    expectView(browser, 'choose-authenticator');
  });

  it('a profile that already has NHS.net Connect shows it as added and refuses it, but offers the others', async () => {
    await reachChooseAuthenticator(run, browser, PRIYA);
    expect(mainText(browser.html)).toContain('Already added to your Care Identity profile');
    expect(browser.html).toMatch(/<input[^>]*value="nhsnet"[^>]*disabled/);
    await browser.postTo('choose-authenticator', { method: 'nhsnet' });
    expectView(browser, 'choose-authenticator');
    expect(errorSummary(browser.html)).toEqual([
      'An NHS.net Connect account is already added to your profile. Select another type',
    ]);
    await browser.postTo('choose-authenticator', { method: 'app' });
    expectView(browser, 'app-instructions');
    expect(await run.authenticators(PRIYA.id)).toHaveLength(1);
  });
});

/**
 * The passkey branch over HTTP. The page's creation options go to an independent software
 * authenticator (nid-webauthn-emulator) playing the phone, and its registration response is posted
 * back the way the page's script does.
 */
import {
  AuthenticatorEmulator,
  PasskeysCredentialsMemoryRepository,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  WebAuthnEmulator,
} from 'nid-webauthn-emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOTIFICATION_SUBJECT } from '../../src/services/mail/notifier.js';
import type { PasskeyAuthenticator } from '../../src/services/ports.js';
import {
  ALEX,
  type Backends,
  type Browser,
  errorSummary,
  expectView,
  heading,
  mailAfter,
  mainText,
  type Running,
  reachChooseAuthenticator,
  reachPasskeyRegister,
  readPasskeyOptions,
  startBackends,
  startService,
  url,
} from './branches-support.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const CANCELLED = 'Creating a passkey was cancelled. Select "Create a passkey" to try again';
const ALREADY =
  'This phone or tablet already has a passkey for your Care Identity profile. Use a different phone or tablet, or go back and choose a different type of authenticator';
const FAILED = 'Your passkey could not be created. Select "Create a passkey" to try again';
const WINDOWS_HELLO = { os: 'windows', platformAuthenticator: 'true' };
const NO_WINDOWS_HELLO = { os: 'other', platformAuthenticator: 'false' };
/** The emulator's AAGUID is the 16 bytes of this text. */
const EMULATOR_AAGUID = Buffer.from('NID-AUTH-3141592')
  .toString('hex')
  .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/** A phone with a passkey store of its own; `userVerified: false` is a phone that skipped the lock. */
function phone(opts: { userVerified?: boolean } = {}) {
  const userVerified = opts.userVerified ?? true;
  return new WebAuthnEmulator(
    new AuthenticatorEmulator({
      credentialsRepository: new PasskeysCredentialsMemoryRepository(),
      transports: ['hybrid', 'internal'],
      userMakeCredentialInteraction: () => ({ options: { uv: userVerified, up: true } }),
    }),
  );
}

function create(
  device: WebAuthnEmulator,
  origin: string,
  options: ReturnType<typeof readPasskeyOptions>,
): RegistrationResponseJSON {
  return device.createJSON(origin, options as unknown as PublicKeyCredentialCreationOptionsJSON);
}

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

const postResponse = (response: unknown) =>
  browser.postTo('passkey-register', { response: JSON.stringify(response) });

describe('passkey: which instructions', () => {
  it('shows the Windows Hello variant only for Windows with a platform authenticator, with or without JavaScript', async () => {
    const cases: [Record<string, string>, 'windowsHello' | 'noWindowsHello'][] = [
      [WINDOWS_HELLO, 'windowsHello'],
      [{ os: 'windows', platformAuthenticator: 'false' }, 'noWindowsHello'],
      [{ os: 'other', platformAuthenticator: 'true' }, 'noWindowsHello'],
      [NO_WINDOWS_HELLO, 'noWindowsHello'],
      [{ windowsHello: 'yes' }, 'windowsHello'],
      [{ windowsHello: 'no' }, 'noWindowsHello'],
    ];
    for (const [platform, variant] of cases) {
      await reachPasskeyRegister(browser, platform);
      const text = mainText(browser.html);
      if (variant === 'windowsHello') {
        expect(text).toContain('This computer uses Windows Hello');
        expect(text).toContain('select "Change" next to "This will be saved to your Windows device"');
      } else {
        expect(text).toContain('When a window opens, select "iPhone, iPad or Android device"');
        expect(text).not.toContain('"Change"');
      }
      // The back link is a plain link to the page before.
      const back = /<a class="nhsuk-back-link" href="([^"]*)"/.exec(browser.html)?.[1];
      expect(back).toBe(url('choose-authenticator'));
      await browser.get(back as string);
      expectView(browser, 'choose-authenticator');
    }
  });

  it('the no-JavaScript question sent without an answer: the same page with an error, then an answer goes on', async () => {
    await browser.postTo('choose-authenticator', { method: 'passkey' });
    expectView(browser, 'passkey-loading');
    await browser.postTo('passkey-loading', {});
    expectView(browser, 'passkey-loading');
    expect(errorSummary(browser.html)).toEqual(['Select yes if Windows Hello is set up on this computer']);
    await browser.postTo('passkey-loading', { windowsHello: 'no' });
    expectView(browser, 'passkey-register');
  });

  it('refuses a platform answer that is not one of the known values, and keeps the journey where it was', async () => {
    await browser.postTo('choose-authenticator', { method: 'passkey' });
    await browser.postTo('passkey-loading', { os: 'plan9', platformAuthenticator: 'true' });
    expect(browser.last?.status).toBe(400);
    await browser.get(url('passkey-loading'));
    expectView(browser, 'passkey-loading');
  });
});

describe('passkey: adding it', () => {
  it('registers a phone passkey from the page options and stores everything needed to use it', async () => {
    const options = await reachPasskeyRegister(browser, NO_WINDOWS_HELLO);
    expect(options.rp.id).toBe('localhost');
    expect(options.user.name).toBe(ALEX.email);
    expect(options.attestation).toBe('none');
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: 'required',
      userVerification: 'required',
    });
    expect(Buffer.from(options.challenge, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(options.excludeCredentials).toEqual([]);

    const response = create(phone(), browser.origin, options);
    const since = run.smtp.messages.length;
    await postResponse(response);
    expectView(browser, 'passkey-added');
    expect(heading(browser.html)).toBe('Passkey added');

    const passkeys = (await run.authenticators(ALEX.id, 'passkey')) as PasskeyAuthenticator[];
    expect(passkeys).toHaveLength(1);
    expect(await run.authenticators(ALEX.id)).toHaveLength(1);
    const [passkey] = passkeys as [PasskeyAuthenticator];
    expect(passkey.credentialId).toBe(response.id);
    expect(passkey.counter).toBe(0);
    expect(passkey.transports).toEqual(['hybrid', 'internal']);
    expect(passkey.aaguid).toBe(EMULATOR_AAGUID);
    expect(passkey.deviceType).toBe('multiDevice');
    expect(passkey.backedUp).toBe(true);
    // The COSE public key is the one inside the authenticator data the phone signed.
    const coseKey = Buffer.from(passkey.publicKey, 'base64url');
    expect(coseKey.length).toBeGreaterThan(60);
    expect(Buffer.from(response.response.attestationObject, 'base64url').includes(coseKey)).toBe(true);

    for (const address of ['alex.morgan@nhs.net', 'alex.morgan@example-trust.nhs.uk']) {
      const mail = await mailAfter(
        run.smtp,
        since,
        (m) => m.to.includes(address) && m.subject === NOTIFICATION_SUBJECT,
      );
      expect(mail.text).toContain('Passkey');
      expect(mail.text.replace(/\s+/g, ' ')).toContain(
        'If this was not you, contact your Registration Authority',
      );
    }

    await browser.postTo('passkey-added/add-another');
    expectView(browser, 'choose-authenticator');
    expect(mainText(browser.html)).toContain('You have added a passkey to your Care Identity profile');
  });

  it('a platform credential made off Windows (a phone or Mac with its own authenticator) is added', async () => {
    const options = await reachPasskeyRegister(browser, { os: 'other', platformAuthenticator: 'true' });
    await postResponse({ ...create(phone(), browser.origin, options), authenticatorAttachment: 'platform' });
    expectView(browser, 'passkey-added');
    expect(await run.authenticators(ALEX.id, 'passkey')).toHaveLength(1);
  });
});

describe('passkey: ceremonies that do not finish', () => {
  it('a cancelled ceremony (NotAllowedError) shows the error with a new challenge, and the new one works', async () => {
    const first = await reachPasskeyRegister(browser, NO_WINDOWS_HELLO);
    await browser.postTo('passkey-register', { errorName: 'NotAllowedError' });
    expectView(browser, 'passkey-register');
    expect(errorSummary(browser.html)).toEqual([CANCELLED]);
    const second = readPasskeyOptions(browser.html);
    expect(second.challenge).not.toBe(first.challenge);
    expect(await run.authenticators(ALEX.id)).toEqual([]);

    await postResponse(create(phone(), browser.origin, second));
    expectView(browser, 'passkey-added');
    expect(await run.authenticators(ALEX.id, 'passkey')).toHaveLength(1);
  });

  it('an unknown failure says the passkey could not be created and starts again', async () => {
    const first = await reachPasskeyRegister(browser, NO_WINDOWS_HELLO);
    await browser.postTo('passkey-register', { errorName: 'AbortError' });
    expectView(browser, 'passkey-register');
    expect(errorSummary(browser.html)).toEqual([FAILED]);
    expect(readPasskeyOptions(browser.html).challenge).not.toBe(first.challenge);
  });

  it('InvalidStateError explains the phone already has a passkey; the second passkey excludes the first', async () => {
    const first = await reachPasskeyRegister(browser, NO_WINDOWS_HELLO);
    await browser.postTo('passkey-register', { errorName: 'InvalidStateError' });
    expectView(browser, 'passkey-register');
    expect(errorSummary(browser.html)).toEqual([ALREADY]);
    const retry = readPasskeyOptions(browser.html);
    expect(retry.challenge).not.toBe(first.challenge);

    const device = phone();
    const made = create(device, browser.origin, retry);
    await postResponse(made);
    expectView(browser, 'passkey-added');

    // Adding another passkey: the options exclude the one on the profile, so that phone refuses.
    await browser.postTo('passkey-added/add-another');
    const again = await reachPasskeyRegister(browser, NO_WINDOWS_HELLO);
    expect(again.excludeCredentials?.map((c) => c.id)).toEqual([made.id]);
    expect(() => create(device, browser.origin, again)).toThrow();
    // A browser reports that refusal as InvalidStateError.
    await browser.postTo('passkey-register', { errorName: 'InvalidStateError' });
    expect(errorSummary(browser.html)).toEqual([ALREADY]);
    // Another phone can still add one.
    await postResponse(create(phone(), browser.origin, readPasskeyOptions(browser.html)));
    expectView(browser, 'passkey-added');
    expect(await run.authenticators(ALEX.id, 'passkey')).toHaveLength(2);
  });
});

describe('passkey: responses that must not be accepted', () => {
  it('a response made for another origin is not added: authenticator-not-added (SPEC.md 8)', async () => {
    const options = await reachPasskeyRegister(browser, NO_WINDOWS_HELLO);
    const port = Number(new URL(browser.origin).port);
    await postResponse(create(phone(), `http://localhost:${port + 1}`, options));
    expectView(browser, 'authenticator-not-added');
    expect(await run.authenticators(ALEX.id)).toEqual([]);
  });

  it('a response without user verification is not added: authenticator-not-added', async () => {
    const options = await reachPasskeyRegister(browser, NO_WINDOWS_HELLO);
    await postResponse(create(phone({ userVerified: false }), browser.origin, options));
    expectView(browser, 'authenticator-not-added');
    expect(await run.authenticators(ALEX.id)).toEqual([]);
  });

  it('a response that is not a registration response is not added: authenticator-not-added', async () => {
    await reachPasskeyRegister(browser, NO_WINDOWS_HELLO);
    await browser.postTo('passkey-register', { response: '{"id":"x"}' });
    expectView(browser, 'authenticator-not-added');
    expect(await run.authenticators(ALEX.id)).toEqual([]);
  });

  it('the same response posted again is refused: once on the added page, and against a later challenge', async () => {
    const options = await reachPasskeyRegister(browser, NO_WINDOWS_HELLO);
    const response = create(phone(), browser.origin, options);
    await postResponse(response);
    expectView(browser, 'passkey-added');
    const csrf = browser.csrfToken() ?? '';

    await browser.post(url('passkey-register'), { response: JSON.stringify(response) }, { csrf });
    expectView(browser, 'passkey-added');
    expect(await run.authenticators(ALEX.id, 'passkey')).toHaveLength(1);

    // A new ceremony has a new challenge; the old response does not answer it.
    await browser.postTo('passkey-added/add-another');
    await reachPasskeyRegister(browser, NO_WINDOWS_HELLO);
    await postResponse(response);
    expectView(browser, 'authenticator-not-added');
    expect(await run.authenticators(ALEX.id, 'passkey')).toHaveLength(1);
  });
});

describe('passkey: Windows Hello', () => {
  it('a platform credential made on Windows goes to passkey-windows-hello, adds nothing, and the phone route works after', async () => {
    const options = await reachPasskeyRegister(browser, WINDOWS_HELLO);
    // The attachment is not signed, so the response still verifies; only the branch changes.
    await postResponse({ ...create(phone(), browser.origin, options), authenticatorAttachment: 'platform' });
    expectView(browser, 'passkey-windows-hello');
    expect(heading(browser.html)).toBe('Use your phone or tablet to create a passkey');
    expect(await run.authenticators(ALEX.id)).toEqual([]);

    await browser.postTo('passkey-windows-hello');
    expectView(browser, 'passkey-register');
    const retry = readPasskeyOptions(browser.html);
    expect(retry.challenge).not.toBe(options.challenge);
    expect(mainText(browser.html)).toContain('select "Change"');
    await postResponse({
      ...create(phone(), browser.origin, retry),
      authenticatorAttachment: 'cross-platform',
    });
    expectView(browser, 'passkey-added');
    expect(await run.authenticators(ALEX.id, 'passkey')).toHaveLength(1);
  });
});

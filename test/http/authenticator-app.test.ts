/**
 * The authenticator app branch over HTTP, from choose-authenticator to app-added and through each error
 * path. Codes are made by the independent `otpauth` library from the key the page shows, as a phone would.
 */
import { randomBytes } from 'node:crypto';
import { verify as argon2Verify } from 'argon2';
import { Secret, TOTP, URI } from 'otpauth';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOTIFICATION_SUBJECT } from '../../src/services/mail/notifier.js';
import type { AppAuthenticator } from '../../src/services/ports.js';
import { createSecretBox } from '../../src/services/secrets/secret-box.js';
import {
  ALEX,
  type Backends,
  type Browser,
  decodeQrSvg,
  errorSummary,
  expectView,
  GOOD_PASSWORD,
  heading,
  mailAfter,
  mainText,
  type Running,
  reachChooseAuthenticator,
  reachScanQr,
  readAppKey,
  startBackends,
  startService,
  TOTP_ENCRYPTION_KEY,
  url,
} from './branches-support.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const STEP_MS = 30_000;

function appTotp(key: string) {
  return new TOTP({ secret: Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 });
}

/** A 6-digit code that matches no time-step within ±11 of now (not even a drifted clock). */
function neverValidCode(key: string, taken: Set<string>): string {
  const totp = appTotp(key);
  for (;;) {
    const code = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
    if (!taken.has(code) && totp.validate({ token: code, window: 11 }) === null) {
      taken.add(code);
      return code;
    }
  }
}

/** A code from `steps` time-steps away that is not also valid within ±1 of now. */
function codeFromStepsAway(key: string, steps: number): string {
  const totp = appTotp(key);
  const code = totp.generate({ timestamp: Date.now() + steps * STEP_MS });
  if (totp.validate({ token: code, window: 1 }) !== null) throw new Error('unlucky code collision');
  return code;
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

describe('authenticator app: adding it', () => {
  it('shows a QR code and key that an app can use, accepts its code, stores a sealed secret and an argon2id hash, and tells every address', async () => {
    expect(await run.authenticators(ALEX.id)).toEqual([]);
    const { grouped, key } = await reachScanQr(browser);

    // The key in groups of 4: a 160-bit base32 secret (32 characters).
    expect(grouped).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    expect(Secret.fromBase32(key).bytes.length).toBe(20);
    expect(mainText(browser.html)).toContain('Do not select Next until you have scanned the QR code');
    // The secret never travels in a form field.
    const inputs = [...browser.html.matchAll(/<input\b[^>]*>/g)].map((m) => m[0]);
    expect(inputs.every((input) => !input.includes(key))).toBe(true);

    // The QR code, read like a camera would, holds the same key and the parameters apps need.
    const scanned = URI.parse(decodeQrSvg(browser.html));
    expect(scanned).toBeInstanceOf(TOTP);
    const totpFromQr = scanned as TOTP;
    expect(totpFromQr.secret.base32).toBe(key);
    expect(totpFromQr.issuer).toBe('NHS Care Identity');
    expect(totpFromQr.label).toBe(ALEX.email);
    expect([totpFromQr.algorithm, totpFromQr.digits, totpFromQr.period]).toEqual(['SHA1', 6, 30]);

    await browser.postTo('scan-qr');
    expectView(browser, 'enter-app-code');
    const now = Date.now();
    const code = appTotp(key).generate({ timestamp: now });
    // Typed with a space in the middle, as apps display it.
    const since = run.smtp.messages.length;
    await browser.postTo('enter-app-code', { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expectView(browser, 'app-added');
    expect(heading(browser.html)).toBe('Authenticator app added');
    expect(mainText(browser.html)).toContain('AAL2-enabled services');

    const apps = (await run.authenticators(ALEX.id, 'app')) as AppAuthenticator[];
    expect(apps).toHaveLength(1);
    expect(await run.authenticators(ALEX.id)).toHaveLength(1);
    const [app] = apps as [AppAuthenticator];
    // Sealed: the plain key appears nowhere in the stored record, and the service's key opens it.
    expect(JSON.stringify(app)).not.toContain(key);
    expect(JSON.stringify(app).toLowerCase()).not.toContain(key.toLowerCase());
    expect(app.encryptedSecret).toMatch(/^v1\./);
    expect(createSecretBox(TOTP_ENCRYPTION_KEY).open(app.encryptedSecret)).toBe(key);
    // The setup code's time-step is remembered so that it is never accepted again.
    expect(app.lastUsedTimeStep).toBe(Math.floor(now / STEP_MS));
    // argon2id with at least 19 MiB and 2 passes, of the password typed on create-password.
    const params = /^\$argon2id\$v=19\$([a-z0-9=,]+)\$/.exec(app.passwordHash)?.[1] ?? '';
    const cost = Object.fromEntries(params.split(',').map((p) => p.split('=')));
    expect(Number(cost.m)).toBeGreaterThanOrEqual(19_456);
    expect(Number(cost.t)).toBeGreaterThanOrEqual(2);
    expect(await argon2Verify(app.passwordHash, GOOD_PASSWORD)).toBe(true);
    expect(app.passwordHash).not.toContain(GOOD_PASSWORD);

    // The notification goes to every address of the profile.
    for (const address of ['alex.morgan@nhs.net', 'alex.morgan@example-trust.nhs.uk']) {
      const mail = await mailAfter(
        run.smtp,
        since,
        (m) => m.to.includes(address) && m.subject === NOTIFICATION_SUBJECT,
      );
      expect(mail.to).toEqual([address]);
      expect(mail.text).toContain('Authenticator app');
      expect(mail.text.replace(/\s+/g, ' ')).toContain(
        'If this was not you, contact your Registration Authority',
      );
      expect(mail.text).not.toContain(key);
      expect(mail.text).not.toContain(code);
    }

    // Add another authenticator goes back to the choice, saying what was added.
    await browser.postTo('app-added/add-another');
    expectView(browser, 'choose-authenticator');
    expect(mainText(browser.html)).toContain(
      'You have added an authenticator app to your Care Identity profile',
    );
  });

  it('a second app in the same journey gets a new key and its own record', async () => {
    const first = await reachScanQr(browser);
    await browser.postTo('scan-qr');
    await browser.postTo('enter-app-code', { code: appTotp(first.key).generate() });
    expectView(browser, 'app-added');
    await browser.postTo('app-added/add-another');
    const second = await reachScanQr(browser);
    expect(second.key).not.toBe(first.key);
    await browser.postTo('scan-qr');
    await browser.postTo('enter-app-code', { code: appTotp(second.key).generate() });
    expectView(browser, 'app-added');
    const apps = (await run.authenticators(ALEX.id, 'app')) as AppAuthenticator[];
    expect(apps).toHaveLength(2);
    const box = createSecretBox(TOTP_ENCRYPTION_KEY);
    expect(apps.map((a) => box.open(a.encryptedSecret))).toEqual([first.key, second.key]);
  });
});

describe('authenticator app: password rules over HTTP', () => {
  const attempt = async (password: string, confirmPassword = password) => {
    await browser.postTo('create-password', { password, confirmPassword });
    expectView(browser, 'create-password');
    if (password) expect(browser.html).not.toContain(password);
    return errorSummary(browser.html);
  };

  it('refuses short, long, common, email and service-name passwords and a mismatch, then accepts 128 characters', async () => {
    await browser.postTo('choose-authenticator', { method: 'app' });
    await browser.postTo('app-instructions', { soleAccess: 'yes' });
    expectView(browser, 'create-password');

    expect(await attempt('', '')).toEqual(['Enter a password', 'Confirm your password']);
    expect(await attempt('elevenchars')).toEqual(['Password must be 12 characters or more']);
    expect(await attempt('password1234')).toEqual([
      'This password is too common and easy to guess. Choose a different password',
    ]);
    expect(await attempt('Alex.Morgan rides a blue bicycle')).toEqual([
      'Password must not contain your email address',
    ]);
    expect(await attempt('my care identity is orange 77')).toEqual([
      'Password must not contain the name of this service',
    ]);
    expect(await attempt(GOOD_PASSWORD, 'violet tractor umbrella 43')).toEqual([
      'The passwords do not match',
    ]);
    const tooLong = randomBytes(65).toString('hex').slice(0, 129);
    expect(await attempt(tooLong)).toEqual(['Password must be 128 characters or fewer']);
    expect(await run.authenticators(ALEX.id)).toEqual([]);

    const longest = randomBytes(64).toString('hex');
    expect(longest).toHaveLength(128);
    await browser.postTo('create-password', { password: longest, confirmPassword: longest });
    expectView(browser, 'scan-qr');
    const { key } = readAppKey(browser.html);
    await browser.postTo('scan-qr');
    await browser.postTo('enter-app-code', { code: appTotp(key).generate() });
    expectView(browser, 'app-added');
    const [app] = (await run.authenticators(ALEX.id, 'app')) as AppAuthenticator[];
    expect(await argon2Verify(app?.passwordHash ?? '', longest)).toBe(true);
  });

  it('needs the sole-access confirmation before the password', async () => {
    await browser.postTo('choose-authenticator', { method: 'app' });
    await browser.postTo('app-instructions', {});
    expectView(browser, 'app-instructions');
    expect(errorSummary(browser.html)).toEqual([
      'Confirm that only you have access to this authenticator app',
    ]);
  });
});

describe('authenticator app: wrong codes', () => {
  it('says a wrong code is wrong, does not count a malformed one, and ends on too-many-attempts at the 5th', async () => {
    const { key } = await reachScanQr(browser);
    await browser.postTo('scan-qr');
    const csrf = browser.csrfToken() ?? '';

    await browser.postTo('enter-app-code', { code: '12345' });
    expectView(browser, 'enter-app-code');
    expect(errorSummary(browser.html)).toEqual(['The code must be 6 numbers']);

    const taken = new Set<string>();
    for (let i = 1; i <= 4; i++) {
      await browser.postTo('enter-app-code', { code: neverValidCode(key, taken) });
      expectView(browser, 'enter-app-code');
      expect(errorSummary(browser.html)).toEqual([
        'The code is not correct. Enter the code your authenticator app shows now',
      ]);
    }
    await browser.postTo('enter-app-code', { code: neverValidCode(key, taken) });
    expectView(browser, 'too-many-attempts');

    // The journey is over: even the right code now changes nothing.
    await browser.post(url('enter-app-code'), { code: appTotp(key).generate() }, { csrf });
    expectView(browser, 'too-many-attempts');
    expect(await run.authenticators(ALEX.id)).toEqual([]);
  });

  it('explains a code from a phone whose clock is 2 or more steps out, and still accepts the right code', async () => {
    const { key } = await reachScanQr(browser);
    await browser.postTo('scan-qr');
    const drift =
      'The code is not correct. Check the date and time on your phone are set automatically, then enter the new code';

    await browser.postTo('enter-app-code', { code: codeFromStepsAway(key, -3) });
    expectView(browser, 'enter-app-code');
    expect(errorSummary(browser.html)).toEqual([drift]);

    await browser.postTo('enter-app-code', { code: codeFromStepsAway(key, 2) });
    expect(errorSummary(browser.html)).toEqual([drift]);

    // One step either side is transmission delay, not a wrong clock.
    await browser.postTo('enter-app-code', {
      code: appTotp(key).generate({ timestamp: Date.now() - STEP_MS }),
    });
    expectView(browser, 'app-added');
    expect(await run.authenticators(ALEX.id, 'app')).toHaveLength(1);
  });

  it('drift codes count towards the 5 wrong codes', async () => {
    const { key } = await reachScanQr(browser);
    await browser.postTo('scan-qr');
    for (let i = 0; i < 4; i++) {
      await browser.postTo('enter-app-code', { code: codeFromStepsAway(key, -(3 + i)) });
      expectView(browser, 'enter-app-code');
    }
    await browser.postTo('enter-app-code', { code: codeFromStepsAway(key, 4) });
    expectView(browser, 'too-many-attempts');
    expect(await run.authenticators(ALEX.id)).toEqual([]);
  });
});

describe('authenticator app: a save that fails part-way', () => {
  it('does not take the same code again while the save is unfinished, and Try again finishes it once', async () => {
    const { key } = await reachScanQr(browser);
    await browser.postTo('scan-qr');
    const csrf = browser.csrfToken() ?? '';
    const code = appTotp(key).generate();

    // The mail relay is down: the notification cannot be sent, so the save step fails.
    run.smtp.setDown(true);
    try {
      await browser.postTo('enter-app-code', { code });
      expectView(browser, 'service-unavailable');
      expect(browser.last?.status).toBe(503);
      const afterFailure = await run.authenticators(ALEX.id, 'app');
      expect(afterFailure.length).toBeLessThanOrEqual(1);

      // The same code again (a replay, or the person pressing Submit again) is not taken.
      await browser.post(url('enter-app-code'), { code }, { csrf });
      expectView(browser, 'service-unavailable');
      await browser.get(url('enter-app-code'));
      expectView(browser, 'service-unavailable');
      expect(await run.authenticators(ALEX.id, 'app')).toHaveLength(afterFailure.length);
    } finally {
      run.smtp.setDown(false);
    }

    const since = run.smtp.messages.length;
    await browser.postTo('service-unavailable');
    expectView(browser, 'app-added');
    expect(await run.authenticators(ALEX.id, 'app')).toHaveLength(1);
    await mailAfter(run.smtp, since, (m) => m.to.includes(ALEX.email) && m.subject === NOTIFICATION_SUBJECT);
  });
});

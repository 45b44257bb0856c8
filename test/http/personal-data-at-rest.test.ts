/**
 * Personal data at rest (SPEC: data protection): after every request of every branch, everything in Redis
 * except the profile directory (which holds profiles by design) is read directly, and no email address,
 * National Insurance number, client address, OIDC state, nonce or PKCE verifier is found in it in clear.
 * The journey snapshot that holds them is sealed, and the test opens it with the service's key to prove
 * they were there to find.
 */
import { Redis } from 'ioredis';
import {
  AuthenticatorEmulator,
  PasskeysCredentialsMemoryRepository,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  WebAuthnEmulator,
} from 'nid-webauthn-emulator';
import { Secret, TOTP } from 'otpauth';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EMAIL_CODE_SUBJECT } from '../../src/services/email-code/email-code-service.js';
import { createSnapshotSealer } from '../../src/services/journey-store/snapshot-sealer.js';
import type { Page } from '../../tooling/support/http-client.js';
import { demoAccount, loginAtProvider } from '../../tooling/support/nhsnet.js';
import {
  ALEX,
  type Backends,
  Browser,
  callbackPath,
  expectView,
  GOOD_PASSWORD,
  mailAfter,
  type Person,
  type Running,
  reachChooseAuthenticator,
  reachNhsnetProvider,
  reachPasskeyRegister,
  reachScanQr,
  solveDevCaptcha,
  startBackends,
  startService,
  url,
} from './branches-support.js';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

/** Alex's second address, held in the profile summary the journey keeps. */
const ALEX_WORK_EMAIL = 'alex.morgan@example-trust.nhs.uk';
const SUSPENDED: Person = { id: 'demo-0003', email: 'casey.brooks@nhs.net', niNumber: 'JM987654B' };

let backends: Backends;
let run: Running;
let admin: Redis;

beforeAll(async () => {
  backends = await startBackends();
  admin = new Redis(backends.redis.url, { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  admin.disconnect();
  await backends.stop();
});
beforeEach(async () => {
  run = await startService(backends);
});
afterEach(async () => {
  await run.close();
});

/** Every value stored under a key, as text, whatever the key's type. */
async function valuesOf(key: string): Promise<string> {
  const type = await admin.type(key);
  if (type === 'string') return (await admin.get(key)) ?? '';
  if (type === 'hash') return JSON.stringify(await admin.hgetall(key));
  if (type === 'list') return JSON.stringify(await admin.lrange(key, 0, -1));
  if (type === 'set') return JSON.stringify(await admin.smembers(key));
  if (type === 'zset') return JSON.stringify(await admin.zrange(key, '0', '-1', 'WITHSCORES'));
  if (type === 'stream') return JSON.stringify(await admin.xrange(key, '-', '+'));
  return '';
}

/** A browser that, after every response, reads all of Redis but the directory and records any clear
 *  personal data, and keeps the journey ids it was given. */
class InspectingBrowser extends Browser {
  readonly found = new Set<string>();
  readonly journeyIds = new Set<string>();
  scans = 0;
  sealedSnapshotsSeen = 0;
  /** label → value to look for. */
  readonly secrets = new Map<string, string>();

  watch(label: string, value: string) {
    if (value) this.secrets.set(label, value);
  }

  override async raw(path: string, init: RequestInit = {}): Promise<Response> {
    const res = await super.raw(path, init);
    const id = decodeURIComponent(this.cookie('aa-journey') ?? '').split('.')[0];
    if (id) this.journeyIds.add(id);
    await this.scan(`${init.method ?? 'GET'} ${new URL(path, this.baseUrl).pathname}`);
    return res;
  }

  async scan(after: string) {
    this.scans += 1;
    const keys = (await admin.keys('*')).filter((key) => !key.startsWith('aa:{dir}:'));
    for (const key of keys) {
      const text = (await valuesOf(key)).toLowerCase();
      if (key.startsWith('aa:journey:') && /\bs[12]\./.test(text)) this.sealedSnapshotsSeen += 1;
      for (const [label, value] of this.secrets) {
        if (text.includes(value.toLowerCase())) this.found.add(`${label} in clear in ${key} after ${after}`);
      }
    }
  }

  /** The current journey's snapshot, opened with the service's own key. */
  async openedSnapshot(): Promise<string> {
    const id = decodeURIComponent(this.cookie('aa-journey') ?? '').split('.')[0] ?? '';
    const sealed = (await admin.hget(`aa:journey:{${id}}`, 'snapshot')) ?? '';
    return createSnapshotSealer(run.service.config.journeyDataKeys).open(id, sealed) ?? '';
  }

  /** Passes when nothing was found in clear and the scans really looked at sealed journeys. */
  expectNothingInClear() {
    expect([...this.found]).toEqual([]);
    expect(this.scans).toBeGreaterThanOrEqual(3);
    expect(this.sealedSnapshotsSeen).toBeGreaterThan(0);
  }
}

function browser(who: Person = ALEX): InspectingBrowser {
  const b = new InspectingBrowser(run.baseUrl, run.baseUrl.replace('localhost', '127.0.0.1'));
  b.watch('email', who.email);
  b.watch('NI number', who.niNumber.replace(/\s/g, ''));
  b.watch('NI number as typed', who.niNumber);
  b.watch('client address', b.clientIp);
  if (who.email === ALEX.email) b.watch('second email', ALEX_WORK_EMAIL);
  return b;
}

async function identityChecked(b: InspectingBrowser, who: Person): Promise<Page> {
  await b.get(url('start'));
  await b.postTo('start');
  expectView(b, 'enter-details');
  return b.postTo('enter-details', { email: who.email, niNumber: who.niNumber, ...solveDevCaptcha(b.html) });
}

describe('personal data at rest in Redis', () => {
  it('identity steps and the authenticator app branch: nothing in clear after any request', async () => {
    const b = browser();
    await reachChooseAuthenticator(run, b);
    // The snapshot really holds what is looked for (opened with the service's key).
    expect(await b.openedSnapshot()).toContain(ALEX.email);
    const { key } = await reachScanQr(b, GOOD_PASSWORD);
    await b.postTo('scan-qr');
    expectView(b, 'enter-app-code');
    const totp = new TOTP({ secret: Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 });
    const wrong = ['000000', '111111', '222222'].find((c) => totp.validate({ token: c, window: 2 }) === null);
    await b.postTo('enter-app-code', { code: wrong as string });
    expectView(b, 'enter-app-code');
    await b.postTo('enter-app-code', { code: totp.generate() });
    expectView(b, 'app-added');
    b.expectNothingInClear();
  });

  it('NHS.net Connect branch: state, nonce and PKCE verifier are never in clear', async () => {
    const b = browser();
    await reachChooseAuthenticator(run, b);
    const authorizationUrl = await reachNhsnetProvider(b);
    const login = JSON.parse(await b.openedSnapshot()).context.nhsnet.login as {
      state: string;
      nonce: string;
      codeVerifier: string;
    };
    expect(login.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    b.watch('OIDC state', login.state);
    b.watch('OIDC nonce', login.nonce);
    b.watch('PKCE verifier', login.codeVerifier);
    await b.scan('reading the login from the snapshot');
    const mailbox = demoAccount('alex.morgan');
    const query = await loginAtProvider(authorizationUrl, {
      email: mailbox.email,
      password: mailbox.password,
    });
    await b.get(callbackPath(query));
    expectView(b, 'nhsnet-added');
    b.expectNothingInClear();
  });

  it('passkey branch: the options that hold the email are never in clear', async () => {
    const b = browser();
    await reachChooseAuthenticator(run, b);
    const options = await reachPasskeyRegister(b, { os: 'other', platformAuthenticator: 'false' });
    expect(options.user.name).toBe(ALEX.email);
    b.watch('passkey challenge', options.challenge);
    const phone = new WebAuthnEmulator(
      new AuthenticatorEmulator({
        credentialsRepository: new PasskeysCredentialsMemoryRepository(),
        transports: ['hybrid', 'internal'],
      }),
    );
    const response: RegistrationResponseJSON = phone.createJSON(
      b.origin,
      options as unknown as PublicKeyCredentialCreationOptionsJSON,
    );
    await b.postTo('passkey-register', { response: JSON.stringify(response) });
    expectView(b, 'passkey-added');
    b.expectNothingInClear();
  });

  it('details that match no profile, a wrong code, a suspended profile: nothing in clear', async () => {
    const stranger = browser({ id: 'none', email: 'nobody.here@nhs.net', niNumber: 'ZX 98 76 54 A' });
    await identityChecked(stranger, { id: 'none', email: 'nobody.here@nhs.net', niNumber: 'ZX 98 76 54 A' });
    expectView(stranger, 'problem-adding-authenticator');
    stranger.expectNothingInClear();

    const wrongCode = browser();
    await identityChecked(wrongCode, ALEX);
    expectView(wrongCode, 'enter-email-code');
    await wrongCode.postTo('enter-email-code', { code: '000000' });
    await wrongCode.postTo('enter-email-code/new-code');
    wrongCode.expectNothingInClear();

    const suspended = browser(SUSPENDED);
    const since = run.smtp.messages.length;
    await identityChecked(suspended, SUSPENDED);
    expectView(suspended, 'enter-email-code');
    const mail = await mailAfter(
      run.smtp,
      since,
      (m) => m.to.includes(SUSPENDED.email) && m.subject === EMAIL_CODE_SUBJECT,
    );
    await suspended.postTo('enter-email-code', { code: /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '' });
    expectView(suspended, 'profile-not-found');
    suspended.expectNothingInClear();
  });
});

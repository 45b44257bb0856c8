/**
 * Persisted snapshots: after every step a JSON round trip restores the same page and context, stays
 * small, and never carries a password, an email code, an app code or a CAPTCHA token.
 */

import { describe, expect, it } from 'vitest';
import type { JourneyEvent } from '../../src/machine/events.js';
import { currentView, type JourneySnapshot } from '../../src/machine/queries.js';
import {
  type FakeSwitches,
  fakeServices,
  GOOD_APP_CODE,
  GOOD_EMAIL_CODE,
  T0,
  TestJourney,
  testEngine,
} from '../../tooling/journey-fakes.js';
import { E, SECOND } from './helpers.js';

const PASSWORD = 'Persisted-Passphrase-Zebra-42';
const CAPTCHA = 'captcha-token-unique-7f3a9c';
const WRONG_EMAIL_CODE = '987654';
const WRONG_APP_CODE = '876543';
const SECRETS = [PASSWORD, CAPTCHA, GOOD_EMAIL_CODE, WRONG_EMAIL_CODE, GOOD_APP_CODE, WRONG_APP_CODE];

/** A step of a journey: an optional pause, optional service switches, then an event. */
type Step = { event: JourneyEvent; wait?: number; set?: Partial<FakeSwitches>; expect: string };

const details = (over: Parameters<typeof E.details>[0] = {}) =>
  E.details({ email: ' Sam.Patel@nhs.net ', niNumber: 'jm 40 19 27 b', captchaToken: CAPTCHA, ...over });

const WHOLE_JOURNEY: Step[] = [
  { event: E.start(), expect: 'enter-details' },
  { event: details({ niNumber: 'QQ 12 34 56 C' }), expect: 'enter-details' },
  { event: details({ captchaToken: '' }), expect: 'enter-details' },
  { event: details(), set: { captcha: 'fail' }, expect: 'enter-details' },
  { event: details(), set: { captcha: 'pass', limiter: 'down' }, expect: 'service-unavailable' },
  { event: E.retry, set: { limiter: 'allow' }, expect: 'enter-details' },
  { event: details(), expect: 'enter-email-code' },
  { event: E.emailCode(WRONG_EMAIL_CODE), expect: 'enter-email-code' },
  { event: E.newCode, expect: 'enter-email-code' },
  { event: E.newCode, wait: 30 * SECOND, set: { mail: 'down' }, expect: 'service-unavailable' },
  { event: E.retry, set: { mail: 'up' }, expect: 'enter-email-code' },
  { event: E.emailCode(GOOD_EMAIL_CODE), wait: 5 * SECOND, expect: 'choose-authenticator' },
  { event: E.choose('app'), expect: 'app-instructions' },
  { event: E.sole(false), expect: 'app-instructions' },
  { event: E.sole(true), expect: 'create-password' },
  { event: E.password(PASSWORD), set: { password: 'common' }, expect: 'create-password' },
  { event: E.password(PASSWORD, 'other'), set: { password: 'mismatch' }, expect: 'create-password' },
  { event: E.password(PASSWORD), set: { password: 'ok' }, expect: 'scan-qr' },
  { event: E.qrScanned, expect: 'enter-app-code' },
  { event: E.appCode(WRONG_APP_CODE), expect: 'enter-app-code' },
  { event: E.appCode(GOOD_APP_CODE), set: { save: 'down' }, expect: 'service-unavailable' },
  { event: E.retry, set: { save: 'added' }, expect: 'app-added' },
  { event: E.addAnother, expect: 'choose-authenticator' },
  { event: E.choose('passkey'), expect: 'passkey-loading' },
  { event: E.platform('windows', true), expect: 'passkey-register' },
  { event: E.passkeyFailed('NotAllowedError'), expect: 'passkey-register' },
  { event: E.passkeyCreated(), set: { passkeyVerify: 'windowsHello' }, expect: 'passkey-windows-hello' },
  { event: E.retry, set: { passkeyVerify: 'phone' }, expect: 'passkey-register' },
  { event: E.passkeyCreated(), expect: 'passkey-added' },
  { event: E.addAnother, expect: 'choose-authenticator' },
  { event: E.choose('nhsnet'), expect: 'nhsnet-instructions' },
  { event: E.sole(true), set: { nhsnetBegin: 'down' }, expect: 'nhsnet-unavailable' },
  { event: E.retry, set: { nhsnetBegin: 'up' }, expect: 'nhsnet-redirect' },
  { event: E.callback({ state: 'state-1', error: 'access_denied' }), expect: 'nhsnet-instructions' },
  { event: E.sole(true), expect: 'nhsnet-redirect' },
  { event: E.callback({ state: 'state-1', code: 'auth-code' }), expect: 'nhsnet-added' },
  { event: E.addAnother, expect: 'choose-authenticator' },
  { event: E.choose('nhsnet'), expect: 'choose-authenticator' },
];

const engine = testEngine();

/** A journey restored from its stored JSON, as the HTTP layer restores it before each request. */
function restore(json: string): JourneySnapshot {
  const snapshot = engine.restore(JSON.parse(json));
  if (!snapshot) throw new Error('not restored');
  return snapshot;
}

/** One request on a restored journey, as the HTTP layer makes it. */
async function request(snapshot: JourneySnapshot, now: number, event: JourneyEvent, switches: FakeSwitches) {
  return (await engine.advance(snapshot, { now, userActive: true }, [event], fakeServices(switches)))
    .snapshot;
}

describe('persisted snapshots', () => {
  it('restore the same page and context after every step of a whole journey, stay under 2 KiB, hold no secret', async () => {
    const live = new TestJourney({ now: T0 });
    const sizes: number[] = [];
    const check = () => {
      const json = JSON.stringify(live.persisted);
      sizes.push(Buffer.byteLength(json, 'utf8'));
      for (const secret of SECRETS) expect(json).not.toContain(secret);
      const restored = restore(json);
      expect(currentView(restored)).toBe(currentView(live.snapshot));
      expect(restored.value).toEqual(live.snapshot.value);
      expect(restored.context).toEqual(live.context);
    };
    check();
    for (const step of WHOLE_JOURNEY) {
      Object.assign(live.switches, step.set);
      await live.advance(step.wait ?? SECOND).send(step.event);
      expect(currentView(live.snapshot)).toBe(step.expect);
      check();
    }
    expect(live.context.added.map((a) => a.method)).toEqual(['app', 'passkey', 'nhsnet']);
    expect(sizes).toHaveLength(WHOLE_JOURNEY.length + 1);
    expect(Math.max(...sizes)).toBeLessThan(2048);
  });

  it('a journey restored from JSON before every request ends exactly like one that never was', async () => {
    const live = new TestJourney({ now: T0 });
    const switches = { ...live.switches };
    const record = { sent: [], saved: [], locks: 0 };
    const services = fakeServices(switches, record);
    const begun = engine.begin({ journeyNonce: 'nonce-abc', now: T0, cimSessionPresent: false });
    let json = JSON.stringify(begun.persisted);
    for (const step of WHOLE_JOURNEY) {
      Object.assign(live.switches, step.set);
      Object.assign(switches, step.set);
      await live.advance(step.wait ?? SECOND).send(step.event);
      const advanced = await engine.advance(
        restore(json),
        { now: live.now, userActive: true },
        [step.event],
        services,
      );
      expect(currentView(advanced.snapshot)).toBe(step.expect);
      json = JSON.stringify(advanced.persisted);
    }
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(live.persisted)));
    expect(record.saved).toEqual(live.record.saved);
  });

  it('restores a journey that ended as ended', async () => {
    const live = new TestJourney({ switches: { limiter: 'deny' } });
    await live.send(E.start());
    await live.send(details());
    expect(currentView(live.snapshot)).toBe('too-many-attempts');
    const restored = restore(JSON.stringify(live.persisted));
    expect(restored.status).toBe('done');
    expect(currentView(restored)).toBe('too-many-attempts');
  });

  it('keeps deadlines across a restore: a code restored 10 minutes and 1 ms later has expired', async () => {
    const live = new TestJourney();
    await live.send(E.start());
    await live.send(details());
    const restored = restore(JSON.stringify(live.persisted));
    const after = await request(
      restored,
      live.now + 10 * 60_000 + 1,
      E.emailCode(GOOD_EMAIL_CODE),
      live.switches,
    );
    expect(after.context.errors).toEqual({ code: 'codeExpired' });
  });
});

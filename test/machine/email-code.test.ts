/** The emailed code: right, wrong, malformed, expired, resent, locked, and who may see profile-not-found. */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/machine/limits.js';
import { GOOD_EMAIL_CODE, validDetails } from '../../tooling/journey-fakes.js';
import { E, journey, MINUTE, SECOND, SpyJourney, spyService, toEmailCode, viewOf } from './helpers.js';

const WRONG = '999999';

describe('enter-email-code', () => {
  it('accepts the right code, also typed with spaces or hyphens', async () => {
    for (const typed of [GOOD_EMAIL_CODE, '123 456', ' 12-34-56 ']) {
      const j = await toEmailCode(journey());
      expect(j.context.email.codesSent).toBe(1);
      expect(j.context.notice).toBeNull();
      await j.send(E.emailCode(typed));
      expect(viewOf(j)).toBe('choose-authenticator');
      expect(j.context.email.proven).toBe(true);
      expect(j.context.email.code).toBeNull();
    }
  });

  it('sends the normalised code with the stored hash and the journey nonce to the check', async () => {
    const check = spyService<'verifyEmailCode'>(() => ({ matches: true }));
    const j = await toEmailCode(new SpyJourney({ overrides: { verifyEmailCode: check.service } }));
    await j.send(E.emailCode('65 43-21'));
    expect(check.inputs).toEqual([{ code: '654321', codeHash: 'hash-1', journeyNonce: 'nonce-abc' }]);
  });

  it('says a wrong code is wrong and counts it', async () => {
    const j = await toEmailCode(new SpyJourney());
    await j.send(E.emailCode(WRONG));
    expect(viewOf(j)).toBe('enter-email-code');
    expect(j.context.errors).toEqual({ code: 'wrongCode' });
    expect(j.context.email.wrongCodes).toBe(1);
    expect(j.context.email.proven).toBe(false);
    expect(j.audits.map((a) => a.event)).toEqual(['identity.wrongEmailCode']);
  });

  it.each([
    ['', 'required'],
    ['  ', 'required'],
    ['12345', 'format'],
    ['1234567', 'format'],
    ['12a456', 'format'],
    ['１２３４５６', 'format'],
  ])('rejects the malformed code %j as %s without checking or counting it', async (code, problem) => {
    const check = spyService<'verifyEmailCode'>(() => ({ matches: true }));
    const j = await toEmailCode(new SpyJourney({ overrides: { verifyEmailCode: check.service } }));
    await j.send(E.emailCode(code));
    expect(viewOf(j)).toBe('enter-email-code');
    expect(j.context.errors).toEqual({ code: problem });
    expect(j.context.email.wrongCodes).toBe(0);
    expect(check.inputs).toHaveLength(0);
  });

  it('accepts a code exactly 10 minutes old and says one 10 minutes and 1 ms old has expired', async () => {
    const fresh = await toEmailCode(journey());
    await fresh.advance(LIMITS.emailCodeLifetimeMs).send(E.emailCode(GOOD_EMAIL_CODE));
    expect(viewOf(fresh)).toBe('choose-authenticator');

    const stale = await toEmailCode(journey());
    await stale.advance(10 * MINUTE + 1).send(E.emailCode(GOOD_EMAIL_CODE));
    expect(viewOf(stale)).toBe('enter-email-code');
    expect(stale.context.errors).toEqual({ code: 'codeExpired' });
    expect(stale.context.email.wrongCodes).toBe(0);
    expect(stale.context.email.proven).toBe(false);
    await stale.send(E.newCode);
    expect(stale.context.notice).toBe('newCodeSent');
    await stale.send(E.emailCode(GOOD_EMAIL_CODE));
    expect(viewOf(stale)).toBe('choose-authenticator');
  });
});

describe('too many wrong codes', () => {
  it('locks the identity once and ends on too-many-attempts after the fifth wrong code', async () => {
    const j = await toEmailCode(new SpyJourney());
    for (let i = 1; i <= 4; i++) {
      await j.send(E.emailCode(WRONG));
      expect(viewOf(j)).toBe('enter-email-code');
      expect(j.context.email.wrongCodes).toBe(i);
    }
    expect(j.record.locks).toBe(0);
    await j.send(E.emailCode(WRONG));
    expect(viewOf(j)).toBe('too-many-attempts');
    expect(j.snapshot.status).toBe('done');
    expect(j.context.email.wrongCodes).toBe(5);
    expect(j.context.problems.endReason).toBe('wrongEmailCodes');
    expect(j.record.locks).toBe(1);
    expect(j.audits.at(-1)?.event).toBe('identity.locked');
    await j.send(E.emailCode(GOOD_EMAIL_CODE));
    expect(viewOf(j)).toBe('too-many-attempts');
    expect(j.record.locks).toBe(1);
  });

  it('passes the normalised email and NI number to the lock', async () => {
    const lock = spyService<'lockIdentity'>(() => undefined);
    const j = await toEmailCode(new SpyJourney({ overrides: { lockIdentity: lock.service } }));
    for (let i = 0; i < 5; i++) await j.send(E.emailCode(WRONG));
    expect(lock.inputs).toEqual([{ email: 'alex.morgan@nhs.net', niNumber: 'AB123456C' }]);
  });

  it('does not reset the count when a new code is sent', async () => {
    const j = await toEmailCode(journey());
    await j.send(E.emailCode(WRONG));
    await j.send(E.emailCode(WRONG));
    await j.advance(30 * SECOND).send(E.newCode);
    expect(j.context.email.codesSent).toBe(2);
    expect(j.context.email.wrongCodes).toBe(2);
    for (let i = 0; i < 2; i++) await j.send(E.emailCode(WRONG));
    expect(viewOf(j)).toBe('enter-email-code');
    await j.send(E.emailCode(WRONG));
    expect(viewOf(j)).toBe('too-many-attempts');
    expect(j.record.locks).toBe(1);
  });

  it('does not reset the count when the details are entered again', async () => {
    const j = await toEmailCode(journey());
    for (let i = 0; i < 4; i++) await j.send(E.emailCode(WRONG));
    await j.send(E.back);
    await j.advance(30 * SECOND).send(validDetails);
    expect(viewOf(j)).toBe('enter-email-code');
    expect(j.context.email.wrongCodes).toBe(4);
    await j.send(E.emailCode(WRONG));
    expect(viewOf(j)).toBe('too-many-attempts');
  });

  it('still ends the journey when the lock cannot be written', async () => {
    const j = await toEmailCode(new SpyJourney({ switches: { lock: 'down' } }));
    for (let i = 0; i < 5; i++) await j.send(E.emailCode(WRONG));
    expect(viewOf(j)).toBe('too-many-attempts');
    expect(j.audits.at(-1)?.event).toBe('identity.lockFailed');
  });

  it('accepts the right code after four wrong ones', async () => {
    const j = await toEmailCode(journey());
    for (let i = 0; i < 4; i++) await j.send(E.emailCode(WRONG));
    await j.send(E.emailCode(GOOD_EMAIL_CODE));
    expect(viewOf(j)).toBe('choose-authenticator');
    expect(j.record.locks).toBe(0);
  });
});

describe('send a new code', () => {
  it('allows 1 + 3 sends, at least 30 seconds apart', async () => {
    const j = await toEmailCode(journey());
    await j.advance(30 * SECOND - 1).send(E.newCode);
    expect(j.context.errors).toEqual({ code: 'newCodeTooSoon' });
    expect(j.context.email.codesSent).toBe(1);
    for (let sent = 2; sent <= 4; sent++) {
      await j.advance(1).send(E.newCode);
      expect(viewOf(j)).toBe('enter-email-code');
      expect(j.context.errors).toEqual({});
      expect(j.context.notice).toBe('newCodeSent');
      expect(j.context.email.codesSent).toBe(sent);
      expect(j.context.email.code?.codeHash).toBe(`hash-${sent}`);
      j.advance(30 * SECOND - 1);
    }
    await j.advance(MINUTE).send(E.newCode);
    expect(viewOf(j)).toBe('enter-email-code');
    expect(j.context.errors).toEqual({ code: 'tooManyCodes' });
    expect(j.context.email.codesSent).toBe(4);
    expect(j.record.sent).toHaveLength(4);
    await j.send(E.emailCode(GOOD_EMAIL_CODE));
    expect(viewOf(j)).toBe('choose-authenticator');
  });

  it('sends the first code at once, whatever the clock reads: the 30 seconds are between sends', async () => {
    // A clock at its origin: no code was sent 30 seconds before it, or ever.
    const j = await toEmailCode(journey({ now: 0 }));
    expect(j.context.errors).toEqual({});
    expect(j.context.email.codesSent).toBe(1);
    expect(j.record.sent).toHaveLength(1);
  });

  it('does not burn a send when the mail service is down, and "Try again" sends it', async () => {
    const j = await toEmailCode(journey());
    j.switches.mail = 'down';
    await j.advance(30 * SECOND).send(E.newCode);
    expect(viewOf(j)).toBe('service-unavailable');
    expect(j.context.problems.resumeAt).toBe('sendingEmailCode');
    expect(j.context.email.codesSent).toBe(1);
    await j.send(E.retry);
    expect(viewOf(j)).toBe('service-unavailable');
    expect(j.context.email.codesSent).toBe(1);
    j.switches.mail = 'up';
    await j.send(E.retry);
    expect(viewOf(j)).toBe('enter-email-code');
    expect(j.context.email.codesSent).toBe(2);
    expect(j.record.sent).toHaveLength(2);
    await j.advance(30 * SECOND).send(E.newCode);
    await j.advance(30 * SECOND).send(E.newCode);
    expect(j.context.email.codesSent).toBe(4);
    expect(j.context.errors).toEqual({});
  });

  it('sends the first code on "Try again" after the mail service was down', async () => {
    const k = journey({ switches: { mail: 'down' } });
    await k.send(E.start());
    await k.send(validDetails);
    expect(viewOf(k)).toBe('service-unavailable');
    expect(k.context.email.codesSent).toBe(0);
    k.switches.mail = 'up';
    await k.send(E.retry);
    expect(viewOf(k)).toBe('enter-email-code');
    expect(k.context.email.codesSent).toBe(1);
    expect(k.context.notice).toBeNull();
  });

  it('keeps the wrong-code count when the code check is down', async () => {
    const j = await toEmailCode(journey());
    await j.send(E.emailCode(WRONG));
    j.switches.codeCheck = 'down';
    await j.send(E.emailCode(GOOD_EMAIL_CODE));
    expect(viewOf(j)).toBe('service-unavailable');
    expect(j.context.problems.resumeAt).toBe('enterEmailCode');
    j.switches.codeCheck = 'up';
    await j.send(E.retry);
    expect(viewOf(j)).toBe('enter-email-code');
    expect(j.context.email.wrongCodes).toBe(1);
    expect(j.context.email.codesSent).toBe(1);
    await j.send(E.emailCode(GOOD_EMAIL_CODE));
    expect(viewOf(j)).toBe('choose-authenticator');
  });

  it('keeps every send at least 30 seconds after the one before, even when the details are entered again', async () => {
    const sentAt: number[] = [];
    const j = new SpyJourney({
      overrides: {
        sendEmailCode: spyService<'sendEmailCode'>((_, n) => {
          sentAt.push(j.now);
          return { codeHash: `hash-${n}` };
        }).service,
      },
    });
    await toEmailCode(j);
    await j.advance(5 * SECOND).send(E.back);
    await j.advance(5 * SECOND).send(validDetails);
    expect(viewOf(j)).toBe('enter-details');
    expect(j.context.errors).toEqual({ details: 'newCodeTooSoon' });
    await j.advance(20 * SECOND).send(validDetails);
    expect(viewOf(j)).toBe('enter-email-code');
    expect(sentAt).toHaveLength(2);
    const gaps = sentAt.slice(1).map((t, i) => t - (sentAt[i] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(LIMITS.emailCodeResendGapMs);
  });

  it('counts sends across new details and ends the journey when a fifth would be needed', async () => {
    const j = await toEmailCode(journey());
    for (let i = 0; i < 3; i++) await j.advance(30 * SECOND).send(E.newCode);
    expect(j.context.email.codesSent).toBe(4);
    await j.send(E.back);
    await j.send(validDetails);
    expect(viewOf(j)).toBe('too-many-attempts');
    expect(j.context.problems.endReason).toBe('emailCodeSends');
    expect(j.record.sent).toHaveLength(4);
  });
});

describe('new details after going back', () => {
  /** Each sent code is different: the n-th send's code is n repeated six times. */
  const perSendCodes = () =>
    spyService<'verifyEmailCode'>(({ code, codeHash }) => ({
      matches: code === codeHash.replace('hash-', '').repeat(6),
    }));

  it('forgets the code sent for the old details: it never counts', async () => {
    const check = perSendCodes();
    const j = await toEmailCode(new SpyJourney({ overrides: { verifyEmailCode: check.service } }));
    expect(j.context.email.code?.codeHash).toBe('hash-1');
    await j.send(E.back);
    expect(viewOf(j)).toBe('enter-details');
    await j.advance(30 * SECOND).send(E.details({ email: 'jo.bloggs@nhs.net', niNumber: 'JM401927B' }));
    expect(viewOf(j)).toBe('enter-email-code');
    expect(j.context.details).toEqual({ email: 'jo.bloggs@nhs.net', niNumber: 'JM401927B' });
    expect(j.context.email.code?.codeHash).toBe('hash-2');
    expect(j.record.sent.map((s) => s.to)).toEqual(['alex.morgan@nhs.net', 'jo.bloggs@nhs.net']);
    await j.send(E.emailCode('111111'));
    expect(j.context.errors).toEqual({ code: 'wrongCode' });
    expect(j.context.email.proven).toBe(false);
    await j.send(E.emailCode('222222'));
    expect(viewOf(j)).toBe('choose-authenticator');
  });

  it('forgets the old code and profile as soon as new details are accepted, even if the CAPTCHA then fails', async () => {
    const j = await toEmailCode(journey());
    await j.send(E.back);
    expect(j.context.email.code).not.toBeNull();
    j.switches.captcha = 'fail';
    await j.send(E.details({ email: 'jo.bloggs@nhs.net' }));
    expect(viewOf(j)).toBe('enter-details');
    expect(j.context.email.code).toBeNull();
    expect(j.context.profile).toBeNull();
    expect(j.context.email.codesSent).toBe(1);
  });
});

describe('a profile that cannot be used', () => {
  it.each(['suspended', 'closed'] as const)(
    'a %s profile gets the same code page, then profile-not-found only after the right code',
    async (status) => {
      const j = await toEmailCode(new SpyJourney({ switches: { profile: status } }));
      expect(j.record.sent).toHaveLength(1);
      await j.send(E.emailCode(WRONG));
      expect(viewOf(j)).toBe('enter-email-code');
      expect(j.context.errors).toEqual({ code: 'wrongCode' });
      await j.send(E.emailCode(GOOD_EMAIL_CODE));
      expect(viewOf(j)).toBe('profile-not-found');
      expect(j.snapshot.status).toBe('done');
      expect(j.context.problems.endReason).toBe('profileNotUsable');
      expect(j.audits.map((a) => a.event)).toContain('identity.profileNotUsable');
    },
  );

  it('shows an active and a suspended profile the same code page', async () => {
    const seen = async (profile: 'active' | 'suspended') => {
      const j = await toEmailCode(journey({ switches: { profile } }));
      const { errors, notice, email } = j.context;
      return { view: viewOf(j), errors, notice, emailCodesSent: email.codesSent, emailProven: email.proven };
    };
    expect(await seen('suspended')).toEqual(await seen('active'));
  });
});

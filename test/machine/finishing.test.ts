/**
 * SPEC.md 8 and "Numbers and rules": Finish, the 5-minute end after an "added" page (shared PCs), late
 * failures that keep the proven identity within the journey's limit, the real wait on too-many-attempts,
 * and the passkey instructions switch.
 */
import { describe, expect, it } from 'vitest';
import { journeyDeadlines } from '../../src/machine/deadlines.js';
import { currentMeta, journeyTtlSeconds } from '../../src/machine/index.js';
import { LIMITS } from '../../src/machine/limits.js';
import { GOOD_APP_CODE, LIMITER_RETRY_AFTER_MS } from '../../tooling/journey-fakes.js';
import {
  addFromChoose,
  E,
  GOOD_CALLBACK,
  journey,
  MINUTE,
  SpyJourney,
  spyService,
  toAwaitingNhsnet,
  toChoose,
  toEmailCode,
  toEnterAppCode,
  toEnterDetails,
  toPasskeyRegister,
  viewOf,
} from './helpers.js';

describe('Finish', () => {
  it.each(['app', 'nhsnet', 'passkey'] as const)(
    'ends the journey from %s-added on the finished page, which erases it',
    async (method) => {
      const j = await addFromChoose(await toChoose(journey()), method);
      expect(viewOf(j)).toBe(`${method}-added`);
      await j.send(E.finish);
      expect(viewOf(j)).toBe('finished');
      expect(j.snapshot.status).toBe('done');
      expect(currentMeta(j.snapshot).erase).toBe(true);
      expect(j.context.problems.endReason).toBe('finished');
      expect(j.audits.at(-1)?.event).toBe('journey.finished');
    },
  );

  it('is not offered before anything is added', async () => {
    const j = await toChoose(journey());
    await j.send(E.finish);
    expect(viewOf(j)).toBe('choose-authenticator');
    expect(j.snapshot.status).toBe('active');
  });
});

describe('an "added" page left alone (shared PCs)', () => {
  it('still takes "Add another" just under 5 minutes after the last activity', async () => {
    const j = await addFromChoose(await toChoose(journey()), 'app');
    await j.advance(LIMITS.idleAfterAddedMs - 1).send(E.addAnother);
    expect(viewOf(j)).toBe('choose-authenticator');
  });

  it('ends at 5 minutes: "Add another" then finds the journey finished, not the profile', async () => {
    const j = await addFromChoose(await toChoose(journey()), 'app');
    expect(LIMITS.idleAfterAddedMs).toBe(5 * MINUTE);
    await j.advance(5 * MINUTE).send(E.addAnother);
    expect(viewOf(j)).toBe('finished');
    expect(j.context.problems.endReason).toBe('idleAfterAdded');
  });

  it('ends at 5 minutes on a page view too, and page views are not activity', async () => {
    const j = await addFromChoose(await toChoose(journey()), 'nhsnet');
    await j.advance(4 * MINUTE).view();
    expect(viewOf(j)).toBe('nhsnet-added');
    await j.advance(1 * MINUTE).view();
    expect(viewOf(j)).toBe('finished');
  });

  it('is kept by the store only until then', async () => {
    const j = await addFromChoose(await toChoose(journey()), 'passkey');
    const { context } = j;
    expect(journeyTtlSeconds(context, context.lastActivityAt, true)).toBe(5 * 60);
    expect(journeyTtlSeconds(context, context.lastActivityAt + 2 * MINUTE, true)).toBe(3 * 60);
    // Elsewhere a journey is kept until its absolute end.
    expect(journeyTtlSeconds(context, context.lastActivityAt, false)).toBeGreaterThan(5 * 60);
  });
});

describe('late failures', () => {
  it(`allow ${LIMITS.lateFailuresPerJourney - 1} tries again; the next failure needs the Registration Authority`, async () => {
    expect(LIMITS.lateFailuresPerJourney).toBe(3);
    const j = await toPasskeyRegister(journey({ switches: { passkeyVerify: 'fail' } }));
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('authenticator-not-added');
    await j.send(E.retry);
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('authenticator-not-added');
    expect(j.context.problems.lateFailures).toBe(2);
    // Another type counts against the same journey.
    await j.send(E.chooseAnother);
    await j.send(E.choose('passkey'));
    await j.send(E.platform('other', false));
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('contact-registration-authority');
    expect(j.snapshot.status).toBe('done');
    expect(j.context.problems.endReason).toBe('lateFailures');
  });

  it('keep the proven identity: choosing another type goes straight to choose-authenticator', async () => {
    const j = await toPasskeyRegister(journey({ switches: { passkeyVerify: 'fail' } }));
    await j.send(E.passkeyCreated());
    await j.send(E.chooseAnother);
    expect(viewOf(j)).toBe('choose-authenticator');
    expect(j.context.email.proven).toBe(true);
    j.switches.passkeyVerify = 'phone';
    await j.send(E.choose('app'));
    await j.send(E.sole(true));
    await j.send(E.password());
    await j.send(E.qrScanned);
    await j.send(E.appCode(GOOD_APP_CODE));
    expect(viewOf(j)).toBe('app-added');
  });
});

describe('too-many-attempts says how long the refusing limit lasts', () => {
  it('from the identity-check limiter', async () => {
    const j = await toEnterDetails(journey({ switches: { limiter: 'deny' } }));
    await j.send(E.details());
    expect(viewOf(j)).toBe('too-many-attempts');
    expect(j.context.problems.retryAt).toBe(j.now + LIMITER_RETRY_AFTER_MS);
  });

  it('from the 15-minute lock after the 5th wrong email code', async () => {
    const j = await toEmailCode(journey());
    for (let i = 0; i < LIMITS.wrongEmailCodesPerJourney; i++) await j.send(E.emailCode('000000'));
    expect(viewOf(j)).toBe('too-many-attempts');
    expect(j.context.problems.retryAt).toBe(j.now + 15 * MINUTE);
  });

  it('not at all when the identity-check limiter refuses without saying how long for', async () => {
    const limiter = spyService<'consumeIdentityCheck'>(() => ({ allowed: false }));
    const j = await toEnterDetails(new SpyJourney({ overrides: { consumeIdentityCheck: limiter.service } }));
    await j.send(E.details());
    expect(viewOf(j)).toBe('too-many-attempts');
    expect(limiter.inputs).toHaveLength(1);
    // No time recorded, so no wait on the page, whichever server's clock draws it.
    expect(j.context.problems.retryAt).toBeNull();
  });

  it('not at all for a limit of the journey itself (wrong app codes): start again now', async () => {
    const j = await toEnterAppCode(journey());
    for (let i = 0; i < LIMITS.wrongAppCodesPerJourney; i++) await j.send(E.appCode('000000'));
    expect(viewOf(j)).toBe('too-many-attempts');
    expect(j.context.problems.retryAt).toBeNull();
  });
});

describe('"My screen looks different" (SPEC.md 10)', () => {
  it('switches between type 1 and type 2 steps with new options for each', async () => {
    const options = spyService<'createPasskeyOptions'>((_, n) => ({
      optionsJSON: `{"challenge":"c${n}"}`,
      challenge: `c${n}`,
    }));
    const j = new SpyJourney({ overrides: { createPasskeyOptions: options.service } });
    await toPasskeyRegister(j, 'windows', false);
    expect(j.context.passkey.windowsHello).toBe(false);
    await j.send(E.switchInstructions);
    expect(viewOf(j)).toBe('passkey-register');
    expect(j.context.passkey.windowsHello).toBe(true);
    expect(j.context.passkey.challenge).toBe('c2');
    await j.send(E.switchInstructions);
    expect(j.context.passkey.windowsHello).toBe(false);
    expect(options.inputs.map((i) => i.windowsHello)).toEqual([false, true, false]);
  });

  it('the challenge of the steps left is forgotten, also when the new options cannot be made', async () => {
    // SPEC.md: a WebAuthn challenge is single use; switching starts a new ceremony.
    const j = await toPasskeyRegister(journey());
    expect(j.context.passkey.challenge).not.toBeNull();
    j.switches.passkeyOptions = 'down';
    await j.send(E.switchInstructions);
    expect(viewOf(j)).toBe('service-unavailable');
    expect(j.context.passkey).toMatchObject({ optionsJSON: null, challenge: null, challengeIssuedAt: null });
    j.switches.passkeyOptions = 'up';
    await j.send(E.retry);
    expect(viewOf(j)).toBe('passkey-register');
    expect(j.context.passkey.windowsHello).toBe(true);
  });

  it('a Windows Hello credential on a PC detected without it turns on the type 2 steps', async () => {
    const j = await toPasskeyRegister(
      journey({ switches: { passkeyVerify: 'windowsHello' } }),
      'windows',
      false,
    );
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('passkey-windows-hello');
    expect(j.context.passkey.windowsHello).toBe(true);
    j.switches.passkeyVerify = 'phone';
    await j.send(E.retry);
    expect(viewOf(j)).toBe('passkey-register');
    expect(j.context.passkey.windowsHello).toBe(true);
  });
});

describe('after a late failure', () => {
  it('"Try again" for an authenticator app sets it up afresh: a new secret, not the refused one', async () => {
    const j = await toEnterAppCode(journey({ switches: { save: 'linkedElsewhere' } }));
    await j.send(E.appCode(GOOD_APP_CODE));
    expect(viewOf(j)).toBe('authenticator-not-added');
    await j.send(E.retry);
    // The set-up is dropped; the count of wrong codes and the sole-access confirmation are the journey's.
    expect(j.context.app).toEqual({
      passwordHash: null,
      encryptedSecret: null,
      acceptedTimeStep: null,
      wrongCodes: 0,
      soleAccessConfirmed: true,
    });
  });

  // The late failure is what authenticator-not-added shows; like "Choose another type", "Try again" leaves
  // it behind with the page, so the journey does not carry a failure it has moved past.
  const lateFailureOf = {
    app: async () =>
      (await toEnterAppCode(journey({ switches: { save: 'linkedElsewhere' } }))).send(
        E.appCode(GOOD_APP_CODE),
      ),
    nhsnet: async () =>
      (await toAwaitingNhsnet(journey({ switches: { save: 'linkedElsewhere' } }))).send(
        E.callback(GOOD_CALLBACK),
      ),
    passkey: async () =>
      (await toPasskeyRegister(journey({ switches: { passkeyVerify: 'fail' } }))).send(E.passkeyCreated()),
  };

  it.each([
    ['app', 'app-instructions'],
    ['nhsnet', 'nhsnet-instructions'],
    ['passkey', 'passkey-register'],
  ] as const)(
    '"Try again" after a late %s failure goes back to %s and no longer holds the failure',
    async (method, page) => {
      const j = await lateFailureOf[method]();
      expect(viewOf(j)).toBe('authenticator-not-added');
      expect(j.context.problems.lateFailure).toMatchObject({ method });
      await j.send(E.retry);
      expect(viewOf(j)).toBe(page);
      expect(j.context.problems.lateFailure).toBeNull();
      expect(j.context.problems.lateFailures).toBe(1);
    },
  );

  it('an NHS.net Connect account the directory has on the profile shows as added on the choice (SPEC.md 4)', async () => {
    const j = await toChoose(journey({ switches: { save: 'alreadyOnProfile' } }));
    await j.send(E.choose('nhsnet'));
    await j.send(E.sole(true));
    await j.send(E.callback({ state: 'state-1', code: 'c' }));
    expect(viewOf(j)).toBe('authenticator-not-added');
    await j.send(E.chooseAnother);
    await j.send(E.choose('nhsnet'));
    expect(viewOf(j)).toBe('choose-authenticator');
    expect(j.context.errors).toEqual({ method: 'nhsnetAlreadyAdded' });
  });
});

describe('how long the store keeps a journey (the engine tells it with every step)', () => {
  it('on an "added" page: 5 minutes from the last activity; elsewhere: until the absolute hour ends', async () => {
    const j = await toChoose(journey());
    const started = j.context.startedAt;
    expect(j.ttlSeconds).toBe(Math.ceil((started + 60 * MINUTE - j.now) / 1000));
    await addFromChoose(j, 'app');
    expect(viewOf(j)).toBe('app-added');
    expect(j.ttlSeconds).toBe(5 * 60);
    await j.advance(2 * MINUTE).view();
    expect(j.ttlSeconds).toBe(3 * 60);
    await j.send(E.addAnother);
    expect(viewOf(j)).toBe('choose-authenticator');
    expect(j.ttlSeconds).toBe(Math.ceil((started + 60 * MINUTE - j.now) / 1000));
  });

  it('away from an added page the default is the absolute end, and never less than a minute', () => {
    const context = { startedAt: 1_000_000, lastActivityAt: 1_000_000 };
    expect(journeyTtlSeconds(context, 1_000_000)).toBe(60 * 60);
    expect(journeyTtlSeconds(context, 1_000_000 + 59 * MINUTE + 30_000)).toBe(60);
    expect(journeyTtlSeconds(context, 1_000_000 + 90 * MINUTE)).toBe(60);
    // On an added page, never past the absolute end either.
    const late = { startedAt: 1_000_000, lastActivityAt: 1_000_000 + 57 * MINUTE };
    expect(journeyTtlSeconds(late, 1_000_000 + 58 * MINUTE, true)).toBe(2 * 60);
  });

  it('the timeout warning is due 5 minutes before the inactivity expiry (SPEC: warn before)', () => {
    const context = { startedAt: 0, lastActivityAt: 10 * MINUTE };
    expect(journeyDeadlines(context)).toEqual({
      expiresAtMs: 40 * MINUTE,
      absoluteExpiresAtMs: 60 * MINUTE,
      warnAtMs: 35 * MINUTE,
    });
    // Near the absolute end the inactivity expiry is capped, and the warning with it.
    expect(journeyDeadlines({ startedAt: 0, lastActivityAt: 50 * MINUTE }).warnAtMs).toBe(55 * MINUTE);
  });
});

describe('the audit trail of endings and late failures', () => {
  it('Finish and the 5-minute end each write why the journey ended', async () => {
    const a = await addFromChoose(await toChoose(journey()), 'app');
    await a.send(E.finish);
    expect(a.audits.at(-1)).toEqual({
      type: 'audit',
      event: 'journey.finished',
      outcome: 'info',
      profileId: 'profile-1',
    });
    const b = await addFromChoose(await toChoose(journey()), 'app');
    await b.advance(5 * MINUTE).view();
    expect(b.audits.at(-1)).toEqual({
      type: 'audit',
      event: 'journey.idleAfterAdded',
      outcome: 'info',
      profileId: 'profile-1',
    });
  });

  it('each late failure says which method failed and why; the last one says the limit was reached', async () => {
    const j = await toEnterAppCode(journey({ switches: { save: 'linkedElsewhere' } }));
    await j.send(E.appCode(GOOD_APP_CODE));
    expect(j.audits.at(-1)).toEqual({
      type: 'audit',
      event: 'authenticator.refused',
      outcome: 'failure',
      method: 'app',
      reason: 'directoryRefused',
      profileId: 'profile-1',
    });
    expect(j.context.problems.lateFailure).toEqual({ method: 'app', reason: 'directoryRefused' });
    j.switches.passkeyVerify = 'fail';
    await j.send(E.chooseAnother);
    await j.send(E.choose('passkey'));
    await j.send(E.platform('other', false));
    await j.send(E.passkeyCreated());
    expect(j.audits.at(-1)).toEqual({
      type: 'audit',
      event: 'passkey.verificationFailed',
      outcome: 'failure',
      method: 'passkey',
      profileId: 'profile-1',
    });
    await j.send(E.retry);
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('contact-registration-authority');
    expect(j.audits.slice(-2)).toEqual([
      {
        type: 'audit',
        event: 'passkey.verificationFailed',
        outcome: 'failure',
        method: 'passkey',
        profileId: 'profile-1',
      },
      { type: 'audit', event: 'authenticator.tooManyFailures', outcome: 'failure', profileId: 'profile-1' },
    ]);
  });

  it('a profile that can no longer take an authenticator ends with the RA, and the audit says so', async () => {
    const j = await toEnterAppCode(journey({ switches: { save: 'profileNotUsable' } }));
    await j.send(E.appCode(GOOD_APP_CODE));
    expect(viewOf(j)).toBe('contact-registration-authority');
    expect(j.context.problems.endReason).toBe('app:profileNotUsable');
    expect(j.audits.at(-1)).toEqual({
      type: 'audit',
      event: 'authenticator.refused',
      outcome: 'failure',
      method: 'app',
      reason: 'profileNotUsable',
      profileId: 'profile-1',
    });
  });
});

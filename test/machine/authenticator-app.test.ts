/** Authenticator app: sole access, password, QR code, first code, saving. */
import { describe, expect, it } from 'vitest';
import { DRIFT_APP_CODE, GOOD_APP_CODE, REPLAYED_APP_CODE } from '../../tooling/journey-fakes.js';
import {
  E,
  journey,
  SpyJourney,
  spyService,
  toChoose,
  toCreatePassword,
  toEnterAppCode,
  viewOf,
} from './helpers.js';

const WRONG = '000000';

describe('app-instructions', () => {
  it('requires "only I have access to this authenticator app"', async () => {
    const j = await toChoose(journey());
    await j.send(E.choose('app'));
    expect(viewOf(j)).toBe('app-instructions');
    await j.send(E.sole(false));
    expect(viewOf(j)).toBe('app-instructions');
    expect(j.context.errors).toEqual({ soleAccess: 'required' });
    expect(j.context.app.soleAccessConfirmed).toBe(false);
    await j.send(E.sole(true));
    expect(viewOf(j)).toBe('create-password');
    expect(j.context.app.soleAccessConfirmed).toBe(true);
    expect(j.context.nhsnet.soleAccessConfirmed).toBe(false);
    expect(j.context.errors).toEqual({});
  });
});

describe('create-password', () => {
  it('passes the password, confirmation and normalised email to the check, and stores only the hash', async () => {
    const check = spyService<'checkPassword'>(() => ({ ok: true, passwordHash: '$argon2id$spy' }));
    const j = await toCreatePassword(new SpyJourney({ overrides: { checkPassword: check.service } }));
    await j.send(E.password('pässwörd spy one', 'pässwörd spy one'));
    expect(check.inputs).toEqual([
      { password: 'pässwörd spy one', confirmation: 'pässwörd spy one', email: 'alex.morgan@nhs.net' },
    ]);
    expect(viewOf(j)).toBe('scan-qr');
    expect(j.context.app.passwordHash).toBe('$argon2id$spy');
    expect(JSON.stringify(j.snapshot.context)).not.toContain('pässwörd');
  });

  it.each([
    ['common', { password: 'passwordCommon' }],
    ['mismatch', { confirmPassword: 'confirmationMismatch' }],
  ] as const)('shows a %s password error on the same page', async (answer, errors) => {
    const j = await toCreatePassword(journey({ switches: { password: answer } }));
    await j.send(E.password());
    expect(viewOf(j)).toBe('create-password');
    expect(j.context.errors).toEqual(errors);
    expect(j.context.app.passwordHash).toBeNull();
  });

  it.each([
    ['missing', 'passwordMissing'],
    ['tooShort', 'passwordTooShort'],
    ['tooLong', 'passwordTooLong'],
    ['containsEmail', 'passwordContainsEmail'],
    ['containsServiceName', 'passwordContainsServiceName'],
  ] as const)('maps the password problem %s to %s', async (problem, code) => {
    const check = spyService<'checkPassword'>(() => ({
      ok: false,
      password: problem,
      confirmation: 'confirmationMissing',
    }));
    const j = await toCreatePassword(new SpyJourney({ overrides: { checkPassword: check.service } }));
    await j.send(E.password('x', ''));
    expect(j.context.errors).toEqual({ password: code, confirmPassword: 'confirmationMissing' });
  });

  it('shows service-unavailable when the password service is down and resumes on create-password', async () => {
    const j = await toCreatePassword(journey({ switches: { password: 'down' } }));
    await j.send(E.password());
    expect(viewOf(j)).toBe('service-unavailable');
    expect(j.context.problems.resumeAt).toBe('createPassword');
    j.switches.password = 'ok';
    await j.send(E.retry);
    expect(viewOf(j)).toBe('create-password');
    expect(j.context.app.soleAccessConfirmed).toBe(true);
    await j.send(E.password());
    expect(viewOf(j)).toBe('scan-qr');
  });
});

describe('scan-qr', () => {
  it('creates the secret once, even when the password is changed after going back', async () => {
    const secret = spyService<'createAppSecret'>((_, n) => ({ encryptedSecret: `v1.sealed-${n}` }));
    const j = await toCreatePassword(new SpyJourney({ overrides: { createAppSecret: secret.service } }));
    await j.send(E.password());
    expect(j.context.app.encryptedSecret).toBe('v1.sealed-1');
    await j.send(E.back);
    expect(viewOf(j)).toBe('create-password');
    await j.send(E.password('another long passphrase'));
    expect(viewOf(j)).toBe('scan-qr');
    expect(secret.inputs).toHaveLength(1);
    expect(j.context.app.encryptedSecret).toBe('v1.sealed-1');
  });

  it('asks the secret service with the empty input of its contract: nothing of the journey goes into it', async () => {
    const secret = spyService<'createAppSecret'>(() => ({ encryptedSecret: 'v1.sealed' }));
    const j = await toCreatePassword(new SpyJourney({ overrides: { createAppSecret: secret.service } }));
    await j.send(E.password());
    expect(viewOf(j)).toBe('scan-qr');
    expect(secret.inputs).toEqual([{}]);
  });

  it('shows service-unavailable when the secret cannot be created; "Try again" creates it', async () => {
    const j = await toCreatePassword(journey({ switches: { appSecret: 'down' } }));
    await j.send(E.password());
    expect(viewOf(j)).toBe('service-unavailable');
    expect(j.context.problems.resumeAt).toBe('creatingAppSecret');
    expect(j.context.app.passwordHash).toBe('$argon2id$fake');
    j.switches.appSecret = 'up';
    await j.send(E.retry);
    expect(viewOf(j)).toBe('scan-qr');
    expect(j.context.app.encryptedSecret).toBe('v1.sealed');
  });
});

describe('enter-app-code', () => {
  it('adds the app: saveAuthenticator called once with the journey idempotency key', async () => {
    const save = spyService<'saveAuthenticator'>(() => ({ outcome: 'added', authenticatorId: 'app-1' }));
    const j = await toEnterAppCode(new SpyJourney({ overrides: { saveAuthenticator: save.service } }));
    await j.send(E.appCode('654 321'));
    expect(viewOf(j)).toBe('app-added');
    expect(save.inputs).toEqual([
      {
        profileId: 'profile-1',
        method: 'app',
        idempotencyKey: expect.stringMatching(/^nonce-abc:0:/),
        authenticator: {
          type: 'app',
          encryptedSecret: 'v1.sealed',
          passwordHash: '$argon2id$fake',
          lastUsedTimeStep: 100,
        },
      },
    ]);
    expect(j.context.added).toEqual([{ method: 'app', authenticatorId: 'app-1' }]);
    expect(j.context.app).toEqual({
      passwordHash: null,
      encryptedSecret: null,
      acceptedTimeStep: null,
      wrongCodes: 0,
      soleAccessConfirmed: false,
    });
    expect(j.context.nhsnet.soleAccessConfirmed).toBe(false);
    expect(j.audits.at(-1)).toEqual({
      type: 'audit',
      event: 'authenticator.added',
      outcome: 'success',
      method: 'app',
      profileId: 'profile-1',
    });
  });

  it('passes the accepted time-step on: afterTimeStep before it, lastUsedTimeStep when saved', async () => {
    const totp = spyService<'verifyAppCode'>(({ code }) =>
      code === GOOD_APP_CODE ? { valid: true, timeStep: 4242 } : { valid: false, reason: 'wrong' },
    );
    const save = spyService<'saveAuthenticator'>(() => ({ outcome: 'added', authenticatorId: 'app-1' }));
    const j = await toEnterAppCode(
      new SpyJourney({ overrides: { verifyAppCode: totp.service, saveAuthenticator: save.service } }),
    );
    await j.send(E.appCode(WRONG));
    await j.send(E.appCode(GOOD_APP_CODE));
    expect(totp.inputs.map((i) => i.afterTimeStep)).toEqual([null, null]);
    expect(totp.inputs[1]).toEqual({
      encryptedSecret: 'v1.sealed',
      code: GOOD_APP_CODE,
      afterTimeStep: null,
      now: j.now,
    });
    expect(save.inputs[0]?.authenticator).toMatchObject({ lastUsedTimeStep: 4242 });
  });

  it.each([
    [WRONG, 'appCodeWrong'],
    [DRIFT_APP_CODE, 'appCodeDrift'],
    [REPLAYED_APP_CODE, 'appCodeReplayed'],
  ])('rejects %s with %s and counts it', async (code, error) => {
    const j = await toEnterAppCode(journey());
    await j.send(E.appCode(code));
    expect(viewOf(j)).toBe('enter-app-code');
    expect(j.context.errors).toEqual({ code: error });
    expect(j.context.app.wrongCodes).toBe(1);
  });

  it.each(['', '12345', 'abcdef', '1234567'])(
    'rejects the malformed code %j without counting it',
    async (code) => {
      const j = await toEnterAppCode(journey());
      await j.send(E.appCode(code));
      expect(viewOf(j)).toBe('enter-app-code');
      expect(j.context.errors.code).toMatch(/^(required|format)$/);
      expect(j.context.app.wrongCodes).toBe(0);
    },
  );

  it('ends on too-many-attempts after five wrong codes of any kind', async () => {
    const j = await toEnterAppCode(new SpyJourney());
    for (const code of [WRONG, DRIFT_APP_CODE, REPLAYED_APP_CODE, WRONG]) await j.send(E.appCode(code));
    expect(viewOf(j)).toBe('enter-app-code');
    expect(j.context.app.wrongCodes).toBe(4);
    await j.send(E.appCode(WRONG));
    expect(viewOf(j)).toBe('too-many-attempts');
    expect(j.snapshot.status).toBe('done');
    expect(j.context.app.wrongCodes).toBe(5);
    expect(j.context.problems.endReason).toBe('wrongAppCodes');
    expect(j.record.saved).toHaveLength(0);
    expect(j.audits.at(-1)?.event).toBe('app.tooManyCodes');
  });

  it('keeps the count when the TOTP check is down, and resumes on enter-app-code', async () => {
    const j = await toEnterAppCode(journey());
    await j.send(E.appCode(WRONG));
    j.switches.totp = 'down';
    await j.send(E.appCode(GOOD_APP_CODE));
    expect(viewOf(j)).toBe('service-unavailable');
    expect(j.context.problems.resumeAt).toBe('enterAppCode');
    j.switches.totp = 'up';
    await j.send(E.retry);
    expect(viewOf(j)).toBe('enter-app-code');
    expect(j.context.app.wrongCodes).toBe(1);
    await j.send(E.appCode(GOOD_APP_CODE));
    expect(viewOf(j)).toBe('app-added');
  });

  it('retries a save that failed with the same idempotency key, so it is added once', async () => {
    const save = spyService<'saveAuthenticator'>((_, call) => {
      if (call === 1) throw new Error('directory down (test)');
      return { outcome: 'added', authenticatorId: 'app-1' };
    });
    const j = await toEnterAppCode(new SpyJourney({ overrides: { saveAuthenticator: save.service } }));
    await j.send(E.appCode(GOOD_APP_CODE));
    expect(viewOf(j)).toBe('service-unavailable');
    expect(j.context.problems.resumeAt).toBe('savingApp');
    await j.send(E.retry);
    expect(viewOf(j)).toBe('app-added');
    const [first, retry] = save.inputs.map((i) => i.idempotencyKey);
    expect(first).toMatch(/^nonce-abc:0:/);
    expect(retry).toBe(first);
    expect(j.context.added).toHaveLength(1);
  });

  // SPEC.md 8: a directory refusal a retry can fix offers "Try again". The directory answers a save it has
  // seen (same idempotency key) as it answered before, so the new secret must be a new save, not a replay.
  it('saves the app set up again after a refusal under a new key, so the refusal is not replayed', async () => {
    const secret = spyService<'createAppSecret'>((_, n) => ({ encryptedSecret: `v1.sealed-${n}` }));
    const save = spyService<'saveAuthenticator'>((_, call) =>
      call === 1 ? { outcome: 'linkedElsewhere' } : { outcome: 'added', authenticatorId: 'app-1' },
    );
    const j = await toEnterAppCode(
      new SpyJourney({ overrides: { createAppSecret: secret.service, saveAuthenticator: save.service } }),
    );
    await j.send(E.appCode(GOOD_APP_CODE));
    expect(viewOf(j)).toBe('authenticator-not-added');
    await j.send(E.retry);
    await j.send(E.sole(true));
    await j.send(E.password());
    await j.send(E.qrScanned);
    await j.send(E.appCode(GOOD_APP_CODE));
    expect(viewOf(j)).toBe('app-added');
    expect(save.inputs.map((i) => i.authenticator)).toMatchObject([
      { encryptedSecret: 'v1.sealed-1' },
      { encryptedSecret: 'v1.sealed-2' },
    ]);
    const [refused, retried] = save.inputs.map((i) => i.idempotencyKey);
    // Nothing was added in between, so both keys belong to the journey's first authenticator.
    expect(refused).toMatch(/^nonce-abc:0:/);
    expect(retried).toMatch(/^nonce-abc:0:/);
    expect(retried).not.toBe(refused);
    // Late failures are counted for the whole journey (SPEC.md 8): an authenticator added after one
    // does not start the count again.
    expect(j.context.problems.lateFailures).toBe(1);
  });

  // SPEC.md 8: only what needs the Registration Authority ends the journey once the email is proven.
  it('ends on contact-registration-authority when the directory answers profileNotUsable', async () => {
    const j = await toEnterAppCode(journey({ switches: { save: 'profileNotUsable' } }));
    await j.send(E.appCode(GOOD_APP_CODE));
    expect(viewOf(j)).toBe('contact-registration-authority');
    expect(j.context.problems.endReason).toBe('app:profileNotUsable');
    expect(j.context.added).toHaveLength(0);
  });

  it.each(['linkedElsewhere', 'alreadyOnProfile'] as const)(
    'offers to try again when the directory answers %s; Try again sets the app up afresh',
    async (save) => {
      const j = await toEnterAppCode(journey({ switches: { save } }));
      await j.send(E.appCode(GOOD_APP_CODE));
      expect(viewOf(j)).toBe('authenticator-not-added');
      expect(j.snapshot.status).toBe('active');
      expect(j.context.problems.lateFailure).toEqual({ method: 'app', reason: 'directoryRefused' });
      await j.send(E.retry);
      expect(viewOf(j)).toBe('app-instructions');
      expect(j.context.email.proven).toBe(true);
    },
  );
});

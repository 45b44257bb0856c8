/** Passkey: platform detection, the WebAuthn ceremony, Windows Hello, verification and saving. */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/machine/limits.js';
import { createMemoryProfileDirectory } from '../../src/services/directory/memory.js';
import type { Profile } from '../../src/services/ports.js';
import { E, journey, SpyJourney, spyService, toChoose, toPasskeyRegister, viewOf } from './helpers.js';

const OPTIONS = (n: number) => ({ optionsJSON: `{"challenge":"c${n}"}`, challenge: `c${n}` });

function spiedPasskeyJourney(switches: ConstructorParameters<typeof SpyJourney>[0] = {}) {
  const options = spyService<'createPasskeyOptions'>((_, n) => OPTIONS(n));
  const j = new SpyJourney({ ...switches, overrides: { createPasskeyOptions: options.service } });
  return { j, options };
}

describe('passkey-loading', () => {
  it.each([
    ['windows', true, { onWindows: true, windowsHello: true }],
    ['windows', false, { onWindows: true, windowsHello: false }],
    ['other', true, { onWindows: false, windowsHello: false }],
    ['other', false, { onWindows: false, windowsHello: false }],
  ] as const)(
    'on %s with a platform authenticator %s asks for the right instructions',
    async (os, pa, want) => {
      const { j, options } = spiedPasskeyJourney();
      await toPasskeyRegister(j, os, pa);
      expect(j.context.passkey).toMatchObject({
        ...want,
        challenge: 'c1',
        optionsJSON: '{"challenge":"c1"}',
      });
      expect(j.context.passkey.challengeIssuedAt).toBe(j.now);
      expect(options.inputs).toEqual([
        { profileId: 'profile-1', userName: 'alex.morgan@nhs.net', windowsHello: want.windowsHello },
      ]);
    },
  );

  it('shows service-unavailable when options cannot be created; "Try again" creates them', async () => {
    const j = await toChoose(journey({ switches: { passkeyOptions: 'down' } }));
    await j.send(E.choose('passkey'));
    await j.send(E.platform('windows', true));
    expect(viewOf(j)).toBe('service-unavailable');
    expect(j.context.problems.resumeAt).toBe('creatingPasskeyOptions');
    j.switches.passkeyOptions = 'up';
    await j.send(E.retry);
    expect(viewOf(j)).toBe('passkey-register');
    expect(j.context.passkey.windowsHello).toBe(true);
  });
  it('the no-JavaScript question left unanswered: the same page asks again, then an answer goes on', async () => {
    const j = await toChoose(journey());
    await j.send(E.choose('passkey'));
    await j.send({ type: 'PLATFORM_QUESTION_UNANSWERED' });
    expect(viewOf(j)).toBe('passkey-loading');
    expect(j.context.errors).toEqual({ windowsHello: 'required' });
    await j.send(E.platform('other', false));
    expect(viewOf(j)).toBe('passkey-register');
    expect(j.context.errors).toEqual({});
  });
});

describe('passkey-register', () => {
  it('verifies the response against the challenge, saves it once and forgets the challenge', async () => {
    const verify = spyService<'verifyPasskey'>(() => ({
      verified: true,
      passkey: {
        credentialId: 'cred-9',
        publicKey: 'pk-9',
        counter: 3,
        transports: ['hybrid', 'internal'],
        aaguid: 'aaguid-9',
        deviceType: 'multiDevice',
        backedUp: true,
        attachment: 'cross-platform',
      },
    }));
    const save = spyService<'saveAuthenticator'>(() => ({ outcome: 'added', authenticatorId: 'pk-1' }));
    const j = await toPasskeyRegister(
      new SpyJourney({ overrides: { verifyPasskey: verify.service, saveAuthenticator: save.service } }),
    );
    await j.send(E.passkeyCreated('{"id":"cred-9"}'));
    expect(viewOf(j)).toBe('passkey-added');
    expect(verify.inputs).toEqual([{ responseJSON: '{"id":"cred-9"}', expectedChallenge: 'c' }]);
    expect(save.inputs).toEqual([
      {
        profileId: 'profile-1',
        method: 'passkey',
        idempotencyKey: expect.stringMatching(/^nonce-abc:0:/),
        authenticator: {
          type: 'passkey',
          credentialId: 'cred-9',
          publicKey: 'pk-9',
          counter: 3,
          transports: ['hybrid', 'internal'],
          aaguid: 'aaguid-9',
          deviceType: 'multiDevice',
          backedUp: true,
        },
      },
    ]);
    expect(j.context.added).toEqual([{ method: 'passkey', authenticatorId: 'pk-1' }]);
    expect(j.context.passkey).toEqual({
      onWindows: false,
      windowsHello: false,
      optionsJSON: null,
      challenge: null,
      challengeIssuedAt: null,
      verified: null,
    });
  });

  it.each([
    ['NotAllowedError', 'passkeyCancelled'],
    ['InvalidStateError', 'passkeyAlreadyRegistered'],
    ['AbortError', 'passkeyFailed'],
    ['SecurityError', 'passkeyFailed'],
    ['', 'passkeyFailed'],
  ])('after %j stays on passkey-register with %s and a new challenge', async (name, error) => {
    const { j, options } = spiedPasskeyJourney();
    await toPasskeyRegister(j);
    await j.send(E.passkeyFailed(name));
    expect(viewOf(j)).toBe('passkey-register');
    expect(j.context.errors).toEqual({ passkey: error });
    expect(options.inputs).toHaveLength(2);
    expect(j.context.passkey.challenge).toBe('c2');
    expect(j.record.saved).toHaveLength(0);
  });

  it('accepts a response 5 minutes after the challenge; after 5 minutes and 1 ms starts a new ceremony', async () => {
    const fresh = await toPasskeyRegister(journey());
    await fresh.advance(LIMITS.passkeyChallengeLifetimeMs).send(E.passkeyCreated());
    expect(viewOf(fresh)).toBe('passkey-added');

    const verify = spyService<'verifyPasskey'>(() => ({ verified: false, reason: 'x' }));
    const options = spyService<'createPasskeyOptions'>((_, n) => OPTIONS(n));
    const j = await toPasskeyRegister(
      new SpyJourney({ overrides: { verifyPasskey: verify.service, createPasskeyOptions: options.service } }),
    );
    await j.advance(5 * 60_000 + 1).send(E.passkeyCreated());
    expect(viewOf(j)).toBe('passkey-register');
    expect(j.context.errors).toEqual({ passkey: 'passkeyTimedOut' });
    expect(verify.inputs).toHaveLength(0);
    expect(j.context.passkey.challenge).toBe('c2');
    expect(j.context.passkey.challengeIssuedAt).toBe(j.now);
  });

  it('explains that a Windows Hello credential made on Windows cannot be the passkey', async () => {
    const j = await toPasskeyRegister(
      new SpyJourney({ switches: { passkeyVerify: 'windowsHello' } }),
      'windows',
      true,
    );
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('passkey-windows-hello');
    expect(j.record.saved).toHaveLength(0);
    expect(j.context.passkey.challenge).toBeNull();
    expect(j.audits.at(-1)).toMatchObject({ event: 'passkey.windowsHello', outcome: 'failure' });
    j.switches.passkeyVerify = 'phone';
    await j.send(E.retry);
    expect(viewOf(j)).toBe('passkey-register');
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('passkey-added');
  });

  it('treats a platform credential on Windows without Windows Hello detected as Windows Hello too', async () => {
    const j = await toPasskeyRegister(
      journey({ switches: { passkeyVerify: 'windowsHello' } }),
      'windows',
      false,
    );
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('passkey-windows-hello');
  });

  it('accepts a platform credential when not on Windows (a phone or a Mac)', async () => {
    const j = await toPasskeyRegister(
      journey({ switches: { passkeyVerify: 'windowsHello' } }),
      'other',
      true,
    );
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('passkey-added');
    expect(j.record.saved).toHaveLength(1);
  });

  it('offers to try again when verification fails; Try again makes a new ceremony', async () => {
    const { j, options } = spiedPasskeyJourney({ switches: { passkeyVerify: 'fail' } });
    await toPasskeyRegister(j);
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('authenticator-not-added');
    expect(j.context.problems.lateFailure).toEqual({ method: 'passkey', reason: 'passkeyNotVerified' });
    expect(j.record.saved).toHaveLength(0);
    j.switches.passkeyVerify = 'phone';
    await j.send(E.retry);
    expect(viewOf(j)).toBe('passkey-register');
    expect(options.inputs).toHaveLength(2);
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('passkey-added');
  });

  it('starts a new ceremony saying "already registered" when the passkey is already on the profile', async () => {
    const { j, options } = spiedPasskeyJourney({ switches: { save: 'alreadyOnProfile' } });
    await toPasskeyRegister(j);
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('passkey-register');
    expect(j.context.errors).toEqual({ passkey: 'passkeyAlreadyRegistered' });
    expect(options.inputs).toHaveLength(2);
    expect(j.context.added).toHaveLength(0);
  });

  it('offers to try again with another phone when the directory answers linkedElsewhere', async () => {
    const j = await toPasskeyRegister(journey({ switches: { save: 'linkedElsewhere' } }));
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('authenticator-not-added');
    expect(j.context.problems.lateFailure).toEqual({ method: 'passkey', reason: 'passkeyLinkedElsewhere' });
  });

  it('ends on contact-registration-authority when the directory answers profileNotUsable', async () => {
    const j = await toPasskeyRegister(journey({ switches: { save: 'profileNotUsable' } }));
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('contact-registration-authority');
    expect(j.context.problems.endReason).toBe('passkey:profileNotUsable');
  });

  it('shows service-unavailable when verification is down; "Try again" starts a new ceremony', async () => {
    const { j, options } = spiedPasskeyJourney({ switches: { passkeyVerify: 'down' } });
    await toPasskeyRegister(j);
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('service-unavailable');
    expect(j.context.problems.resumeAt).toBe('creatingPasskeyOptions');
    expect(j.context.passkey.challenge).toBeNull();
    j.switches.passkeyVerify = 'phone';
    await j.send(E.retry);
    expect(viewOf(j)).toBe('passkey-register');
    expect(j.context.passkey.challenge).toBe('c2');
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('passkey-added');
    expect(options.inputs).toHaveLength(2);
  });

  it('shows service-unavailable when saving fails; "Try again" saves with the same key', async () => {
    const save = spyService<'saveAuthenticator'>((_, n) => {
      if (n === 1) throw new Error('directory down (test)');
      return { outcome: 'added', authenticatorId: 'pk-1' };
    });
    const j = await toPasskeyRegister(new SpyJourney({ overrides: { saveAuthenticator: save.service } }));
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('service-unavailable');
    expect(j.context.problems.resumeAt).toBe('savingPasskey');
    await j.send(E.retry);
    expect(viewOf(j)).toBe('passkey-added');
    expect(save.inputs).toHaveLength(2);
    expect(save.inputs[1]).toEqual(save.inputs[0]);
  });
});

describe('a second passkey after "already registered"', () => {
  const verifiedAs = (credentialId: string) => ({
    verified: true as const,
    passkey: {
      credentialId,
      publicKey: `pk-${credentialId}`,
      counter: 0,
      transports: ['hybrid'],
      aaguid: 'aaguid',
      deviceType: 'multiDevice' as const,
      backedUp: true,
      attachment: 'cross-platform' as const,
    },
  });

  it('is saved under a new idempotency key: it is a new attempt, not a retry of the refused one', async () => {
    const verify = spyService<'verifyPasskey'>((_, n) => verifiedAs(n === 1 ? 'cred-old' : 'cred-new'));
    const save = spyService<'saveAuthenticator'>(({ authenticator }) =>
      authenticator.type === 'passkey' && authenticator.credentialId === 'cred-old'
        ? { outcome: 'alreadyOnProfile' }
        : { outcome: 'added', authenticatorId: 'pk-new' },
    );
    const j = await toPasskeyRegister(
      new SpyJourney({ overrides: { verifyPasskey: verify.service, saveAuthenticator: save.service } }),
    );
    await j.send(E.passkeyCreated());
    expect(j.context.errors).toEqual({ passkey: 'passkeyAlreadyRegistered' });
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('passkey-added');
    const [first, second] = save.inputs.map((i) => i.idempotencyKey);
    expect(second).not.toBe(first);
  });

  it('is added by the real (memory) directory, which remembers the outcome of each key', async () => {
    const profile: Profile = {
      id: 'profile-1',
      name: 'Alex Morgan',
      emails: ['alex.morgan@nhs.net'],
      niNumber: 'AB123456C',
      status: 'active',
      authenticators: [
        {
          type: 'passkey',
          id: '0b5c1c1e-6a55-4c1e-9a43-3c1c2b7f4a11',
          createdAt: '2026-01-01T00:00:00.000Z',
          credentialId: 'cred-old',
          publicKey: 'pk-cred-old',
          counter: 0,
          transports: ['hybrid'],
          aaguid: 'aaguid',
          deviceType: 'multiDevice',
          backedUp: true,
        },
      ],
    };
    const directory = createMemoryProfileDirectory({ profiles: [profile] });
    const verify = spyService<'verifyPasskey'>((_, n) => verifiedAs(n === 1 ? 'cred-old' : 'cred-new'));
    const save = spyService<'saveAuthenticator'>((i) =>
      directory.addAuthenticator(i.profileId, i.authenticator, i.idempotencyKey),
    );
    const j = await toPasskeyRegister(
      new SpyJourney({ overrides: { verifyPasskey: verify.service, saveAuthenticator: save.service } }),
    );
    await j.send(E.passkeyCreated());
    expect(j.context.errors).toEqual({ passkey: 'passkeyAlreadyRegistered' });
    await j.send(E.passkeyCreated());
    expect(viewOf(j)).toBe('passkey-added');
    const saved = await directory.get('profile-1');
    expect(saved?.authenticators.map((a) => (a.type === 'passkey' ? a.credentialId : a.type))).toEqual([
      'cred-old',
      'cred-new',
    ]);
  });
});

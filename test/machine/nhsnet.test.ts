/** NHS.net Connect: sole access, the OpenID Connect round trip and linking the account. */
import { describe, expect, it } from 'vitest';
import { currentMeta } from '../../src/machine/queries.js';
import { createMemoryProfileDirectory } from '../../src/services/directory/memory.js';
import type { Profile } from '../../src/services/ports.js';
import {
  addFromChoose,
  E,
  GOOD_CALLBACK,
  journey,
  SpyJourney,
  spyService,
  toAwaitingNhsnet,
  toChoose,
  toNhsnetInstructions,
  viewOf,
} from './helpers.js';

describe('nhsnet-instructions', () => {
  it('requires "only I have access to this NHS.net Connect account"', async () => {
    const j = await toNhsnetInstructions(journey());
    await j.send(E.sole(false));
    expect(viewOf(j)).toBe('nhsnet-instructions');
    expect(j.context.errors).toEqual({ soleAccess: 'required' });
    expect(j.context.nhsnet.login).toBeNull();
  });

  it('starts the login and sends the browser to the provider', async () => {
    const j = await toAwaitingNhsnet(journey());
    expect(currentMeta(j.snapshot)).toMatchObject({ redirect: 'nhsnetAuthorization' });
    expect(j.context.nhsnet.soleAccessConfirmed).toBe(true);
    expect(j.context.nhsnet.login).toEqual({
      authorizationUrl: 'https://login.example/authorize',
      state: 'state-1',
      nonce: 'nonce-1',
      codeVerifier: 'v',
    });
  });

  it("starts the login with nothing of the person: the service contract's empty input", async () => {
    // The empty input is the service contract's (JourneyServiceTypes.beginNhsnetLogin), pinned here.
    const begin = spyService<'beginNhsnetLogin'>(() => ({
      authorizationUrl: 'https://login.example/authorize',
      state: 'state-1',
      nonce: 'nonce-1',
      codeVerifier: 'v',
    }));
    const j = await toAwaitingNhsnet(new SpyJourney({ overrides: { beginNhsnetLogin: begin.service } }));
    expect(begin.inputs).toEqual([{}]);
    expect(j.context.nhsnet.login?.state).toBe('state-1');
  });

  it('refuses a second NHS.net Connect account when the profile already has one', async () => {
    const j = await toChoose(journey({ switches: { profile: 'activeWithNhsnet' } }));
    await j.send(E.choose('nhsnet'));
    expect(viewOf(j)).toBe('choose-authenticator');
    expect(j.context.errors).toEqual({ method: 'nhsnetAlreadyAdded' });
    await j.send(E.choose('app'));
    expect(viewOf(j)).toBe('app-instructions');
  });
});

describe('the callback', () => {
  it('completes the login with the stored state, nonce and verifier, then links the account once', async () => {
    const complete = spyService<'completeNhsnetLogin'>(() => ({
      outcome: 'verified',
      account: { issuer: 'https://iss', tenantId: 't1', objectId: 'o1', subject: 's1', email: 'a@nhs.net' },
    }));
    const save = spyService<'saveAuthenticator'>(() => ({ outcome: 'added', authenticatorId: 'n-1' }));
    const j = await toAwaitingNhsnet(
      new SpyJourney({
        overrides: { completeNhsnetLogin: complete.service, saveAuthenticator: save.service },
      }),
    );
    await j.send(E.callback(GOOD_CALLBACK));
    expect(viewOf(j)).toBe('nhsnet-added');
    expect(complete.inputs).toEqual([
      { callbackQuery: GOOD_CALLBACK, state: 'state-1', nonce: 'nonce-1', codeVerifier: 'v' },
    ]);
    expect(save.inputs).toEqual([
      {
        profileId: 'profile-1',
        method: 'nhsnet',
        idempotencyKey: expect.stringMatching(/^nonce-abc:0:/),
        authenticator: {
          type: 'nhsnet',
          issuer: 'https://iss',
          tenantId: 't1',
          objectId: 'o1',
          subject: 's1',
          email: 'a@nhs.net',
        },
      },
    ]);
    expect(j.context.nhsnet.login).toBeNull();
    expect(j.context.nhsnet.account).toBeNull();
    expect(j.context.added).toEqual([{ method: 'nhsnet', authenticatorId: 'n-1' }]);
    expect(j.audits.at(-1)).toMatchObject({ event: 'authenticator.added', method: 'nhsnet' });
  });

  it('returns to the instructions with an error when cancelled at the provider (access_denied)', async () => {
    const j = await toAwaitingNhsnet(journey());
    await j.send(E.callback({ state: 'state-1', error: 'access_denied' }));
    expect(viewOf(j)).toBe('nhsnet-instructions');
    expect(j.context.errors).toEqual({ soleAccess: 'nhsnetCancelled' });
    expect(j.context.nhsnet.login).toBeNull();
    await j.send(E.sole(true));
    await j.send(E.callback(GOOD_CALLBACK));
    expect(viewOf(j)).toBe('nhsnet-added');
  });

  it.each([
    ['a provider error', { state: 'state-1', error: 'server_error', error_description: 'boom' }],
    ['no code', { state: 'state-1' }],
  ])('shows nhsnet-unavailable on %s', async (_, query) => {
    const j = await toAwaitingNhsnet(new SpyJourney());
    await j.send(E.callback(query));
    expect(viewOf(j)).toBe('nhsnet-unavailable');
    expect(j.context.nhsnet.login).toBeNull();
    expect(j.record.saved).toHaveLength(0);
    expect(j.audits.at(-1)?.event).toBe('nhsnet.providerError');
    await j.send(E.retry);
    expect(viewOf(j)).toBe('nhsnet-redirect');
    await j.send(E.callback(GOOD_CALLBACK));
    expect(viewOf(j)).toBe('nhsnet-added');
  });

  it.each([
    ['a forged state', { state: 'forged', code: 'auth-code' }],
    ['no state', { code: 'auth-code' }],
    ['a forged state with access_denied', { state: 'forged', error: 'access_denied' }],
  ])('refuses a callback with %s and never exchanges its code', async (_, query) => {
    const complete = spyService<'completeNhsnetLogin'>(() => ({ outcome: 'rejected', reason: 'x' }));
    const j = await toAwaitingNhsnet(
      new SpyJourney({ overrides: { completeNhsnetLogin: complete.service } }),
    );
    await j.send(E.callback(query));
    expect(viewOf(j)).toBe('nhsnet-instructions');
    expect(j.context.errors).toEqual({ soleAccess: 'nhsnetFailed' });
    expect(j.context.nhsnet.login).toBeNull();
    expect(complete.inputs).toHaveLength(0);
    expect(j.audits.at(-1)?.event).toBe('nhsnet.stateMismatch');
  });

  // SPEC.md 6 and 8: an account refused is a recoverable page, each reason with its own words.
  it('offers to try again when the account is from a tenant that is not allowed', async () => {
    const j = await toAwaitingNhsnet(journey({ switches: { nhsnetComplete: 'rejected' } }));
    await j.send(E.callback(GOOD_CALLBACK));
    expect(viewOf(j)).toBe('authenticator-not-added');
    expect(j.context.problems.lateFailure).toEqual({ method: 'nhsnet', reason: 'nhsnetWrongOrganisation' });
    expect(j.record.saved).toHaveLength(0);
    j.switches.nhsnetComplete = 'verified';
    await j.send(E.retry);
    expect(viewOf(j)).toBe('nhsnet-instructions');
    await j.send(E.sole(true));
    await j.send(E.callback(GOOD_CALLBACK));
    expect(viewOf(j)).toBe('nhsnet-added');
  });

  it('sends the person back to log in again when the login proved nothing (a bad token)', async () => {
    const j = await toAwaitingNhsnet(journey({ switches: { nhsnetComplete: 'tokenRejected' } }));
    await j.send(E.callback(GOOD_CALLBACK));
    expect(viewOf(j)).toBe('nhsnet-instructions');
    expect(j.context.errors).toEqual({ soleAccess: 'nhsnetFailed' });
    expect(j.snapshot.status).toBe('active');
  });

  it.each([
    ['linkedElsewhere', 'nhsnetLinkedElsewhere'],
    ['alreadyOnProfile', 'nhsnetAlreadyOnProfile'],
  ] as const)('offers another type when the directory answers %s', async (save, reason) => {
    const j = await toAwaitingNhsnet(journey({ switches: { save } }));
    await j.send(E.callback(GOOD_CALLBACK));
    expect(viewOf(j)).toBe('authenticator-not-added');
    expect(j.context.problems.lateFailure).toEqual({ method: 'nhsnet', reason });
    expect(j.record.saved).toHaveLength(1);
    await j.send(E.chooseAnother);
    expect(viewOf(j)).toBe('choose-authenticator');
    expect(j.context.problems.lateFailure).toBeNull();
  });

  it('ends on contact-registration-authority when the directory answers profileNotUsable', async () => {
    const j = await toAwaitingNhsnet(journey({ switches: { save: 'profileNotUsable' } }));
    await j.send(E.callback(GOOD_CALLBACK));
    expect(viewOf(j)).toBe('contact-registration-authority');
    expect(j.context.problems.endReason).toBe('nhsnet:profileNotUsable');
  });
});

describe('NHS.net Connect outages', () => {
  it('shows nhsnet-unavailable when the login cannot start; "Try again" starts it', async () => {
    const j = await toNhsnetInstructions(journey({ switches: { nhsnetBegin: 'down' } }));
    await j.send(E.sole(true));
    expect(viewOf(j)).toBe('nhsnet-unavailable');
    await j.send(E.retry);
    expect(viewOf(j)).toBe('nhsnet-unavailable');
    j.switches.nhsnetBegin = 'up';
    await j.send(E.retry);
    expect(viewOf(j)).toBe('nhsnet-redirect');
    await j.send(E.callback(GOOD_CALLBACK));
    expect(viewOf(j)).toBe('nhsnet-added');
  });

  it('shows nhsnet-unavailable when the login cannot complete; "Try again" starts a new login', async () => {
    const begin = spyService<'beginNhsnetLogin'>((_, n) => ({
      authorizationUrl: 'https://login.example/authorize',
      state: `state-${n}`,
      nonce: `nonce-${n}`,
      codeVerifier: `v-${n}`,
    }));
    const j = await toNhsnetInstructions(
      new SpyJourney({
        switches: { nhsnetComplete: 'down' },
        overrides: { beginNhsnetLogin: begin.service },
      }),
    );
    await j.send(E.sole(true));
    await j.send(E.callback({ state: 'state-1', code: 'c' }));
    expect(viewOf(j)).toBe('nhsnet-unavailable');
    expect(j.context.nhsnet.login).toBeNull();
    j.switches.nhsnetComplete = 'verified';
    await j.send(E.retry);
    expect(j.context.nhsnet.login?.state).toBe('state-2');
    await j.send(E.callback({ state: 'state-1', code: 'c' }));
    expect(j.context.errors).toEqual({ soleAccess: 'nhsnetFailed' });
    await j.send(E.sole(true));
    await j.send(E.callback({ state: 'state-3', code: 'c' }));
    expect(viewOf(j)).toBe('nhsnet-added');
  });

  it('shows service-unavailable when linking fails, and "Try again" links with the same key', async () => {
    const save = spyService<'saveAuthenticator'>((_, n) => {
      if (n === 1) throw new Error('directory down (test)');
      return { outcome: 'added', authenticatorId: 'n-1' };
    });
    const j = await toAwaitingNhsnet(new SpyJourney({ overrides: { saveAuthenticator: save.service } }));
    await j.send(E.callback(GOOD_CALLBACK));
    expect(viewOf(j)).toBe('service-unavailable');
    expect(j.context.problems.resumeAt).toBe('linkingNhsnet');
    expect(j.context.nhsnet.account).not.toBeNull();
    await j.send(E.retry);
    expect(viewOf(j)).toBe('nhsnet-added');
    const [first, retry] = save.inputs.map((i) => i.idempotencyKey);
    expect(first).toMatch(/^nonce-abc:0:/);
    expect(retry).toBe(first);
    expect(save.inputs[1]).toEqual(save.inputs[0]);
  });

  it('refuses a second NHS.net Connect account after one was added in this journey', async () => {
    const j = await toChoose(journey());
    await addFromChoose(j, 'nhsnet');
    await j.send(E.addAnother);
    await j.send(E.choose('nhsnet'));
    expect(viewOf(j)).toBe('choose-authenticator');
    expect(j.context.errors).toEqual({ method: 'nhsnetAlreadyAdded' });
  });
});

describe('NHS.net Connect answers at their edges', () => {
  it('an account whose email domain is not allowed is refused as another organisation (a late failure)', async () => {
    const complete = spyService<'completeNhsnetLogin'>(() => ({
      outcome: 'rejected',
      reason: 'emailDomain',
    }));
    const j = await toAwaitingNhsnet(
      new SpyJourney({ overrides: { completeNhsnetLogin: complete.service } }),
    );
    await j.send(E.callback(GOOD_CALLBACK));
    expect(viewOf(j)).toBe('authenticator-not-added');
    expect(j.context.problems.lateFailure).toEqual({ method: 'nhsnet', reason: 'nhsnetWrongOrganisation' });
  });

  it('a callback with an error is the provider failing, even when it also carries a code', async () => {
    const j = await toAwaitingNhsnet(journey());
    await j.send(E.callback({ state: 'state-1', code: 'auth-code', error: 'server_error' }));
    expect(viewOf(j)).toBe('nhsnet-unavailable');
  });
});

describe('another NHS.net Connect account after one linked to another profile', () => {
  const account = (id: string) => ({
    issuer: 'https://login.example.test/v2.0',
    tenantId: 'tenant-1',
    objectId: `object-${id}`,
    subject: `subject-${id}`,
    email: `${id}@nhs.net`,
  });

  // SPEC.md 8: an account linked to another profile is a late failure; "Try again" may bring another.
  it('is added by the real (memory) directory, which remembers the outcome of each key', async () => {
    const other: Profile = {
      id: 'profile-2',
      name: 'Sam Other',
      emails: ['sam.other@nhs.net'],
      niNumber: 'AB123457C',
      status: 'active',
      authenticators: [
        { type: 'nhsnet', id: 'n-old', createdAt: '2026-01-01T00:00:00.000Z', ...account('taken') },
      ],
    };
    const mine: Profile = {
      id: 'profile-1',
      name: 'Alex Morgan',
      emails: ['alex.morgan@nhs.net'],
      niNumber: 'AB123456C',
      status: 'active',
      authenticators: [],
    };
    const directory = createMemoryProfileDirectory({ profiles: [mine, other] });
    const complete = spyService<'completeNhsnetLogin'>((_, n) => ({
      outcome: 'verified',
      account: account(n === 1 ? 'taken' : 'free'),
    }));
    const save = spyService<'saveAuthenticator'>((i) =>
      directory.addAuthenticator(i.profileId, i.authenticator, i.idempotencyKey),
    );
    const j = await toAwaitingNhsnet(
      new SpyJourney({
        overrides: { completeNhsnetLogin: complete.service, saveAuthenticator: save.service },
      }),
    );
    await j.send(E.callback(GOOD_CALLBACK));
    expect(viewOf(j)).toBe('authenticator-not-added');
    expect(j.context.problems.lateFailure).toEqual({ method: 'nhsnet', reason: 'nhsnetLinkedElsewhere' });
    await j.send(E.retry);
    await j.send(E.sole(true));
    await j.send(E.callback(GOOD_CALLBACK));
    expect(viewOf(j)).toBe('nhsnet-added');
    const saved = await directory.get('profile-1');
    expect(saved?.authenticators.map((a) => (a.type === 'nhsnet' ? a.objectId : a.type))).toEqual([
      'object-free',
    ]);
  });
});

describe('the idempotency key of a save', () => {
  it('is the journey, the count added so far and 22 base64url characters of a hash of what is saved', async () => {
    const { idempotencyKey } = await import('../../src/machine/setup.js');
    const j = journey();
    const key = idempotencyKey(j.context, 'app:v1.sealed');
    expect(key).toMatch(/^nonce-abc:0:[A-Za-z0-9_-]{22}$/);
    const { createHash } = await import('node:crypto');
    expect(key.split(':')[2]).toBe(
      createHash('sha256').update('app:v1.sealed').digest('base64url').slice(0, 22),
    );
  });
});

/**
 * The audit trail (SPEC.md 8: "an audit event is written"; the known deviations: "the audit trail records
 * it"). Each security-relevant step writes exactly the facts an investigator needs: what happened, its
 * outcome, the method and the reason where there is one, and the profile once one is known. The event
 * names are the audit log's vocabulary, read by the security team's queries: a change to one is a change
 * to their queries, so each is pinned here.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/machine/limits.js';
import { GOOD_APP_CODE, type TestJourney } from '../../tooling/journey-fakes.js';
import {
  addFromChoose,
  E,
  GOOD_CALLBACK,
  journey,
  MINUTE,
  toAwaitingNhsnet,
  toChoose,
  toEmailCode,
  toEnterAppCode,
  toEnterDetails,
  toNhsnetInstructions,
  toPasskeyRegister,
  viewOf,
} from './helpers.js';

const PROFILE = { profileId: 'profile-1' };

/** The audit facts written by one request. */
async function auditsOf(j: TestJourney, request: () => Promise<unknown>) {
  const before = j.audits.length;
  await request();
  return j.audits.slice(before);
}

const fact = (event: string, outcome: 'success' | 'failure' | 'info', more: Record<string, string> = {}) => ({
  type: 'audit',
  event,
  outcome,
  ...more,
});

describe('the audit trail: proving who the person is', () => {
  it('a failed image test, before any profile is known', async () => {
    const j = await toEnterDetails(journey({ switches: { captcha: 'fail' } }));
    expect(await auditsOf(j, () => j.send(E.details()))).toEqual([fact('identity.captcha', 'failure')]);
  });

  it('an identity check refused by its limit', async () => {
    const j = await toEnterDetails(journey({ switches: { limiter: 'deny' } }));
    expect(await auditsOf(j, () => j.send(E.details()))).toEqual([fact('identity.rateLimited', 'failure')]);
  });

  it('no profile matched (never which detail)', async () => {
    const j = await toEnterDetails(journey({ switches: { profile: 'none' } }));
    expect(await auditsOf(j, () => j.send(E.details()))).toEqual([fact('identity.noMatch', 'failure')]);
    expect(viewOf(j)).toBe('problem-adding-authenticator');
  });

  it('a profile matched: no audit fact until the email is proven', async () => {
    const j = await toEnterDetails(journey());
    expect(await auditsOf(j, () => j.send(E.details()))).toEqual([]);
  });

  it('the email proven, with the profile it proves', async () => {
    const j = await toEmailCode(journey());
    expect(await auditsOf(j, () => j.send(E.emailCode('123456')))).toEqual([
      fact('identity.emailProven', 'success', PROFILE),
    ]);
  });

  it('each wrong email code, then the lock on the last one', async () => {
    const j = await toEmailCode(journey());
    expect(await auditsOf(j, () => j.send(E.emailCode('000000')))).toEqual([
      fact('identity.wrongEmailCode', 'failure', PROFILE),
    ]);
    for (let i = 2; i < LIMITS.wrongEmailCodesPerJourney; i++) await j.send(E.emailCode('000000'));
    expect(await auditsOf(j, () => j.send(E.emailCode('000000')))).toEqual([
      fact('identity.locked', 'failure', PROFILE),
    ]);
  });

  it('a lock that could not be taken is recorded as such', async () => {
    const j = await toEmailCode(journey({ switches: { lock: 'down' } }));
    for (let i = 1; i < LIMITS.wrongEmailCodesPerJourney; i++) await j.send(E.emailCode('000000'));
    expect(await auditsOf(j, () => j.send(E.emailCode('000000')))).toEqual([
      fact('identity.lockFailed', 'failure', PROFILE),
    ]);
  });

  it('all the code sends used: the details sent again find no send left', async () => {
    const j = await toEmailCode(journey());
    for (let i = 1; i < LIMITS.emailCodeSendsPerJourney; i++) await j.advance(31_000).send(E.newCode);
    expect(j.record.sent).toHaveLength(LIMITS.emailCodeSendsPerJourney);
    await j.send(E.back);
    expect(viewOf(j)).toBe('enter-details');
    expect(await auditsOf(j, () => j.advance(31_000).send(E.details()))).toEqual([
      fact('identity.tooManyCodes', 'failure', PROFILE),
    ]);
    expect(viewOf(j)).toBe('too-many-attempts');
  });

  it('a profile that cannot be used, once the email is proven', async () => {
    const j = await toEmailCode(journey({ switches: { profile: 'suspended' } }));
    expect(await auditsOf(j, () => j.send(E.emailCode('123456')))).toEqual([
      fact('identity.emailProven', 'success', PROFILE),
      fact('identity.profileNotUsable', 'failure', PROFILE),
    ]);
  });

  it('a journey that timed out', async () => {
    const j = await toEnterDetails(journey());
    expect(await auditsOf(j, () => j.advance(31 * MINUTE).view())).toEqual([
      fact('journey.timedOut', 'info'),
    ]);
  });
});

describe('the audit trail: adding', () => {
  it('an authenticator app added, and the 5th wrong app code', async () => {
    const a = await toEnterAppCode(journey());
    expect(await auditsOf(a, () => a.send(E.appCode(GOOD_APP_CODE)))).toEqual([
      fact('authenticator.added', 'success', { method: 'app', ...PROFILE }),
    ]);
    const b = await toEnterAppCode(journey());
    for (let i = 1; i < LIMITS.wrongAppCodesPerJourney; i++) await b.send(E.appCode('000000'));
    expect(await auditsOf(b, () => b.send(E.appCode('000000')))).toEqual([
      fact('app.tooManyCodes', 'failure', { method: 'app', ...PROFILE }),
    ]);
  });

  it('an NHS.net Connect account added', async () => {
    const j = await toAwaitingNhsnet(journey());
    expect(await auditsOf(j, () => j.send(E.callback(GOOD_CALLBACK)))).toEqual([
      fact('authenticator.added', 'success', { method: 'nhsnet', ...PROFILE }),
    ]);
  });

  it('NHS.net Connect: login unavailable, forged state, provider error, refused token, outage', async () => {
    const begin = await toNhsnetInstructions(journey({ switches: { nhsnetBegin: 'down' } }));
    expect(await auditsOf(begin, () => begin.send(E.sole(true)))).toEqual([
      fact('nhsnet.unavailable', 'failure', { method: 'nhsnet', ...PROFILE }),
    ]);

    const forged = await toAwaitingNhsnet(journey());
    expect(await auditsOf(forged, () => forged.send(E.callback({ state: 'forged', code: 'c' })))).toEqual([
      fact('nhsnet.stateMismatch', 'failure', { method: 'nhsnet', ...PROFILE }),
    ]);

    const provider = await toAwaitingNhsnet(journey());
    const providerError = { state: 'state-1', error: 'server_error' };
    expect(await auditsOf(provider, () => provider.send(E.callback(providerError)))).toEqual([
      fact('nhsnet.providerError', 'failure', { method: 'nhsnet', ...PROFILE }),
    ]);

    const token = await toAwaitingNhsnet(journey({ switches: { nhsnetComplete: 'tokenRejected' } }));
    expect(await auditsOf(token, () => token.send(E.callback(GOOD_CALLBACK)))).toEqual([
      fact('nhsnet.rejected', 'failure', { method: 'nhsnet', reason: 'token', ...PROFILE }),
    ]);
    expect(viewOf(token)).toBe('nhsnet-instructions');

    const down = await toAwaitingNhsnet(journey({ switches: { nhsnetComplete: 'down' } }));
    expect(await auditsOf(down, () => down.send(E.callback(GOOD_CALLBACK)))).toEqual([
      fact('nhsnet.unavailable', 'failure', { method: 'nhsnet', ...PROFILE }),
    ]);
  });

  it('NHS.net Connect: an account of another organisation is a late failure, with its reason', async () => {
    const j = await toAwaitingNhsnet(journey({ switches: { nhsnetComplete: 'rejected' } }));
    expect(await auditsOf(j, () => j.send(E.callback(GOOD_CALLBACK)))).toEqual([
      fact('nhsnet.rejected', 'failure', { reason: 'organisation', method: 'nhsnet', ...PROFILE }),
    ]);
    expect(viewOf(j)).toBe('authenticator-not-added');
  });

  it('NHS.net Connect: an account linked to another profile, or already on this one, each with its reason', async () => {
    const elsewhere = await toAwaitingNhsnet(journey({ switches: { save: 'linkedElsewhere' } }));
    expect(await auditsOf(elsewhere, () => elsewhere.send(E.callback(GOOD_CALLBACK)))).toEqual([
      fact('authenticator.refused', 'failure', { reason: 'linkedElsewhere', method: 'nhsnet', ...PROFILE }),
    ]);
    const already = await toAwaitingNhsnet(journey({ switches: { save: 'alreadyOnProfile' } }));
    expect(await auditsOf(already, () => already.send(E.callback(GOOD_CALLBACK)))).toEqual([
      fact('authenticator.refused', 'failure', { reason: 'alreadyOnProfile', method: 'nhsnet', ...PROFILE }),
    ]);
  });

  it('a passkey added, and a Windows Hello credential refused', async () => {
    const a = await toPasskeyRegister(journey());
    expect(await auditsOf(a, () => a.send(E.passkeyCreated()))).toEqual([
      fact('authenticator.added', 'success', { method: 'passkey', ...PROFILE }),
    ]);
    const b = await toPasskeyRegister(journey({ switches: { passkeyVerify: 'windowsHello' } }), 'windows');
    const audits = await auditsOf(b, () => b.send(E.passkeyCreated()));
    expect(audits).toEqual([fact('passkey.windowsHello', 'failure', { method: 'passkey', ...PROFILE })]);
  });

  it('a passkey the directory has on another profile is a late failure, with its reason', async () => {
    const j = await toPasskeyRegister(journey({ switches: { save: 'linkedElsewhere' } }));
    expect(await auditsOf(j, () => j.send(E.passkeyCreated()))).toEqual([
      fact('authenticator.refused', 'failure', { reason: 'linkedElsewhere', method: 'passkey', ...PROFILE }),
    ]);
  });

  it('each added authenticator is one fact, also after "Add another"', async () => {
    const j = await addFromChoose(await toChoose(journey()), 'app');
    await j.send(E.addAnother);
    const audits = await auditsOf(j, () => addFromChoose(j, 'nhsnet'));
    expect(audits).toEqual([fact('authenticator.added', 'success', { method: 'nhsnet', ...PROFILE })]);
  });
});

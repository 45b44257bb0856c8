import { emailProblem } from '../../machine/validation.js';
import type { AuthenticatorRecord, NhsnetAccount, Profile, ProfileSummary } from '../ports.js';

/** The same rules the journey applies to what people type (one definition, in the statechart's module). */
export { isValidNiNumber, normaliseEmail, normaliseNiNumber } from '../../machine/validation.js';

/** At most 254 characters, exactly one @, something before it and a domain with a dot. */
export function isValidEmail(email: string): boolean {
  return emailProblem(email) === null;
}

/**
 * The identity of an NHS.net Connect account: tenant + object id when the token has them (stable
 * across renames), else issuer + subject (a subject is only unique within its issuer).
 */
export function nhsnetLinkKey(account: Pick<NhsnetAccount, 'issuer' | 'tenantId' | 'objectId' | 'subject'>) {
  if (account.tenantId && account.objectId) return `tid:${account.tenantId}:oid:${account.objectId}`;
  return `iss:${account.issuer}:sub:${account.subject}`;
}

export function summarise(profile: Pick<Profile, 'id' | 'status' | 'authenticators'>): ProfileSummary {
  const count = (type: AuthenticatorRecord['type']) =>
    profile.authenticators.filter((authenticator) => authenticator.type === type).length;
  return {
    profileId: profile.id,
    status: profile.status,
    hasNhsnet: count('nhsnet') > 0,
    passkeyCount: count('passkey'),
    appCount: count('app'),
  };
}

/** The idempotency window of addAuthenticator. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

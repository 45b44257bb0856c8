import type { AuthenticatorRecord, NhsnetAccount, Profile, ProfileSummary } from '../ports.js';

/** Strips spaces and hyphens and upper-cases, as people type NI numbers in many ways. */
export function normaliseNiNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

const NI_PATTERN = /^([A-Z])([A-Z])\d{6}[A-D]$/;
const NEVER_ISSUED_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** HMRC NIM39110 rules on an already normalised NI number. */
export function isValidNiNumber(niNumber: string): boolean {
  const match = NI_PATTERN.exec(niNumber);
  if (match === null) return false;
  const [, first = '', second = ''] = match;
  if ('DFIQUV'.includes(first) || 'DFIOQUV'.includes(second)) return false;
  return !NEVER_ISSUED_PREFIXES.has(first + second);
}

/** Emails compare case-insensitively and ignore surrounding blanks. */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** At most 254 characters, exactly one @, something before it and a domain with a dot. */
export function isValidEmail(email: string): boolean {
  if (email.length > 254 || /\s/.test(email)) return false;
  const parts = email.split('@');
  if (parts.length !== 2) return false;
  const [local = '', domain = ''] = parts;
  return local.length > 0 && /^[^.]+(\.[^.]+)+$/.test(domain);
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

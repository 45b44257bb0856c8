/**
 * The numbers and input rules of SPEC.md "Numbers and rules", written again here by hand so that the
 * oracle never asks the code under test what is right. Nothing in tooling/oracle imports src/machine
 * (a test holds it so): if the service and this file disagree, one of them is not SPEC.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const SPEC_NUMBERS = {
  minuteMs: MINUTE,
  /** "identity checks | per IP 10 / 15 min, per email 5 / hour, per NI number 5 / hour" */
  identityChecksPerEmail: 5,
  identityCheckEmailWindowMs: 60 * MINUTE,
  /** "email code lifetime | 10 minutes" */
  emailCodeLifetimeMs: 10 * MINUTE,
  /** "wrong email codes per journey | 5, then too-many-attempts" */
  wrongEmailCodes: 5,
  /** "code sends per journey | 1 + 3 resends; at least 30 s apart" */
  codeSends: 4,
  codeGapMs: 30 * SECOND,
  /** "TOTP ... 5 wrong codes → too-many-attempts" */
  wrongAppCodes: 5,
  /** "journey inactivity timeout | 30 minutes; absolute 60 minutes" */
  inactivityMs: 30 * MINUTE,
  absoluteMs: 60 * MINUTE,
  /** "WebAuthn ... challenge ... 5-minute timeout" */
  passkeyChallengeMs: 5 * MINUTE,
  /** "after an *-added page | journey ends 5 minutes after the last activity, or at Finish" */
  idleAfterAddedMs: 5 * MINUTE,
  /** SPEC 8 "within the journey's attempt limits": the 3rd late failure needs the Registration Authority. */
  lateFailures: 3,
} as const;

/** "email | ≤ 254 characters, one @, a domain with a dot; trim" */
export function isEmail(raw: string): boolean {
  const email = raw.trim();
  if (email.length === 0 || email.length > 254 || /\s/.test(email)) return false;
  const parts = email.split('@');
  if (parts.length !== 2) return false;
  const [local, domain] = parts as [string, string];
  return local.length > 0 && /^[^.]+(\.[^.]+)+$/.test(domain);
}

/**
 * "NI number | strip spaces and hyphens, upper-case; 2 letters, 6 digits, suffix A–D; first letter not
 * D F I Q U V; second not D F I O Q U V; prefixes BG GB KN NK NT TN ZZ never valid"
 */
export function isNiNumber(raw: string): boolean {
  const ni = raw.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}[0-9]{6}[A-D]$/.test(ni)) return false;
  if ('DFIQUV'.includes(ni.charAt(0)) || 'DFIOQUV'.includes(ni.charAt(1))) return false;
  return !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(ni.slice(0, 2));
}

/** SPEC 3: a 6-digit code; "accept spaces/hyphens and paste". */
export const codeDigits = (raw: string) => raw.replace(/[\s-]/g, '');
export const isSixDigits = (raw: string) => /^[0-9]{6}$/.test(codeDigits(raw));

/**
 * The in-test world (tooling/journey-fakes.ts), as a tester reads it: the code the fake mail service
 * sends, the codes the fake authenticator app shows, the demo profile's second address.
 */
export const WORLD = {
  emailedCode: '123456',
  appCodeNow: '654321',
  appCodeFiveStepsBack: '111111',
  appCodeUsedBefore: '222222',
  /** src/dev/demo-profiles.ts: Alex Morgan's profile lists two email addresses. */
  secondEmail: 'alex.morgan@example-trust.nhs.uk',
} as const;

/** Every number of SPEC.md "Numbers and rules" that the journey enforces, in one place. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const LIMITS = {
  emailCodeLength: 6,
  emailCodeLifetimeMs: 10 * MINUTE,
  wrongEmailCodesPerJourney: 5,
  /** 1 first send + 3 resends. */
  emailCodeSendsPerJourney: 4,
  emailCodeResendGapMs: 30 * SECOND,
  identityChecks: {
    perIp: { points: 10, durationSeconds: 15 * 60 },
    perEmail: { points: 5, durationSeconds: 60 * 60 },
    perNiNumber: { points: 5, durationSeconds: 60 * 60 },
  },
  lockAfterWrongCodesSeconds: 15 * 60,
  inactivityTimeoutMs: 30 * MINUTE,
  absoluteTimeoutMs: 60 * MINUTE,
  /** The page warns this long before the inactivity timeout. */
  timeoutWarningMs: 5 * MINUTE,
  wrongAppCodesPerJourney: 5,
  passwordMinLength: 12,
  passwordMaxLength: 128,
  emailMaxLength: 254,
  passkeyChallengeLifetimeMs: 5 * MINUTE,
  /** Shared PCs: a journey on an "added" page ends this long after the person's last activity. */
  idleAfterAddedMs: 5 * MINUTE,
  /** Late failures (after the email is proven) that offer "Try again"; the last of them ends the journey
   *  with the Registration Authority's help. */
  lateFailuresPerJourney: 3,
} as const;

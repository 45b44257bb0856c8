import { LIMITS } from '../../machine/limits.js';

export interface WindowLimit {
  points: number;
  durationSeconds: number;
}

export interface IdentityCheckLimits {
  perIp: WindowLimit;
  perEmail: WindowLimit;
  perNiNumber: WindowLimit;
  /** How long an email and an NI number stay locked after too many wrong codes. */
  lockSeconds: number;
}

/** The numbers of SPEC.md, taken from the journey's single list of limits. */
export const IDENTITY_CHECK_LIMITS: IdentityCheckLimits = {
  perIp: { ...LIMITS.identityChecks.perIp },
  perEmail: { ...LIMITS.identityChecks.perEmail },
  perNiNumber: { ...LIMITS.identityChecks.perNiNumber },
  lockSeconds: LIMITS.lockAfterWrongCodesSeconds,
};

/** Rules of the journey that its guards apply and its pages show: one definition for both. */
import type { JourneyContext } from './context.js';
import { LIMITS } from './limits.js';

/** The profile has an NHS.net Connect account already (before or during this journey): one per profile. */
export function hasNhsnetAccount(context: Pick<JourneyContext, 'profile' | 'added'>): boolean {
  return !!context.profile?.hasNhsnet || context.added.some((a) => a.method === 'nhsnet');
}

/** Every send this journey may make (1 + resends) has been used. */
export function hasUsedAllEmailCodeSends(context: Pick<JourneyContext, 'email'>): boolean {
  return context.email.codesSent >= LIMITS.emailCodeSendsPerJourney;
}

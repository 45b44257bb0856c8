/** Named guards of the journey. Pure functions of context, event and params. */

import type { JourneyContext, ResumePoint } from './context.js';
import { isIdleAfterAdded, isPastDeadline } from './deadlines.js';
import type { AuthenticatorMethod } from './domain.js';
import type { JourneyEvent } from './events.js';
import { LIMITS } from './limits.js';
import { hasNhsnetAccount, hasUsedAllEmailCodeSends } from './rules.js';
import { codeProblem, emailProblem, niNumberProblem } from './validation.js';

type Args = { context: JourneyContext; event: JourneyEvent };

const ev = <T extends JourneyEvent['type']>(event: JourneyEvent, type: T) =>
  event.type === type ? (event as Extract<JourneyEvent, { type: T }>) : null;

export const guards = {
  isJourneyTimedOut: ({ context, event }: Args) => {
    const tick = ev(event, 'CLOCK_TICKED');
    return !!tick && isPastDeadline(context, tick.at);
  },
  isCimSessionPresent: ({ context, event }: Args) => {
    const e = ev(event, 'START_SELECTED') ?? ev(event, 'LOGGED_OUT_CONFIRMED');
    return e ? e.cimSessionPresent : context.cimSessionPresent;
  },
  hasInvalidDetails: ({ event }: Args) => {
    const e = ev(event, 'DETAILS_SUBMITTED');
    return !!e && (emailProblem(e.email) !== null || niNumberProblem(e.niNumber) !== null);
  },
  isCaptchaMissing: ({ event }: Args) => {
    const e = ev(event, 'DETAILS_SUBMITTED');
    return !!e && e.captchaToken.trim() === '';
  },
  captchaPassed: (_: Args, p: { success: boolean }) => p.success,
  identityCheckAllowed: (_: Args, p: { allowed: boolean }) => p.allowed,
  profileMatched: (_: Args, p: { matched: boolean }) => p.matched,
  hasReachedEmailCodeSendLimit: ({ context }: Args) => hasUsedAllEmailCodeSends(context),
  isNewEmailCodeTooSoon: ({ context }: Args) =>
    context.email.lastSentAt !== null && context.now - context.email.lastSentAt < LIMITS.emailCodeResendGapMs,
  isCodeMalformed: ({ event }: Args) => {
    const e = ev(event, 'EMAIL_CODE_SUBMITTED') ?? ev(event, 'APP_CODE_SUBMITTED');
    return !!e && codeProblem(e.code) !== null;
  },
  isEmailCodeExpired: ({ context }: Args) =>
    !context.email.code || context.now - context.email.code.sentAt > LIMITS.emailCodeLifetimeMs,
  emailCodeMatched: (_: Args, p: { matches: boolean }) => p.matches,
  isProfileActive: ({ context }: Args) => context.profile?.status === 'active',
  isLastWrongEmailCode: ({ context }: Args) =>
    context.email.wrongCodes + 1 >= LIMITS.wrongEmailCodesPerJourney,
  isMethodChosen: ({ event }: Args, p: { method: AuthenticatorMethod }) =>
    ev(event, 'AUTHENTICATOR_CHOSEN')?.method === p.method,
  isNhsnetChosenAgain: ({ context, event }: Args) =>
    ev(event, 'AUTHENTICATOR_CHOSEN')?.method === 'nhsnet' && hasNhsnetAccount(context),
  isSoleAccessConfirmed: ({ event }: Args) => ev(event, 'SOLE_ACCESS_CONFIRMED')?.confirmed === true,
  passwordAccepted: (_: Args, p: { ok: boolean }) => p.ok,
  hasAppSecret: ({ context }: Args) => context.app.encryptedSecret !== null,
  appCodeValid: (_: Args, p: { valid: boolean }) => p.valid,
  isLastWrongAppCode: ({ context }: Args) => context.app.wrongCodes + 1 >= LIMITS.wrongAppCodesPerJourney,
  isNhsnetStateMismatch: ({ context, event }: Args) => {
    const e = ev(event, 'NHSNET_CALLBACK_RECEIVED');
    return !!e && (!context.nhsnet.login || e.query.state !== context.nhsnet.login.state);
  },
  isNhsnetCancelled: ({ event }: Args) =>
    ev(event, 'NHSNET_CALLBACK_RECEIVED')?.query.error === 'access_denied',
  isNhsnetProviderError: ({ event }: Args) => {
    const e = ev(event, 'NHSNET_CALLBACK_RECEIVED');
    return !!e && (e.query.error !== undefined || e.query.code === undefined);
  },
  nhsnetAccountVerified: (_: Args, p: { verified: boolean }) => p.verified,
  isPasskeyChallengeExpired: ({ context }: Args) =>
    context.passkey.challengeIssuedAt === null ||
    context.now - context.passkey.challengeIssuedAt > LIMITS.passkeyChallengeLifetimeMs,
  isPasskeyError: ({ event }: Args, p: { name: string }) => ev(event, 'PASSKEY_FAILED')?.errorName === p.name,
  passkeyVerified: (_: Args, p: { verified: boolean }) => p.verified,
  /** A platform credential made on Windows is Windows Hello on this PC, not a passkey on a phone. */
  isWindowsHelloCredential: ({ context }: Args, p: { attachment: string | null }) =>
    context.passkey.onWindows && p.attachment === 'platform',
  authenticatorAdded: (_: Args, p: { outcome: string }) => p.outcome === 'added',
  isAlreadyOnProfile: (_: Args, p: { outcome: string }) => p.outcome === 'alreadyOnProfile',
  resumesAt: ({ context }: Args, p: { point: ResumePoint }) => context.problems.resumeAt === p.point,
  /** On an "added" page: nobody has done anything for the short idle limit (shared PCs). */
  isAddedPageIdle: ({ context, event }: Args) => {
    const tick = ev(event, 'CLOCK_TICKED');
    return !!tick && isIdleAfterAdded(context, tick.at);
  },
  hasUsedAllLateFailures: ({ context }: Args) =>
    context.problems.lateFailures >= LIMITS.lateFailuresPerJourney,
  lateFailureWas: ({ context }: Args, p: { method: AuthenticatorMethod }) =>
    context.problems.lateFailure?.method === p.method,
  isSaveOutcome: (_: Args, p: { outcome: string; expected: string }) => p.outcome === p.expected,
  /** NHS.net Connect said who the person is, but the account is from a tenant or domain not allowed. */
  isNhsnetOrganisationRefused: (_: Args, p: { reason: string | null }) =>
    p.reason === 'tenant' || p.reason === 'emailDomain',
};

/** The typed building blocks of the journey statechart: actors, guards and named actions. */
import { createHash } from 'node:crypto';
import { assign, emit, setup } from 'xstate';
import {
  emptyApp,
  emptyPasskey,
  type FieldErrors,
  type JourneyContext,
  type JourneyInput,
  type LateFailure,
  type ResumePoint,
} from './context.js';
import type { AuthenticatorMethod, ProfileSummary } from './domain.js';
import type { JourneyEvent } from './events.js';
import { guards } from './guards.js';
import { type JourneyServiceLogic, unconfigured } from './service-contract.js';
import { emailProblem, niNumberProblem, normaliseEmail, normaliseNiNumber } from './validation.js';
import type { JourneyViewId } from './views.js';

/** The one emitted event: an audit fact, written by the HTTP layer to the audit log. */
export interface AuditEmitted {
  type: 'audit';
  event: string;
  outcome: 'success' | 'failure' | 'info';
  method?: AuthenticatorMethod;
  reason?: string;
  profileId?: string;
}

/** The machine asks for a new journey id (session fixation: once the email is proven). */
export interface JourneyIdRotated {
  type: 'journeyIdRotated';
}

/** Everything the journey emits: audit facts, and the facts the HTTP layer acts on. */
export type JourneyEmitted = AuditEmitted | JourneyIdRotated;

export interface ViewMeta {
  /** The page at /add-authenticator/<view>. */
  view?: JourneyViewId;
  /** The browser is sent elsewhere (the NHS.net Connect provider) instead of a page of ours. */
  redirect?: 'nhsnetAuthorization';
  /** The journey is deleted from the store when it gets here, and the browser's cookie cleared: the
   *  page is shown with no journey behind it (Finish, on a shared PC). */
  erase?: true;
}

const actors: JourneyServiceLogic = {
  verifyCaptcha: unconfigured('verifyCaptcha'),
  consumeIdentityCheck: unconfigured('consumeIdentityCheck'),
  findProfile: unconfigured('findProfile'),
  sendEmailCode: unconfigured('sendEmailCode'),
  verifyEmailCode: unconfigured('verifyEmailCode'),
  lockIdentity: unconfigured('lockIdentity'),
  checkPassword: unconfigured('checkPassword'),
  createAppSecret: unconfigured('createAppSecret'),
  verifyAppCode: unconfigured('verifyAppCode'),
  beginNhsnetLogin: unconfigured('beginNhsnetLogin'),
  completeNhsnetLogin: unconfigured('completeNhsnetLogin'),
  createPasskeyOptions: unconfigured('createPasskeyOptions'),
  verifyPasskey: unconfigured('verifyPasskey'),
  saveAuthenticator: unconfigured('saveAuthenticator'),
};

type AuditParams = Omit<AuditEmitted, 'type' | 'profileId'>;

export const journeySetup = setup({
  types: {
    context: {} as JourneyContext,
    events: {} as JourneyEvent,
    input: {} as JourneyInput,
    emitted: {} as JourneyEmitted,
    meta: {} as ViewMeta,
    /** busy: waiting on a service. added: an "added" page, where a journey ends after a short idle. */
    tags: {} as 'busy' | 'added',
  },
  actors,
  guards,
  actions: {
    recordTick: assign(({ context, event }) => {
      if (event.type !== 'CLOCK_TICKED') return {};
      return { now: event.at, lastActivityAt: event.userActive ? event.at : context.lastActivityAt };
    }),
    clearErrors: assign({ errors: {}, notice: null }),
    setErrors: assign((_, params: FieldErrors) => ({ errors: params, notice: null })),
    recordCimSession: assign(({ event, context }) => ({
      cimSessionPresent:
        event.type === 'START_SELECTED' || event.type === 'LOGGED_OUT_CONFIRMED'
          ? event.cimSessionPresent
          : context.cimSessionPresent,
    })),
    rejectDetails: assign(({ event }) => {
      if (event.type !== 'DETAILS_SUBMITTED') return {};
      const errors: FieldErrors = {};
      const email = emailProblem(event.email);
      const ni = niNumberProblem(event.niNumber);
      if (email) errors.email = email;
      if (ni) errors.niNumber = ni;
      if (event.captchaToken.trim() === '') errors.captcha = 'required';
      return {
        errors,
        notice: null,
        enteredDetails: { email: event.email.trim(), niNumber: event.niNumber },
      };
    }),
    /** New details start a new identity check: a code sent for other details must never count. */
    acceptDetails: assign(({ context, event }) => {
      if (event.type !== 'DETAILS_SUBMITTED') return {};
      return {
        errors: {},
        notice: null,
        enteredDetails: { email: event.email.trim(), niNumber: event.niNumber },
        details: { email: normaliseEmail(event.email), niNumber: normaliseNiNumber(event.niNumber) },
        pendingCheck: { captchaToken: event.captchaToken, clientIp: event.clientIp },
        profile: null,
        email: { ...context.email, code: null },
      };
    }),
    forgetPendingCheck: assign({ pendingCheck: null }),
    storeProfile: assign((_, profile: ProfileSummary | null) => ({ profile })),
    storeEmailCode: assign(({ context }, params: { codeHash: string }) => ({
      email: {
        ...context.email,
        code: { codeHash: params.codeHash, sentAt: context.now },
        lastSentAt: context.now,
        codesSent: context.email.codesSent + 1,
      },
      notice: context.email.codesSent > 0 ? ('newCodeSent' as const) : null,
    })),
    countWrongEmailCode: assign(({ context }) => ({
      email: { ...context.email, wrongCodes: context.email.wrongCodes + 1 },
    })),
    proveEmail: assign(({ context }) => ({ email: { ...context.email, proven: true, code: null } })),
    rotateJourneyId: emit({ type: 'journeyIdRotated' as const }),
    endWith: assign(({ context }, params: { reason: string }) => ({
      problems: { ...context.problems, endReason: params.reason },
    })),
    resumeAt: assign(({ context }, params: { point: ResumePoint }) => ({
      problems: { ...context.problems, resumeAt: params.point },
    })),
    confirmSoleAccess: assign(({ context }, params: { method: 'app' | 'nhsnet' }) => ({
      [params.method]: { ...context[params.method], soleAccessConfirmed: true },
      errors: {},
    })),
    storePasswordHash: assign(({ context }, params: { passwordHash: string }) => ({
      app: { ...context.app, passwordHash: params.passwordHash },
    })),
    storeAppSecret: assign(({ context }, params: { encryptedSecret: string }) => ({
      app: { ...context.app, encryptedSecret: params.encryptedSecret },
    })),
    acceptAppCode: assign(({ context }, params: { timeStep: number }) => ({
      app: { ...context.app, acceptedTimeStep: params.timeStep },
    })),
    countWrongAppCode: assign(({ context }) => ({
      app: { ...context.app, wrongCodes: context.app.wrongCodes + 1 },
    })),
    storeNhsnetLogin: assign(({ context }, params: JourneyContext['nhsnet']['login']) => ({
      nhsnet: { ...context.nhsnet, login: params },
    })),
    forgetNhsnetLogin: assign(({ context }) => ({ nhsnet: { ...context.nhsnet, login: null } })),
    storeNhsnetAccount: assign(({ context }, params: JourneyContext['nhsnet']['account']) => ({
      nhsnet: { ...context.nhsnet, account: params },
    })),
    recordPlatform: assign(({ context, event }) => {
      if (event.type !== 'PLATFORM_DETECTED') return {};
      const onWindows = event.os === 'windows';
      return {
        passkey: { ...context.passkey, onWindows, windowsHello: onWindows && event.platformAuthenticator },
      };
    }),
    storePasskeyOptions: assign(({ context }, params: { optionsJSON: string; challenge: string }) => ({
      passkey: { ...context.passkey, ...params, challengeIssuedAt: context.now },
    })),
    /** A challenge is single use: forgotten as soon as a response has been checked against it. */
    forgetPasskeyChallenge: assign(({ context }) => ({
      passkey: { ...context.passkey, optionsJSON: null, challenge: null, challengeIssuedAt: null },
    })),
    storeVerifiedPasskey: assign(({ context }, params: JourneyContext['passkey']['verified']) => ({
      passkey: { ...context.passkey, verified: params },
    })),
    recordAdded: assign(({ context }, params: { method: AuthenticatorMethod; authenticatorId: string }) => ({
      added: [...context.added, params],
      errors: {},
      notice: null,
      problems: { ...context.problems, resumeAt: null },
      app: emptyApp(context.app.wrongCodes),
      nhsnet: { ...context.nhsnet, account: null, soleAccessConfirmed: false },
      passkey: emptyPasskey(),
    })),
    /** A late failure is counted and shown; the person keeps their proven identity. */
    recordLateFailure: assign(({ context }, params: LateFailure) => ({
      problems: { ...context.problems, lateFailure: params, lateFailures: context.problems.lateFailures + 1 },
      errors: {},
      notice: null,
    })),
    forgetLateFailure: assign(({ context }) => ({
      problems: { ...context.problems, lateFailure: null },
      errors: {},
      notice: null,
    })),
    /** The set-up so far is dropped; the sole-access confirmation and the count of wrong codes stay. */
    forgetAppSetup: assign(({ context }) => ({
      app: { ...emptyApp(context.app.wrongCodes), soleAccessConfirmed: context.app.soleAccessConfirmed },
    })),
    /** The directory says the profile has an NHS.net Connect account: one per profile (SPEC.md 4). */
    recordNhsnetOnProfile: assign(({ context }) => ({
      profile: context.profile ? { ...context.profile, hasNhsnet: true } : null,
    })),
    /** When the refusing limit lets the person try again; null: at once (a limit of this journey). */
    recordRetryAt: assign(({ context }, params: { retryAfterMs: number | null }) => ({
      problems: {
        ...context.problems,
        retryAt: params.retryAfterMs === null ? null : context.now + params.retryAfterMs,
      },
    })),
    /** "My screen looks different": the other set of instructions (and the options that go with it). */
    switchPasskeyInstructions: assign(({ context }) => ({
      passkey: { ...context.passkey, windowsHello: !context.passkey.windowsHello },
      errors: {},
      notice: null,
    })),
    /** Windows Hello made the credential: this PC has it, whatever the detection said. */
    recordWindowsHelloSeen: assign(({ context }) => ({
      passkey: { ...context.passkey, windowsHello: true },
    })),
    audit: emit(({ context }, params: AuditParams) => ({
      type: 'audit' as const,
      ...params,
      ...(context.profile ? { profileId: context.profile.profileId } : {}),
    })),
  },
});

/**
 * The key that makes saving an authenticator happen once, whatever the retries: the journey, how many it
 * has added, and what is being saved (the app's secret, the NHS.net Connect account, the passkey's
 * credential id). A retry of the same save repeats it; a different authenticator never collides with an
 * earlier refusal.
 */
export function idempotencyKey(context: JourneyContext, authenticator: string): string {
  const digest = createHash('sha256').update(authenticator).digest('base64url').slice(0, 22);
  return `${context.journeyNonce}:${context.added.length}:${digest}`;
}

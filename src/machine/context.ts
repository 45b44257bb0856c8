/** What the journey remembers between requests. Small on purpose: it is persisted on every step. */
import type {
  AuthenticatorMethod,
  NhsnetAccount,
  NhsnetLoginStart,
  ProfileSummary,
  VerifiedPasskey,
} from './domain.js';

/** Why a page shows an error. Codes, not words: the views turn them into NHS.UK content. */
export type ErrorCode =
  | 'required'
  | 'format'
  | 'tooLong'
  | 'captchaFailed'
  | 'wrongCode'
  | 'codeExpired'
  | 'tooManyCodes'
  | 'newCodeTooSoon'
  | 'nhsnetAlreadyAdded'
  | 'nhsnetCancelled'
  | 'nhsnetFailed'
  | 'passwordMissing'
  | 'passwordTooShort'
  | 'passwordTooLong'
  | 'passwordCommon'
  | 'passwordContainsEmail'
  | 'passwordContainsServiceName'
  | 'confirmationMissing'
  | 'confirmationMismatch'
  | 'appCodeWrong'
  | 'appCodeDrift'
  | 'appCodeReplayed'
  | 'passkeyCancelled'
  | 'passkeyAlreadyRegistered'
  | 'passkeyTimedOut'
  | 'passkeyFailed'
  | 'cimStillLoggedIn';

/** Field (input id) → error code. */
export type FieldErrors = Partial<Record<string, ErrorCode>>;

export type Notice = 'newCodeSent' | null;

/** Why an authenticator was not added, on a page that lets the person try again (SPEC.md, 8). */
export type LateFailureReason =
  | 'passkeyNotVerified'
  | 'passkeyLinkedElsewhere'
  | 'nhsnetWrongOrganisation'
  | 'nhsnetLinkedElsewhere'
  | 'nhsnetAlreadyOnProfile'
  | 'directoryRefused';

export interface LateFailure {
  method: AuthenticatorMethod;
  reason: LateFailureReason;
}

/** Where "Try again" on the service-unavailable page goes back to. */
export const RESUME_POINTS = [
  'enterDetails',
  'sendingEmailCode',
  'enterEmailCode',
  'createPassword',
  'creatingAppSecret',
  'enterAppCode',
  'savingApp',
  'linkingNhsnet',
  'creatingPasskeyOptions',
  'savingPasskey',
] as const;
export type ResumePoint = (typeof RESUME_POINTS)[number];

export interface JourneyInput {
  /** Random, stable for the whole journey (the cookie id changes; this does not). Binds email codes. */
  journeyNonce: string;
  now: number;
  cimSessionPresent: boolean;
}

/**
 * Grouped, so that the context has few top-level properties (17). XState copies the context at every
 * `assign` (`Object.assign({}, context, update)`); V8 keeps such a copy's properties fast only up to
 * about 19 of them, and past that every copy, read and save of a journey is several times slower. A
 * test holds the count (test/machine/context-shape.test.ts).
 */
export interface JourneyContext {
  journeyNonce: string;
  startedAt: number;
  lastActivityAt: number;
  /** The time of the request being handled (from CLOCK_TICKED): guards compare deadlines with it. */
  now: number;
  cimSessionPresent: boolean;
  /** What was typed on enter-details, kept to fill the form again (never the CAPTCHA). */
  enteredDetails: { email: string; niNumber: string } | null;
  /** Normalised details once they pass validation. */
  details: { email: string; niNumber: string } | null;
  /** The CAPTCHA token and client IP, only between enter-details and the identity check. */
  pendingCheck: { captchaToken: string; clientIp: string } | null;
  profile: ProfileSummary | null;
  /** The emailed code: the one to check, how many were sent and got wrong, and whether it was proven. */
  email: {
    code: { codeHash: string; sentAt: number } | null;
    codesSent: number;
    /** Kept when new details clear the code: sends stay 30 s apart whatever the person does. */
    lastSentAt: number | null;
    wrongCodes: number;
    proven: boolean;
  };
  app: {
    passwordHash: string | null;
    encryptedSecret: string | null;
    acceptedTimeStep: number | null;
    wrongCodes: number;
    soleAccessConfirmed: boolean;
  };
  nhsnet: { login: NhsnetLoginStart | null; account: NhsnetAccount | null; soleAccessConfirmed: boolean };
  passkey: {
    onWindows: boolean;
    windowsHello: boolean;
    optionsJSON: string | null;
    challenge: string | null;
    challengeIssuedAt: number | null;
    verified: VerifiedPasskey | null;
  };
  added: { method: AuthenticatorMethod; authenticatorId: string }[];
  errors: FieldErrors;
  notice: Notice;
  /** What went wrong, where something did. */
  problems: {
    /** Where "Try again" on service-unavailable resumes. */
    resumeAt: ResumePoint | null;
    /** Why the journey ended on a problem page: for the audit trail, never shown. */
    endReason: string | null;
    /** The last late failure, shown on authenticator-not-added. */
    lateFailure: LateFailure | null;
    /** Late failures so far in this journey (bounded by LIMITS.lateFailuresPerJourney). */
    lateFailures: number;
    /** When the limit that refused the person lets them try again (epoch ms), for too-many-attempts;
     *  null when they may start again at once (a limit of this journey only). */
    retryAt: number | null;
  };
}

export function initialContext(input: JourneyInput): JourneyContext {
  return {
    journeyNonce: input.journeyNonce,
    startedAt: input.now,
    lastActivityAt: input.now,
    now: input.now,
    cimSessionPresent: input.cimSessionPresent,
    enteredDetails: null,
    details: null,
    pendingCheck: null,
    profile: null,
    email: { code: null, codesSent: 0, lastSentAt: null, wrongCodes: 0, proven: false },
    app: emptyApp(0),
    nhsnet: emptyNhsnet(),
    passkey: emptyPasskey(),
    added: [],
    errors: {},
    notice: null,
    problems: { resumeAt: null, endReason: null, lateFailure: null, lateFailures: 0, retryAt: null },
  };
}

/** The app set-up, not begun; wrong codes are counted for the whole journey. */
export function emptyApp(wrongCodes: number): JourneyContext['app'] {
  return {
    passwordHash: null,
    encryptedSecret: null,
    acceptedTimeStep: null,
    wrongCodes,
    soleAccessConfirmed: false,
  };
}

export function emptyNhsnet(): JourneyContext['nhsnet'] {
  return { login: null, account: null, soleAccessConfirmed: false };
}

export function emptyPasskey(): JourneyContext['passkey'] {
  return {
    onWindows: false,
    windowsHello: false,
    optionsJSON: null,
    challenge: null,
    challengeIssuedAt: null,
    verified: null,
  };
}

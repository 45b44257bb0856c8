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
  emailCode: { codeHash: string; sentAt: number } | null;
  emailCodesSent: number;
  /** Kept when new details clear the code: sends stay 30 s apart whatever the person does. */
  lastEmailCodeSentAt: number | null;
  wrongEmailCodes: number;
  emailProven: boolean;
  soleAccessConfirmed: { app: boolean; nhsnet: boolean };
  app: { passwordHash: string | null; encryptedSecret: string | null; acceptedTimeStep: number | null };
  wrongAppCodes: number;
  nhsnetLogin: NhsnetLoginStart | null;
  nhsnetAccount: NhsnetAccount | null;
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
    emailCode: null,
    emailCodesSent: 0,
    lastEmailCodeSentAt: null,
    wrongEmailCodes: 0,
    emailProven: false,
    soleAccessConfirmed: { app: false, nhsnet: false },
    app: { passwordHash: null, encryptedSecret: null, acceptedTimeStep: null },
    wrongAppCodes: 0,
    nhsnetLogin: null,
    nhsnetAccount: null,
    passkey: emptyPasskey(),
    added: [],
    errors: {},
    notice: null,
    resumeAt: null,
    endReason: null,
    lateFailure: null,
    lateFailures: 0,
    retryAt: null,
  };
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

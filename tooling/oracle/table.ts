/**
 * The oracle table: for each page and each class of input, what SPEC.md (and the seed guidance page it
 * comes from) says happens next: the page, the error summary messages, and the side effects. Written by
 * hand and reviewed line by line against SPEC.md; it imports nothing of the statechart. Which class a
 * step belongs to is decided in classify.ts, from the step itself, the in-test services' answers and
 * what the journey did before.
 *
 * A row is keyed by page + input: a new branch of the journey is a new row (or a new input class),
 * never an edit of a row that still holds. docs/spec-oracle.md is generated from this table.
 */

/** The pages of SPEC "Screens (view ids) and branches", and the redirect to NHS.net Connect. */
export type Page =
  | 'start'
  | 'log-out-first'
  | 'enter-details'
  | 'enter-email-code'
  | 'choose-authenticator'
  | 'app-instructions'
  | 'create-password'
  | 'scan-qr'
  | 'enter-app-code'
  | 'app-added'
  | 'nhsnet-instructions'
  | 'nhsnet-redirect'
  | 'nhsnet-added'
  | 'nhsnet-unavailable'
  | 'passkey-loading'
  | 'passkey-register'
  | 'passkey-windows-hello'
  | 'passkey-added'
  | 'authenticator-not-added'
  | 'finished'
  | 'session-timed-out'
  | 'too-many-attempts'
  | 'problem-adding-authenticator'
  | 'contact-registration-authority'
  | 'profile-not-found'
  | 'service-unavailable';

/** What a step does beyond the page, as SPEC names it. */
export type Effect =
  | 'email code sent'
  | 'email and NI number locked for 15 minutes'
  | 'authenticator saved, notification and audit'
  | 'journey id renewed'
  | 'journey deleted on the server';

/** Any page: rows that hold wherever the person is. */
export const ANY_PAGE = '(any page)';
/** The page the person was on, shown again as it was. */
export const SAME_AS_BEFORE = '(the same page, as it was)';

export interface OracleRow {
  page: Page | typeof ANY_PAGE;
  input: string;
  expect: {
    page: Page | typeof SAME_AS_BEFORE;
    /** The error summary, in page order. */
    errors?: readonly string[];
    effects?: readonly Effect[];
    /** What else the page says that this input decides (why it failed, how long to wait). */
    shows?: readonly string[];
  };
  /** Where SPEC.md (or the seed) says so. */
  spec: string;
}

/**
 * Error messages. SPEC gives two in words ("Complete the image recognition test", "The code has
 * expired. Send a new code"); the others follow the GOV.UK / NHS.UK error message patterns for the
 * question SPEC describes (say what went wrong and how to fix it).
 */
export const MSG = {
  emailRequired: 'Enter your email address',
  emailFormat: 'Enter an email address in the correct format, like name@example.com',
  niRequired: 'Enter your National Insurance number',
  niFormat: 'Enter a National Insurance number in the correct format',
  captcha: 'Complete the image recognition test',
  codeRequired: 'Enter the code',
  codeFormat: 'The code must be 6 numbers',
  codeWrong: 'The code is not correct. Check the code in your email and try again',
  codeExpired: 'The code has expired. Send a new code',
  noMoreCodes: 'You cannot ask for any more codes. Use the last code we sent you',
  codeTooSoon: 'Wait 30 seconds before asking for a new code',
  stillLoggedIn: 'You are still logged in to Care Identity Management. Log out, then select continue',
  methodRequired: 'Select the type of authenticator you want to add',
  nhsnetAlreadyAdded: 'An NHS.net Connect account is already added to your profile. Select another type',
  appSoleAccess: 'Confirm that only you have access to this authenticator app',
  passwordCommon: 'This password is too common and easy to guess. Choose a different password',
  passwordMismatch: 'The passwords do not match',
  appCodeRequired: 'Enter the code from your authenticator app',
  appCodeWrong: 'The code is not correct. Enter the code your authenticator app shows now',
  appCodeDrift:
    'The code is not correct. Check the date and time on your phone are set automatically, then enter the new code',
  appCodeReplayed: 'That code has already been used. Wait for your authenticator app to show a new code',
  nhsnetSoleAccess: 'Confirm that only you have access to this NHS.net Connect account',
  nhsnetCancelled: 'You cancelled logging in to NHS.net Connect. Confirm and continue to try again',
  nhsnetFailed: 'We could not finish logging you in to NHS.net Connect. Confirm and continue to try again',
  windowsHelloQuestion: 'Select yes if Windows Hello is set up on this computer',
  passkeyCancelled: 'Creating a passkey was cancelled. Select "Create a passkey" to try again',
  passkeyTimedOut: 'Creating a passkey took too long. Select "Create a passkey" to try again',
  passkeyAlreadyRegistered:
    'This phone or tablet already has a passkey for your Care Identity profile. Use a different phone or tablet, or go back and choose a different type of authenticator',
  passkeyFailed: 'Your passkey could not be created. Select "Create a passkey" to try again',
} as const;

/** The three kinds of authenticator (SPEC 4). */
export const METHODS = {
  app: 'authenticator app',
  nhsnet: 'NHS.net Connect account',
  passkey: 'passkey',
} as const;
export type Method = keyof typeof METHODS;

/**
 * Late failures (SPEC 8): after the email is proven, each with its own plain reason, on a page that
 * offers "Try again" and "Choose another type of authenticator".
 */
export const LATE_REASONS = {
  passkeyNotVerified: 'the passkey could not be verified',
  passkeyLinkedElsewhere: 'the passkey is linked to another profile',
  nhsnetWrongOrganisation: 'the account is from a tenant or email domain that is not allowed',
  nhsnetLinkedElsewhere: 'the account is linked to another profile',
  nhsnetAlreadyOnProfile: 'the account is already on this profile',
  directoryRefused: 'the directory refused it, and a retry can fix it',
} as const;
export type LateReason = keyof typeof LATE_REASONS;

/** What authenticator-not-added says: what was not added, and why. */
export const notAddedBecause = (method: Method, reason: LateReason) =>
  `not added: the ${METHODS[method]}, because ${LATE_REASONS[reason]}`;

/**
 * What too-many-attempts says about waiting (SPEC 9: "how long the refusing limit still lasts (whole
 * minutes, rounded up)"). Where the wait depends on how long the limiter says it refuses for, the row
 * gives no wait and the oracle works it out from that answer.
 */
export const waitFor = (minutes: number | null) =>
  minutes === null ? 'says: you can start again now' : `says: wait ${minutes} minutes`;

const CODE: Effect = 'email code sent';
const DELETED: Effect = 'journey deleted on the server';
const SAVED: Effect = 'authenticator saved, notification and audit';
const row = (
  page: OracleRow['page'],
  input: string,
  expect: OracleRow['expect'],
  spec: string,
): OracleRow => ({ page, input, expect, spec });

/** The kinds of demo profile (src/dev/demo-profiles.ts) as the identity check meets them. */
export const PROFILE_KINDS = {
  active: 'an active profile',
  secondEmail: 'an active profile, by the second of its two email addresses',
  nhsnet: 'an active profile with an NHS.net Connect account already added',
  suspended: 'a suspended profile',
  closed: 'a closed profile',
} as const;
export type ProfileKind = keyof typeof PROFILE_KINDS;

/** The passkey branch's platform classes (SPEC 7 and 10). */
export const PLATFORMS = {
  hello: 'Windows with Windows Hello',
  windows: 'Windows without Windows Hello',
  other: 'not Windows',
  noScript: 'no JavaScript: answered that Windows Hello is not set up',
} as const;
export type Platform = keyof typeof PLATFORMS;

const profileRows = (Object.keys(PROFILE_KINDS) as ProfileKind[]).flatMap((kind) => [
  row(
    'enter-details',
    `valid details, CAPTCHA passed, within the limits; they match ${PROFILE_KINDS[kind]}; first code`,
    { page: 'enter-email-code', effects: [CODE] },
    'SPEC 2 "match → an email code is sent → enter-email-code"; SPEC 3 profile-not-found "appears only after the email is proven"',
  ),
  row(
    'enter-email-code',
    `the right code, in time, for ${PROFILE_KINDS[kind]}`,
    kind === 'suspended' || kind === 'closed'
      ? { page: 'profile-not-found', effects: ['journey id renewed'] }
      : { page: 'choose-authenticator', effects: ['journey id renewed'] },
    kind === 'suspended' || kind === 'closed'
      ? 'SPEC 3 "correct, profile not usable (closed or suspended) → profile-not-found"'
      : 'SPEC 3 "correct, profile active → choose-authenticator"; session cookie "new id once the email is proven"',
  ),
]);

const platformRows = (Object.keys(PLATFORMS) as Platform[]).flatMap((p) => [
  row(
    'passkey-loading',
    `platform: ${PLATFORMS[p]}`,
    { page: 'passkey-register' },
    p === 'noScript'
      ? 'SPEC 7 "Without JavaScript, ask the question on the page instead"'
      : 'SPEC 7 "client script detects the platform"',
  ),
  row(
    'passkey-register',
    `a passkey (${PLATFORMS[p]}), verified and saved`,
    { page: 'passkey-added', effects: [SAVED] },
    'SPEC 7 "passkey-added — confirmation"; SPEC 8 notification and audit',
  ),
]);

export const ORACLE: readonly OracleRow[] = [
  // ---- any page ----
  row(
    ANY_PAGE,
    'a request more than 30 minutes after the last one',
    { page: 'session-timed-out' },
    'SPEC rules "journey inactivity timeout | 30 minutes"; SPEC 9 session-timed-out',
  ),
  row(
    ANY_PAGE,
    'the person extends the journey',
    { page: SAME_AS_BEFORE },
    'SPEC rules "warn before, and let the user extend"',
  ),
  // ---- opening ----
  row(
    'start',
    'the journey begins, no Care Identity Management session',
    { page: 'start' },
    'SPEC 1 start page',
  ),
  row(
    'start',
    'the journey begins with a Care Identity Management session cookie',
    { page: 'log-out-first' },
    'SPEC 1 "If a Care Identity Management session cookie is present … show log-out-first"',
  ),
  row('start', 'Start now, logged out', { page: 'enter-details' }, 'SPEC 1 "Start now"'),
  row(
    'start',
    'Start now, still logged in to Care Identity Management',
    { page: 'log-out-first' },
    'SPEC 1 log-out-first; seed "you must be logged out of Care Identity Management"',
  ),
  row(
    'log-out-first',
    'continue, still logged in',
    { page: 'log-out-first', errors: [MSG.stillLoggedIn] },
    'SPEC 1 "You must be logged out of Care Identity Management"',
  ),
  row('log-out-first', 'continue, logged out', { page: 'start' }, 'SPEC 1'),
  // ---- enter details ----
  row(
    'enter-details',
    'email address not in the right format',
    { page: 'enter-details', errors: [MSG.emailFormat] },
    'SPEC 2 "invalid input → same page, NHS error summary + inline errors"; rules "email"',
  ),
  row(
    'enter-details',
    'NI number never issued (the QQ 12 34 56 C example)',
    { page: 'enter-details', errors: [MSG.niFormat] },
    'SPEC rules "NI number … QQ 12 34 56 C is never issued (so it fails these rules)"',
  ),
  row(
    'enter-details',
    'nothing entered',
    { page: 'enter-details', errors: [MSG.emailRequired, MSG.niRequired, MSG.captcha] },
    'SPEC 2 "invalid input → same page … inline errors"',
  ),
  row(
    'enter-details',
    'valid details, image test not answered',
    { page: 'enter-details', errors: [MSG.captcha] },
    'SPEC 2 "Complete the image recognition test"',
  ),
  row(
    'enter-details',
    'valid details, CAPTCHA failed',
    { page: 'enter-details', errors: [MSG.captcha] },
    'SPEC 2 "CAPTCHA failed → same page, Complete the image recognition test"',
  ),
  row(
    'enter-details',
    'valid details, the CAPTCHA service is down',
    { page: 'service-unavailable' },
    'SPEC 9 "service-unavailable (a dependency is down: nothing is lost, try again)"',
  ),
  row(
    'enter-details',
    'valid details, CAPTCHA passed, an identity check limit is reached',
    { page: 'too-many-attempts' },
    'SPEC 2 "rate limit hit → too-many-attempts"; rules "identity checks … same answer whichever limit"; SPEC 9 "says how long the refusing limit still lasts (whole minutes, rounded up)"',
  ),
  row(
    'enter-details',
    'valid details, CAPTCHA passed, the rate limiter is down',
    { page: 'service-unavailable' },
    'SPEC 9 service-unavailable',
  ),
  row(
    'enter-details',
    'valid details, CAPTCHA passed, within the limits; no profile matches',
    { page: 'problem-adding-authenticator' },
    'SPEC 2 "do not match an active or inactive profile … → problem-adding-authenticator (generic)"',
  ),
  row(
    'enter-details',
    'valid details, CAPTCHA passed, within the limits; the profile has no NI number',
    { page: 'problem-adding-authenticator' },
    'SPEC 2 "or the profile has no NI number → problem-adding-authenticator"; seed "only if your National Insurance number is on your Care Identity profile"',
  ),
  row(
    'enter-details',
    'valid details, CAPTCHA passed, within the limits; the directory is down',
    { page: 'service-unavailable' },
    'SPEC 9 service-unavailable',
  ),
  ...profileRows,
  row(
    'enter-details',
    'valid details for a matching profile again; a new code, 30 s or more after the last',
    { page: 'enter-email-code', effects: [CODE] },
    'SPEC rules "code sends per journey | 1 + 3 resends; at least 30 s apart"',
  ),
  row(
    'enter-details',
    'valid details for a matching profile again, less than 30 s after the last code',
    { page: 'enter-details', errors: [MSG.codeTooSoon] },
    'SPEC rules "code sends … at least 30 s apart"',
  ),
  row(
    'enter-details',
    'valid details for a matching profile again, all 4 code sends used',
    { page: 'too-many-attempts', shows: [waitFor(null)] },
    'SPEC rules "code sends per journey | 1 + 3 resends" (a limit of this journey: a new journey may start at once)',
  ),
  row(
    'enter-details',
    'valid details for a matching profile, the mail service is down',
    { page: 'service-unavailable' },
    'SPEC 9 service-unavailable',
  ),
  row('enter-details', 'back link', { page: 'start' }, 'SPEC 9 "Back links on every question page"'),
  // ---- enter email code ----
  row(
    'enter-email-code',
    'nothing entered',
    { page: 'enter-email-code', errors: [MSG.codeRequired] },
    'SPEC 3 "6-digit code" (GOV.UK: a missing answer is asked for)',
  ),
  row(
    'enter-email-code',
    'not 6 digits',
    { page: 'enter-email-code', errors: [MSG.codeFormat] },
    'SPEC 3 "6-digit code; accept spaces/hyphens and paste"',
  ),
  row(
    'enter-email-code',
    'the right code, more than 10 minutes after it was sent',
    { page: 'enter-email-code', errors: [MSG.codeExpired] },
    'SPEC 3 "expired → The code has expired. Send a new code"; rules "email code lifetime | 10 minutes"',
  ),
  ...['1st', '2nd', '3rd', '4th'].map((n) =>
    row(
      'enter-email-code',
      `a wrong code (the ${n} in the journey)`,
      { page: 'enter-email-code', errors: [MSG.codeWrong] },
      'SPEC 3 "wrong → inline error"',
    ),
  ),
  row(
    'enter-email-code',
    'a wrong code, the 5th in the journey',
    {
      page: 'too-many-attempts',
      effects: ['email and NI number locked for 15 minutes'],
      shows: [waitFor(15)],
    },
    'SPEC 3 "5 wrong codes in the journey (a new code does not reset the count) → too-many-attempts"; rules "lock … 15 minutes"',
  ),
  row(
    'enter-email-code',
    'a wrong code, the 5th in the journey, and the lock cannot be written',
    { page: 'too-many-attempts', shows: [waitFor(15)] },
    'SPEC 3 "5 wrong codes → too-many-attempts" (the journey ends either way); rules "lock … 15 minutes"',
  ),
  row(
    'enter-email-code',
    'a code, the code checker is down',
    { page: 'service-unavailable' },
    'SPEC 9 service-unavailable',
  ),
  row(
    'enter-email-code',
    'send a new code, 30 s or more after the last',
    { page: 'enter-email-code', effects: [CODE] },
    'SPEC 3 "Send a new code"; rules "1 + 3 resends; at least 30 s apart"',
  ),
  row(
    'enter-email-code',
    'send a new code, less than 30 s after the last',
    { page: 'enter-email-code', errors: [MSG.codeTooSoon] },
    'SPEC rules "at least 30 s apart"',
  ),
  row(
    'enter-email-code',
    'send a new code, all 4 code sends used',
    { page: 'enter-email-code', errors: [MSG.noMoreCodes] },
    'SPEC rules "code sends per journey | 1 + 3 resends"',
  ),
  row(
    'enter-email-code',
    'send a new code, the mail service is down',
    { page: 'service-unavailable' },
    'SPEC 9 service-unavailable',
  ),
  row('enter-email-code', 'back link', { page: 'enter-details' }, 'SPEC 9 back links'),
  // ---- choose ----
  row('choose-authenticator', 'Authenticator app', { page: 'app-instructions' }, 'SPEC 4, SPEC 5'),
  row('choose-authenticator', 'NHS.net Connect', { page: 'nhsnet-instructions' }, 'SPEC 4, SPEC 6'),
  row(
    'choose-authenticator',
    'NHS.net Connect, when the profile already has one',
    { page: 'choose-authenticator', errors: [MSG.nhsnetAlreadyAdded] },
    'SPEC 4 "a second NHS.net Connect link … is shown as already added"; rules "one NHS.net Connect account per profile"',
  ),
  row('choose-authenticator', 'Passkey', { page: 'passkey-loading' }, 'SPEC 4, SPEC 7'),
  row(
    'choose-authenticator',
    'nothing chosen, or a method that is not offered',
    { page: 'choose-authenticator', errors: [MSG.methodRequired] },
    'SPEC rules "bad input … the same page with errors"',
  ),
  // ---- authenticator app ----
  row('app-instructions', 'box ticked', { page: 'create-password' }, 'SPEC 5 app-instructions'),
  row(
    'app-instructions',
    'box not ticked',
    { page: 'app-instructions', errors: [MSG.appSoleAccess] },
    'SPEC 5 "checkbox … (required)"',
  ),
  row('app-instructions', 'back link', { page: 'choose-authenticator' }, 'SPEC 9 back links'),
  row(
    'create-password',
    'a good password, confirmed',
    { page: 'scan-qr' },
    'SPEC 5 create-password then scan-qr',
  ),
  row(
    'create-password',
    'a common password',
    { page: 'create-password', errors: [MSG.passwordCommon] },
    'SPEC rules "password … rejected if common/breached"',
  ),
  row(
    'create-password',
    'the confirmation does not match',
    { page: 'create-password', errors: [MSG.passwordMismatch] },
    'SPEC rules "password … confirm must match"',
  ),
  row(
    'create-password',
    'a password, the password checker is down',
    { page: 'service-unavailable' },
    'SPEC 9 service-unavailable',
  ),
  row(
    'create-password',
    'a good password, the secret store is down',
    { page: 'service-unavailable' },
    'SPEC 9 service-unavailable',
  ),
  row('create-password', 'back link', { page: 'app-instructions' }, 'SPEC 9 back links'),
  row('scan-qr', 'Next', { page: 'enter-app-code' }, 'SPEC 5 scan-qr "Next"'),
  row('scan-qr', 'back link', { page: 'create-password' }, 'SPEC 9 back links'),
  row(
    'enter-app-code',
    'nothing entered',
    { page: 'enter-app-code', errors: [MSG.appCodeRequired] },
    'SPEC 5 "6-digit code from the app"',
  ),
  row(
    'enter-app-code',
    'not 6 digits',
    { page: 'enter-app-code', errors: [MSG.codeFormat] },
    'SPEC 5 "6-digit code from the app"',
  ),
  row(
    'enter-app-code',
    'the code the app shows now, saved',
    { page: 'app-added', effects: [SAVED] },
    'SPEC 5 app-added; SPEC 8 notification and audit',
  ),
  row(
    'enter-app-code',
    'the code the app shows now, the directory refuses it (a retry can fix it)',
    { page: 'authenticator-not-added', shows: [notAddedBecause('app', 'directoryRefused')] },
    'SPEC 8 "a directory refusal a retry can fix → a page that offers Try again and Choose another type"',
  ),
  row(
    'enter-app-code',
    'the code the app shows now, the profile can no longer take an authenticator',
    { page: 'contact-registration-authority' },
    'SPEC 8 "Only what needs the RA ends the journey, with RA wording"',
  ),
  row(
    'enter-app-code',
    'the code the app shows now, the directory is down',
    { page: 'service-unavailable' },
    'SPEC 9 service-unavailable',
  ),
  ...[
    ['a wrong code', MSG.appCodeWrong],
    ['a code from 5 time steps back (clock drift)', MSG.appCodeDrift],
    ['a code already used', MSG.appCodeReplayed],
  ].map(([what, msg]) =>
    row(
      'enter-app-code',
      `${what}, within the 5 wrong codes`,
      { page: 'enter-app-code', errors: [msg as string] },
      'SPEC rules "TOTP … accept ±1 step; each time-step accepted once"',
    ),
  ),
  row(
    'enter-app-code',
    'a code not accepted, the 5th in the journey',
    { page: 'too-many-attempts', shows: [waitFor(null)] },
    'SPEC rules "TOTP … 5 wrong codes → too-many-attempts" (a limit of this journey: a new journey may start at once)',
  ),
  row(
    'enter-app-code',
    'a code, the TOTP checker is down',
    { page: 'service-unavailable' },
    'SPEC 9 service-unavailable',
  ),
  row('enter-app-code', 'back link', { page: 'scan-qr' }, 'SPEC 9 back links'),
  row(
    'app-added',
    'Add another authenticator',
    { page: 'choose-authenticator' },
    'SPEC 8 "Add another authenticator (back to choose-authenticator in the same live journey)"',
  ),
  ...(['app-added', 'nhsnet-added', 'passkey-added'] as const).flatMap((page) => [
    row(
      page,
      'Finish',
      { page: 'finished', effects: [DELETED] },
      'SPEC 8 "a primary Finish that ends the journey on the server and shows finished"; rules "at Finish (deleted on the server)"',
    ),
    row(
      page,
      'a request 5 minutes or more after the last activity',
      { page: 'finished', effects: [DELETED] },
      'SPEC 8 "a journey also ends by itself 5 minutes after its last activity on an *-added page"; rules "after an *-added page"',
    ),
  ]),
  // ---- NHS.net Connect ----
  row(
    'nhsnet-instructions',
    'box ticked, the provider answers',
    { page: 'nhsnet-redirect' },
    'SPEC 6 "redirect to the NHS.net Connect OpenID Connect provider"',
  ),
  row(
    'nhsnet-instructions',
    'box ticked, the provider is down',
    { page: 'nhsnet-unavailable' },
    'SPEC 6 "provider down → nhsnet-unavailable with try again"',
  ),
  row(
    'nhsnet-instructions',
    'box not ticked',
    { page: 'nhsnet-instructions', errors: [MSG.nhsnetSoleAccess] },
    'SPEC 6 "checkbox … (required)"',
  ),
  row('nhsnet-instructions', 'back link', { page: 'choose-authenticator' }, 'SPEC 9 back links'),
  row(
    'nhsnet-redirect',
    'callback whose state is not the one sent (forged, or missing)',
    { page: 'nhsnet-instructions', errors: [MSG.nhsnetFailed] },
    'SPEC rules "NHS.net Connect | authorization code + PKCE S256 + state"',
  ),
  row(
    'nhsnet-redirect',
    'cancelled at the provider',
    { page: 'nhsnet-instructions', errors: [MSG.nhsnetCancelled] },
    'SPEC 6 "cancelled at the provider → nhsnet-instructions with an error"',
  ),
  row(
    'nhsnet-redirect',
    'the provider answers with an error, or without a code',
    { page: 'nhsnet-unavailable' },
    'SPEC 6 "provider down → nhsnet-unavailable"',
  ),
  row(
    'nhsnet-redirect',
    'a code, the provider is down when it is exchanged',
    { page: 'nhsnet-unavailable' },
    'SPEC 6 "provider down → nhsnet-unavailable"',
  ),
  row(
    'nhsnet-redirect',
    'a code, the account is refused (tenant or domain not allowed)',
    { page: 'authenticator-not-added', shows: [notAddedBecause('nhsnet', 'nhsnetWrongOrganisation')] },
    'SPEC 6 "account refused (… tenant or domain not allowed) → a recoverable page (see 8)"; SPEC 8 "each with its own plain reason"',
  ),
  row(
    'nhsnet-redirect',
    'a code, the login does not prove who the person is (its token is refused)',
    { page: 'nhsnet-instructions', errors: [MSG.nhsnetFailed] },
    'SPEC rules "NHS.net Connect | … check iss, aud, exp, nonce": a login that proves nothing is a login to do again',
  ),
  row(
    'nhsnet-redirect',
    'a code, the account is verified and saved',
    { page: 'nhsnet-added', effects: [SAVED] },
    'SPEC 6 nhsnet-added; SPEC 8 notification and audit',
  ),
  row(
    'nhsnet-redirect',
    'a code, the account is verified, it is linked to another profile',
    { page: 'authenticator-not-added', shows: [notAddedBecause('nhsnet', 'nhsnetLinkedElsewhere')] },
    'SPEC 6 "account refused (linked to another profile …) → a recoverable page (see 8)"; rules "never on two profiles"',
  ),
  row(
    'nhsnet-redirect',
    'a code, the account is verified, the directory says it is already on this profile',
    { page: 'authenticator-not-added', shows: [notAddedBecause('nhsnet', 'nhsnetAlreadyOnProfile')] },
    'SPEC 8 "a directory refusal … → a page that offers … Choose another type of authenticator"; rules "one NHS.net Connect account per profile"',
  ),
  row(
    'nhsnet-redirect',
    'a code, the account is verified, the profile can no longer take an authenticator',
    { page: 'contact-registration-authority' },
    'SPEC 8 "Only what needs the RA ends the journey, with RA wording"',
  ),
  row(
    'nhsnet-redirect',
    'a code, the account is verified, the directory is down',
    { page: 'service-unavailable' },
    'SPEC 9 service-unavailable',
  ),
  row('nhsnet-redirect', 'back link', { page: 'nhsnet-instructions' }, 'SPEC 9 back links'),
  row(
    'nhsnet-unavailable',
    'try again, the provider answers',
    { page: 'nhsnet-redirect' },
    'SPEC 6 "nhsnet-unavailable with try again"',
  ),
  row('nhsnet-unavailable', 'back link', { page: 'nhsnet-instructions' }, 'SPEC 9 back links'),
  row('nhsnet-added', 'Add another authenticator', { page: 'choose-authenticator' }, 'SPEC 8'),
  // ---- passkey ----
  ...platformRows,
  row(
    'passkey-loading',
    'a platform, the passkey service is down',
    { page: 'service-unavailable' },
    'SPEC 9 service-unavailable',
  ),
  row(
    'passkey-loading',
    'no JavaScript: the question not answered',
    { page: 'passkey-loading', errors: [MSG.windowsHelloQuestion] },
    'SPEC 7 "Without JavaScript, ask the question on the page instead"',
  ),
  row('passkey-loading', 'back link', { page: 'choose-authenticator' }, 'SPEC 9 back links'),
  row(
    'passkey-register',
    'a passkey made more than 5 minutes after the challenge',
    { page: 'passkey-register', errors: [MSG.passkeyTimedOut] },
    'SPEC 7 "cancelled or timed out … → passkey-register with an error and try again"; rules "5-minute timeout"',
  ),
  row(
    'passkey-register',
    'cancelled or timed out in the browser (NotAllowedError)',
    { page: 'passkey-register', errors: [MSG.passkeyCancelled] },
    'SPEC 7 "cancelled or timed out (NotAllowedError) → passkey-register with an error and try again"',
  ),
  row(
    'passkey-register',
    'already registered (InvalidStateError)',
    { page: 'passkey-register', errors: [MSG.passkeyAlreadyRegistered] },
    'SPEC 7 "already registered (InvalidStateError) → explain"',
  ),
  row(
    'passkey-register',
    'another browser error',
    { page: 'passkey-register', errors: [MSG.passkeyFailed] },
    'SPEC 8 "a failed passkey ceremony … does not end the journey"',
  ),
  row(
    'passkey-register',
    'a passkey made by Windows Hello on this Windows PC',
    { page: 'passkey-windows-hello' },
    'SPEC 7 "created by Windows Hello on this PC (platform attachment on Windows) → passkey-windows-hello"',
  ),
  row(
    'passkey-register',
    'a passkey that fails verification',
    { page: 'authenticator-not-added', shows: [notAddedBecause('passkey', 'passkeyNotVerified')] },
    'SPEC 7 "verification fails → a recoverable page (see 8)"',
  ),
  row(
    'passkey-register',
    'a passkey, the verifier is down',
    { page: 'service-unavailable' },
    'SPEC 9 service-unavailable',
  ),
  row(
    'passkey-register',
    'a passkey the profile already has (the directory says so)',
    { page: 'passkey-register', errors: [MSG.passkeyAlreadyRegistered] },
    'SPEC 7 "already registered … → explain"',
  ),
  row(
    'passkey-register',
    'a passkey the directory finds linked to another profile',
    { page: 'authenticator-not-added', shows: [notAddedBecause('passkey', 'passkeyLinkedElsewhere')] },
    'SPEC 8 "a directory refusal a retry can fix → a page that offers Try again and Choose another type"',
  ),
  row(
    'passkey-register',
    'a passkey, the profile can no longer take an authenticator',
    { page: 'contact-registration-authority' },
    'SPEC 8 "Only what needs the RA ends the journey, with RA wording"',
  ),
  row(
    'passkey-register',
    'My screen looks different',
    { page: 'passkey-register' },
    'SPEC 10 "a visible My screen looks different switch moves between type 1 and type 2" (a new challenge goes with the other steps)',
  ),
  row(
    'passkey-register',
    'a passkey, the directory is down',
    { page: 'service-unavailable' },
    'SPEC 9 service-unavailable',
  ),
  row('passkey-register', 'back link', { page: 'choose-authenticator' }, 'SPEC 9 back links'),
  row(
    'passkey-windows-hello',
    'try again',
    { page: 'passkey-register' },
    'SPEC 7 "use your phone" (a new ceremony)',
  ),
  row('passkey-windows-hello', 'back link', { page: 'choose-authenticator' }, 'SPEC 9 back links'),
  row('passkey-added', 'Add another authenticator', { page: 'choose-authenticator' }, 'SPEC 8'),
  // ---- late failures (SPEC 8) ----
  ...(Object.keys(METHODS) as Method[]).map((m) =>
    row(
      'authenticator-not-added',
      `Try again, after the ${METHODS[m]} was not added`,
      {
        page: m === 'app' ? 'app-instructions' : m === 'nhsnet' ? 'nhsnet-instructions' : 'passkey-register',
      },
      m === 'passkey'
        ? 'SPEC 8 "Try again" without redoing the identity (a new passkey ceremony)'
        : 'SPEC 8 "Try again" without redoing the identity (the method again from its first page)',
    ),
  ),
  row(
    'authenticator-not-added',
    'Choose another type of authenticator',
    { page: 'choose-authenticator' },
    'SPEC 8 "Choose another type of authenticator"',
  ),
  row(
    ANY_PAGE,
    'an authenticator not added, the 3rd time in the journey',
    { page: 'contact-registration-authority' },
    'SPEC 8 "within the journey\'s attempt limits" (3 late failures a journey); "Only what needs the RA ends the journey"',
  ),
  // ---- try again after an outage: "nothing is lost" ----
  row(
    'service-unavailable',
    'try again after the identity check could not run',
    { page: 'enter-details' },
    'SPEC 9 "nothing is lost, try again"; SPEC 2 "values kept (never the CAPTCHA)"',
  ),
  row(
    'service-unavailable',
    'try again after the code could not be sent, mail up',
    { page: 'enter-email-code', effects: [CODE] },
    'SPEC 9 "nothing is lost, try again"',
  ),
  row(
    'service-unavailable',
    'try again after the code could not be checked',
    { page: 'enter-email-code' },
    'SPEC 9 "nothing is lost, try again"',
  ),
  row(
    'service-unavailable',
    'try again after the password could not be checked',
    { page: 'create-password' },
    'SPEC 9 "nothing is lost, try again"',
  ),
  row(
    'service-unavailable',
    'try again after the app secret could not be made, secret store up',
    { page: 'scan-qr' },
    'SPEC 9 "nothing is lost, try again"',
  ),
  row(
    'service-unavailable',
    'try again after the app code could not be checked',
    { page: 'enter-app-code' },
    'SPEC 9 "nothing is lost, try again"',
  ),
  ...(['app', 'nhsnet', 'passkey'] as const).map((m) =>
    row(
      'service-unavailable',
      `try again after the ${m === 'app' ? 'authenticator app' : m === 'nhsnet' ? 'NHS.net Connect account' : 'passkey'} could not be saved, saved now`,
      { page: `${m}-added`, effects: [SAVED] },
      'SPEC 9 "nothing is lost, try again"; SPEC 8',
    ),
  ),
  row(
    'service-unavailable',
    'try again after the passkey service was down, it answers now',
    { page: 'passkey-register' },
    'SPEC 9 "nothing is lost, try again"',
  ),
];

export const rowKey = (page: string, input: string) => `${page} | ${input}`;

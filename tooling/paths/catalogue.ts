/**
 * The event catalogue of the journey model: for each state, the steps a test may take there.
 * User events come with payloads, valid and invalid; a busy state offers every answer its service can
 * give (each switch of the in-test fakes), as a synthetic done/error event with the output that fake
 * would return for the invoke's input. Time moves only in a few named ways, so the model stays finite.
 */
import type { JourneyEvent } from '../../src/machine/events.js';
import type { JourneySnapshot } from '../../src/machine/index.js';
import { LIMITS } from '../../src/machine/limits.js';
import {
  DRIFT_APP_CODE,
  GOOD_APP_CODE,
  GOOD_EMAIL_CODE,
  REPLAYED_APP_CODE,
  validDetails,
} from '../journey-fakes.js';
import { answersFor } from './service-answers.js';
import { isBusySnapshot, type PlanStep, type UserStep } from './steps.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Long enough for the inactivity timeout whatever happened before. */
export const TIMEOUT_ADVANCE_MS = LIMITS.inactivityTimeoutMs + MINUTE;
export const RESEND_WAIT_MS = LIMITS.emailCodeResendGapMs + SECOND;
export const CODE_EXPIRY_WAIT_MS = LIMITS.emailCodeLifetimeMs + MINUTE;
export const CHALLENGE_EXPIRY_WAIT_MS = LIMITS.passkeyChallengeLifetimeMs + MINUTE;

const user = (label: string, event: JourneyEvent, advanceMs = 0): UserStep => ({
  type: 'user',
  label,
  advanceMs,
  event,
});

const details = (over: Partial<Omit<Extract<JourneyEvent, { type: 'DETAILS_SUBMITTED' }>, 'type'>>) => ({
  ...validDetails,
  ...over,
});

/** Catalogue entries that do not depend on the journey so far. */
const FIXED: Partial<Record<JourneyEvent['type'], UserStep[]>> = {
  START_SELECTED: [
    user('START_SELECTED (no Care Identity session)', { type: 'START_SELECTED', cimSessionPresent: false }),
    user('START_SELECTED (Care Identity session open)', { type: 'START_SELECTED', cimSessionPresent: true }),
  ],
  LOGGED_OUT_CONFIRMED: [
    user('LOGGED_OUT_CONFIRMED (still logged in)', { type: 'LOGGED_OUT_CONFIRMED', cimSessionPresent: true }),
    user('LOGGED_OUT_CONFIRMED (logged out)', { type: 'LOGGED_OUT_CONFIRMED', cimSessionPresent: false }),
  ],
  BACK_SELECTED: [user('BACK_SELECTED', { type: 'BACK_SELECTED' })],
  AUTHENTICATOR_CHOSEN: [
    user('AUTHENTICATOR_CHOSEN (app)', { type: 'AUTHENTICATOR_CHOSEN', method: 'app' }),
    user('AUTHENTICATOR_CHOSEN (nhsnet)', { type: 'AUTHENTICATOR_CHOSEN', method: 'nhsnet' }),
    user('AUTHENTICATOR_CHOSEN (passkey)', { type: 'AUTHENTICATOR_CHOSEN', method: 'passkey' }),
    user('AUTHENTICATOR_CHOSEN (nothing chosen)', { type: 'AUTHENTICATOR_CHOSEN', method: '' }),
    user('AUTHENTICATOR_CHOSEN (unknown method)', { type: 'AUTHENTICATOR_CHOSEN', method: 'sms' }),
  ],
  SOLE_ACCESS_CONFIRMED: [
    user('SOLE_ACCESS_CONFIRMED (ticked)', { type: 'SOLE_ACCESS_CONFIRMED', confirmed: true }),
    user('SOLE_ACCESS_CONFIRMED (not ticked)', { type: 'SOLE_ACCESS_CONFIRMED', confirmed: false }),
  ],
  PASSWORD_CREATED: [
    user('PASSWORD_CREATED', {
      type: 'PASSWORD_CREATED',
      password: 'granite lantern orbit 42',
      confirmation: 'granite lantern orbit 42',
    }),
  ],
  QR_SCANNED: [user('QR_SCANNED', { type: 'QR_SCANNED' })],
  APP_CODE_SUBMITTED: [
    user('APP_CODE_SUBMITTED (right code)', { type: 'APP_CODE_SUBMITTED', code: GOOD_APP_CODE }),
    user('APP_CODE_SUBMITTED (wrong code)', { type: 'APP_CODE_SUBMITTED', code: '000000' }),
    user('APP_CODE_SUBMITTED (clock drift)', { type: 'APP_CODE_SUBMITTED', code: DRIFT_APP_CODE }),
    user('APP_CODE_SUBMITTED (code already used)', { type: 'APP_CODE_SUBMITTED', code: REPLAYED_APP_CODE }),
    user('APP_CODE_SUBMITTED (malformed)', { type: 'APP_CODE_SUBMITTED', code: '12ab56' }),
    user('APP_CODE_SUBMITTED (empty)', { type: 'APP_CODE_SUBMITTED', code: '' }),
  ],
  PLATFORM_DETECTED: [
    user('PLATFORM_DETECTED (Windows with Windows Hello)', {
      type: 'PLATFORM_DETECTED',
      os: 'windows',
      platformAuthenticator: true,
    }),
    user('PLATFORM_DETECTED (Windows without Windows Hello)', {
      type: 'PLATFORM_DETECTED',
      os: 'windows',
      platformAuthenticator: false,
    }),
    user('PLATFORM_DETECTED (not Windows)', {
      type: 'PLATFORM_DETECTED',
      os: 'other',
      platformAuthenticator: true,
    }),
    // Without JavaScript the page asks whether Windows Hello is set up; "No" posts this.
    user('PLATFORM_DETECTED (no JavaScript, answered that Windows Hello is not set up)', {
      type: 'PLATFORM_DETECTED',
      os: 'other',
      platformAuthenticator: false,
    }),
  ],
  PLATFORM_QUESTION_UNANSWERED: [
    user('PLATFORM_QUESTION_UNANSWERED', { type: 'PLATFORM_QUESTION_UNANSWERED' }),
  ],
  PASSKEY_FAILED: ['NotAllowedError', 'InvalidStateError', 'AbortError', 'SecurityError', 'UnknownError'].map(
    (errorName) => user(`PASSKEY_FAILED (${errorName})`, { type: 'PASSKEY_FAILED', errorName }),
  ),
  ADD_ANOTHER_SELECTED: [user('ADD_ANOTHER_SELECTED', { type: 'ADD_ANOTHER_SELECTED' })],
  RETRY_SELECTED: [user('RETRY_SELECTED', { type: 'RETRY_SELECTED' })],
  FINISH_SELECTED: [user('FINISH_SELECTED', { type: 'FINISH_SELECTED' })],
  CHOOSE_ANOTHER_SELECTED: [user('CHOOSE_ANOTHER_SELECTED', { type: 'CHOOSE_ANOTHER_SELECTED' })],
  PASSKEY_INSTRUCTIONS_SWITCHED: [
    user('PASSKEY_INSTRUCTIONS_SWITCHED', { type: 'PASSKEY_INSTRUCTIONS_SWITCHED' }),
  ],
  JOURNEY_EXTENDED: [user('JOURNEY_EXTENDED', { type: 'JOURNEY_EXTENDED' })],
};

/**
 * Time moves only in a few ways, each offered only where it changes what a guard decides, so that the
 * absolute timeout is never reached by accident and the model stays small: one long wait (a code or a
 * passkey challenge expires) in a journey that has not waited yet, and one short wait (codes are sent
 * at least 30 s apart) for each code sent.
 */
const elapsed = (s: JourneySnapshot) => s.context.now - s.context.startedAt;
const clockUnmoved = (s: JourneySnapshot) => elapsed(s) === 0;
export const LONG_WAIT_MS = 5 * MINUTE;
const mayWaitForNextCode = (s: JourneySnapshot) =>
  elapsed(s) < LONG_WAIT_MS && elapsed(s) < s.context.email.codesSent * RESEND_WAIT_MS;

function detailsSteps(s: JourneySnapshot): UserStep[] {
  const steps = [
    user('DETAILS_SUBMITTED (valid)', details({})),
    user('DETAILS_SUBMITTED (valid, spaced and mixed case)', {
      ...details({ email: '  Alex.Morgan@NHS.net ', niNumber: 'ab-12-34-56-c' }),
    }),
    user('DETAILS_SUBMITTED (bad email)', details({ email: 'alex.morgan.nhs.net' })),
    user(
      "DETAILS_SUBMITTED (valid, the profile's second email address)",
      details({ email: 'alex.morgan@example-trust.nhs.uk' }),
    ),
    user(
      'DETAILS_SUBMITTED (bad NI number: the never-issued QQ example)',
      details({ niNumber: 'QQ 12 34 56 C' }),
    ),
    user('DETAILS_SUBMITTED (all empty)', details({ email: '', niNumber: '', captchaToken: '' })),
    user('DETAILS_SUBMITTED (missing CAPTCHA)', details({ captchaToken: '   ' })),
  ];
  if (mayWaitForNextCode(s))
    steps.push(user('DETAILS_SUBMITTED (valid, 31 s later)', details({}), RESEND_WAIT_MS));
  return steps;
}

function emailCodeSteps(s: JourneySnapshot): UserStep[] {
  const steps = [
    user('EMAIL_CODE_SUBMITTED (right code)', { type: 'EMAIL_CODE_SUBMITTED', code: GOOD_EMAIL_CODE }),
    user('EMAIL_CODE_SUBMITTED (right code, pasted with spaces)', {
      type: 'EMAIL_CODE_SUBMITTED',
      code: ' 123 456 ',
    }),
    user('EMAIL_CODE_SUBMITTED (wrong code)', { type: 'EMAIL_CODE_SUBMITTED', code: '000000' }),
    user('EMAIL_CODE_SUBMITTED (malformed)', { type: 'EMAIL_CODE_SUBMITTED', code: '12345' }),
    user('EMAIL_CODE_SUBMITTED (empty)', { type: 'EMAIL_CODE_SUBMITTED', code: '' }),
  ];
  if (clockUnmoved(s))
    steps.push(
      user(
        'EMAIL_CODE_SUBMITTED (right code, 11 min after it was sent)',
        { type: 'EMAIL_CODE_SUBMITTED', code: GOOD_EMAIL_CODE },
        CODE_EXPIRY_WAIT_MS,
      ),
    );
  return steps;
}

function newEmailCodeSteps(s: JourneySnapshot): UserStep[] {
  const steps = [user('NEW_EMAIL_CODE_REQUESTED', { type: 'NEW_EMAIL_CODE_REQUESTED' })];
  if (mayWaitForNextCode(s))
    steps.push(
      user('NEW_EMAIL_CODE_REQUESTED (31 s later)', { type: 'NEW_EMAIL_CODE_REQUESTED' }, RESEND_WAIT_MS),
    );
  return steps;
}

function nhsnetCallbackSteps(s: JourneySnapshot): UserStep[] {
  const state = s.context.nhsnet.login?.state ?? 'no-login-started';
  const cb = (label: string, query: Record<string, string>) =>
    user(`NHSNET_CALLBACK_RECEIVED (${label})`, { type: 'NHSNET_CALLBACK_RECEIVED', query });
  return [
    cb('code', { code: 'auth-code', state }),
    cb('forged state', { code: 'auth-code', state: 'forged-state' }),
    cb('no state', { code: 'auth-code' }),
    cb('cancelled', { error: 'access_denied', state }),
    cb('provider error', { error: 'temporarily_unavailable', state }),
    cb('no code', { state }),
  ];
}

function passkeyCreatedSteps(s: JourneySnapshot): UserStep[] {
  const created = (advanceMs: number, label: string) =>
    user(label, { type: 'PASSKEY_CREATED', responseJSON: '{"id":"cred","type":"public-key"}' }, advanceMs);
  const steps = [created(0, 'PASSKEY_CREATED')];
  if (clockUnmoved(s))
    steps.push(created(CHALLENGE_EXPIRY_WAIT_MS, 'PASSKEY_CREATED (6 min after the challenge)'));
  return steps;
}

const DYNAMIC: Partial<Record<JourneyEvent['type'], (s: JourneySnapshot) => UserStep[]>> = {
  DETAILS_SUBMITTED: detailsSteps,
  EMAIL_CODE_SUBMITTED: emailCodeSteps,
  NEW_EMAIL_CODE_REQUESTED: newEmailCodeSteps,
  NHSNET_CALLBACK_RECEIVED: nhsnetCallbackSteps,
  PASSKEY_CREATED: passkeyCreatedSteps,
};

/** Event types a snapshot's active states accept, in a stable order (deepest state first). */
export function acceptedEventTypes(s: JourneySnapshot): string[] {
  const types: string[] = [];
  for (const node of [...s._nodes].reverse())
    for (const type of node.transitions.keys()) if (!types.includes(type)) types.push(type);
  return types;
}

export const TIMEOUT_STEP: PlanStep = {
  type: 'view',
  label: 'page viewed 31 min after the last request (timeout)',
  advanceMs: TIMEOUT_ADVANCE_MS,
};

/** On an "added" page, the short idle end comes first (shared PCs). */
export const IDLE_AFTER_ADDED_STEP: PlanStep = {
  type: 'view',
  label: 'page viewed 5 min after the last request on an added page',
  advanceMs: LIMITS.idleAfterAddedMs,
};

/**
 * Ways a journey can have left the plain road, as the model key sees them. No transition needs two
 * of them at once, so once two are taken the model only goes on along the first variant of each
 * event and the first answer of each service: that keeps it small and still reaches every transition.
 */
export function detours(s: JourneySnapshot): string[] {
  const c = s.context;
  const found: string[] = [];
  // Short waits between codes belong to sending new codes; a long wait is a detour of its own.
  if (elapsed(s) >= LONG_WAIT_MS) found.push('longWait');
  if (!c.email.proven && c.profile && (c.profile.status !== 'active' || c.profile.hasNhsnet))
    found.push('unusualProfile');
  if (!c.email.proven && c.email.codesSent > 1) found.push('newCodesSent');
  if (!c.email.proven && c.email.wrongCodes > 0) found.push('wrongEmailCodes');
  if (c.app.wrongCodes > 0) found.push('wrongAppCodes');
  if (c.profile?.hasNhsnet || c.added.some((a) => a.method === 'nhsnet')) found.push('hasNhsnet');
  if (c.app.encryptedSecret !== null && !s.matches({ addAuthenticator: 'authenticatorApp' }))
    found.push('appSecretKept');
  if (c.problems.lateFailures > 0) found.push('lateFailures');
  return found;
}

const MAX_DETOURS_BEFORE_PLAIN_ROAD = 2;

/** Every step the model may take from a snapshot. */
export function catalogue(s: JourneySnapshot): PlanStep[] {
  return catalogueOf(s, detours(s).length >= MAX_DETOURS_BEFORE_PLAIN_ROAD);
}

/** Every step, whatever the detours so far (the variant tours pick from it by label). */
export function fullCatalogue(s: JourneySnapshot): PlanStep[] {
  return catalogueOf(s, false);
}

function catalogueOf(s: JourneySnapshot, plainRoad: boolean): PlanStep[] {
  if (s.status !== 'active') return [];
  if (isBusySnapshot(s)) return plainRoad ? answersFor(s).slice(0, 1) : answersFor(s);
  const steps: PlanStep[] = [];
  for (const type of acceptedEventTypes(s)) {
    if (type === 'CLOCK_TICKED' || type.startsWith('xstate.')) continue;
    const key = type as JourneyEvent['type'];
    const dynamic = DYNAMIC[key];
    const variants = dynamic ? dynamic(s) : (FIXED[key] ?? []);
    steps.push(...(plainRoad ? variants.slice(0, 1) : variants));
  }
  steps.push(s.hasTag('added') ? IDLE_AFTER_ADDED_STEP : TIMEOUT_STEP);
  return steps;
}

/** The user event types the catalogue has payloads for (a test checks it covers every schema). */
export const CATALOGUED_EVENT_TYPES = [...Object.keys(FIXED), ...Object.keys(DYNAMIC), 'CLOCK_TICKED'];

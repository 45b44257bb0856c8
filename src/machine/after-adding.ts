/**
 * What happens around adding: the "added" pages and finishing (shared PCs), and the late failures that
 * let a person whose email is proven try again instead of starting over (SPEC.md, 8).
 */
import type { LateFailure } from './context.js';
import { journeySetup as s } from './setup.js';
import type { JourneyViewId } from './views.js';

const stateIdOf = (view: JourneyViewId) => view.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/**
 * An "added" page: add another in the same journey, or Finish. On a shared PC the next person must not
 * find it open, so it also ends by itself after LIMITS.idleAfterAddedMs without activity (checked with
 * the clock of every request, before what the request asks).
 */
export const addedPage = (view: 'app-added' | 'nhsnet-added' | 'passkey-added') =>
  s.createStateConfig({
    id: stateIdOf(view),
    tags: ['added'],
    meta: { view },
    on: {
      ADD_ANOTHER_SELECTED: { target: '#chooseAuthenticator', actions: 'clearErrors' },
      FINISH_SELECTED: {
        target: '#journeyFinished',
        actions: [
          { type: 'endWith', params: { reason: 'finished' } },
          { type: 'audit', params: { event: 'journey.finished', outcome: 'info' } },
        ],
      },
      CLOCK_TICKED: {
        guard: 'isAddedPageIdle',
        target: '#journeyFinished',
        actions: [
          { type: 'endWith', params: { reason: 'idleAfterAdded' } },
          { type: 'audit', params: { event: 'journey.idleAfterAdded', outcome: 'info' } },
        ],
      },
    },
  });

/** The journey is over and deleted: the page says so and that the browser can be closed. */
export const finished = s.createStateConfig({
  id: 'journeyFinished',
  type: 'final',
  meta: { view: 'finished', erase: true },
});

/**
 * A late failure: counted, then shown with "Try again" and "Choose another type of authenticator", until
 * the journey has had LIMITS.lateFailuresPerJourney of them; the last one needs the Registration Authority.
 */
export const lateFailed = s.createStateConfig({
  id: 'lateFailed',
  description: 'Counts late failures: the person tries again, until the limit sends them to their RA.',
  always: [
    {
      guard: 'hasUsedAllLateFailures',
      target: '#contactRegistrationAuthority',
      actions: [
        { type: 'endWith', params: { reason: 'lateFailures' } },
        { type: 'audit', params: { event: 'authenticator.tooManyFailures', outcome: 'failure' } },
      ],
    },
    { target: '#authenticatorNotAdded' },
  ],
});

export const authenticatorNotAdded = s.createStateConfig({
  id: 'authenticatorNotAdded',
  meta: { view: 'authenticator-not-added' },
  on: {
    RETRY_SELECTED: [
      {
        guard: { type: 'lateFailureWas', params: { method: 'app' } },
        target: '#appInstructions',
        // The refused app's secret is not offered again: a new QR code, a new code from the app.
        actions: ['forgetLateFailure', 'forgetAppSetup'],
      },
      {
        guard: { type: 'lateFailureWas', params: { method: 'nhsnet' } },
        target: '#nhsnetInstructions',
        actions: 'forgetLateFailure',
      },
      { target: '#creatingPasskeyOptions', actions: 'forgetLateFailure' },
    ],
    CHOOSE_ANOTHER_SELECTED: { target: '#chooseAuthenticator', actions: 'forgetLateFailure' },
  },
});

/** Only what the Registration Authority can fix ends the journey after the email is proven. */
export const contactRegistrationAuthority = s.createStateConfig({
  id: 'contactRegistrationAuthority',
  type: 'final',
  meta: { view: 'contact-registration-authority' },
});

/** The transition into a late failure: what failed and why, then the count decides the page. */
export function lateFailure(
  failure: LateFailure,
  audit: { event: string; reason?: string },
  learned: 'recordNhsnetOnProfile'[] = [],
) {
  return {
    target: '#lateFailed',
    actions: [
      ...learned,
      { type: 'recordLateFailure' as const, params: failure },
      {
        type: 'audit' as const,
        params: { ...audit, outcome: 'failure' as const, method: failure.method },
      },
    ],
  };
}

/** The profile cannot take an authenticator any more (closed or suspended since the email was proven). */
export function needsRegistrationAuthority(method: LateFailure['method'], reason: string) {
  return {
    target: '#contactRegistrationAuthority',
    actions: [
      { type: 'endWith' as const, params: { reason: `${method}:${reason}` } },
      {
        type: 'audit' as const,
        params: { event: 'authenticator.refused', outcome: 'failure' as const, method, reason },
      },
    ],
  };
}

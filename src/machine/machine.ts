/**
 * The "add an authenticator" journey: one statechart holding every step, branch and error path of
 * SPEC.md. States a person sees carry meta.view; states waiting on a service carry the tag 'busy'.
 */
import { authenticatorNotAdded, contactRegistrationAuthority, finished, lateFailed } from './after-adding.js';
import { authenticatorApp } from './authenticator-app.js';
import { initialContext, RESUME_POINTS } from './context.js';
import { identity, logOutFirst, opening, start } from './identity.js';
import { nhsnet } from './nhsnet.js';
import { passkey } from './passkey.js';
import { journeySetup as s } from './setup.js';
import type { JourneyViewId } from './views.js';

/** Bump when a change makes persisted snapshots unreadable; old journeys then end as timed out. */
export const MACHINE_VERSION = 3;

const chooseAuthenticator = s.createStateConfig({
  id: 'chooseAuthenticator',
  meta: { view: 'choose-authenticator' },
  on: {
    AUTHENTICATOR_CHOSEN: [
      {
        guard: { type: 'isMethodChosen', params: { method: 'app' } },
        target: '#appInstructions',
        actions: 'clearErrors',
      },
      {
        guard: 'isNhsnetChosenAgain',
        target: '#chooseAuthenticator',
        actions: { type: 'setErrors', params: { method: 'nhsnetAlreadyAdded' } },
      },
      {
        guard: { type: 'isMethodChosen', params: { method: 'nhsnet' } },
        target: '#nhsnetInstructions',
        actions: 'clearErrors',
      },
      {
        guard: { type: 'isMethodChosen', params: { method: 'passkey' } },
        target: '#passkeyLoading',
        actions: 'clearErrors',
      },
      { target: '#chooseAuthenticator', actions: { type: 'setErrors', params: { method: 'required' } } },
    ],
  },
});

const ended = (view: JourneyViewId) =>
  s.createStateConfig({
    id: view.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
    type: 'final',
    meta: { view },
  });

export const journeyMachine = s.createMachine({
  id: 'journey',
  context: ({ input }) => initialContext(input),
  initial: 'opening',
  on: {
    CLOCK_TICKED: [
      {
        guard: 'isJourneyTimedOut',
        target: '#sessionTimedOut',
        actions: [
          { type: 'endWith', params: { reason: 'timeout' } },
          { type: 'audit', params: { event: 'journey.timedOut', outcome: 'info' } },
        ],
      },
      { actions: 'recordTick' },
    ],
    // The activity itself was recorded by the CLOCK_TICKED that came with the request.
    JOURNEY_EXTENDED: {},
  },
  states: {
    opening,
    start,
    logOutFirst,
    identity,
    addAuthenticator: {
      initial: 'chooseAuthenticator',
      states: { chooseAuthenticator, authenticatorApp, nhsnet, passkey, lateFailed, authenticatorNotAdded },
    },
    serviceUnavailable: {
      id: 'serviceUnavailable',
      meta: { view: 'service-unavailable' },
      on: {
        RETRY_SELECTED: RESUME_POINTS.map((point) => ({
          guard: { type: 'resumesAt' as const, params: { point } },
          target: `#${point}`,
          actions: 'clearErrors' as const,
        })),
      },
    },
    sessionTimedOut: ended('session-timed-out'),
    tooManyAttempts: ended('too-many-attempts'),
    problemAddingAuthenticator: ended('problem-adding-authenticator'),
    profileNotFound: ended('profile-not-found'),
    contactRegistrationAuthority,
    finished,
  },
});

export type JourneyMachine = typeof journeyMachine;

/** NHS.net Connect: sole access, the OpenID Connect round trip, and linking the account. */
import { addedPage, lateFailure, needsRegistrationAuthority } from './after-adding.js';
import { idempotencyKey, journeySetup as s } from './setup.js';

const busy = ['busy' as const];

export const nhsnet = s.createStateConfig({
  initial: 'nhsnetInstructions',
  states: {
    nhsnetInstructions: {
      id: 'nhsnetInstructions',
      meta: { view: 'nhsnet-instructions' },
      on: {
        SOLE_ACCESS_CONFIRMED: [
          {
            guard: 'isSoleAccessConfirmed',
            target: '#startingNhsnetLogin',
            actions: { type: 'confirmSoleAccess', params: { method: 'nhsnet' } },
          },
          {
            target: '#nhsnetInstructions',
            actions: { type: 'setErrors', params: { soleAccess: 'required' } },
          },
        ],
        BACK_SELECTED: { target: '#chooseAuthenticator', actions: 'clearErrors' },
      },
    },
    startingNhsnetLogin: {
      id: 'startingNhsnetLogin',
      tags: busy,
      invoke: {
        id: 'beginNhsnetLogin',
        src: 'beginNhsnetLogin',
        input: () => ({}),
        onDone: {
          target: '#awaitingNhsnet',
          actions: { type: 'storeNhsnetLogin', params: ({ event }) => event.output },
        },
        onError: {
          target: '#nhsnetUnavailable',
          actions: {
            type: 'audit',
            params: { event: 'nhsnet.unavailable', outcome: 'failure', method: 'nhsnet' },
          },
        },
      },
    },
    awaitingNhsnet: {
      id: 'awaitingNhsnet',
      description: 'The browser is at the NHS.net Connect login page; the callback brings it back.',
      meta: { view: 'nhsnet-redirect', redirect: 'nhsnetAuthorization' },
      on: {
        NHSNET_CALLBACK_RECEIVED: [
          {
            // A callback that is not the answer to our request (forged, or from an old tab).
            guard: 'isNhsnetStateMismatch',
            target: '#nhsnetInstructions',
            actions: [
              'forgetNhsnetLogin',
              { type: 'setErrors', params: { soleAccess: 'nhsnetFailed' } },
              {
                type: 'audit',
                params: { event: 'nhsnet.stateMismatch', outcome: 'failure', method: 'nhsnet' },
              },
            ],
          },
          {
            guard: 'isNhsnetCancelled',
            target: '#nhsnetInstructions',
            actions: ['forgetNhsnetLogin', { type: 'setErrors', params: { soleAccess: 'nhsnetCancelled' } }],
          },
          {
            guard: 'isNhsnetProviderError',
            target: '#nhsnetUnavailable',
            actions: [
              'forgetNhsnetLogin',
              {
                type: 'audit',
                params: { event: 'nhsnet.providerError', outcome: 'failure', method: 'nhsnet' },
              },
            ],
          },
          { target: '#completingNhsnetLogin' },
        ],
        BACK_SELECTED: { target: '#nhsnetInstructions', actions: ['forgetNhsnetLogin', 'clearErrors'] },
      },
    },
    completingNhsnetLogin: {
      id: 'completingNhsnetLogin',
      tags: busy,
      exit: 'forgetNhsnetLogin',
      invoke: {
        id: 'completeNhsnetLogin',
        src: 'completeNhsnetLogin',
        input: ({ context, event }) => ({
          callbackQuery: event.type === 'NHSNET_CALLBACK_RECEIVED' ? event.query : {},
          state: context.nhsnet.login?.state ?? '',
          nonce: context.nhsnet.login?.nonce ?? '',
          codeVerifier: context.nhsnet.login?.codeVerifier ?? '',
        }),
        onDone: [
          {
            guard: {
              type: 'nhsnetAccountVerified',
              params: ({ event }) => ({ verified: event.output.outcome === 'verified' }),
            },
            target: '#linkingNhsnet',
            actions: {
              type: 'storeNhsnetAccount',
              params: ({ event }) => (event.output.outcome === 'verified' ? event.output.account : null),
            },
          },
          {
            guard: {
              type: 'isNhsnetOrganisationRefused',
              params: ({ event }) => ({
                reason: event.output.outcome === 'rejected' ? event.output.reason : null,
              }),
            },
            ...lateFailure(
              { method: 'nhsnet', reason: 'nhsnetWrongOrganisation' },
              { event: 'nhsnet.rejected', reason: 'organisation' },
            ),
          },
          {
            // The login did not prove who the person is (a bad token, a code already used): log in again.
            target: '#nhsnetInstructions',
            actions: [
              { type: 'setErrors', params: { soleAccess: 'nhsnetFailed' } },
              {
                type: 'audit',
                params: ({ event }) => ({
                  event: 'nhsnet.rejected',
                  outcome: 'failure' as const,
                  method: 'nhsnet' as const,
                  reason: event.output.outcome === 'rejected' ? event.output.reason : 'rejected',
                }),
              },
            ],
          },
        ],
        onError: {
          target: '#nhsnetUnavailable',
          actions: {
            type: 'audit',
            params: { event: 'nhsnet.unavailable', outcome: 'failure', method: 'nhsnet' },
          },
        },
      },
    },
    linkingNhsnet: {
      id: 'linkingNhsnet',
      tags: busy,
      invoke: {
        id: 'saveAuthenticator',
        src: 'saveAuthenticator',
        input: ({ context }) => {
          const account = context.nhsnet.account;
          return {
            profileId: context.profile?.profileId ?? '',
            method: 'nhsnet' as const,
            idempotencyKey: idempotencyKey(
              context,
              `nhsnet:${account?.issuer}:${account?.tenantId}:${account?.objectId}:${account?.subject}`,
            ),
            authenticator: {
              type: 'nhsnet' as const,
              issuer: account?.issuer ?? '',
              tenantId: account?.tenantId ?? null,
              objectId: account?.objectId ?? null,
              subject: account?.subject ?? '',
              email: account?.email ?? '',
            },
          };
        },
        onDone: [
          {
            guard: { type: 'authenticatorAdded', params: ({ event }) => event.output },
            target: '#nhsnetAdded',
            actions: [
              {
                type: 'recordAdded',
                params: ({ event }) => ({
                  method: 'nhsnet' as const,
                  authenticatorId: event.output.outcome === 'added' ? event.output.authenticatorId : '',
                }),
              },
              {
                type: 'audit',
                params: { event: 'authenticator.added', outcome: 'success', method: 'nhsnet' },
              },
            ],
          },
          {
            guard: {
              type: 'isSaveOutcome',
              params: ({ event }) => ({ outcome: event.output.outcome, expected: 'linkedElsewhere' }),
            },
            ...lateFailure(
              { method: 'nhsnet', reason: 'nhsnetLinkedElsewhere' },
              { event: 'authenticator.refused', reason: 'linkedElsewhere' },
            ),
          },
          {
            guard: {
              type: 'isSaveOutcome',
              params: ({ event }) => ({ outcome: event.output.outcome, expected: 'alreadyOnProfile' }),
            },
            // The profile has this account already: the choice then shows NHS.net Connect as added.
            ...lateFailure(
              { method: 'nhsnet', reason: 'nhsnetAlreadyOnProfile' },
              { event: 'authenticator.refused', reason: 'alreadyOnProfile' },
              ['recordNhsnetOnProfile'],
            ),
          },
          needsRegistrationAuthority('nhsnet', 'profileNotUsable'),
        ],
        onError: {
          target: '#serviceUnavailable',
          actions: { type: 'resumeAt', params: { point: 'linkingNhsnet' } },
        },
      },
    },
    nhsnetUnavailable: {
      id: 'nhsnetUnavailable',
      meta: { view: 'nhsnet-unavailable' },
      on: {
        RETRY_SELECTED: { target: '#startingNhsnetLogin', actions: 'clearErrors' },
        BACK_SELECTED: { target: '#nhsnetInstructions', actions: 'clearErrors' },
      },
    },
    nhsnetAdded: addedPage('nhsnet-added'),
  },
});

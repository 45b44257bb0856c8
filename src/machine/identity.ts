/** The first half: start, enter details, the identity check and the emailed code. */

import { LIMITS } from './limits.js';
import { journeySetup as s } from './setup.js';
import { codeProblem, normaliseCode } from './validation.js';

const busy = ['busy' as const];

export const opening = s.createStateConfig({
  description: 'Where a journey begins: the start page, unless a Care Identity Management session is open.',
  always: [{ guard: 'isCimSessionPresent', target: '#logOutFirst' }, { target: '#start' }],
});

export const start = s.createStateConfig({
  id: 'start',
  meta: { view: 'start' },
  on: {
    START_SELECTED: [
      { guard: 'isCimSessionPresent', target: '#logOutFirst', actions: 'recordCimSession' },
      { target: '#enterDetails', actions: ['recordCimSession', 'clearErrors'] },
    ],
  },
});

export const logOutFirst = s.createStateConfig({
  id: 'logOutFirst',
  meta: { view: 'log-out-first' },
  on: {
    LOGGED_OUT_CONFIRMED: [
      {
        guard: 'isCimSessionPresent',
        target: '#logOutFirst',
        actions: ['recordCimSession', { type: 'setErrors', params: { cim: 'cimStillLoggedIn' } }],
      },
      { target: '#start', actions: ['recordCimSession', 'clearErrors'] },
    ],
  },
});

export const identity = s.createStateConfig({
  initial: 'enterDetails',
  states: {
    enterDetails: {
      id: 'enterDetails',
      meta: { view: 'enter-details' },
      on: {
        DETAILS_SUBMITTED: [
          { guard: 'hasInvalidDetails', target: '#enterDetails', actions: 'rejectDetails' },
          { guard: 'isCaptchaMissing', target: '#enterDetails', actions: 'rejectDetails' },
          { target: '#verifyingCaptcha', actions: 'acceptDetails' },
        ],
        BACK_SELECTED: { target: '#start', actions: 'clearErrors' },
      },
    },
    verifyingCaptcha: {
      id: 'verifyingCaptcha',
      tags: busy,
      invoke: {
        id: 'verifyCaptcha',
        src: 'verifyCaptcha',
        input: ({ context }) => ({
          token: context.pendingCheck?.captchaToken ?? '',
          clientIp: context.pendingCheck?.clientIp ?? '',
        }),
        onDone: [
          {
            guard: { type: 'captchaPassed', params: ({ event }) => event.output },
            target: '#checkingIdentityLimits',
          },
          {
            target: '#enterDetails',
            actions: [
              'forgetPendingCheck',
              { type: 'setErrors', params: { captcha: 'captchaFailed' } },
              { type: 'audit', params: { event: 'identity.captcha', outcome: 'failure' } },
            ],
          },
        ],
        onError: {
          target: '#serviceUnavailable',
          actions: ['forgetPendingCheck', { type: 'resumeAt', params: { point: 'enterDetails' } }],
        },
      },
    },
    checkingIdentityLimits: {
      id: 'checkingIdentityLimits',
      tags: busy,
      exit: 'forgetPendingCheck',
      invoke: {
        id: 'consumeIdentityCheck',
        src: 'consumeIdentityCheck',
        input: ({ context }) => ({
          clientIp: context.pendingCheck?.clientIp ?? '',
          email: context.details?.email ?? '',
          niNumber: context.details?.niNumber ?? '',
        }),
        onDone: [
          {
            guard: { type: 'identityCheckAllowed', params: ({ event }) => event.output },
            target: '#lookingUpProfile',
          },
          {
            target: '#tooManyAttempts',
            actions: [
              { type: 'endWith', params: { reason: 'identityCheckLimit' } },
              {
                type: 'recordRetryAt',
                params: ({ event }) => ({ retryAfterMs: event.output.retryAfterMs ?? null }),
              },
              { type: 'audit', params: { event: 'identity.rateLimited', outcome: 'failure' } },
            ],
          },
        ],
        onError: {
          target: '#serviceUnavailable',
          actions: { type: 'resumeAt', params: { point: 'enterDetails' } },
        },
      },
    },
    lookingUpProfile: {
      id: 'lookingUpProfile',
      tags: busy,
      invoke: {
        id: 'findProfile',
        src: 'findProfile',
        input: ({ context }) => ({
          email: context.details?.email ?? '',
          niNumber: context.details?.niNumber ?? '',
        }),
        onDone: [
          {
            guard: { type: 'profileMatched', params: ({ event }) => ({ matched: event.output !== null }) },
            target: '#emailCodeNeeded',
            actions: { type: 'storeProfile', params: ({ event }) => event.output },
          },
          {
            target: '#problemAddingAuthenticator',
            actions: [
              { type: 'endWith', params: { reason: 'noProfileMatch' } },
              { type: 'audit', params: { event: 'identity.noMatch', outcome: 'failure' } },
            ],
          },
        ],
        onError: {
          target: '#serviceUnavailable',
          actions: { type: 'resumeAt', params: { point: 'enterDetails' } },
        },
      },
    },
    emailCodeNeeded: {
      id: 'emailCodeNeeded',
      description: 'A profile matched: send a code, unless this journey has used all its code sends.',
      always: [
        {
          guard: 'hasReachedEmailCodeSendLimit',
          target: '#tooManyAttempts',
          actions: [
            { type: 'endWith', params: { reason: 'emailCodeSends' } },
            { type: 'audit', params: { event: 'identity.tooManyCodes', outcome: 'failure' } },
          ],
        },
        {
          // Details sent again straight after a code: codes stay 30 s apart.
          guard: 'isNewEmailCodeTooSoon',
          target: '#enterDetails',
          actions: { type: 'setErrors', params: { details: 'newCodeTooSoon' } },
        },
        { target: '#sendingEmailCode' },
      ],
    },
    sendingEmailCode: {
      id: 'sendingEmailCode',
      tags: busy,
      invoke: {
        id: 'sendEmailCode',
        src: 'sendEmailCode',
        input: ({ context }) => ({ to: context.details?.email ?? '', journeyNonce: context.journeyNonce }),
        onDone: {
          target: '#enterEmailCode',
          actions: { type: 'storeEmailCode', params: ({ event }) => event.output },
        },
        onError: {
          target: '#serviceUnavailable',
          actions: { type: 'resumeAt', params: { point: 'sendingEmailCode' } },
        },
      },
    },
    enterEmailCode: {
      id: 'enterEmailCode',
      meta: { view: 'enter-email-code' },
      on: {
        EMAIL_CODE_SUBMITTED: [
          {
            guard: 'isCodeMalformed',
            target: '#enterEmailCode',
            actions: {
              type: 'setErrors',
              params: ({ event }) => ({
                code: codeProblem(event.type === 'EMAIL_CODE_SUBMITTED' ? event.code : '') ?? 'format',
              }),
            },
          },
          {
            guard: 'isEmailCodeExpired',
            target: '#enterEmailCode',
            actions: { type: 'setErrors', params: { code: 'codeExpired' } },
          },
          { target: '#verifyingEmailCode', actions: 'clearErrors' },
        ],
        NEW_EMAIL_CODE_REQUESTED: [
          {
            guard: 'hasReachedEmailCodeSendLimit',
            target: '#enterEmailCode',
            actions: { type: 'setErrors', params: { code: 'tooManyCodes' } },
          },
          {
            guard: 'isNewEmailCodeTooSoon',
            target: '#enterEmailCode',
            actions: { type: 'setErrors', params: { code: 'newCodeTooSoon' } },
          },
          { target: '#sendingEmailCode', actions: 'clearErrors' },
        ],
        BACK_SELECTED: { target: '#enterDetails', actions: 'clearErrors' },
      },
    },
    verifyingEmailCode: {
      id: 'verifyingEmailCode',
      tags: busy,
      invoke: {
        id: 'verifyEmailCode',
        src: 'verifyEmailCode',
        input: ({ context, event }) => ({
          code: event.type === 'EMAIL_CODE_SUBMITTED' ? normaliseCode(event.code) : '',
          codeHash: context.email.code?.codeHash ?? '',
          journeyNonce: context.journeyNonce,
        }),
        onDone: [
          {
            guard: { type: 'emailCodeMatched', params: ({ event }) => event.output },
            target: '#emailProven',
            actions: [
              'proveEmail',
              'rotateJourneyId',
              { type: 'audit', params: { event: 'identity.emailProven', outcome: 'success' } },
            ],
          },
          {
            guard: 'isLastWrongEmailCode',
            target: '#lockingIdentity',
            actions: ['countWrongEmailCode', { type: 'endWith', params: { reason: 'wrongEmailCodes' } }],
          },
          {
            target: '#enterEmailCode',
            actions: [
              'countWrongEmailCode',
              { type: 'setErrors', params: { code: 'wrongCode' } },
              { type: 'audit', params: { event: 'identity.wrongEmailCode', outcome: 'failure' } },
            ],
          },
        ],
        onError: {
          target: '#serviceUnavailable',
          actions: { type: 'resumeAt', params: { point: 'enterEmailCode' } },
        },
      },
    },
    emailProven: {
      id: 'emailProven',
      description: 'The mailbox is proven: only now may the journey say the profile cannot be used.',
      always: [
        { guard: 'isProfileActive', target: '#chooseAuthenticator' },
        {
          target: '#profileNotFound',
          actions: [
            { type: 'endWith', params: { reason: 'profileNotUsable' } },
            { type: 'audit', params: { event: 'identity.profileNotUsable', outcome: 'failure' } },
          ],
        },
      ],
    },
    lockingIdentity: {
      id: 'lockingIdentity',
      tags: busy,
      invoke: {
        id: 'lockIdentity',
        src: 'lockIdentity',
        input: ({ context }) => ({
          email: context.details?.email ?? '',
          niNumber: context.details?.niNumber ?? '',
        }),
        onDone: {
          target: '#tooManyAttempts',
          actions: [
            { type: 'recordRetryAt', params: { retryAfterMs: LIMITS.lockAfterWrongCodesSeconds * 1000 } },
            { type: 'audit', params: { event: 'identity.locked', outcome: 'failure' } },
          ],
        },
        // The journey ends either way; a lock that could not be written is logged, not shown.
        onError: {
          target: '#tooManyAttempts',
          actions: [
            { type: 'recordRetryAt', params: { retryAfterMs: LIMITS.lockAfterWrongCodesSeconds * 1000 } },
            { type: 'audit', params: { event: 'identity.lockFailed', outcome: 'failure' } },
          ],
        },
      },
    },
  },
});

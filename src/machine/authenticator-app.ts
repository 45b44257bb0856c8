/** Authenticator app: sole access, a password, the QR code, and the first code from the app. */

import { addedPage, lateFailure, needsRegistrationAuthority } from './after-adding.js';
import type { ErrorCode } from './context.js';
import { idempotencyKey, journeySetup as s } from './setup.js';
import { codeProblem, normaliseCode } from './validation.js';

const busy = ['busy' as const];

const PASSWORD_ERRORS: Record<string, ErrorCode> = {
  missing: 'passwordMissing',
  tooShort: 'passwordTooShort',
  tooLong: 'passwordTooLong',
  common: 'passwordCommon',
  containsEmail: 'passwordContainsEmail',
  containsServiceName: 'passwordContainsServiceName',
  confirmationMissing: 'confirmationMissing',
  confirmationMismatch: 'confirmationMismatch',
};

const APP_CODE_ERRORS = {
  wrong: 'appCodeWrong',
  drift: 'appCodeDrift',
  replayed: 'appCodeReplayed',
} as const;

export const authenticatorApp = s.createStateConfig({
  initial: 'appInstructions',
  states: {
    appInstructions: {
      id: 'appInstructions',
      meta: { view: 'app-instructions' },
      on: {
        SOLE_ACCESS_CONFIRMED: [
          {
            guard: 'isSoleAccessConfirmed',
            target: '#createPassword',
            actions: { type: 'confirmSoleAccess', params: { method: 'app' } },
          },
          { target: '#appInstructions', actions: { type: 'setErrors', params: { soleAccess: 'required' } } },
        ],
        BACK_SELECTED: { target: '#chooseAuthenticator', actions: 'clearErrors' },
      },
    },
    createPassword: {
      id: 'createPassword',
      meta: { view: 'create-password' },
      on: {
        PASSWORD_CREATED: { target: '#checkingPassword', actions: 'clearErrors' },
        BACK_SELECTED: { target: '#appInstructions', actions: 'clearErrors' },
      },
    },
    checkingPassword: {
      id: 'checkingPassword',
      tags: busy,
      invoke: {
        id: 'checkPassword',
        src: 'checkPassword',
        input: ({ context, event }) => ({
          password: event.type === 'PASSWORD_CREATED' ? event.password : '',
          confirmation: event.type === 'PASSWORD_CREATED' ? event.confirmation : '',
          email: context.details?.email ?? '',
        }),
        onDone: [
          {
            guard: { type: 'passwordAccepted', params: ({ event }) => event.output },
            target: '#appSecretNeeded',
            actions: {
              type: 'storePasswordHash',
              params: ({ event }) => ({ passwordHash: event.output.ok ? event.output.passwordHash : '' }),
            },
          },
          {
            target: '#createPassword',
            actions: {
              type: 'setErrors',
              params: ({ event }) => {
                const out = event.output;
                if (out.ok) return {};
                return {
                  ...(out.password ? { password: PASSWORD_ERRORS[out.password] } : {}),
                  ...(out.confirmation ? { confirmPassword: PASSWORD_ERRORS[out.confirmation] } : {}),
                };
              },
            },
          },
        ],
        onError: {
          target: '#serviceUnavailable',
          actions: { type: 'resumeAt', params: { point: 'createPassword' } },
        },
      },
    },
    appSecretNeeded: {
      id: 'appSecretNeeded',
      description: 'Going back to change the password keeps the secret already shown as a QR code.',
      always: [{ guard: 'hasAppSecret', target: '#scanQr' }, { target: '#creatingAppSecret' }],
    },
    creatingAppSecret: {
      id: 'creatingAppSecret',
      tags: busy,
      invoke: {
        id: 'createAppSecret',
        src: 'createAppSecret',
        input: () => ({}),
        onDone: {
          target: '#scanQr',
          actions: { type: 'storeAppSecret', params: ({ event }) => event.output },
        },
        onError: {
          target: '#serviceUnavailable',
          actions: { type: 'resumeAt', params: { point: 'creatingAppSecret' } },
        },
      },
    },
    scanQr: {
      id: 'scanQr',
      meta: { view: 'scan-qr' },
      on: {
        QR_SCANNED: { target: '#enterAppCode', actions: 'clearErrors' },
        BACK_SELECTED: { target: '#createPassword', actions: 'clearErrors' },
      },
    },
    enterAppCode: {
      id: 'enterAppCode',
      meta: { view: 'enter-app-code' },
      on: {
        APP_CODE_SUBMITTED: [
          {
            guard: 'isCodeMalformed',
            target: '#enterAppCode',
            actions: {
              type: 'setErrors',
              params: ({ event }) => ({
                code: codeProblem(event.type === 'APP_CODE_SUBMITTED' ? event.code : '') ?? 'format',
              }),
            },
          },
          { target: '#verifyingAppCode', actions: 'clearErrors' },
        ],
        BACK_SELECTED: { target: '#scanQr', actions: 'clearErrors' },
      },
    },
    verifyingAppCode: {
      id: 'verifyingAppCode',
      tags: busy,
      invoke: {
        id: 'verifyAppCode',
        src: 'verifyAppCode',
        input: ({ context, event }) => ({
          encryptedSecret: context.app.encryptedSecret ?? '',
          code: event.type === 'APP_CODE_SUBMITTED' ? normaliseCode(event.code) : '',
          afterTimeStep: context.app.acceptedTimeStep,
          now: context.now,
        }),
        onDone: [
          {
            guard: { type: 'appCodeValid', params: ({ event }) => event.output },
            target: '#savingApp',
            actions: {
              type: 'acceptAppCode',
              params: ({ event }) => ({ timeStep: event.output.valid ? event.output.timeStep : 0 }),
            },
          },
          {
            guard: 'isLastWrongAppCode',
            target: '#tooManyAttempts',
            actions: [
              'countWrongAppCode',
              { type: 'endWith', params: { reason: 'wrongAppCodes' } },
              { type: 'audit', params: { event: 'app.tooManyCodes', outcome: 'failure', method: 'app' } },
            ],
          },
          {
            target: '#enterAppCode',
            actions: [
              'countWrongAppCode',
              {
                type: 'setErrors',
                params: ({ event }) => ({
                  code: event.output.valid ? 'appCodeWrong' : APP_CODE_ERRORS[event.output.reason],
                }),
              },
            ],
          },
        ],
        onError: {
          target: '#serviceUnavailable',
          actions: { type: 'resumeAt', params: { point: 'enterAppCode' } },
        },
      },
    },
    savingApp: {
      id: 'savingApp',
      tags: busy,
      invoke: {
        id: 'saveAuthenticator',
        src: 'saveAuthenticator',
        input: ({ context }) => ({
          profileId: context.profile?.profileId ?? '',
          method: 'app' as const,
          idempotencyKey: idempotencyKey(context, `app:${context.app.encryptedSecret}`),
          authenticator: {
            type: 'app' as const,
            encryptedSecret: context.app.encryptedSecret ?? '',
            passwordHash: context.app.passwordHash ?? '',
            lastUsedTimeStep: context.app.acceptedTimeStep ?? 0,
          },
        }),
        onDone: [
          {
            guard: { type: 'authenticatorAdded', params: ({ event }) => event.output },
            target: '#appAdded',
            actions: [
              {
                type: 'recordAdded',
                params: ({ event }) => ({
                  method: 'app' as const,
                  authenticatorId: event.output.outcome === 'added' ? event.output.authenticatorId : '',
                }),
              },
              { type: 'audit', params: { event: 'authenticator.added', outcome: 'success', method: 'app' } },
            ],
          },
          {
            guard: {
              type: 'isSaveOutcome',
              params: ({ event }) => ({ outcome: event.output.outcome, expected: 'profileNotUsable' }),
            },
            ...needsRegistrationAuthority('app', 'profileNotUsable'),
          },
          lateFailure(
            { method: 'app', reason: 'directoryRefused' },
            { event: 'authenticator.refused', reason: 'directoryRefused' },
          ),
        ],
        onError: {
          target: '#serviceUnavailable',
          actions: { type: 'resumeAt', params: { point: 'savingApp' } },
        },
      },
    },
    appAdded: addedPage('app-added'),
  },
});

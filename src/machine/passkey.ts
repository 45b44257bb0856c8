/** Passkey: detect the platform, run the WebAuthn ceremony on the phone, verify and save. */
import { addedPage, lateFailure, needsRegistrationAuthority } from './after-adding.js';
import { idempotencyKey, journeySetup as s } from './setup.js';

const busy = ['busy' as const];

type PasskeyError = 'passkeyCancelled' | 'passkeyAlreadyRegistered' | 'passkeyTimedOut' | 'passkeyFailed';

/** Every failed ceremony starts a fresh one with a new challenge, saying why on the page. */
const newCeremony = (code: PasskeyError) => ({
  target: '#creatingPasskeyOptions',
  actions: ['forgetPasskeyChallenge' as const, { type: 'setErrors' as const, params: { passkey: code } }],
});

export const passkey = s.createStateConfig({
  initial: 'passkeyLoading',
  states: {
    passkeyLoading: {
      id: 'passkeyLoading',
      meta: { view: 'passkey-loading' },
      on: {
        PLATFORM_DETECTED: { target: '#creatingPasskeyOptions', actions: ['recordPlatform', 'clearErrors'] },
        PLATFORM_QUESTION_UNANSWERED: {
          target: '#passkeyLoading',
          actions: { type: 'setErrors', params: { windowsHello: 'required' } },
        },
        BACK_SELECTED: { target: '#chooseAuthenticator', actions: 'clearErrors' },
      },
    },
    creatingPasskeyOptions: {
      id: 'creatingPasskeyOptions',
      tags: busy,
      invoke: {
        id: 'createPasskeyOptions',
        src: 'createPasskeyOptions',
        input: ({ context }) => ({
          profileId: context.profile?.profileId ?? '',
          userName: context.details?.email ?? '',
          windowsHello: context.passkey.windowsHello,
        }),
        onDone: {
          target: '#passkeyRegister',
          actions: { type: 'storePasskeyOptions', params: ({ event }) => event.output },
        },
        onError: {
          target: '#serviceUnavailable',
          actions: { type: 'resumeAt', params: { point: 'creatingPasskeyOptions' } },
        },
      },
    },
    passkeyRegister: {
      id: 'passkeyRegister',
      meta: { view: 'passkey-register' },
      on: {
        PASSKEY_CREATED: [
          { guard: 'isPasskeyChallengeExpired', ...newCeremony('passkeyTimedOut') },
          { target: '#verifyingPasskey', actions: 'clearErrors' },
        ],
        PASSKEY_FAILED: [
          {
            guard: { type: 'isPasskeyError', params: { name: 'NotAllowedError' } },
            ...newCeremony('passkeyCancelled'),
          },
          {
            guard: { type: 'isPasskeyError', params: { name: 'InvalidStateError' } },
            ...newCeremony('passkeyAlreadyRegistered'),
          },
          newCeremony('passkeyFailed'),
        ],
        BACK_SELECTED: { target: '#chooseAuthenticator', actions: ['forgetPasskeyChallenge', 'clearErrors'] },
        // "My screen looks different": the other instructions, with the options that go with them.
        PASSKEY_INSTRUCTIONS_SWITCHED: {
          target: '#creatingPasskeyOptions',
          actions: ['forgetPasskeyChallenge', 'switchPasskeyInstructions'],
        },
      },
    },
    verifyingPasskey: {
      id: 'verifyingPasskey',
      tags: busy,
      exit: 'forgetPasskeyChallenge',
      invoke: {
        id: 'verifyPasskey',
        src: 'verifyPasskey',
        input: ({ context, event }) => ({
          responseJSON: event.type === 'PASSKEY_CREATED' ? event.responseJSON : '',
          expectedChallenge: context.passkey.challenge ?? '',
        }),
        onDone: [
          {
            guard: {
              type: 'isWindowsHelloCredential',
              params: ({ event }) => ({
                attachment: event.output.verified ? event.output.passkey.attachment : null,
              }),
            },
            target: '#passkeyWindowsHello',
            actions: [
              'recordWindowsHelloSeen',
              {
                type: 'audit',
                params: { event: 'passkey.windowsHello', outcome: 'failure', method: 'passkey' },
              },
            ],
          },
          {
            guard: { type: 'passkeyVerified', params: ({ event }) => event.output },
            target: '#savingPasskey',
            actions: {
              type: 'storeVerifiedPasskey',
              params: ({ event }) => (event.output.verified ? event.output.passkey : null),
            },
          },
          lateFailure(
            { method: 'passkey', reason: 'passkeyNotVerified' },
            { event: 'passkey.verificationFailed' },
          ),
        ],
        onError: {
          target: '#serviceUnavailable',
          actions: { type: 'resumeAt', params: { point: 'creatingPasskeyOptions' } },
        },
      },
    },
    savingPasskey: {
      id: 'savingPasskey',
      tags: busy,
      invoke: {
        id: 'saveAuthenticator',
        src: 'saveAuthenticator',
        input: ({ context }) => {
          const p = context.passkey.verified;
          return {
            profileId: context.profile?.profileId ?? '',
            method: 'passkey' as const,
            idempotencyKey: idempotencyKey(context, `passkey:${p?.credentialId}`),
            authenticator: {
              type: 'passkey' as const,
              credentialId: p?.credentialId ?? '',
              publicKey: p?.publicKey ?? '',
              counter: p?.counter ?? 0,
              transports: p?.transports ?? [],
              aaguid: p?.aaguid ?? '',
              deviceType: p?.deviceType ?? 'singleDevice',
              backedUp: p?.backedUp ?? false,
            },
          };
        },
        onDone: [
          {
            guard: { type: 'authenticatorAdded', params: ({ event }) => event.output },
            target: '#passkeyAdded',
            actions: [
              {
                type: 'recordAdded',
                params: ({ event }) => ({
                  method: 'passkey' as const,
                  authenticatorId: event.output.outcome === 'added' ? event.output.authenticatorId : '',
                }),
              },
              {
                type: 'audit',
                params: { event: 'authenticator.added', outcome: 'success', method: 'passkey' },
              },
            ],
          },
          {
            guard: { type: 'isAlreadyOnProfile', params: ({ event }) => event.output },
            ...newCeremony('passkeyAlreadyRegistered'),
          },
          {
            guard: {
              type: 'isSaveOutcome',
              params: ({ event }) => ({ outcome: event.output.outcome, expected: 'linkedElsewhere' }),
            },
            ...lateFailure(
              { method: 'passkey', reason: 'passkeyLinkedElsewhere' },
              { event: 'authenticator.refused', reason: 'linkedElsewhere' },
            ),
          },
          needsRegistrationAuthority('passkey', 'profileNotUsable'),
        ],
        onError: {
          target: '#serviceUnavailable',
          actions: { type: 'resumeAt', params: { point: 'savingPasskey' } },
        },
      },
    },
    passkeyWindowsHello: {
      id: 'passkeyWindowsHello',
      meta: { view: 'passkey-windows-hello' },
      on: {
        RETRY_SELECTED: { target: '#creatingPasskeyOptions', actions: 'clearErrors' },
        BACK_SELECTED: { target: '#chooseAuthenticator', actions: 'clearErrors' },
      },
    },
    passkeyAdded: addedPage('passkey-added'),
  },
});

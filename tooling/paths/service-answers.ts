/**
 * What each invoked service can answer, as synthetic done/error events, and which switch of the
 * in-test fakes (tooling/journey-fakes.ts) makes the fake answer exactly that. It mirrors the
 * fakes: running a path against them checks the mirror, since every step's state is compared.
 */
import type { JourneyServiceTypes, JourneySnapshot } from '../../src/machine/index.js';
import type { ProfileSummary } from '../../src/services/ports.js';
import {
  DRIFT_APP_CODE,
  type FakeSwitches,
  GOOD_APP_CODE,
  GOOD_EMAIL_CODE,
  LIMITER_RETRY_AFTER_MS,
  REPLAYED_APP_CODE,
} from '../journey-fakes.js';
import type { ServiceStep } from './steps.js';

type Id = Extract<keyof JourneyServiceTypes, string>;
type Input<K extends Id> = JourneyServiceTypes[K]['input'];
type Output<K extends Id> = JourneyServiceTypes[K]['output'];

/** One way a service can answer: the switch that makes the fake do it, and the answer. */
interface Answer<K extends Id> {
  switches: Partial<FakeSwitches>;
  result: { output: Output<K> } | { error: { message: string } };
}

const outage = (what: string) => ({ error: { message: `${what} unavailable (test)` } });

const summary = (status: ProfileSummary['status'], hasNhsnet = false): ProfileSummary => ({
  profileId: 'profile-1',
  status,
  hasNhsnet,
  passkeyCount: 0,
  appCount: 0,
});

const passkeyOutput = (attachment: 'platform' | 'cross-platform'): Output<'verifyPasskey'> => ({
  verified: true,
  passkey: {
    credentialId: 'cred',
    publicKey: 'pk',
    counter: 0,
    transports: ['hybrid'],
    aaguid: '00000000-0000-0000-0000-000000000000',
    deviceType: 'multiDevice',
    backedUp: true,
    attachment,
  },
});

function verifyAppCode(input: Input<'verifyAppCode'>): Output<'verifyAppCode'> {
  if (input.code === DRIFT_APP_CODE) return { valid: false, reason: 'drift' };
  if (input.code === REPLAYED_APP_CODE || (input.code === GOOD_APP_CODE && input.afterTimeStep === 100))
    return { valid: false, reason: 'replayed' };
  return input.code === GOOD_APP_CODE ? { valid: true, timeStep: 100 } : { valid: false, reason: 'wrong' };
}

type AnswerTable = { [K in Id]: (input: Input<K>, s: JourneySnapshot) => Answer<K>[] };

const ANSWERS: AnswerTable = {
  verifyCaptcha: () => [
    { switches: { captcha: 'pass' }, result: { output: { success: true } } },
    { switches: { captcha: 'fail' }, result: { output: { success: false } } },
    { switches: { captcha: 'down' }, result: outage('captcha') },
  ],
  consumeIdentityCheck: () => [
    { switches: { limiter: 'allow' }, result: { output: { allowed: true } } },
    {
      switches: { limiter: 'deny' },
      result: { output: { allowed: false, retryAfterMs: LIMITER_RETRY_AFTER_MS } },
    },
    { switches: { limiter: 'down' }, result: outage('limiter') },
  ],
  findProfile: () => [
    { switches: { profile: 'active' }, result: { output: summary('active') } },
    { switches: { profile: 'activeWithNhsnet' }, result: { output: summary('active', true) } },
    { switches: { profile: 'suspended' }, result: { output: summary('suspended') } },
    { switches: { profile: 'closed' }, result: { output: summary('closed') } },
    { switches: { profile: 'none' }, result: { output: null } },
    // The directory finds no match for a profile without an NI number either (SPEC 2).
    { switches: { profile: 'noNiNumber' }, result: { output: null } },
    { switches: { profile: 'down' }, result: outage('directory') },
  ],
  // The fake numbers the codes it sends; every sent code is stored, so the count is in the context.
  sendEmailCode: (_, s) => [
    { switches: { mail: 'up' }, result: { output: { codeHash: `hash-${s.context.email.codesSent + 1}` } } },
    { switches: { mail: 'down' }, result: outage('mail') },
  ],
  verifyEmailCode: (input) => [
    {
      switches: { codeCheck: 'up' },
      result: { output: { matches: input.code === GOOD_EMAIL_CODE && input.codeHash.startsWith('hash-') } },
    },
    { switches: { codeCheck: 'down' }, result: outage('codes') },
  ],
  lockIdentity: () => [
    { switches: { lock: 'up' }, result: { output: undefined } },
    { switches: { lock: 'down' }, result: outage('lock') },
  ],
  checkPassword: () => [
    { switches: { password: 'ok' }, result: { output: { ok: true, passwordHash: '$argon2id$fake' } } },
    { switches: { password: 'common' }, result: { output: { ok: false, password: 'common' } } },
    {
      switches: { password: 'mismatch' },
      result: { output: { ok: false, confirmation: 'confirmationMismatch' } },
    },
    { switches: { password: 'down' }, result: outage('passwords') },
  ],
  createAppSecret: () => [
    { switches: { appSecret: 'up' }, result: { output: { encryptedSecret: 'v1.sealed' } } },
    { switches: { appSecret: 'down' }, result: outage('secrets') },
  ],
  verifyAppCode: (input) => [
    { switches: { totp: 'up' }, result: { output: verifyAppCode(input) } },
    { switches: { totp: 'down' }, result: outage('totp') },
  ],
  beginNhsnetLogin: () => [
    {
      switches: { nhsnetBegin: 'up' },
      result: {
        output: {
          authorizationUrl: 'https://login.example/authorize',
          state: 'state-1',
          nonce: 'nonce-1',
          codeVerifier: 'v',
        },
      },
    },
    { switches: { nhsnetBegin: 'down' }, result: outage('nhsnet') },
  ],
  completeNhsnetLogin: () => [
    {
      switches: { nhsnetComplete: 'verified' },
      result: {
        output: {
          outcome: 'verified',
          account: {
            issuer: 'https://login.example',
            tenantId: 't',
            objectId: 'o',
            subject: 's',
            email: 'a@nhs.net',
          },
        },
      },
    },
    {
      switches: { nhsnetComplete: 'rejected' },
      result: { output: { outcome: 'rejected', reason: 'tenant' } },
    },
    {
      switches: { nhsnetComplete: 'tokenRejected' },
      result: { output: { outcome: 'rejected', reason: 'token' } },
    },
    { switches: { nhsnetComplete: 'down' }, result: outage('nhsnet') },
  ],
  createPasskeyOptions: () => [
    {
      switches: { passkeyOptions: 'up' },
      result: { output: { optionsJSON: '{"challenge":"c"}', challenge: 'c' } },
    },
    { switches: { passkeyOptions: 'down' }, result: outage('webauthn') },
  ],
  verifyPasskey: () => [
    { switches: { passkeyVerify: 'phone' }, result: { output: passkeyOutput('cross-platform') } },
    { switches: { passkeyVerify: 'windowsHello' }, result: { output: passkeyOutput('platform') } },
    {
      switches: { passkeyVerify: 'fail' },
      result: { output: { verified: false, reason: 'userVerification' } },
    },
    { switches: { passkeyVerify: 'down' }, result: outage('webauthn') },
  ],
  saveAuthenticator: (_, s) => [
    {
      switches: { save: 'added' },
      result: { output: { outcome: 'added', authenticatorId: `auth-${s.context.added.length + 1}` } },
    },
    { switches: { save: 'alreadyOnProfile' }, result: { output: { outcome: 'alreadyOnProfile' } } },
    { switches: { save: 'linkedElsewhere' }, result: { output: { outcome: 'linkedElsewhere' } } },
    { switches: { save: 'profileNotUsable' }, result: { output: { outcome: 'profileNotUsable' } } },
    { switches: { save: 'down' }, result: outage('directory') },
  ],
};

/** The service a busy snapshot waits for: the invoked child's id and the input it was given. */
export function pendingService(s: JourneySnapshot): { invokeId: Id; input: unknown } | null {
  const entries = Object.entries(s.children);
  if (entries.length !== 1) return null;
  const [invokeId, child] = entries[0] as [string, { getSnapshot(): { input?: unknown } }];
  return { invokeId: invokeId as Id, input: child.getSnapshot().input };
}

const describeSwitches = (sw: Partial<FakeSwitches>) =>
  Object.entries(sw)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/** Every answer the service a busy snapshot waits for can give, as steps. */
export function answersFor(s: JourneySnapshot): ServiceStep[] {
  const pending = pendingService(s);
  if (!pending) throw new Error(`busy state ${JSON.stringify(s.value)} has no single invoked service`);
  const table = ANSWERS[pending.invokeId] as (input: unknown, s: JourneySnapshot) => Answer<Id>[];
  if (!table) throw new Error(`no answers modelled for service ${pending.invokeId}`);
  return table(pending.input, s).map((a): ServiceStep => {
    const done = 'output' in a.result;
    return {
      type: 'service',
      label: `${done ? 'done' : 'error'}: ${pending.invokeId} (${describeSwitches(a.switches)})`,
      invokeId: pending.invokeId,
      outcome: done ? 'done' : 'error',
      output: 'output' in a.result ? a.result.output : a.result.error,
      switches: a.switches,
    };
  });
}

export const MODELLED_SERVICES = Object.keys(ANSWERS) as Id[];

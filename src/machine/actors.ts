/**
 * The invoked services of the journey: their ids, inputs and outputs. The statechart is built with
 * placeholders that fail (an unconfigured service is an outage, shown as service-unavailable);
 * src/services/actors.ts provides the real ones with journeyMachine.provide({ actors }).
 */
import { fromPromise } from 'xstate';
import type {
  AddAuthenticatorOutcome,
  AuthenticatorMethod,
  NewAuthenticator,
  NhsnetAccount,
  NhsnetLoginStart,
  PasskeyOptionsResult,
  PasswordProblem,
  ProfileSummary,
  VerifiedPasskey,
} from '../services/ports.js';

export interface JourneyActorTypes {
  verifyCaptcha: { input: { token: string; clientIp: string }; output: { success: boolean } };
  consumeIdentityCheck: {
    input: { clientIp: string; email: string; niNumber: string };
    output: { allowed: boolean };
  };
  findProfile: { input: { email: string; niNumber: string }; output: ProfileSummary | null };
  sendEmailCode: { input: { to: string; journeyNonce: string }; output: { codeHash: string } };
  verifyEmailCode: {
    input: { code: string; codeHash: string; journeyNonce: string };
    output: { matches: boolean };
  };
  lockIdentity: { input: { email: string; niNumber: string }; output: undefined };
  checkPassword: {
    input: { password: string; confirmation: string; email: string };
    output:
      | { ok: true; passwordHash: string }
      | { ok: false; password?: PasswordProblem; confirmation?: PasswordProblem };
  };
  createAppSecret: { input: Record<string, never>; output: { encryptedSecret: string } };
  verifyAppCode: {
    input: { encryptedSecret: string; code: string; afterTimeStep: number | null; now: number };
    output: { valid: true; timeStep: number } | { valid: false; reason: 'wrong' | 'drift' | 'replayed' };
  };
  beginNhsnetLogin: { input: Record<string, never>; output: NhsnetLoginStart };
  completeNhsnetLogin: {
    input: { callbackQuery: Record<string, string>; state: string; nonce: string; codeVerifier: string };
    output: { outcome: 'verified'; account: NhsnetAccount } | { outcome: 'rejected'; reason: string };
  };
  createPasskeyOptions: {
    input: { profileId: string; userName: string; windowsHello: boolean };
    output: PasskeyOptionsResult;
  };
  verifyPasskey: {
    input: { responseJSON: string; expectedChallenge: string };
    output: { verified: true; passkey: VerifiedPasskey } | { verified: false; reason: string };
  };
  saveAuthenticator: {
    input: {
      profileId: string;
      method: AuthenticatorMethod;
      authenticator: NewAuthenticator;
      idempotencyKey: string;
    };
    output: AddAuthenticatorOutcome;
  };
}

export type JourneyActorId = keyof JourneyActorTypes;

type ActorLogicFor<K extends JourneyActorId> = ReturnType<
  typeof fromPromise<JourneyActorTypes[K]['output'], JourneyActorTypes[K]['input']>
>;
export type JourneyActorLogic = { [K in JourneyActorId]: ActorLogicFor<K> };

export function unconfigured<K extends JourneyActorId>(id: K): ActorLogicFor<K> {
  return fromPromise<JourneyActorTypes[K]['output'], JourneyActorTypes[K]['input']>(async () => {
    throw new Error(`journey service ${id} is not configured`);
  });
}

/** Builds actor logic from plain async functions (what services and test fakes supply). */
export function journeyActors(
  impl: {
    [K in JourneyActorId]: (input: JourneyActorTypes[K]['input']) => Promise<JourneyActorTypes[K]['output']>;
  },
): JourneyActorLogic {
  const wrap = <K extends JourneyActorId>(k: K): ActorLogicFor<K> =>
    fromPromise<JourneyActorTypes[K]['output'], JourneyActorTypes[K]['input']>(({ input }) => impl[k](input));
  return {
    verifyCaptcha: wrap('verifyCaptcha'),
    consumeIdentityCheck: wrap('consumeIdentityCheck'),
    findProfile: wrap('findProfile'),
    sendEmailCode: wrap('sendEmailCode'),
    verifyEmailCode: wrap('verifyEmailCode'),
    lockIdentity: wrap('lockIdentity'),
    checkPassword: wrap('checkPassword'),
    createAppSecret: wrap('createAppSecret'),
    verifyAppCode: wrap('verifyAppCode'),
    beginNhsnetLogin: wrap('beginNhsnetLogin'),
    completeNhsnetLogin: wrap('completeNhsnetLogin'),
    createPasskeyOptions: wrap('createPasskeyOptions'),
    verifyPasskey: wrap('verifyPasskey'),
    saveAuthenticator: wrap('saveAuthenticator'),
  };
}

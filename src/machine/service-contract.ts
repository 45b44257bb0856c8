/**
 * The machine's service contract: the id, input and output of every service the statechart invokes.
 * The statechart is built with placeholders that fail (an unconfigured service is an outage); the
 * journey engine runs the real ones, plain async functions (the machine adapter of the services makes them
 * from the ports; tests pass fakes).
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
} from './domain.js';

export interface JourneyServiceTypes {
  verifyCaptcha: { input: { token: string; clientIp: string }; output: { success: boolean } };
  consumeIdentityCheck: {
    input: { clientIp: string; email: string; niNumber: string };
    /** retryAfterMs: when refused, how long until every refusing limit lets the person try again. */
    output: { allowed: boolean; retryAfterMs?: number };
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

export type JourneyServiceId = keyof JourneyServiceTypes;

type ActorLogicFor<K extends JourneyServiceId> = ReturnType<
  typeof fromPromise<JourneyServiceTypes[K]['output'], JourneyServiceTypes[K]['input']>
>;
export type JourneyServiceLogic = { [K in JourneyServiceId]: ActorLogicFor<K> };

export function unconfigured<K extends JourneyServiceId>(id: K): ActorLogicFor<K> {
  return fromPromise<JourneyServiceTypes[K]['output'], JourneyServiceTypes[K]['input']>(async () => {
    throw new Error(`journey service ${id} is not configured`);
  });
}

/** The services as plain async functions, by id: what the journey engine runs. */
export type JourneyServices = {
  [K in JourneyServiceId]: (
    input: JourneyServiceTypes[K]['input'],
  ) => Promise<JourneyServiceTypes[K]['output']>;
};

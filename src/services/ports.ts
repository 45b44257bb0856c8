/**
 * The ports: interfaces of the real components the journey needs. The statechart
 * (src/machine) only knows these types; src/services/* implement them and
 * src/services/machine-adapter.ts turns them into the machine's services (src/machine/service-contract.ts).
 */

import type {
  AddAuthenticatorOutcome,
  AuthenticatorMethod,
  AuthenticatorRecord,
  NewAuthenticator,
  NhsnetAccount,
  NhsnetLoginStart,
  PasskeyOptionsResult,
  PasswordProblem,
  ProfileStatus,
  ProfileSummary,
  VerifiedPasskey,
} from '../machine/domain.js';

export type * from '../machine/domain.js';

// ---------- profiles ----------

export interface Profile {
  id: string;
  name: string;
  emails: string[];
  niNumber: string | null;
  status: ProfileStatus;
  authenticators: AuthenticatorRecord[];
}

export interface ProfileDirectory {
  /** Matches an email (any of the profile's, case-insensitive) AND an NI number. Null when no
   *  profile matches or the matching profile has no NI number. Closed and suspended profiles match. */
  findByEmailAndNiNumber(email: string, niNumber: string): Promise<ProfileSummary | null>;
  get(profileId: string): Promise<Profile | null>;
  /** Atomic and idempotent on idempotencyKey: a retry with the same key never adds twice. */
  addAuthenticator(
    profileId: string,
    authenticator: NewAuthenticator,
    idempotencyKey: string,
  ): Promise<AddAuthenticatorOutcome>;
  /** Replaces the whole directory content (import); validates before writing anything. */
  importProfiles(profiles: Profile[]): Promise<{ imported: number }>;
  ping(): Promise<void>;
}

// ---------- journey store ----------

export interface StoredJourney {
  version: number;
  rev: number;
  snapshot: unknown;
  /** Tags of the ids this journey had before (it moves to a new id once the email is proven), so a
   *  form from a tab opened before the move is known as stale rather than forged. Never the ids. */
  formerTags?: string[];
}

export interface JourneyStore {
  load(journeyId: string): Promise<StoredJourney | null>;
  /** Compare-and-set: writes only when the stored rev equals expectedRev (0 = must not exist).
   *  Returns false when another writer got there first. ttlSeconds is set on every write. */
  save(journeyId: string, journey: StoredJourney, expectedRev: number, ttlSeconds: number): Promise<boolean>;
  delete(journeyId: string): Promise<void>;
  /** Moves a journey to a new id (the id changes once the email is proven). */
  rename(fromId: string, toId: string): Promise<void>;
  ping(): Promise<void>;
}

// ---------- identity check ----------

export interface CaptchaVerifier {
  /** Server-side verification of the token the widget produced. Throws on outage. */
  verify(token: string, remoteIp: string): Promise<{ success: boolean }>;
}

export interface IdentityCheckLimiter {
  /** Counts one identity check against the IP, email and NI number limits, and reports a lock.
   *  The answer is the same whichever limit was hit. */
  /** retryAfterMs, when refused: how long until every refusing limit lets the person try again. */
  consume(key: {
    ip: string;
    email: string;
    niNumber: string;
  }): Promise<{ allowed: boolean; retryAfterMs?: number }>;
  /** Locks the email and the NI number (too many wrong codes). */
  lock(key: { email: string; niNumber: string }): Promise<void>;
}

// ---------- email ----------

export interface EmailCodeService {
  /** Makes a 6-digit code with a CSPRNG, emails it, and returns only its keyed hash bound to journeyNonce. */
  send(input: { to: string; journeyNonce: string }): Promise<{ codeHash: string }>;
  /** Constant-time comparison of the keyed hash of code (6 digits) with codeHash. */
  matches(input: { code: string; codeHash: string; journeyNonce: string }): boolean;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export interface Notifier {
  authenticatorAdded(input: { profileId: string; method: AuthenticatorMethod; at: Date }): Promise<void>;
}

// ---------- authenticator app ----------

export interface PasswordService {
  check(input: { password: string; confirmation: string; email: string }): {
    password?: PasswordProblem;
    confirmation?: PasswordProblem;
  };
  hash(password: string): Promise<string>;
}

export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export interface TotpService {
  /** A fresh 160-bit secret, already sealed by SecretBox. */
  createSecret(): Promise<{ encryptedSecret: string }>;
  /** The otpauth URI and the base32 key for the QR page. */
  describe(input: { encryptedSecret: string; accountName: string }): { uri: string; key: string };
  /** Accepts ±1 step, and only a step after afterTimeStep. `drift` says a code matched further away
   *  (clock wrong); `replayed` says the step was already used. */
  verify(input: {
    encryptedSecret: string;
    code: string;
    afterTimeStep: number | null;
    now: number;
  }): Promise<{ valid: true; timeStep: number } | { valid: false; reason: 'wrong' | 'drift' | 'replayed' }>;
}

// ---------- passkey ----------

export interface PasskeyService {
  createOptions(input: {
    profileId: string;
    userName: string;
    userDisplayName: string;
    excludeCredentialIds: string[];
    windowsHello: boolean;
  }): Promise<PasskeyOptionsResult>;
  verify(input: {
    responseJSON: string;
    expectedChallenge: string;
  }): Promise<{ verified: true; passkey: VerifiedPasskey } | { verified: false; reason: string }>;
}

// ---------- NHS.net Connect ----------

export interface NhsnetConnect {
  /** Builds the authorization request (PKCE S256, state, nonce). Throws when the provider is unreachable. */
  begin(): Promise<NhsnetLoginStart>;
  /** Exchanges the code and validates the ID token. Throws on outage; `rejected` on a bad token. */
  complete(input: {
    callbackQuery: Record<string, string>;
    state: string;
    nonce: string;
    codeVerifier: string;
  }): Promise<{ outcome: 'verified'; account: NhsnetAccount } | { outcome: 'rejected'; reason: string }>;
}

// ---------- audit ----------

export interface AuditEvent {
  type: string;
  outcome: 'success' | 'failure' | 'info';
  method?: AuthenticatorMethod;
  profileId?: string;
  reason?: string;
  journeyRef?: string;
  /** The page a `journey.page` event records, and its version (analytics). */
  view?: string;
  variant?: string;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
}

export interface Clock {
  now(): number;
}

/**
 * The journey's domain: what the statechart knows of profiles, authenticators and the answers of its
 * services. src/services implements the ports with these types; the machine imports nothing from there.
 */

export type ProfileStatus = 'active' | 'suspended' | 'closed';

export type AuthenticatorMethod = 'app' | 'nhsnet' | 'passkey';

export interface AppAuthenticator {
  type: 'app';
  id: string;
  createdAt: string;
  /** AES-256-GCM envelope from SecretBox, never the plain secret. */
  encryptedSecret: string;
  /** argon2id hash of the password that goes with the app. */
  passwordHash: string;
  /** The last TOTP time-step accepted (the setup code), so it is never accepted again. */
  lastUsedTimeStep: number;
}

export interface NhsnetAuthenticator {
  type: 'nhsnet';
  id: string;
  createdAt: string;
  issuer: string;
  tenantId: string | null;
  objectId: string | null;
  subject: string;
  email: string;
}

export interface PasskeyAuthenticator {
  type: 'passkey';
  id: string;
  createdAt: string;
  credentialId: string; // base64url
  publicKey: string; // base64url COSE key
  counter: number;
  transports: string[];
  aaguid: string;
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
}

export type AuthenticatorRecord = AppAuthenticator | NhsnetAuthenticator | PasskeyAuthenticator;

/** What a journey asks to add; the directory gives it an id and a creation time. */
export type NewAuthenticator =
  | Omit<AppAuthenticator, 'id' | 'createdAt'>
  | Omit<NhsnetAuthenticator, 'id' | 'createdAt'>
  | Omit<PasskeyAuthenticator, 'id' | 'createdAt'>;

/** What the journey keeps about a matched profile: no personal data beyond the id. */
export interface ProfileSummary {
  profileId: string;
  status: ProfileStatus;
  hasNhsnet: boolean;
  passkeyCount: number;
  appCount: number;
}

export type AddAuthenticatorOutcome =
  | { outcome: 'added'; authenticatorId: string }
  | { outcome: 'linkedElsewhere' }
  | { outcome: 'alreadyOnProfile' }
  | { outcome: 'profileNotUsable' };

export type PasswordProblem =
  | 'missing'
  | 'tooShort'
  | 'tooLong'
  | 'common'
  | 'containsEmail'
  | 'containsServiceName'
  | 'confirmationMissing'
  | 'confirmationMismatch';

export interface PasskeyOptionsResult {
  /** PublicKeyCredentialCreationOptionsJSON for @simplewebauthn/browser. */
  optionsJSON: string;
  challenge: string;
}

export interface VerifiedPasskey {
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
  aaguid: string;
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  attachment: 'platform' | 'cross-platform' | null;
}

export interface NhsnetLoginStart {
  authorizationUrl: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface NhsnetAccount {
  issuer: string;
  tenantId: string | null;
  objectId: string | null;
  subject: string;
  email: string;
}

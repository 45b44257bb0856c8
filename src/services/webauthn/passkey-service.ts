import { createHash, createHmac, randomBytes } from 'node:crypto';
import {
  type AuthenticatorSelectionCriteria,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { z } from 'zod';
import type { PasskeyOptionsResult, PasskeyService, VerifiedPasskey } from '../ports.js';

/** 5 minutes: long enough to find a phone and scan the QR code of the hybrid flow. */
export const PASSKEY_TIMEOUT_MS = 300_000;
const CHALLENGE_BYTES = 32;
/** ES256 first (every phone platform), then EdDSA and RS256. The same list is used to verify. */
const SUPPORTED_ALGORITHM_IDS = [-7, -8, -257];
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface PasskeyServiceOptions {
  /** The relying party id: the registrable domain of the service, e.g. 'add-authenticator.nhs.uk'. */
  rpId: string;
  /** Shown by the phone when it saves the passkey. */
  rpName: string;
  /** Every origin the ceremony may run on, e.g. ['https://add-authenticator.nhs.uk']. */
  origins: string[];
  /** When set, the WebAuthn user handle is an HMAC of the profile id under this key, not a plain hash. */
  userHandleKey?: string;
}

const registrationResponseSchema = z.looseObject({
  id: z.string().regex(BASE64URL),
  rawId: z.string().regex(BASE64URL),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.looseObject({}).optional(),
  response: z.looseObject({
    clientDataJSON: z.string().regex(BASE64URL),
    attestationObject: z.string().regex(BASE64URL),
    // Stored with the passkey, so only short transport names ('hybrid', 'internal', 'usb', …) pass.
    transports: z
      .array(z.string().regex(/^[a-z-]{1,32}$/))
      .max(8)
      .optional(),
  }),
});

function parseResponse(responseJSON: string): RegistrationResponseJSON | null {
  let raw: unknown;
  try {
    raw = JSON.parse(responseJSON);
  } catch {
    return null;
  }
  const parsed = registrationResponseSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { clientExtensionResults, ...rest } = parsed.data;
  return { ...rest, clientExtensionResults: clientExtensionResults ?? {} };
}

/**
 * The authenticator asked for. Built fresh on every call: generateRegistrationOptions writes into the
 * object it is given.
 * - No Windows Hello (type 1 steps): a phone passkey, cross-platform with the `hybrid` hint, so the
 *   browser's window lists "iPhone, iPad or Android device" first.
 * - Windows Hello present (type 2 steps, as the seed describes them): the attachment is left open and no
 *   hint is given, so Windows shows its Windows Security window ("saved to this Windows device") with
 *   "Change"; a credential Windows Hello makes anyway is refused with guidance (passkey-windows-hello).
 */
function authenticatorSelection(windowsHello: boolean): AuthenticatorSelectionCriteria {
  return {
    residentKey: 'required',
    requireResidentKey: true,
    userVerification: 'required',
    ...(windowsHello ? {} : { authenticatorAttachment: 'cross-platform' as const }),
  };
}

export function createPasskeyService(options: PasskeyServiceOptions): PasskeyService {
  const { rpId, rpName, origins, userHandleKey } = options;
  if (origins.length === 0) throw new Error('At least one WebAuthn origin is needed');

  /** A stable handle that reveals nothing about the profile (WebAuthn §14.6.1: no personal data). */
  function userHandle(profileId: string): Uint8Array<ArrayBuffer> {
    const digest = userHandleKey
      ? createHmac('sha256', userHandleKey).update(profileId).digest()
      : createHash('sha256').update(`care-identity-passkey-user:${profileId}`).digest();
    return new Uint8Array(digest);
  }

  return {
    // The options follow the instructions the page shows (type 1 or type 2): see authenticatorSelection.
    async createOptions({
      profileId,
      userName,
      userDisplayName,
      excludeCredentialIds,
      windowsHello,
    }): Promise<PasskeyOptionsResult> {
      const creationOptions = await generateRegistrationOptions({
        rpName,
        rpID: rpId,
        userName,
        userDisplayName,
        userID: userHandle(profileId),
        challenge: new Uint8Array(randomBytes(CHALLENGE_BYTES)),
        timeout: PASSKEY_TIMEOUT_MS,
        attestationType: 'none',
        excludeCredentials: excludeCredentialIds.map((id) => ({ id })),
        authenticatorSelection: authenticatorSelection(windowsHello),
        supportedAlgorithmIDs: SUPPORTED_ALGORITHM_IDS,
        ...(windowsHello ? {} : { preferredAuthenticatorType: 'remoteDevice' as const }),
      });
      return { optionsJSON: JSON.stringify(creationOptions), challenge: creationOptions.challenge };
    },

    async verify({ responseJSON, expectedChallenge }) {
      const response = parseResponse(responseJSON);
      if (!response) return { verified: false, reason: 'malformed registration response' };
      try {
        const verification = await verifyRegistrationResponse({
          response,
          expectedChallenge,
          expectedOrigin: origins,
          expectedRPID: rpId,
          expectedType: 'webauthn.create',
          requireUserPresence: true,
          requireUserVerification: true,
          supportedAlgorithmIDs: SUPPORTED_ALGORITHM_IDS,
        });
        if (!verification.verified) return { verified: false, reason: 'registration not verified' };
        const info = verification.registrationInfo;
        if (!info.userVerified) return { verified: false, reason: 'user verification missing' };
        const passkey: VerifiedPasskey = {
          credentialId: info.credential.id,
          publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
          counter: info.credential.counter,
          transports: response.response.transports ?? [],
          aaguid: info.aaguid,
          deviceType: info.credentialDeviceType,
          backedUp: info.credentialBackedUp,
          attachment: response.authenticatorAttachment ?? null,
        };
        return { verified: true, passkey };
      } catch (error) {
        return { verified: false, reason: error instanceof Error ? error.message : 'verification failed' };
      }
    },
  };
}

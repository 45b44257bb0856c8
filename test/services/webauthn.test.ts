import { generateRegistrationOptions } from '@simplewebauthn/server';
import {
  AuthenticatorEmulator,
  PasskeysCredentialsMemoryRepository,
  type PublicKeyCredentialCreationOptionsJSON,
  WebAuthnEmulator,
} from 'nid-webauthn-emulator';
import { describe, expect, it } from 'vitest';
import { createPasskeyService } from '../../src/services/webauthn/passkey-service.js';

const rpId = 'add-authenticator.example.com';
const origin = 'https://add-authenticator.example.com';
const service = createPasskeyService({ rpId, rpName: 'NHS Care Identity', origins: [origin] });

const request = {
  profileId: 'profile-0001',
  userName: 'jane.smith@nhs.net',
  userDisplayName: 'Jane Smith',
  excludeCredentialIds: [] as string[],
  windowsHello: false,
};

/** A software phone authenticator with its own credential store; uv=false models a missing PIN/biometric. */
function phone({ userVerified = true } = {}) {
  const authenticator = new AuthenticatorEmulator({
    credentialsRepository: new PasskeysCredentialsMemoryRepository(),
    algorithmIdentifiers: ['ES256'],
    userMakeCredentialInteraction: () => ({ options: { uv: userVerified, up: true } }),
  });
  return new WebAuthnEmulator(authenticator);
}

async function options(overrides: Partial<typeof request> = {}) {
  const result = await service.createOptions({ ...request, ...overrides });
  return { ...result, parsed: JSON.parse(result.optionsJSON) as PublicKeyCredentialCreationOptionsJSON };
}

function register(emulator: WebAuthnEmulator, optionsJSON: string, atOrigin = origin): string {
  const parsed = JSON.parse(optionsJSON) as PublicKeyCredentialCreationOptionsJSON;
  return JSON.stringify(emulator.createJSON(atOrigin, parsed));
}

function uuidOf(text: string): string {
  const hex = Buffer.from(text, 'utf8').toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('passkey registration options', () => {
  it('asks for a user-verified discoverable passkey without attestation', async () => {
    for (const windowsHello of [false, true]) {
      const { parsed, challenge } = await options({ windowsHello });
      expect(parsed.rp).toEqual({ id: rpId, name: 'NHS Care Identity' });
      expect(parsed.authenticatorSelection).toMatchObject({
        residentKey: 'required',
        requireResidentKey: true,
        userVerification: 'required',
      });
      expect(parsed.attestation).toBe('none');
      expect(parsed.timeout).toBe(300_000);
      expect(parsed.challenge).toBe(challenge);
      expect(Buffer.from(challenge, 'base64url').length).toBeGreaterThanOrEqual(16);
      expect(parsed.pubKeyCredParams.map((param) => param.alg)).toContain(-7);
    }
  });

  // SPEC.md 10 and the README's deviations: the options match the steps the page shows.
  it('without Windows Hello (type 1) asks for a phone: cross-platform with the hybrid hint', async () => {
    const { parsed } = await options({ windowsHello: false });
    expect(parsed.authenticatorSelection?.authenticatorAttachment).toBe('cross-platform');
    expect(parsed.hints).toEqual(['hybrid']);
  });

  it("with Windows Hello (type 2) leaves the attachment open with no hint, as the seed's window needs", async () => {
    const { parsed } = await options({ windowsHello: true });
    expect(parsed.authenticatorSelection).not.toHaveProperty('authenticatorAttachment');
    expect(parsed.hints ?? []).toEqual([]);
  });

  it('uses a fresh challenge each time', async () => {
    const first = await options();
    const second = await options();
    expect(first.challenge).not.toBe(second.challenge);
  });

  it('derives a stable user handle that does not reveal the profile id', async () => {
    const first = (await options()).parsed.user;
    const second = (await options()).parsed.user;
    const other = (await options({ profileId: 'profile-0002' })).parsed.user;
    expect(first.id).toBe(second.id);
    expect(first.id).not.toBe(other.id);
    expect(Buffer.from(first.id, 'base64url').toString('latin1')).not.toContain('profile');
    expect(Buffer.from(first.id, 'base64url')).toHaveLength(32);
    expect(first).toMatchObject({ name: 'jane.smith@nhs.net', displayName: 'Jane Smith' });

    const keyed = createPasskeyService({
      rpId,
      rpName: 'x',
      origins: [origin],
      userHandleKey: 'k'.repeat(32),
    });
    const keyedUser = JSON.parse((await keyed.createOptions(request)).optionsJSON).user;
    expect(keyedUser.id).not.toBe(first.id);
  });

  it("excludes the profile's existing passkeys", async () => {
    expect((await options()).parsed.excludeCredentials).toEqual([]);
    const { parsed } = await options({ excludeCredentialIds: ['AAECAwQ', 'BQYHCAk'] });
    expect(parsed.excludeCredentials).toEqual([
      { id: 'AAECAwQ', type: 'public-key' },
      { id: 'BQYHCAk', type: 'public-key' },
    ]);
  });

  it('does not share or alter an authenticatorSelection object between calls', async () => {
    const first = await options({ windowsHello: false });
    const second = await options({ windowsHello: false });
    expect(first.parsed.authenticatorSelection).toEqual(second.parsed.authenticatorSelection);
    // The library writes into the selection object it uses; had our calls used (and so altered) its
    // shared default, a call without a selection would now come back as a phone passkey.
    const libraryDefault = await generateRegistrationOptions({ rpName: 'x', rpID: rpId, userName: 'u' });
    expect(libraryDefault.authenticatorSelection).toMatchObject({
      residentKey: 'preferred',
      userVerification: 'preferred',
    });
    expect(libraryDefault.authenticatorSelection).not.toHaveProperty('authenticatorAttachment');
    expect(libraryDefault.hints).toEqual([]);
  });
});

describe('passkey registration verification', () => {
  it('verifies a registration made by a user-verifying authenticator', async () => {
    const { optionsJSON, challenge } = await options();
    const responseJSON = register(phone(), optionsJSON);
    const result = await service.verify({ responseJSON, expectedChallenge: challenge });
    expect(result.verified).toBe(true);
    if (!result.verified) return;
    const sent = JSON.parse(responseJSON);
    expect(result.passkey.credentialId).toBe(sent.id);
    expect(result.passkey.counter).toBe(0);
    expect(result.passkey.transports).toEqual(['usb']);
    expect(result.passkey.aaguid).toBe(uuidOf('NID-AUTH-3141592'));
    expect(result.passkey.deviceType).toBe('multiDevice');
    expect(result.passkey.backedUp).toBe(true);
    expect(result.passkey.attachment).toBeNull();
    // A COSE EC2 key: a CBOR map of 5 entries (kty, alg, crv, x, y).
    expect(Buffer.from(result.passkey.publicKey, 'base64url')[0]).toBe(0xa5);
  });

  it('reports the attachment the browser gave', async () => {
    const { optionsJSON, challenge } = await options();
    for (const attachment of ['platform', 'cross-platform'] as const) {
      const response = JSON.parse(register(phone(), optionsJSON));
      response.authenticatorAttachment = attachment;
      const result = await service.verify({
        responseJSON: JSON.stringify(response),
        expectedChallenge: challenge,
      });
      expect(result.verified && result.passkey.attachment).toBe(attachment);
    }
  });

  it('rejects a registration without user verification', async () => {
    const { optionsJSON, challenge } = await options();
    const responseJSON = register(phone({ userVerified: false }), optionsJSON);
    const result = await service.verify({ responseJSON, expectedChallenge: challenge });
    expect(result).toMatchObject({ verified: false });
    expect(!result.verified && result.reason).toMatch(/user.*verif/i);
  });

  it('rejects a registration made on another origin', async () => {
    const { optionsJSON, challenge } = await options();
    const responseJSON = register(phone(), optionsJSON, 'https://evil.add-authenticator.example.com');
    const result = await service.verify({ responseJSON, expectedChallenge: challenge });
    expect(result).toMatchObject({ verified: false });
    expect(!result.verified && result.reason).toMatch(/origin/i);
  });

  it('rejects a registration for another challenge', async () => {
    const { optionsJSON } = await options();
    const other = await options();
    const responseJSON = register(phone(), optionsJSON);
    const result = await service.verify({ responseJSON, expectedChallenge: other.challenge });
    expect(result).toMatchObject({ verified: false });
    expect(!result.verified && result.reason).toMatch(/challenge/i);
  });

  it('the excluded credential cannot be registered again on the same authenticator', async () => {
    const emulator = phone();
    const first = await options();
    const firstResult = await service.verify({
      responseJSON: register(emulator, first.optionsJSON),
      expectedChallenge: first.challenge,
    });
    if (!firstResult.verified) throw new Error('first registration failed');
    const second = await options({ excludeCredentialIds: [firstResult.passkey.credentialId] });
    expect(() => register(emulator, second.optionsJSON)).toThrow(/excluded|NotAllowed|not allowed/i);
  });

  it('answers, without throwing, for malformed responses', async () => {
    const { optionsJSON, challenge } = await options();
    const valid = JSON.parse(register(phone(), optionsJSON));
    const malformed = [
      '',
      'not json',
      'null',
      '[]',
      '{}',
      JSON.stringify({ ...valid, type: 'other' }),
      JSON.stringify({ ...valid, id: 42 }),
      JSON.stringify({ ...valid, response: { ...valid.response, attestationObject: 'AAAA' } }),
      JSON.stringify({ ...valid, response: { ...valid.response, clientDataJSON: 'e30' } }),
      JSON.stringify({ ...valid, response: 'x' }),
      JSON.stringify({ ...valid, response: { ...valid.response, transports: ['<script>'] } }),
    ];
    for (const responseJSON of malformed) {
      const result = await service.verify({ responseJSON, expectedChallenge: challenge });
      expect(result.verified, responseJSON.slice(0, 40)).toBe(false);
      expect(!result.verified && typeof result.reason).toBe('string');
    }
  });
});

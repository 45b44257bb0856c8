/**
 * How the real components are made to give the answer a model step names: which demo profile the
 * directory finds, what is typed for the model's stand-in values, which TOTP code, which passkey
 * response, which change to the directory (as a Registration Authority import would make).
 */
import { randomUUID } from 'node:crypto';
import { AuthenticatorEmulator, WebAuthnEmulator } from 'nid-webauthn-emulator';
import { TOTP } from 'otpauth';
import { demoProfiles } from '../../src/dev/demo-profiles.js';
import { devCaptchaToken } from '../../src/dev/dev-captcha.js';
import {
  type DevNhsnetAccount,
  demoNhsnetAccounts,
  subjectOf,
} from '../../src/dev/nhsnet-provider/accounts.js';
import { postFor } from '../../src/screens/index.js';
import type { Profile } from '../../src/services/ports.js';
import { type FakeSwitches, validDetails } from '../journey-fakes.js';
import { HttpClient } from '../support/http-client.js';

export const BASE = '/add-authenticator';
export const GOOD_PASSWORD = 'violet tractor umbrella 42';
const STEP_MS = 30_000;

export type Who = { email: string; niNumber: string; profileId: string | null };

/** The demo profile that makes the directory answer as the model says. */
export const PROFILE_FOR: Record<FakeSwitches['profile'], Who> = {
  active: { email: 'alex.morgan@nhs.net', niNumber: 'AB123456C', profileId: 'demo-0001' },
  activeWithNhsnet: { email: 'priya.shah@nhs.net', niNumber: 'CE654321A', profileId: 'demo-0002' },
  suspended: { email: 'casey.brooks@nhs.net', niNumber: 'JM987654B', profileId: 'demo-0004' },
  closed: { email: 'robin.hale@nhs.net', niNumber: 'KP246813D', profileId: 'demo-0005' },
  // Nobody in the directory has this email and NI number.
  none: { email: 'nobody.known@nhs.net', niNumber: 'AB987654C', profileId: null },
  // Active, but without an NI number on the profile: never a match.
  noNiNumber: { email: 'jordan.ellis@nhs.net', niNumber: 'JE123456A', profileId: null },
  down: { email: 'alex.morgan@nhs.net', niNumber: 'AB123456C', profileId: 'demo-0001' },
};

/** Someone whose identity checks are used up before the request the limiter must refuse. */
export const LIMITED: Who = { email: 'limited.person@nhs.net', niNumber: 'AB654321D', profileId: null };

export function mailbox(email: string): DevNhsnetAccount {
  const account = demoNhsnetAccounts.find((a) => a.email === email);
  if (!account) throw new Error(`no demo mailbox ${email}`);
  return account;
}

/** The model's stand-in email made real: the chosen profile's, with the same spacing and case. */
export function realEmail(modelled: string, who: Who): string {
  if (modelled.trim().toLowerCase() !== validDetails.email) return modelled;
  if (modelled === validDetails.email) return who.email;
  const [local = '', domain = ''] = who.email.split('@');
  const title = local.replace(/(^|\.)([a-z])/g, (_m, dot: string, c: string) => dot + c.toUpperCase());
  return `  ${title}@${domain.replace(/^nhs\./, 'NHS.')} `;
}

export function realNiNumber(modelled: string, who: Who): string {
  const plain = (v: string) => v.replace(/[\s-]/g, '').toUpperCase();
  if (plain(modelled) !== plain(validDetails.niNumber)) return modelled;
  const pairs = who.niNumber.match(/^(..)(..)(..)(..)(.)$/)?.slice(1) ?? [];
  return modelled.includes('-') ? pairs.join('-').toLowerCase() : pairs.join(' ');
}

/** The development CAPTCHA of an enter-details page: its challenge and the word in the picture. */
export function captchaOf(html: string): { challenge: string; word: string } {
  return {
    challenge: /name="captchaChallenge" value="([^"]+)"/.exec(html)?.[1] ?? '',
    word: /<text[^>]*>([^<]+)<\/text>/.exec(html)?.[1] ?? '',
  };
}

export function totpAt(secret: string, at: number): string {
  return new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: at });
}

/** A code the app shows at no time step near now: wrong, not drifted. */
export function wrongTotp(secret: string, now: number): string {
  const near = new Set(Array.from({ length: 41 }, (_, i) => totpAt(secret, now + (i - 20) * STEP_MS)));
  for (let n = 0; ; n++) {
    const code = String(n * 7919)
      .padStart(6, '0')
      .slice(-6);
    if (!near.has(code)) return code;
  }
}

/** The code for the model's verifyAppCode answer: now, the one accepted before, or 5 steps back. */
export function appCodeFor(
  outcome: { valid: boolean; reason?: string } | undefined,
  modelled: string,
  secret: string,
  now: number,
  acceptedAt: number | null,
): string {
  if (outcome?.valid) return totpAt(secret, now);
  if (outcome?.reason === 'replayed') return totpAt(secret, acceptedAt ?? now);
  if (outcome?.reason === 'drift') return totpAt(secret, now - 5 * STEP_MS);
  if (outcome?.reason === 'wrong') return wrongTotp(secret, now);
  return modelled;
}

/** Uses up the identity checks of an email with throw-away journeys, so the next one is refused. */
export async function useUpIdentityChecks(serviceUrl: string, who: Who): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const other = new HttpClient(serviceUrl);
    await other.get(`${BASE}/start`);
    await other.post(`${BASE}/start`, {});
    const { challenge, word } = captchaOf(other.last?.html ?? '');
    const captchaToken = devCaptchaToken(challenge, word);
    const event = { ...validDetails, email: who.email, niNumber: who.niNumber, captchaToken };
    const post = postFor('enter-details', event, { captchaFields: ['captchaChallenge', 'captchaAnswer'] });
    await other.post(`${BASE}/${post?.path}`, post?.fields ?? {});
  }
}

/** The demo profiles, changed. */
export function profilesWith(change: (byId: (id: string | null) => Profile) => void): Profile[] {
  const profiles = structuredClone(demoProfiles) as Profile[];
  change((id) => {
    const found = profiles.find((p) => p.id === id);
    if (!found) throw new Error(`profile ${id} is not in the directory`);
    return found;
  });
  return profiles;
}

export function nhsnetLink(account: DevNhsnetAccount): Profile['authenticators'][number] {
  return {
    type: 'nhsnet',
    id: randomUUID(),
    createdAt: new Date().toISOString(),
    issuer: 'http://localhost',
    tenantId: account.tid,
    objectId: account.oid,
    subject: subjectOf(account),
    email: account.email,
  };
}

export function passkeyRecord(credentialId: string): Profile['authenticators'][number] {
  return {
    type: 'passkey',
    id: randomUUID(),
    createdAt: new Date().toISOString(),
    credentialId,
    publicKey: credentialId,
    counter: 0,
    transports: ['hybrid'],
    aaguid: '00000000-0000-0000-0000-000000000000',
    deviceType: 'multiDevice',
    backedUp: true,
  };
}

/** A registration response from a software authenticator for the options on a passkey-register page. */
export function passkeyResponse(
  html: string,
  origin: string,
  verify: FakeSwitches['passkeyVerify'] | undefined,
): { id: string; json: string } {
  const options = /<script type="application\/json" id="passkey-options"[^>]*>([\s\S]*?)<\/script>/.exec(
    html,
  )?.[1];
  if (!options) throw new Error('the passkey page has no options');
  const emulator = new WebAuthnEmulator(new AuthenticatorEmulator());
  const response = emulator.createJSON(origin, { ...JSON.parse(options), excludeCredentials: [] }) as {
    id: string;
    authenticatorAttachment?: string;
    response: { clientDataJSON: string };
  };
  // Windows Hello answers as a platform authenticator; a phone over hybrid as a cross-platform one.
  response.authenticatorAttachment = verify === 'windowsHello' ? 'platform' : 'cross-platform';
  if (verify === 'fail') {
    // Made for another site: the service must refuse it.
    const clientData = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString());
    clientData.origin = 'https://not-this-service.example';
    response.response.clientDataJSON = Buffer.from(JSON.stringify(clientData)).toString('base64url');
  }
  return { id: response.id, json: JSON.stringify(response) };
}

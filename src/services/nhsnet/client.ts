import { createHash, timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import type { NhsnetAccount, NhsnetConnect, NhsnetLoginStart } from '../ports.js';
import { classifyGrantError, describeSafely, NhsnetUnavailableError } from './errors.js';

export { NhsnetUnavailableError } from './errors.js';

export interface NhsnetConnectConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Entra ID tenant ids (`tid`) whose accounts are accepted; empty accepts any tenant. */
  allowedTenants: string[];
  /** Exact email domains accepted (case-insensitive), e.g. ['nhs.net']; empty accepts any domain. */
  allowedEmailDomains: string[];
  /** Plain http to the provider, for the embedded development provider on loopback only. */
  allowInsecureHttp?: boolean;
  /** Deadline for each request to the provider. Default 10 seconds. */
  timeoutMs?: number;
}

type CompleteResult = Awaited<ReturnType<NhsnetConnect['complete']>>;

const SCOPE = 'openid email profile';
/** Error codes a provider may put in the callback that mean "not now", not "no". */
const OUTAGE_CALLBACK_ERRORS = new Set(['server_error', 'temporarily_unavailable']);

/** The provider's metadata, fetched now; a failure is an outage. */
async function discoverProvider(config: NhsnetConnectConfig, issuerUrl: URL): Promise<oidc.Configuration> {
  try {
    return await oidc.discovery(
      issuerUrl,
      config.clientId,
      { client_secret: config.clientSecret },
      oidc.ClientSecretPost(config.clientSecret),
      {
        timeout: (config.timeoutMs ?? 10_000) / 1000,
        execute: config.allowInsecureHttp ? [oidc.allowInsecureRequests] : [],
      },
    );
  } catch (err) {
    throw new NhsnetUnavailableError(`NHS.net Connect discovery failed: ${describeSafely(err)}`);
  }
}

export function createNhsnetConnect(config: NhsnetConnectConfig): NhsnetConnect {
  const issuerUrl = new URL(config.issuer);
  checkTransport(issuerUrl, config.allowInsecureHttp === true);
  const redirectUri = new URL(config.redirectUri);
  const allowedTenants = new Set(config.allowedTenants.map((t) => t.toLowerCase()));
  const allowedDomains = new Set(config.allowedEmailDomains.map((d) => d.toLowerCase()));

  // The last metadata that was discovered successfully. Nothing is fetched before the first login, so
  // a provider that is down while the service starts costs nothing but that login.
  let cached: oidc.Configuration | null = null;

  async function discover(): Promise<oidc.Configuration> {
    cached = await discoverProvider(config, issuerUrl);
    return cached;
  }

  return {
    async begin(): Promise<NhsnetLoginStart> {
      // Fresh metadata on every start: an outage is found before the user is sent away to a dead page,
      // and rotated endpoints or keys are picked up. complete() reuses what this found.
      const configuration = await discover();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri.href,
        response_type: 'code',
        scope: SCOPE,
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        // Always ask who is logging in: on a shared PC the browser may hold someone else's NHS.net
        // Connect session, and after a refused account "Try again" must let the person use another one.
        prompt: 'login',
      });
      return { authorizationUrl: authorizationUrl.href, state, nonce, codeVerifier };
    },

    async complete({ callbackQuery, state, nonce, codeVerifier }): Promise<CompleteResult> {
      const returnedState = callbackQuery.state;
      if (returnedState === undefined || !sameSecret(returnedState, state)) return rejected('state');

      const error = callbackQuery.error;
      if (error !== undefined) {
        if (error === 'access_denied') return rejected('cancelled');
        if (OUTAGE_CALLBACK_ERRORS.has(error)) {
          throw new NhsnetUnavailableError(`NHS.net Connect answered the login with ${error}`);
        }
        return rejected('providerError');
      }
      if (!callbackQuery.code) return rejected('grant');

      const configuration = cached ?? (await discover());
      const callbackUrl = new URL(redirectUri.href);
      callbackUrl.search = new URLSearchParams(callbackQuery).toString();

      let claims: oidc.IDToken | undefined;
      try {
        const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
          expectedState: state,
          expectedNonce: nonce,
          pkceCodeVerifier: codeVerifier,
          idTokenExpected: true,
        });
        claims = tokens.claims();
      } catch (err) {
        const reason = classifyGrantError(err);
        if (reason === 'outage') {
          throw new NhsnetUnavailableError(`NHS.net Connect code exchange failed: ${describeSafely(err)}`);
        }
        // Keys may have been rotated: look again next time rather than keep failing.
        if (reason === 'token') cached = null;
        return rejected(reason);
      }
      if (!claims) return rejected('token');
      return checkAccount(claims, allowedTenants, allowedDomains);
    },
  };
}

function checkAccount(
  claims: oidc.IDToken,
  allowedTenants: Set<string>,
  allowedDomains: Set<string>,
): CompleteResult {
  const tid = stringClaim(claims, 'tid');
  if (allowedTenants.size > 0 && (tid === null || !allowedTenants.has(tid.toLowerCase()))) {
    return rejected('tenant');
  }
  const email = pickEmail(claims);
  if (email === null) return rejected('token');
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (allowedDomains.size > 0 && !allowedDomains.has(domain)) return rejected('emailDomain');

  const account: NhsnetAccount = {
    issuer: claims.iss,
    tenantId: tid,
    objectId: stringClaim(claims, 'oid'),
    subject: claims.sub,
    email,
  };
  return { outcome: 'verified', account };
}

/** Entra ID puts the address in `email` only when the mailbox has one set; the sign-in name is the fallback. */
function pickEmail(claims: oidc.IDToken): string | null {
  for (const name of ['email', 'preferred_username', 'upn']) {
    const value = stringClaim(claims, name)?.trim().toLowerCase();
    if (value && /^[^@\s]+@[^@\s]+$/.test(value)) return value;
  }
  return null;
}

function stringClaim(claims: oidc.IDToken, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function rejected(reason: string): CompleteResult {
  return { outcome: 'rejected', reason };
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function checkTransport(issuer: URL, allowInsecureHttp: boolean): void {
  if (issuer.protocol === 'https:') return;
  if (issuer.protocol !== 'http:') throw new Error('NHS.net Connect issuer must be an https URL');
  const loopback = LOOPBACK_HOSTS.has(issuer.hostname) || /^127\.\d+\.\d+\.\d+$/.test(issuer.hostname);
  if (!allowInsecureHttp || !loopback) {
    throw new Error('NHS.net Connect issuer over plain http is allowed only on loopback in development');
  }
}

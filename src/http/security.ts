/**
 * Cookies, CSRF and security headers (SPEC.md: session cookie, CSRF, headers).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { generateCookie, getCookie } from 'hono/cookie';
import type { AppConfig } from '../config.js';
import { RandomPool } from '../services/random-pool.js';
import { clientIpFrom } from './client-ip.js';
import { createFormTokens, remembered, type TokenHolder, type TokenVerdict } from './form-tokens.js';
import { addCookie } from './reply.js';

export interface CspSources {
  scriptSrc: string[];
  frameSrc: string[];
  formAction: string[];
  connectSrc: string[];
}

/** SPEC's headers: CSP with nonces, frame-ancestors none, nosniff, Referrer-Policy, COOP, HSTS under https.
 *  The same headers hono's secureHeaders() gave with these options, built as one record per request. */
function securityHeaders(config: AppConfig, csp: CspSources) {
  const policy = (nonce: string) =>
    [
      "default-src 'self'",
      ["script-src 'self'", `'nonce-${nonce}'`, ...csp.scriptSrc].join(' '),
      "style-src 'self'",
      "img-src 'self' data:",
      // The NHS.UK Frutiger fonts are licensed and served only from the NHS's own asset host.
      "font-src 'self' https://assets.nhs.uk",
      ["connect-src 'self'", ...csp.connectSrc].join(' '),
      `frame-src ${csp.frameSrc.length ? csp.frameSrc.join(' ') : "'none'"}`,
      // A form post may be answered with a redirect to the NHS.net Connect provider.
      ["form-action 'self'", ...csp.formAction].join(' '),
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "object-src 'none'",
    ].join('; ');
  const fixed: Record<string, string> = {
    'cross-origin-resource-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    ...(config.secureCookies ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'DENY',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  };
  // The policy is the same text around each request's nonce: built once, joined per request.
  const NONCE = '\u0000';
  const parts = policy(NONCE).split(NONCE);
  if (parts.length !== 2) throw new Error('the CSP holds the nonce once');
  const [beforeNonce, afterNonce] = parts as [string, string];
  /** The record a request's answer starts from; journey pages are never stored by caches. */
  return (nonce: string, noStore: boolean): Record<string, string> => {
    // Object.assign, not a spread: on Node 20 it copies such a record several times faster.
    const headers: Record<string, string> = Object.assign({}, fixed);
    headers['content-security-policy'] = beforeNonce + nonce + afterNonce;
    if (noStore) headers['cache-control'] = 'no-store';
    return headers;
  };
}

const UNSAFE_FORM_TYPE =
  /^\b(application\/x-www-form-urlencoded|multipart\/form-data|text\/(?:plain|ping))\b/i;

export function createSecurity(config: AppConfig, csp: CspSources) {
  const cookieName = config.secureCookies ? '__Host-aa-journey' : 'aa-journey';
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: config.secureCookies,
    path: '/',
  };
  const headersFor = securityHeaders(config, csp);
  const nonces = new RandomPool();

  /** Origin check on every form post: a post with no Origin, or another one, is refused (unless the
   *  browser says it is same-origin). The rule of hono's csrf() middleware. */
  const originRefused = (c: Context): boolean => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
    if (!UNSAFE_FORM_TYPE.test(c.req.header('content-type') || 'text/plain')) return false;
    if (c.req.header('sec-fetch-site') === 'same-origin') return false;
    return c.req.header('origin') !== config.origin;
  };

  /** The journey cookie's signature: HMAC-SHA256, base64 (the format of hono's signed cookies), with
   *  node:crypto, which is far cheaper per request than importing a WebCrypto key each time. */
  const sign = remembered((value: string) =>
    createHmac('sha256', config.cookieSecret).update(value).digest('base64'),
  );

  const formTokens = createFormTokens(config.cookieSecret);
  const csrfToken = formTokens.journey;

  return {
    headersFor,
    /** A CSP nonce: 16 random bytes, base64 (the form hono's secure headers used). */
    nonce: () => nonces.takeBase64(16),
    originRefused,
    csrfToken,
    formTokens,
    /** The posted form token (or, without one, the x-csrf-token header) judged for a journey. */
    judgeCsrf(c: Context, journey: TokenHolder, submitted?: unknown): TokenVerdict {
      return formTokens.judge(journey, submitted === undefined ? c.req.header('x-csrf-token') : submitted);
    },
    /** undefined: no cookie; false: a cookie whose signature does not hold. */
    async readJourneyCookie(c: Context): Promise<string | false | undefined> {
      const raw = getCookie(c, cookieName);
      if (raw === undefined) return undefined;
      const dot = raw.lastIndexOf('.');
      const value = raw.slice(0, dot);
      if (dot < 0 || !/^[A-Za-z0-9_-]{22}$/.test(value)) return false;
      const expected = Buffer.from(sign(value));
      const given = Buffer.from(raw.slice(dot + 1));
      return given.length === expected.length && timingSafeEqual(given, expected) ? value : false;
    },
    async writeJourneyCookie(c: Context, journeyId: string) {
      addCookie(c, generateCookie(cookieName, `${journeyId}.${sign(journeyId)}`, cookieOptions));
    },
    clearJourneyCookie(c: Context) {
      addCookie(c, generateCookie(cookieName, '', { ...cookieOptions, maxAge: 0 }));
    },
    cimSessionPresent(c: Context): boolean {
      return getCookie(c, config.cimSessionCookie) !== undefined;
    },
    clientIp(c: Context): string {
      let socketAddress: string | undefined;
      try {
        socketAddress = getConnInfo(c).remote.address;
      } catch {
        socketAddress = undefined;
      }
      return clientIpFrom(config.trustProxy, {
        forwardedFor: c.req.header('x-forwarded-for'),
        proxyHeader: config.trustProxy.header ? c.req.header(config.trustProxy.header) : undefined,
        socketAddress,
      });
    },
  };
}

export type Security = ReturnType<typeof createSecurity>;

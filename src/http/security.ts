/**
 * Cookies, CSRF and security headers (SPEC.md: session cookie, CSRF, headers).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { AppConfig } from '../config.js';
import { clientIpFrom } from './client-ip.js';
import { createFormTokens, type TokenHolder, type TokenVerdict } from './form-tokens.js';

export interface CspSources {
  scriptSrc: string[];
  frameSrc: string[];
  formAction: string[];
  connectSrc: string[];
}

/** SPEC's headers: CSP with nonces, frame-ancestors none, nosniff, Referrer-Policy, COOP, HSTS under https. */
function securityHeaders(config: AppConfig, csp: CspSources): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", NONCE, ...csp.scriptSrc],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      // The NHS.UK Frutiger fonts are licensed and served only from the NHS's own asset host.
      fontSrc: ["'self'", 'https://assets.nhs.uk'],
      connectSrc: ["'self'", ...csp.connectSrc],
      frameSrc: csp.frameSrc.length ? csp.frameSrc : ["'none'"],
      // A form post may be answered with a redirect to the NHS.net Connect provider.
      formAction: ["'self'", ...csp.formAction],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    strictTransportSecurity: config.secureCookies ? 'max-age=31536000; includeSubDomains' : false,
  });
}

export function createSecurity(config: AppConfig, csp: CspSources) {
  const cookieName = config.secureCookies ? '__Host-aa-journey' : 'aa-journey';
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: config.secureCookies,
    path: '/',
  };
  const headers = securityHeaders(config, csp);

  /** Origin check on every form post (a post with no Origin, or another one, gets 403). */
  const originCheck: MiddlewareHandler = csrf({ origin: config.origin });

  /** The journey cookie's signature: HMAC-SHA256, base64 (the format of hono's signed cookies), with
   *  node:crypto, which is far cheaper per request than importing a WebCrypto key each time. */
  const sign = (value: string) => createHmac('sha256', config.cookieSecret).update(value).digest('base64');

  const formTokens = createFormTokens(config.cookieSecret);
  const csrfToken = formTokens.journey;

  return {
    headers,
    originCheck,
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
      setCookie(c, cookieName, `${journeyId}.${sign(journeyId)}`, cookieOptions);
    },
    clearJourneyCookie(c: Context) {
      deleteCookie(c, cookieName, cookieOptions);
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

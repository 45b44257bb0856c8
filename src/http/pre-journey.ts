/**
 * Before a journey exists (SPEC.md: journey creation). Viewing the start page writes nothing: the page
 * is the machine's first page made in memory, and its form token is bound to a signed, short-lived
 * pre-journey cookie (a random id and an expiry, HMAC with COOKIE_SECRET) instead of a journey. The
 * "Start now" post that carries both creates the journey.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { generateCookie, getCookie } from 'hono/cookie';
import type { AppConfig } from '../config.js';
import { LIMITS } from '../machine/index.js';
import { sameToken } from './form-tokens.js';
import { addCookie } from './reply.js';

/** As long as a journey may sit idle: someone reading the start page has that long to press Start now. */
export const PRE_JOURNEY_LIFETIME_MS = LIMITS.inactivityTimeoutMs;

export interface PreJourney {
  id: string;
  expiresAt: number;
}

export function createPreJourneys(config: AppConfig, now: () => number) {
  const cookieName = config.secureCookies ? '__Host-aa-start' : 'aa-start';
  const hmac = (label: string, value: string) =>
    createHmac('sha256', config.cookieSecret).update(`${label}:${value}`).digest('base64url');

  /** The valid, unexpired pre-journey behind the cookie, or null. */
  function read(c: Context): PreJourney | null {
    const raw = getCookie(c, cookieName);
    const match =
      raw === undefined ? null : /^([A-Za-z0-9_-]{22})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(raw);
    if (!match) return null;
    const [, id, expiry, signature] = match as unknown as [string, string, string, string];
    if (!sameToken(signature, hmac('pre-journey', `${id}.${expiry}`))) return null;
    const expiresAt = Number.parseInt(expiry, 36);
    return expiresAt > now() ? { id, expiresAt } : null;
  }

  /** The pre-journey of this browser, its life renewed (other open start pages keep their token). */
  function renew(c: Context): PreJourney {
    const id = read(c)?.id ?? randomBytes(16).toString('base64url');
    const expiresAt = now() + PRE_JOURNEY_LIFETIME_MS;
    const expiry = expiresAt.toString(36);
    addCookie(
      c,
      generateCookie(cookieName, `${id}.${expiry}.${hmac('pre-journey', `${id}.${expiry}`)}`, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: config.secureCookies,
        path: '/',
        maxAge: Math.floor(PRE_JOURNEY_LIFETIME_MS / 1000),
      }),
    );
    return { id, expiresAt };
  }

  /** The start page's form token: bound to the pre-journey id, never valid as a journey's token. */
  const token = (pre: PreJourney) => hmac('start-form', pre.id);

  const tokenMatches = (pre: PreJourney, submitted: unknown) =>
    typeof submitted === 'string' && sameToken(submitted, token(pre));

  return { read, renew, token, tokenMatches };
}

export type PreJourneys = ReturnType<typeof createPreJourneys>;

import type { CaptchaVerifier } from '../ports.js';

export type CaptchaProvider = 'hcaptcha' | 'turnstile' | 'recaptcha';

export interface CaptchaConfig {
  provider: CaptchaProvider;
  secret: string;
  /** Overrides the provider's siteverify address (tests, or an egress proxy). */
  verifyUrl?: string;
  /** How long to wait for siteverify before calling it an outage. Default 5000 ms. */
  timeoutMs?: number;
  /** When set, a token solved on another site (hostname in the answer) does not pass. */
  expectedHostname?: string;
}

export const SITEVERIFY_URLS: Record<CaptchaProvider, string> = {
  hcaptcha: 'https://api.hcaptcha.com/siteverify',
  turnstile: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
  recaptcha: 'https://www.google.com/recaptcha/api/siteverify',
};

/** Siteverify could not give an answer: an outage or our own misconfiguration, not the user's failure. */
export class CaptchaUnavailableError extends Error {
  override name = 'CaptchaUnavailableError';
}

// Provider tokens are a few kilobytes at most; anything far larger is not worth a call.
const MAX_TOKEN_LENGTH = 16_384;

// These error codes mean our secret or the provider is wrong, so every user would fail: treat as an outage.
const SERVICE_ERROR_CODES = new Set([
  'missing-input-secret',
  'invalid-input-secret',
  'sitekey-secret-mismatch',
  'internal-error',
]);

export function createCaptchaVerifier(config: CaptchaConfig): CaptchaVerifier {
  if (!config.secret) throw new Error('The CAPTCHA secret is missing');
  const url = config.verifyUrl ?? SITEVERIFY_URLS[config.provider];
  const timeoutMs = config.timeoutMs ?? 5000;

  return {
    async verify(token: string, remoteIp: string): Promise<{ success: boolean }> {
      if (typeof token !== 'string' || token.trim() === '' || token.length > MAX_TOKEN_LENGTH) {
        return { success: false };
      }
      const form = new URLSearchParams({ secret: config.secret, response: token });
      if (remoteIp) form.set('remoteip', remoteIp);

      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: form.toString(),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (cause) {
        throw new CaptchaUnavailableError(`${config.provider} siteverify did not answer`, { cause });
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new CaptchaUnavailableError(`${config.provider} siteverify answered HTTP ${response.status}`);
      }

      let body: unknown;
      try {
        body = await response.json();
      } catch (cause) {
        throw new CaptchaUnavailableError(`${config.provider} siteverify answered with invalid JSON`, {
          cause,
        });
      }
      if (
        typeof body !== 'object' ||
        body === null ||
        typeof (body as { success?: unknown }).success !== 'boolean'
      ) {
        throw new CaptchaUnavailableError(`${config.provider} siteverify answered without a success flag`);
      }
      const answer = body as { success: boolean; hostname?: unknown; 'error-codes'?: unknown };

      if (!answer.success) {
        const codes = Array.isArray(answer['error-codes']) ? answer['error-codes'] : [];
        const serviceError = codes.find(
          (c): c is string => typeof c === 'string' && SERVICE_ERROR_CODES.has(c),
        );
        if (serviceError) {
          throw new CaptchaUnavailableError(
            `${config.provider} siteverify refused our request: ${serviceError}`,
          );
        }
        return { success: false };
      }
      if (config.expectedHostname && answer.hostname !== config.expectedHostname) return { success: false };
      return { success: true };
    },
  };
}

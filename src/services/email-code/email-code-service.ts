import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { renderEmail } from '../mail/template.js';
import type { EmailCodeService, Mailer } from '../ports.js';

export interface EmailCodeServiceConfig {
  mailer: Mailer;
  /** Secret for the keyed hash; only the hash of a code is ever stored. */
  hmacKey: string;
  lifetimeMinutes: number;
  serviceName?: string;
}

const CODE_PATTERN = /^[0-9]{6}$/;

export const EMAIL_CODE_SUBJECT = 'Your code to add an authenticator';

/** A 6-digit code from the CSPRNG, uniformly drawn, leading zeros kept. */
export function generateEmailCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

export function createEmailCodeService(config: EmailCodeServiceConfig): EmailCodeService {
  if (config.hmacKey.length < 16) throw new Error('The email code HMAC key is too short');
  const serviceName = config.serviceName ?? 'Care Identity Service';

  // Bound to the journey: the same code in another journey gives another hash.
  const hashCode = (code: string, journeyNonce: string): string =>
    createHmac('sha256', config.hmacKey).update(`${journeyNonce}:${code}`).digest('base64url');

  return {
    async send({ to, journeyNonce }) {
      const code = generateEmailCode();
      const minutes = `${config.lifetimeMinutes} minute${config.lifetimeMinutes === 1 ? '' : 's'}`;
      const { text, html } = renderEmail({
        serviceName,
        title: 'Your security code',
        blocks: [
          { kind: 'paragraph', text: 'Use this code to add an authenticator to your Care Identity profile.' },
          { kind: 'code', label: 'Your security code is', value: code },
          { kind: 'paragraph', text: `The code lasts for ${minutes}.` },
          { kind: 'paragraph', text: 'Do not share this code with anyone. We will never ask you for it.' },
          { kind: 'paragraph', text: 'If you did not ask for this code, you can ignore this email.' },
        ],
      });
      await config.mailer.send({ to, subject: EMAIL_CODE_SUBJECT, text, html });
      return { codeHash: hashCode(code, journeyNonce) };
    },

    matches({ code, codeHash, journeyNonce }) {
      if (!CODE_PATTERN.test(code)) return false;
      const expected = Buffer.from(hashCode(code, journeyNonce));
      const given = Buffer.from(codeHash);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}

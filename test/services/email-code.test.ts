import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEmailCodeService,
  EMAIL_CODE_SUBJECT,
  generateEmailCode,
} from '../../src/services/email-code/email-code-service.js';
import { createSmtpMailer } from '../../src/services/mail/smtp-mailer.js';
import { type SmtpCapture, startSmtpCapture } from '../../tooling/support/smtp-capture.js';

const HMAC_KEY = 'test-hmac-key-0123456789abcdef';
let smtp: SmtpCapture;

beforeAll(async () => {
  smtp = await startSmtpCapture();
});
afterAll(async () => {
  await smtp.stop();
});

function service() {
  const mailer = createSmtpMailer({ url: smtp.url, from: 'Care Identity Service <no-reply@example.org>' });
  return createEmailCodeService({ mailer, hmacKey: HMAC_KEY, lifetimeMinutes: 10 });
}

function codeIn(text: string): string {
  const found = text.match(/\b\d{6}\b/);
  if (!found) throw new Error('No 6-digit code in the message');
  return found[0];
}

describe('createEmailCodeService', () => {
  it('emails a 6-digit code in both parts and returns only a hash that matches it for this journey', async () => {
    const codes = service();
    const { codeHash } = await codes.send({ to: 'ada@example.org', journeyNonce: 'journey-1' });
    const mail = await smtp.waitFor((m) => m.to.includes('ada@example.org'));

    expect(mail.subject).toBe(EMAIL_CODE_SUBJECT);
    const code = codeIn(mail.text);
    expect(mail.html).toContain(code);
    expect(codeHash).not.toContain(code);
    expect(codeHash).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect(codes.matches({ code, codeHash, journeyNonce: 'journey-1' })).toBe(true);
    expect(codes.matches({ code, codeHash, journeyNonce: 'journey-2' })).toBe(false);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(codes.matches({ code: wrong, codeHash, journeyNonce: 'journey-1' })).toBe(false);
  });

  it('says how long the code lasts, not to share it, and what to do if you did not ask', async () => {
    await service().send({ to: 'words@example.org', journeyNonce: 'n' });
    const mail = await smtp.waitFor((m) => m.to.includes('words@example.org'));
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('10 minutes');
      expect(part).toContain('If you did not ask for this code, you can ignore this email');
      expect(part).toContain('Do not share this code');
    }
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
    expect(mail.html).toContain('<html lang="en">');
  });

  it('accepts only exactly six digits, even when the digits inside are right', async () => {
    const codes = service();
    const { codeHash } = await codes.send({ to: 'exact@example.org', journeyNonce: 'j' });
    const code = codeIn((await smtp.waitFor((m) => m.to.includes('exact@example.org'))).text);
    expect(codes.matches({ code, codeHash, journeyNonce: 'j' })).toBe(true);
    const fullWidth = [...code].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
    const variants = [
      ` ${code}`,
      `${code}\n`,
      `${code.slice(0, 3)} ${code.slice(3)}`,
      code.slice(1),
      `${code}0`,
      fullWidth,
      '',
    ];
    for (const variant of variants) {
      expect(codes.matches({ code: variant, codeHash, journeyNonce: 'j' })).toBe(false);
    }
    expect(codes.matches({ code, codeHash: `${codeHash}A`, journeyNonce: 'j' })).toBe(false);
    expect(codes.matches({ code, codeHash: '', journeyNonce: 'j' })).toBe(false);
  });

  it('does not match with a different key', async () => {
    const codes = service();
    const { codeHash } = await codes.send({ to: 'key@example.org', journeyNonce: 'j' });
    const code = codeIn((await smtp.waitFor((m) => m.to.includes('key@example.org'))).text);
    const otherKey = createEmailCodeService({
      mailer: { send: async () => {} },
      hmacKey: 'another-key-0123456789abcdef',
      lifetimeMinutes: 10,
    });
    expect(otherKey.matches({ code, codeHash, journeyNonce: 'j' })).toBe(false);
    expect(codes.matches({ code, codeHash, journeyNonce: 'j' })).toBe(true);
  });

  it('generates codes that are always 6 digits and spread over the range', () => {
    const seen = new Set<string>();
    const firstDigits = new Array<number>(10).fill(0);
    for (let i = 0; i < 5000; i++) {
      const code = generateEmailCode();
      expect(code).toMatch(/^[0-9]{6}$/);
      seen.add(code);
      firstDigits[Number(code[0])] = (firstDigits[Number(code[0])] ?? 0) + 1;
    }
    // 5000 draws from a million values: collisions are rare, and every leading digit (zero too) shows up.
    expect(seen.size).toBeGreaterThan(4900);
    for (const count of firstDigits) {
      expect(count).toBeGreaterThan(350);
      expect(count).toBeLessThan(650);
    }
  });

  it('rejects the send when the mail relay is down', async () => {
    const codes = service();
    smtp.setDown(true);
    try {
      await expect(codes.send({ to: 'down@example.org', journeyNonce: 'j' })).rejects.toThrow();
    } finally {
      smtp.setDown(false);
    }
  });

  it('refuses a key too short to be a secret', () => {
    expect(() =>
      createEmailCodeService({ mailer: { send: async () => {} }, hmacKey: 'short', lifetimeMinutes: 10 }),
    ).toThrow();
  });
});

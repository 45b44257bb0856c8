import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../src/services/mail/smtp-mailer.js';
import { type SmtpCapture, startSmtpCapture } from '../../tooling/support/smtp-capture.js';

let smtp: SmtpCapture;

beforeAll(async () => {
  smtp = await startSmtpCapture();
});
afterAll(async () => {
  await smtp.stop();
});

describe('createSmtpMailer', () => {
  it('delivers the text and HTML parts, subject and sender over real SMTP', async () => {
    const mailer = createSmtpMailer({ url: smtp.url, from: 'Care Identity Service <no-reply@example.org>' });
    await mailer.send({
      to: 'ada@example.org',
      subject: 'Plain subject',
      text: 'Hello Ada,\nthis is the text part.',
      html: '<p>Hello Ada, this is the <strong>HTML</strong> part.</p>',
    });
    const mail = await smtp.waitFor((m) => m.subject === 'Plain subject');
    expect(mail.to).toEqual(['ada@example.org']);
    expect(mail.from).toBe('Care Identity Service <no-reply@example.org>');
    expect(mail.text).toBe('Hello Ada,\nthis is the text part.');
    expect(mail.html).toBe('<p>Hello Ada, this is the <strong>HTML</strong> part.</p>');
    expect(mail.headers['content-type']).toMatch(/^multipart\/alternative/);
  });

  it('survives non-ASCII text, encoded subjects and long quoted-printable lines', async () => {
    const mailer = createSmtpMailer({ url: smtp.url, from: 'no-reply@example.org' });
    const long = `Siân’s café — ${'a long line that must be wrapped by the encoder '.repeat(6)}£5 = “done”`;
    await mailer.send({
      to: 'sian@example.org',
      subject: 'Siân’s code — £5 “test”',
      text: long,
      html: `<p>${long}</p>`,
    });
    const mail = await smtp.waitFor((m) => m.to.includes('sian@example.org'));
    expect(mail.subject).toBe('Siân’s code — £5 “test”');
    expect(mail.text).toBe(long);
    expect(mail.html).toBe(`<p>${long}</p>`);
    // The wire form really is encoded: otherwise the decoding above would prove nothing.
    expect(mail.raw).toMatch(/=\?UTF-8\?[BQ]\?/i);
    expect(mail.raw).not.toContain(long);
    expect(mail.raw).toContain('Content-Transfer-Encoding: quoted-printable');
  });

  it('rejects when the relay refuses mail', async () => {
    const mailer = createSmtpMailer({ url: smtp.url, from: 'no-reply@example.org' });
    smtp.setDown(true);
    try {
      await expect(
        mailer.send({ to: 'bob@example.org', subject: 'Refused', text: 't', html: '<p>t</p>' }),
      ).rejects.toThrow();
    } finally {
      smtp.setDown(false);
    }
    expect(smtp.messages.some((m) => m.subject === 'Refused')).toBe(false);
  });

  it('rejects when nothing listens at the address', async () => {
    const other = await startSmtpCapture();
    const url = other.url;
    await other.stop();
    const mailer = createSmtpMailer({ url, from: 'no-reply@example.org', timeoutMs: 2000 });
    await expect(mailer.send({ to: 'c@example.org', subject: 's', text: 't', html: 'h' })).rejects.toThrow();
    await expect(mailer.ping()).rejects.toThrow();
  });

  it('ping succeeds against a live relay', async () => {
    const mailer = createSmtpMailer({ url: smtp.url, from: 'no-reply@example.org' });
    await expect(mailer.ping()).resolves.toBeUndefined();
  });

  it('waitFor times out with a clear error when no mail matches', async () => {
    await expect(smtp.waitFor((m) => m.subject === 'never sent', 100)).rejects.toThrow(/No matching mail/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotifier, formatUkDateTime, NOTIFICATION_SUBJECT } from '../../src/services/mail/notifier.js';
import { createSmtpMailer } from '../../src/services/mail/smtp-mailer.js';
import type { Profile } from '../../src/services/ports.js';
import { type SmtpCapture, startSmtpCapture } from '../../tooling/support/smtp-capture.js';

let smtp: SmtpCapture;
/** The FIND_RA_URL setting the notifier is given (not its default): the email must use it. */
const FIND_RA_URL = 'https://ra.example.nhs.uk/find-your-ra';

beforeAll(async () => {
  smtp = await startSmtpCapture();
});
afterAll(async () => {
  await smtp.stop();
});

function profile(overrides: Partial<Profile>): Profile {
  return {
    id: 'p-1',
    name: 'Ada Lovelace',
    emails: ['ada@example.org'],
    niNumber: 'AB123456C',
    status: 'active',
    authenticators: [],
    ...overrides,
  };
}

function notifierFor(profiles: Profile[]) {
  const mailer = createSmtpMailer({ url: smtp.url, from: 'Care Identity Service <no-reply@example.org>' });
  const directory = { get: async (id: string) => profiles.find((p) => p.id === id) ?? null };
  return createNotifier({ mailer, directory, findRaUrl: FIND_RA_URL });
}

describe('createNotifier', () => {
  it('emails every address of the profile once, saying what was added, when, and what to do', async () => {
    const notifier = notifierFor([
      profile({
        id: 'p-2',
        name: 'Grace <Hopper>',
        emails: ['grace@example.org', 'g.hopper@nhs.net', 'GRACE@example.org'],
      }),
    ]);
    await notifier.authenticatorAdded({
      profileId: 'p-2',
      method: 'passkey',
      at: new Date('2025-07-03T13:05:00Z'),
    });

    const toGrace = await smtp.waitFor((m) => m.to.includes('grace@example.org'));
    const toNhs = await smtp.waitFor((m) => m.to.includes('g.hopper@nhs.net'));
    expect(
      smtp.messages.filter((m) => m.to.some((t) => t.toLowerCase() === 'grace@example.org')),
    ).toHaveLength(1);
    expect(toNhs.text).toBe(toGrace.text);

    expect(toGrace.subject).toBe(NOTIFICATION_SUBJECT);
    for (const part of [toGrace.text, toGrace.html]) {
      expect(part).toContain('Passkey');
      expect(part).toContain('3 July 2025 at 2:05pm'); // British Summer Time: 13:05 UTC is 2:05pm in London
      expect(part).toContain('If this was not you, contact your Registration Authority');
      expect(part).toContain(FIND_RA_URL);
      expect(part).toContain('Find your Registration Authority');
    }
    // Everything from the directory is escaped in the HTML part.
    expect(toGrace.html).toContain('Grace &lt;Hopper&gt;');
    expect(toGrace.html).not.toContain('<Hopper>');
    expect(toGrace.text).toContain('Dear Grace <Hopper>,');
  });

  it.each([
    ['app', 'Authenticator app'],
    ['nhsnet', 'NHS.net Connect account'],
    ['passkey', 'Passkey'],
  ] as const)('names the %s method as "%s"', async (method, name) => {
    const address = `${method}@example.org`;
    const notifier = notifierFor([profile({ id: method, emails: [address] })]);
    await notifier.authenticatorAdded({ profileId: method, method, at: new Date('2025-01-10T09:30:00Z') });
    const mail = await smtp.waitFor((m) => m.to.includes(address));
    expect(mail.text).toContain(`What was added: ${name}`);
    expect(mail.text).toContain('10 January 2025 at 9:30am'); // Greenwich Mean Time
  });

  it('throws when the profile is missing, and when the relay refuses the mail', async () => {
    const notifier = notifierFor([profile({ id: 'p-3', emails: ['down@example.org'] })]);
    await expect(
      notifier.authenticatorAdded({ profileId: 'nobody', method: 'app', at: new Date() }),
    ).rejects.toThrow();
    smtp.setDown(true);
    try {
      await expect(
        notifier.authenticatorAdded({ profileId: 'p-3', method: 'app', at: new Date() }),
      ).rejects.toThrow();
    } finally {
      smtp.setDown(false);
    }
  });
});

describe('formatUkDateTime', () => {
  it('uses London time across the clock change, with midday and midnight', () => {
    expect(formatUkDateTime(new Date('2025-03-30T00:59:00Z'))).toBe('30 March 2025 at 12:59am');
    expect(formatUkDateTime(new Date('2025-03-30T01:00:00Z'))).toBe('30 March 2025 at 2:00am');
    expect(formatUkDateTime(new Date('2025-12-24T12:00:00Z'))).toBe('24 December 2025 at midday');
    expect(formatUkDateTime(new Date('2025-06-30T23:00:00Z'))).toBe('1 July 2025 at midnight');
  });
});

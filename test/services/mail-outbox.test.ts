import { describe, expect, it } from 'vitest';
import { createDevOutbox } from '../../src/dev/outbox.js';
import { createEmailCodeService } from '../../src/services/email-code/email-code-service.js';

const mail = (n: number) => ({
  to: `u${n}@example.org`,
  subject: `Subject ${n}`,
  text: `text ${n}`,
  html: `<p>${n}</p>`,
});

describe('createDevOutbox', () => {
  it('keeps messages newest first with an id and a send time', async () => {
    const outbox = createDevOutbox();
    const before = Date.now();
    await outbox.send(mail(1));
    await outbox.send(mail(2));
    const listed = outbox.list();
    expect(listed.map((m) => m.subject)).toEqual(['Subject 2', 'Subject 1']);
    expect(listed[0]).toMatchObject({ to: 'u2@example.org', text: 'text 2', html: '<p>2</p>' });
    expect(new Set(listed.map((m) => m.id)).size).toBe(2);
    for (const m of listed) expect(Date.parse(m.sentAt)).toBeGreaterThanOrEqual(before - 1);
    const first = listed[1];
    expect(first && outbox.get(first.id)?.subject).toBe('Subject 1');
    expect(outbox.get('missing')).toBeNull();
  });

  it('keeps only the newest max messages', async () => {
    const outbox = createDevOutbox(3);
    for (let i = 1; i <= 5; i++) await outbox.send(mail(i));
    expect(outbox.list().map((m) => m.subject)).toEqual(['Subject 5', 'Subject 4', 'Subject 3']);
    outbox.clear();
    expect(outbox.list()).toEqual([]);
  });

  it('hands out copies, so a caller cannot change what is stored', async () => {
    const outbox = createDevOutbox();
    await outbox.send(mail(1));
    const [copy] = outbox.list();
    if (copy) copy.subject = 'changed';
    expect(outbox.list()[0]?.subject).toBe('Subject 1');
  });

  it('works as the mailer of the email code service', async () => {
    const outbox = createDevOutbox();
    const codes = createEmailCodeService({
      mailer: outbox,
      hmacKey: 'dev-key-0123456789abcdef',
      lifetimeMinutes: 10,
    });
    const { codeHash } = await codes.send({ to: 'dev@example.org', journeyNonce: 'n1' });
    const code = outbox.list()[0]?.text.match(/\b\d{6}\b/)?.[0] ?? '';
    expect(codes.matches({ code, codeHash, journeyNonce: 'n1' })).toBe(true);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => createDevOutbox(0)).toThrow();
    expect(() => createDevOutbox(2.5)).toThrow();
  });
});

/**
 * SPEC.md "logs": the whole first half, errors and refusals included, with every log line captured
 * (pino at trace level, the service's own redact paths): no email, NI number or email code in clear.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_REDACT_PATHS } from '../../src/wiring.js';
import { type Harness, J, PROFILES, startHarness } from './support.js';

const lines: string[] = [];
const memory = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
});

let h: Harness;

beforeAll(async () => {
  const logger = pino({ level: 'trace', redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } }, memory);
  h = await startHarness({ logger });
});
afterAll(async () => {
  await h?.close();
});

describe('log redaction', () => {
  it('no email, NI number or email code appears in any log line', async () => {
    const secrets: string[] = [];
    const used = (s: string) => {
      secrets.push(s);
      return s;
    };

    // Invalid details, a failed CAPTCHA, a miss, a match, wrong and malformed codes, then the right one.
    const b = h.browser();
    await b.begin();
    await b.submitDetails({ email: used('Typo.Person@nhs'), niNumber: used('QQ 12 34 56 C') });
    await b.submitDetails(PROFILES.active, { captchaAnswer: 'wrong' });
    // Too long for the event schema: refused as a bad form, whose logged problem must not echo it.
    const long = used(`overlong.${'q'.repeat(1200)}@nhs.net`);
    expect((await b.submitDetails({ email: long, niNumber: PROFILES.active.niNumber })).status).toBe(400);
    await b.get(`${J}/enter-details`);
    const miss = h.browser();
    await miss.begin();
    await miss.submitDetails({ email: used('not.on.file@nhs.net'), niNumber: used('JT 98 76 54 B') });
    expect(miss.view()).toBe('problem-adding-authenticator');

    await b.submitDetails({ email: used('Alex.Morgan@NHS.net'), niNumber: used('ab 12 34 56 c') });
    expect(b.view()).toBe('enter-email-code');
    const code = used(await h.code(PROFILES.active.email, 1));
    const wrong = used(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
    await b.enterCode(wrong);
    await b.enterCode(used('12a45'));
    // A refused form (extra field) and a refused post (no token) are logged too.
    expect((await b.post(`${J}/enter-email-code`, { code, extra: used('x@y.org') })).status).toBe(400);
    await b.get(`${J}/enter-email-code`);
    await b.post(`${J}/enter-email-code`, { code }, { csrf: null });
    await b.get(`${J}/enter-email-code`);
    await b.enterCode(`${code.slice(0, 3)} ${code.slice(3)}`);
    expect(b.view()).toBe('choose-authenticator');

    // The suspended profile's journey ends after its code.
    const suspended = h.browser();
    await suspended.begin();
    await suspended.submitDetails({
      email: used(PROFILES.suspended.email),
      niNumber: used(PROFILES.suspended.niNumber),
    });
    await suspended.enterCode(used(await h.code(PROFILES.suspended.email, 1)));
    expect(suspended.view()).toBe('profile-not-found');

    await new Promise((r) => setTimeout(r, 50));
    expect(lines.length).toBeGreaterThan(30);
    // The log is JSON, one object a line.
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    // Audit events did reach the log, so the scan covers them.
    expect(lines.some((l) => l.includes('identity.emailProven'))).toBe(true);

    const log = lines.join('\n').toLowerCase();
    const forms = new Set<string>();
    for (const s of [...secrets, PROFILES.active.email, PROFILES.active.niNumber]) {
      forms.add(s.toLowerCase());
      forms.add(s.toLowerCase().replace(/[\s-]/g, ''));
      if (s.includes('@')) forms.add(s.toLowerCase().split('@')[0] as string);
    }
    for (const secret of forms) {
      if (secret.length < 5) continue;
      // Digits only (a code): not as part of a longer number such as a timestamp.
      const found = /^\d+$/.test(secret)
        ? new RegExp(`(?<!\\d)${secret}(?!\\d)`).test(log)
        : log.includes(secret);
      expect(found, `"${secret}" is in the log`).toBe(false);
    }
    // The code in the form it was typed with a space, and URL-encoded in a body.
    expect(log).not.toContain(`${code.slice(0, 3)} ${code.slice(3)}`);
    expect(log).not.toContain(encodeURIComponent(PROFILES.active.email).toLowerCase());
  });
});

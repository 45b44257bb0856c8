/**
 * Form posts → journey events (src/http/forms.ts), as SPEC.md "Numbers and rules" asks of bad input:
 * every field validated; a missing, extra or repeated field, a file or an unknown form is a clear
 * refusal (a bad request), never a journey change; the form token and, on a CAPTCHA form, the fields of
 * the CAPTCHA in use are the only fields beyond the form's own.
 */
import { describe, expect, it } from 'vitest';
import { formToEvent, hasForm } from '../../src/http/forms.js';

const facts = { clientIp: '203.0.113.9', cimSessionPresent: false, captchaFields: ['h-captcha-response'] };
const details = { email: 'alex.morgan@nhs.net', niNumber: 'AB123456C', 'h-captcha-response': 'tok' };

describe('form posts → journey events', () => {
  it('knows the forms of the screens, and nothing else', () => {
    expect(hasForm('enter-details')).toBe(true);
    expect(hasForm('enter-email-code/new-code')).toBe(true);
    expect(hasForm('enter-email-code/no-such-action')).toBe(false);
    expect(hasForm('no-such-page')).toBe(false);
    expect(formToEvent('no-such-page', {}, facts)).toEqual({ ok: false, problem: 'unknown form' });
  });

  it('makes the event of a well-filled form, with the form token and the CAPTCHA fields allowed', () => {
    expect(formToEvent('enter-details', { _csrf: 't', ...details }, facts)).toEqual({
      ok: true,
      event: {
        type: 'DETAILS_SUBMITTED',
        email: 'alex.morgan@nhs.net',
        niNumber: 'AB123456C',
        captchaToken: 'tok',
        clientIp: '203.0.113.9',
      },
    });
    expect(formToEvent('enter-email-code', { code: '123456' }, facts)).toEqual({
      ok: true,
      event: { type: 'EMAIL_CODE_SUBMITTED', code: '123456' },
    });
    // An optional field may be left out.
    expect(formToEvent('app-instructions', {}, facts)).toEqual({
      ok: true,
      event: { type: 'SOLE_ACCESS_CONFIRMED', confirmed: false },
    });
    // … or given: the box ticked (SPEC.md, app-instructions: "Only I have access to this authenticator app").
    expect(formToEvent('app-instructions', { _csrf: 't', soleAccess: 'yes' }, facts)).toEqual({
      ok: true,
      event: { type: 'SOLE_ACCESS_CONFIRMED', confirmed: true },
    });
  });

  it('refuses a field the form does not have, naming it (cut short)', () => {
    expect(formToEvent('enter-email-code', { code: '123456', extra: 'x' }, facts)).toEqual({
      ok: false,
      problem: 'unexpected field extra',
    });
    const long = 'f'.repeat(100);
    expect(formToEvent('enter-email-code', { code: '1', [long]: 'x' }, facts)).toEqual({
      ok: false,
      problem: `unexpected field ${'f'.repeat(40)}`,
    });
    // The CAPTCHA's fields belong to CAPTCHA forms only.
    expect(formToEvent('enter-email-code', { code: '123456', 'h-captcha-response': 't' }, facts)).toEqual({
      ok: false,
      problem: 'unexpected field h-captcha-response',
    });
  });

  it('refuses a field given twice or as a file', () => {
    expect(formToEvent('enter-email-code', { code: ['1', '2'] }, facts)).toEqual({
      ok: false,
      problem: 'field code must be given once, as text',
    });
    expect(formToEvent('enter-email-code', { code: new Blob(['123456']) }, facts)).toEqual({
      ok: false,
      problem: 'field code must be given once, as text',
    });
  });

  it('refuses a form with a required field missing, naming the first one', () => {
    expect(formToEvent('enter-details', { email: 'a@b.co' }, facts)).toEqual({
      ok: false,
      problem: 'missing field niNumber',
    });
    expect(formToEvent('enter-details', {}, facts)).toEqual({ ok: false, problem: 'missing field email' });
  });

  it('refuses what the event schema refuses, saying why', () => {
    const tooLong = formToEvent('enter-email-code', { code: 'x'.repeat(40_000) }, facts);
    expect(tooLong.ok).toBe(false);
    expect(!tooLong.ok && tooLong.problem.startsWith('code: ')).toBe(true);
  });

  it('names every field the event schema refuses, one reason after another', () => {
    const both = formToEvent(
      'enter-details',
      { email: 'a'.repeat(2000), niNumber: 'A'.repeat(200), 'h-captcha-response': 'tok' },
      facts,
    );
    expect(both.ok).toBe(false);
    // The reasons are listed "field: why", separated by "; " (the project's own wording of a bad request).
    const reasons = both.ok ? [] : both.problem.split('; ');
    expect(reasons.map((r) => r.split(':')[0])).toEqual(['email', 'niNumber']);
  });
});

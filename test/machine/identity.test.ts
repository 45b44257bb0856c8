/** Start, log-out-first, the details form and the identity check (CAPTCHA, limits, directory). */
import { describe, expect, it } from 'vitest';
import type { EventOf } from '../../src/machine/events.js';
import type { ProfileSummary } from '../../src/services/ports.js';
import { validDetails } from '../../tooling/journey-fakes.js';
import { E, journey, SpyJourney, spyService, toEnterDetails, viewOf } from './helpers.js';

describe('start and log-out-first', () => {
  it('opens on the start page and goes to enter-details', async () => {
    const j = journey();
    expect(viewOf(j)).toBe('start');
    await j.send(E.start());
    expect(viewOf(j)).toBe('enter-details');
  });

  it('opens on log-out-first when a Care Identity Management session is present', async () => {
    const j = journey({ cimSessionPresent: true });
    expect(viewOf(j)).toBe('log-out-first');
  });

  it('keeps asking while the session is still present, then returns to start once logged out', async () => {
    const j = journey({ cimSessionPresent: true });
    await j.send(E.loggedOut(true));
    expect(viewOf(j)).toBe('log-out-first');
    expect(j.context.errors).toEqual({ cim: 'cimStillLoggedIn' });
    expect(j.context.cimSessionPresent).toBe(true);
    await j.send(E.loggedOut(false));
    expect(viewOf(j)).toBe('start');
    expect(j.context.errors).toEqual({});
    expect(j.context.cimSessionPresent).toBe(false);
  });

  it('sends someone who logged in to Care Identity Management in the meantime to log-out-first', async () => {
    const j = journey();
    await j.send(E.start(true));
    expect(viewOf(j)).toBe('log-out-first');
    await j.send(E.loggedOut(false));
    await j.send(E.start(false));
    expect(viewOf(j)).toBe('enter-details');
  });
});

describe('enter-details: the email address', () => {
  const cases: [string, string, string][] = [
    ['empty', '', 'required'],
    ['only spaces', '   ', 'required'],
    ['no @', 'alex.morgan.nhs.net', 'format'],
    ['two @', 'alex@morgan@nhs.net', 'format'],
    ['nothing before @', '@nhs.net', 'format'],
    ['nothing after @', 'alex@', 'format'],
    ['no dot in the domain', 'alex@nhsnet', 'format'],
    ['a space inside', 'alex morgan@nhs.net', 'format'],
    ['a domain label ending in a hyphen', 'alex@nhs-.net', 'format'],
    ['a domain ending in a dot', 'alex@nhs.net.', 'format'],
    ['a local part over 64 characters', `${'a'.repeat(65)}@nhs.net`, 'format'],
    ['a character not allowed before @', 'alex(morgan)@nhs.net', 'format'],
    ['255 characters', `${'a'.repeat(60)}@${'b'.repeat(186)}.nhs.net`, 'tooLong'],
  ];

  it.each(cases)('rejects %s', async (_, email, problem) => {
    const j = await toEnterDetails(journey());
    await j.send(E.details({ email }));
    expect(viewOf(j)).toBe('enter-details');
    expect(j.context.errors).toEqual({ email: problem });
    expect(j.record.sent).toHaveLength(0);
  });

  it('accepts 254 characters, trims it and compares it in lower case', async () => {
    const long = `${'a'.repeat(60)}@${'b'.repeat(185)}.nhs.net`;
    expect(long).toHaveLength(254);
    const j = await toEnterDetails(journey());
    await j.send(E.details({ email: long }));
    expect(viewOf(j)).toBe('enter-email-code');

    const k = await toEnterDetails(journey());
    await k.send(E.details({ email: '  Alex.Morgan@NHS.net ' }));
    expect(viewOf(k)).toBe('enter-email-code');
    expect(k.context.details?.email).toBe('alex.morgan@nhs.net');
    expect(k.context.enteredDetails?.email).toBe('Alex.Morgan@NHS.net');
    expect(k.record.sent).toEqual([{ to: 'alex.morgan@nhs.net', journeyNonce: 'nonce-abc' }]);
  });
});

describe('enter-details: the National Insurance number (HMRC NIM39110)', () => {
  const invalid: [string, string][] = [
    ...['D', 'F', 'I', 'Q', 'U', 'V'].map((l): [string, string] => [`first letter ${l}`, `${l}A123456C`]),
    ...['D', 'F', 'I', 'O', 'Q', 'U', 'V'].map((l): [string, string] => [
      `second letter ${l}`,
      `A${l}123456C`,
    ]),
    ...['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].map((p): [string, string] => [
      `prefix ${p}`,
      `${p}123456C`,
    ]),
    ['suffix E', 'AB123456E'],
    ['no suffix', 'AB123456'],
    ['five digits', 'AB12345C'],
    ['seven digits', 'AB1234567C'],
    ['a digit for a letter', 'A1123456C'],
    ['the GOV.UK hint example QQ 12 34 56 C', 'QQ 12 34 56 C'],
    ['QQ123456C', 'QQ123456C'],
    ['a stray character', 'AB12345.6C'],
  ];

  it.each(invalid)('rejects %s', async (_, niNumber) => {
    const j = await toEnterDetails(journey());
    await j.send(E.details({ niNumber }));
    expect(viewOf(j)).toBe('enter-details');
    expect(j.context.errors).toEqual({ niNumber: 'format' });
  });

  it.each([
    ['', 'empty'],
    ['  - ', 'spaces and hyphens only'],
  ])('says %s is required (%s)', async (niNumber) => {
    const j = await toEnterDetails(journey());
    await j.send(E.details({ niNumber }));
    expect(j.context.errors).toEqual({ niNumber: 'required' });
  });

  it.each([
    'AB123456C',
    'AB 12 34 56 C',
    'ab123456c',
    'ab-12-34-56-c',
    ' JM 40-19 27b ',
    'ZA123456D',
    'NA123456A',
  ])('accepts %j and stores it normalised', async (niNumber) => {
    const j = await toEnterDetails(journey());
    await j.send(E.details({ niNumber }));
    expect(viewOf(j)).toBe('enter-email-code');
    expect(j.context.details?.niNumber).toMatch(/^[A-Z]{2}\d{6}[A-D]$/);
    expect(j.context.enteredDetails?.niNumber).toBe(niNumber);
  });
});

describe('enter-details: errors keep what was typed', () => {
  it('shows every problem at once and keeps the email and NI number, never the CAPTCHA', async () => {
    const captcha = spyService<'verifyCaptcha'>(() => ({ success: true }));
    const j = await toEnterDetails(new SpyJourney({ overrides: { verifyCaptcha: captcha.service } }));
    await j.send(E.details({ email: ' not-an-email ', niNumber: 'QQ 12 34 56 C', captchaToken: ' ' }));
    expect(viewOf(j)).toBe('enter-details');
    expect(j.context.errors).toEqual({ email: 'format', niNumber: 'format', captcha: 'required' });
    expect(j.context.enteredDetails).toEqual({ email: 'not-an-email', niNumber: 'QQ 12 34 56 C' });
    expect(j.context.pendingCheck).toBeNull();
    expect(JSON.stringify(j.persisted)).not.toContain('captcha-');
    expect(captcha.inputs).toHaveLength(0);
  });

  it('says the CAPTCHA is missing without checking anything', async () => {
    const captcha = spyService<'verifyCaptcha'>(() => ({ success: true }));
    const j = await toEnterDetails(new SpyJourney({ overrides: { verifyCaptcha: captcha.service } }));
    await j.send(E.details({ captchaToken: '' }));
    expect(viewOf(j)).toBe('enter-details');
    expect(j.context.errors).toEqual({ captcha: 'required' });
    expect(j.context.enteredDetails).toEqual({ email: validDetails.email, niNumber: validDetails.niNumber });
    expect(captcha.inputs).toHaveLength(0);
  });

  it('says "complete the image recognition test" when the CAPTCHA fails, keeping the details', async () => {
    const j = await toEnterDetails(new SpyJourney({ switches: { captcha: 'fail' } }));
    await j.send(validDetails);
    expect(viewOf(j)).toBe('enter-details');
    expect(j.context.errors).toEqual({ captcha: 'captchaFailed' });
    expect(j.context.enteredDetails).toEqual({ email: validDetails.email, niNumber: validDetails.niNumber });
    expect(j.context.pendingCheck).toBeNull();
    expect(j.record.sent).toHaveLength(0);
    expect(j.audits.map((a) => a.event)).toEqual(['identity.captcha']);
    j.switches.captcha = 'pass';
    await j.send(validDetails);
    expect(viewOf(j)).toBe('enter-email-code');
  });

  it('passes the token and client IP to the CAPTCHA check and the IP and normalised details to the limiter', async () => {
    const captcha = spyService<'verifyCaptcha'>(() => ({ success: true }));
    const limiter = spyService<'consumeIdentityCheck'>(() => ({ allowed: true }));
    const j = await toEnterDetails(
      new SpyJourney({
        overrides: { verifyCaptcha: captcha.service, consumeIdentityCheck: limiter.service },
      }),
    );
    await j.send(E.details({ email: 'Alex.Morgan@nhs.net', captchaToken: 'captcha-xyz' }));
    expect(captcha.inputs).toEqual([{ token: 'captcha-xyz', clientIp: validDetails.clientIp }]);
    expect(limiter.inputs).toEqual([
      { clientIp: validDetails.clientIp, email: 'alex.morgan@nhs.net', niNumber: 'AB123456C' },
    ]);
    expect(j.context.pendingCheck).toBeNull();
  });
});

describe('the identity check', () => {
  it('ends on too-many-attempts when a rate limit is hit, before looking anyone up', async () => {
    const find = spyService<'findProfile'>(() => null);
    const j = await toEnterDetails(
      new SpyJourney({ switches: { limiter: 'deny' }, overrides: { findProfile: find.service } }),
    );
    await j.send(validDetails);
    expect(viewOf(j)).toBe('too-many-attempts');
    expect(j.snapshot.status).toBe('done');
    expect(j.context.problems.endReason).toBe('identityCheckLimit');
    expect(find.inputs).toHaveLength(0);
    expect(j.audits.map((a) => a.event)).toEqual(['identity.rateLimited']);
  });

  it('ends on problem-adding-authenticator when nothing matches', async () => {
    const j = await toEnterDetails(new SpyJourney({ switches: { profile: 'none' } }));
    await j.send(validDetails);
    expect(viewOf(j)).toBe('problem-adding-authenticator');
    expect(j.snapshot.status).toBe('done');
    expect(j.context.problems.endReason).toBe('noProfileMatch');
    expect(j.record.sent).toHaveLength(0);
  });

  it('looks the same whichever detail was wrong', async () => {
    const only = (email: string, ni: string): ProfileSummary | null =>
      email === 'alex.morgan@nhs.net' && ni === 'AB123456C'
        ? { profileId: 'p', status: 'active', hasNhsnet: false, passkeyCount: 0, appCount: 0 }
        : null;
    const outcome = async (details: EventOf<'DETAILS_SUBMITTED'>) => {
      const find = spyService<'findProfile'>((i) => only(i.email, i.niNumber));
      const j = await toEnterDetails(new SpyJourney({ overrides: { findProfile: find.service } }));
      await j.send(details);
      const { errors, notice, problems, email, profile } = j.context;
      return {
        view: viewOf(j),
        status: j.snapshot.status,
        errors,
        notice,
        endReason: problems.endReason,
        emailCode: email.code,
        profile,
        audits: j.audits,
      };
    };
    const wrongEmail = await outcome(E.details({ email: 'someone.else@nhs.net' }));
    const wrongNi = await outcome(E.details({ niNumber: 'JM401927B' }));
    const neither = await outcome(E.details({ email: 'someone.else@nhs.net', niNumber: 'JM401927B' }));
    expect(wrongEmail.view).toBe('problem-adding-authenticator');
    expect(wrongNi).toEqual(wrongEmail);
    expect(neither).toEqual(wrongEmail);
    expect(await outcome(validDetails)).toMatchObject({ view: 'enter-email-code' });
  });

  it.each([
    ['captcha', { captcha: 'down' }],
    ['limiter', { limiter: 'down' }],
    ['directory', { profile: 'down' }],
  ] as const)(
    'shows service-unavailable when the %s is down; "Try again" returns to the filled form',
    async (_, sw) => {
      const j = await toEnterDetails(journey({ switches: sw }));
      await j.send(E.details({ email: ' Alex.Morgan@nhs.net' }));
      expect(viewOf(j)).toBe('service-unavailable');
      expect(j.context.problems.resumeAt).toBe('enterDetails');
      expect(j.context.pendingCheck).toBeNull();
      await j.send(E.retry);
      expect(viewOf(j)).toBe('enter-details');
      expect(j.context.enteredDetails).toEqual({
        email: 'Alex.Morgan@nhs.net',
        niNumber: validDetails.niNumber,
      });
      expect(j.context.errors).toEqual({});
      Object.assign(j.switches, { captcha: 'pass', limiter: 'allow', profile: 'active' });
      await j.send(validDetails);
      expect(viewOf(j)).toBe('enter-email-code');
    },
  );

  it('keeps showing service-unavailable while the service stays down', async () => {
    const j = await toEnterDetails(journey({ switches: { profile: 'down' } }));
    await j.send(validDetails);
    await j.send(E.retry);
    await j.send(validDetails);
    expect(viewOf(j)).toBe('service-unavailable');
    expect(j.snapshot.status).toBe('active');
  });
});

/**
 * The first screens over HTTP, on real Redis and real SMTP: start, log out first, enter details with
 * every validation problem, the CAPTCHA, the identity check and its rate limits.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Browser, type Harness, J, PROFILES, stablePage, startHarness } from './support.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.reset();
});

async function atDetails(): Promise<Browser> {
  const b = h.browser();
  await b.begin();
  expect(b.view()).toBe('enter-details');
  return b;
}

describe('start', () => {
  it('shows the start page with a "Start now" form, and "Start now" leads to enter-details', async () => {
    const b = h.browser();
    const page = await b.get(`${J}/start`);
    expect(page.status).toBe(200);
    expect(b.h1()).toBe('Add an authenticator to your Care Identity profile');
    expect(page.html).toContain(`action="${J}/start"`);
    expect(page.html).toMatch(/National Insurance number/);
    await b.post(`${J}/start`, {});
    expect(b.view()).toBe('enter-details');
    expect(b.h1()).toBe('Enter your details');
  });

  it('/ redirects to the start page', async () => {
    const b = h.browser();
    await b.get('/');
    expect(b.view()).toBe('start');
  });

  it('with a Care Identity Management session cookie shows log-out-first instead', async () => {
    const b = h.browser();
    b.setCookie('CIM_SESSION', 'abc123');
    await b.get(`${J}/start`);
    expect(b.view()).toBe('log-out-first');
    expect(b.h1()).toBe('You must be logged out of Care Identity Management');
    // Any other page of the journey sends the browser back to where it is.
    await b.get(`${J}/enter-details`);
    expect(b.view()).toBe('log-out-first');
  });

  it('"I have logged out" while still logged in keeps log-out-first and says so', async () => {
    const b = h.browser();
    b.setCookie('CIM_SESSION', 'abc123');
    await b.get(`${J}/start`);
    const page = await b.post(`${J}/log-out-first`, {});
    expect(page.status).toBe(200);
    expect(b.view()).toBe('log-out-first');
    expect(page.html).toContain('You are still logged in to Care Identity Management');
  });

  it('"I have logged out" once the cookie is gone leads to start, then enter-details', async () => {
    const b = h.browser();
    b.setCookie('CIM_SESSION', 'abc123');
    await b.get(`${J}/start`);
    b.clearCimSession();
    await b.post(`${J}/log-out-first`, {});
    expect(b.view()).toBe('start');
    await b.post(`${J}/start`, {});
    expect(b.view()).toBe('enter-details');
  });

  it('a session cookie that appears before "Start now" sends the user to log-out-first', async () => {
    const b = h.browser();
    await b.get(`${J}/start`);
    b.setCookie('CIM_SESSION', 'opened-in-another-tab');
    await b.post(`${J}/start`, {});
    expect(b.view()).toBe('log-out-first');
  });
});

describe('enter details: validation', () => {
  const ok = PROFILES.active;

  it.each([
    ['', 'Enter your email address'],
    ['   ', 'Enter your email address'],
    ['alex.morgan', 'Enter an email address in the correct format, like name@example.com'],
    ['alex.morgan@nhs', 'Enter an email address in the correct format, like name@example.com'],
    ['alex@@nhs.net', 'Enter an email address in the correct format, like name@example.com'],
    ['alex@morgan@nhs.net', 'Enter an email address in the correct format, like name@example.com'],
    ['@nhs.net', 'Enter an email address in the correct format, like name@example.com'],
    ['alex morgan@nhs.net', 'Enter an email address in the correct format, like name@example.com'],
    ['alex.morgan@nhs..net', 'Enter an email address in the correct format, like name@example.com'],
    [`${'a'.repeat(64)}@${'b'.repeat(186)}.net`, 'Email address must be 254 characters or fewer'],
  ])('email %j → %s', async (email, message) => {
    const b = await atDetails();
    const page = await b.submitDetails({ email, niNumber: ok.niNumber });
    expect(page.status).toBe(200);
    expect(b.view()).toBe('enter-details');
    expect(b.errors()).toEqual([message]);
    expect(b.summary()).toEqual([[message, '#email']]);
    expect(page.html).toMatch(/<title>Error: /);
    expect(h.codeMails(ok.email)).toHaveLength(0);
  });

  it.each([
    ['', 'Enter your National Insurance number'],
    ['QQ123456C', 'never issued (the GOV.UK hint example)'],
    ['QQ 12 34 56 C', 'never issued, as in the hint'],
    ...['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].map((p) => [`${p}123456A`, `prefix ${p} never issued`]),
    ...['D', 'F', 'I', 'Q', 'U', 'V'].map((l) => [`${l}A123456A`, `first letter ${l}`]),
    ...['D', 'F', 'I', 'O', 'Q', 'U', 'V'].map((l) => [`A${l}123456A`, `second letter ${l}`]),
    ['AB123456E', 'suffix E'],
    ['AB123456', 'no suffix'],
    ['AB12345C', 'five digits'],
    ['AB1234567C', 'seven digits'],
    ['A1123456C', 'a digit for a letter'],
    ['AB12345OC', 'a letter for a digit'],
    ['AB 12 34 56 C D', 'two suffixes'],
  ])('NI number %j is refused (%s), and the typed value is kept', async (niNumber, why) => {
    const b = await atDetails();
    await b.submitDetails({ email: ok.email, niNumber });
    expect(b.view(), why).toBe('enter-details');
    const message =
      niNumber === ''
        ? 'Enter your National Insurance number'
        : 'Enter a National Insurance number in the correct format';
    expect(b.errors()).toEqual([message]);
    expect(b.summary()).toEqual([[message, '#niNumber']]);
    expect(b.inputValue('niNumber') ?? '').toBe(niNumber);
    expect(b.inputValue('email')).toBe(ok.email);
  });

  it('both fields wrong: both errors, in page order, the values kept and the CAPTCHA answer never', async () => {
    const b = await atDetails();
    const { challenge } = b.captcha();
    await b.submitDetails({ email: 'not-an-email', niNumber: 'QQ 12 34 56 C' });
    expect(b.errors()).toEqual([
      'Enter an email address in the correct format, like name@example.com',
      'Enter a National Insurance number in the correct format',
    ]);
    expect(b.summary().map(([, href]) => href)).toEqual(['#email', '#niNumber']);
    expect(b.inputValue('email')).toBe('not-an-email');
    expect(b.inputValue('niNumber')).toBe('QQ 12 34 56 C');
    expect(b.inputValue('captchaAnswer')).toBeUndefined();
    // A new challenge every time the page is shown.
    expect(b.captcha().challenge).not.toBe(challenge);
  });

  it('an empty CAPTCHA answer: "Complete the image recognition test", details kept', async () => {
    const b = await atDetails();
    await b.submitDetails(ok, { captchaAnswer: '' });
    expect(b.view()).toBe('enter-details');
    expect(b.errors()).toEqual(['Complete the image recognition test']);
    expect(b.summary()).toEqual([['Complete the image recognition test', '#captchaAnswer']]);
    expect(b.inputValue('email')).toBe(ok.email);
    expect(b.inputValue('niNumber')).toBe(ok.niNumber);
  });

  it('a kept value is escaped, never markup', async () => {
    const b = await atDetails();
    const hostile = '"><script>alert(1)</script>';
    const page = await b.submitDetails({ email: hostile, niNumber: hostile });
    expect(page.html).not.toContain('<script>alert(1)</script>');
    expect(b.inputValue('email')).toBe(hostile);
    expect(b.inputValue('niNumber')).toBe(hostile);
  });

  it('invalid details never use up an identity check', async () => {
    const b = await atDetails();
    for (let i = 0; i < 12; i++) await b.submitDetails({ email: `x${i}`, niNumber: ok.niNumber });
    await b.submitDetails(ok);
    expect(b.view()).toBe('enter-email-code');
  });

  it('spaces, hyphens, lower case and a differently cased email still find the profile', async () => {
    const b = await atDetails();
    await b.submitDetails({ email: '  Alex.Morgan@NHS.net ', niNumber: 'ab-12 34-56 c' });
    expect(b.view()).toBe('enter-email-code');
    expect(b.last?.html).toContain('alex.morgan@nhs.net');
    expect(await h.code(ok.email, 1)).toMatch(/^\d{6}$/);
  });
});

describe('enter details: CAPTCHA', () => {
  it('a wrong word: the same page, "Complete the image recognition test", details kept, no mail', async () => {
    const b = await atDetails();
    const before = h.codeMails(PROFILES.active.email).length;
    await b.submitDetails(PROFILES.active, { captchaAnswer: 'wrongword' });
    expect(b.view()).toBe('enter-details');
    expect(b.errors()).toEqual(['Complete the image recognition test']);
    expect(b.inputValue('email')).toBe(PROFILES.active.email);
    expect(b.inputValue('captchaAnswer')).toBeUndefined();
    expect(h.codeMails(PROFILES.active.email)).toHaveLength(before);
  });

  it('an answer to a forged challenge fails', async () => {
    const b = await atDetails();
    const { word } = b.captcha();
    await b.post(`${J}/enter-details`, {
      ...PROFILES.active,
      captchaChallenge: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      captchaAnswer: word,
    });
    expect(b.view()).toBe('enter-details');
    expect(b.errors()).toEqual(['Complete the image recognition test']);
  });

  it('the answer is case-insensitive and trimmed', async () => {
    const b = await atDetails();
    await b.submitDetails(PROFILES.active, { captchaAnswer: `  ${b.captcha().word.toUpperCase()} ` });
    expect(b.view()).toBe('enter-email-code');
  });

  it('failed CAPTCHAs do not use up identity checks', async () => {
    const b = await atDetails();
    for (let i = 0; i < 11; i++) await b.submitDetails(PROFILES.active, { captchaAnswer: 'nope' });
    await b.submitDetails(PROFILES.active);
    expect(b.view()).toBe('enter-email-code');
  });
});

describe('enter details: no match', () => {
  async function noMatch(details: { email: string; niNumber: string }) {
    const b = await atDetails();
    const page = await b.submitDetails(details);
    return { b, page };
  }

  it('wrong email and wrong NI number give the same generic page, status and markup', async () => {
    const wrongEmail = await noMatch({ email: 'someone.else@nhs.net', niNumber: PROFILES.active.niNumber });
    const wrongNi = await noMatch({ email: PROFILES.active.email, niNumber: 'CE123456D' });
    for (const { b, page } of [wrongEmail, wrongNi]) {
      expect(page.status).toBe(200);
      expect(b.view()).toBe('problem-adding-authenticator');
      expect(b.h1()).toBe('Problem adding authenticator');
      expect(page.html).toContain('Find your Registration Authority');
      expect(page.html).toContain(`action="${J}/start-again"`);
    }
    expect(stablePage(wrongEmail.page.html)).toBe(stablePage(wrongNi.page.html));
    expect(wrongEmail.page.url).toBe(wrongNi.page.url);
    expect([...wrongEmail.page.headers.keys()].sort()).toEqual([...wrongNi.page.headers.keys()].sort());
    expect(h.codeMails(PROFILES.active.email)).toHaveLength(0);
    expect(h.codeMails('someone.else@nhs.net')).toHaveLength(0);
  });

  it('the email of one profile with the NI number of another does not match', async () => {
    const { b } = await noMatch({
      email: PROFILES.active.email,
      niNumber: PROFILES.activeWithNhsnet.niNumber,
    });
    expect(b.view()).toBe('problem-adding-authenticator');
  });

  it('a profile without an NI number never matches: the same problem page', async () => {
    const { b, page } = await noMatch(PROFILES.noNiNumber);
    expect(b.view()).toBe('problem-adding-authenticator');
    const other = await noMatch({ email: 'nobody@nhs.net', niNumber: PROFILES.noNiNumber.niNumber });
    expect(stablePage(page.html)).toBe(stablePage(other.page.html));
    expect(h.codeMails(PROFILES.noNiNumber.email)).toHaveLength(0);
  });

  it('the problem page ends the journey: the details page is gone, "Start again" begins anew', async () => {
    const { b } = await noMatch({ email: 'someone.else@nhs.net', niNumber: 'AB123456C' });
    await b.get(`${J}/enter-details`);
    expect(b.view()).toBe('problem-adding-authenticator');
    await b.startAgain();
    expect(b.view()).toBe('start');
    await b.post(`${J}/start`, {});
    expect(b.view()).toBe('enter-details');
    expect(b.inputValue('email')).toBeUndefined();
  });
});

describe('identity check rate limits', () => {
  /** One identity check that does not match, from browser b; then back to enter-details. */
  async function failedCheck(b: Browser, details: { email: string; niNumber: string }) {
    await b.submitDetails(details);
    const view = b.view();
    await b.startAgain();
    await b.post(`${J}/start`, {});
    return view;
  }

  it('11 identity checks from one IP: the 11th is too-many-attempts; another IP is still served', async () => {
    const b = await atDetails();
    for (let i = 0; i < 10; i++) {
      const view = await failedCheck(b, { email: `person${i}@nhs.net`, niNumber: `AB${100000 + i}C` });
      expect(view, `check ${i + 1}`).toBe('problem-adding-authenticator');
    }
    // Even the right details are refused now, with the same page whichever limit was hit.
    const page = await b.submitDetails(PROFILES.active);
    expect(b.view()).toBe('too-many-attempts');
    expect(page.status).toBe(200);
    expect(b.h1()).toBe('You have tried too many times');
    // SPEC 9: how long the refusing limit still lasts, in whole minutes rounded up (the IP's 15).
    expect(b.last?.html).toContain('Wait 15 minutes, then start again.');
    expect(h.codeMails(PROFILES.active.email)).toHaveLength(0);

    const other = await atDetails();
    await other.submitDetails(PROFILES.active);
    expect(other.view()).toBe('enter-email-code');
  });

  it('6 identity checks for one email (from different IPs): the 6th is too-many-attempts', async () => {
    for (let i = 0; i < 5; i++) {
      const b = await atDetails();
      await b.submitDetails({ email: PROFILES.active.email, niNumber: `CE${200000 + i}A` });
      expect(b.view(), `check ${i + 1}`).toBe('problem-adding-authenticator');
    }
    const b = await atDetails();
    await b.submitDetails(PROFILES.active);
    expect(b.view()).toBe('too-many-attempts');
    // The email's hour (SPEC 9: the refusing limit, whole minutes rounded up).
    expect(b.last?.html).toContain('Wait 60 minutes, then start again.');
    expect(h.codeMails(PROFILES.active.email)).toHaveLength(0);
    // The email is limited however it is typed.
    const again = await atDetails();
    await again.submitDetails({ email: ' ALEX.MORGAN@nhs.net', niNumber: PROFILES.active.niNumber });
    expect(again.view()).toBe('too-many-attempts');
  });

  it('6 identity checks for one NI number (different emails and IPs): the 6th is too-many-attempts', async () => {
    for (let i = 0; i < 5; i++) {
      const b = await atDetails();
      await b.submitDetails({ email: `guess${i}@nhs.net`, niNumber: PROFILES.active.niNumber });
      expect(b.view()).toBe('problem-adding-authenticator');
    }
    const b = await atDetails();
    await b.submitDetails({ email: PROFILES.active.email, niNumber: 'ab 12 34 56 c' });
    expect(b.view()).toBe('too-many-attempts');
    expect(b.last?.html).toContain('Wait 60 minutes, then start again.');
  });

  it('the limit page is final: other pages of the journey redirect to it', async () => {
    for (let i = 0; i < 5; i++) {
      const b = await atDetails();
      await b.submitDetails({ email: PROFILES.active.email, niNumber: `CE${300000 + i}A` });
    }
    const b = await atDetails();
    await b.submitDetails(PROFILES.active);
    expect(b.view()).toBe('too-many-attempts');
    await b.get(`${J}/enter-email-code`);
    expect(b.view()).toBe('too-many-attempts');
  });
});

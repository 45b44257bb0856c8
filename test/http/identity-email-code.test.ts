/**
 * "Check your email" over HTTP, with the code read from the mail the SMTP capture received: wrong,
 * malformed and expired codes, the wrong-code limit and the lock, "Send a new code" and its limits,
 * suspended and closed profiles, and the journey id that changes once the mailbox is proven.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/machine/index.js';
import {
  type Browser,
  type Details,
  type Harness,
  J,
  journeyCookie,
  PROFILES,
  startHarness,
} from './support.js';

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

const WRONG = 'The code is not correct. Check the code in your email and try again';
const SECONDS_30 = LIMITS.emailCodeResendGapMs;

async function atCode(details: Details = PROFILES.active): Promise<{ b: Browser; code: string }> {
  const b = h.browser();
  await b.begin();
  await b.submitDetails(details);
  expect(b.view()).toBe('enter-email-code');
  return { b, code: await h.code(details.email, 1) };
}

/** A 6-digit code that is not `code`. */
const otherThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('the emailed code', () => {
  it('the page: where the code went, one-time-code autocomplete, numeric input, a "Send a new code" form', async () => {
    const { b } = await atCode();
    const html = b.last?.html ?? '';
    expect(b.h1()).toBe('Check your email');
    expect(html).toContain('<strong>alex.morgan@nhs.net</strong>');
    const input = html.match(/<input[^>]*name="code"[^>]*>/)?.[0] ?? '';
    expect(input).toContain('autocomplete="one-time-code"');
    expect(input).toContain('inputmode="numeric"');
    expect(html).toContain(`action="${J}/enter-email-code/new-code"`);
    expect(html).toContain('Send a new code');
    const mail = h.codeMails(PROFILES.active.email)[0];
    expect(mail?.to).toEqual([PROFILES.active.email]);
  });

  it('the right code leads to choose-authenticator', async () => {
    const { b, code } = await atCode();
    await b.enterCode(code);
    expect(b.view()).toBe('choose-authenticator');
  });

  it.each([
    ['spaces', (c: string) => `${c.slice(0, 3)} ${c.slice(3)}`],
    ['hyphens', (c: string) => `${c.slice(0, 3)}-${c.slice(3)}`],
    ['padding and mixed separators', (c: string) => `  ${c.slice(0, 2)} -${c.slice(2, 4)}- ${c.slice(4)} `],
  ])('the right code with %s is accepted', async (_, shape) => {
    const { b, code } = await atCode();
    await b.enterCode(shape(code));
    expect(b.view()).toBe('choose-authenticator');
  });

  it('a wrong code: inline error and summary, the page again', async () => {
    const { b, code } = await atCode();
    const page = await b.enterCode(otherThan(code));
    expect(page.status).toBe(200);
    expect(b.view()).toBe('enter-email-code');
    expect(b.errors()).toEqual([WRONG]);
    expect(b.summary()).toEqual([[WRONG, '#code']]);
    await b.enterCode(code);
    expect(b.view()).toBe('choose-authenticator');
  });

  it.each([
    ['', 'Enter the code'],
    ['   ', 'Enter the code'],
    ['12345', 'The code must be 6 numbers'],
    ['1234567', 'The code must be 6 numbers'],
    ['12a456', 'The code must be 6 numbers'],
    ['１２３４５６', 'The code must be 6 numbers'],
  ])('a malformed code %j: %s', async (typed, message) => {
    const { b } = await atCode();
    await b.enterCode(typed);
    expect(b.view()).toBe('enter-email-code');
    expect(b.errors()).toEqual([message]);
  });

  it('malformed codes do not count as wrong codes', async () => {
    const { b, code } = await atCode();
    for (let i = 0; i < LIMITS.wrongEmailCodesPerJourney + 2; i++) await b.enterCode('abc');
    expect(b.view()).toBe('enter-email-code');
    await b.enterCode(code);
    expect(b.view()).toBe('choose-authenticator');
  });

  it('an expired code: "The code has expired. Send a new code"; a new code then works', async () => {
    const { b, code } = await atCode();
    h.clock.advance(LIMITS.emailCodeLifetimeMs + 1000);
    await b.enterCode(code);
    expect(b.view()).toBe('enter-email-code');
    expect(b.errors()).toEqual(['The code has expired. Send a new code']);
    await b.requestNewCode();
    expect(b.last?.html).toContain('We have sent you a new code');
    const fresh = await h.code(PROFILES.active.email, 2);
    await b.enterCode(fresh);
    expect(b.view()).toBe('choose-authenticator');
  });

  it('a code just inside its lifetime still works', async () => {
    const { b, code } = await atCode();
    h.clock.advance(LIMITS.emailCodeLifetimeMs - 5000);
    await b.enterCode(code);
    expect(b.view()).toBe('choose-authenticator');
  });

  it('a code is bound to its journey: the code of another journey is wrong here', async () => {
    const first = await atCode();
    const second = await atCode(PROFILES.activeWithNhsnet);
    await second.b.enterCode(first.code === second.code ? otherThan(first.code) : first.code);
    expect(second.b.errors()).toEqual([WRONG]);
  });

  it('a used code cannot be used again in a new journey', async () => {
    const { b, code } = await atCode();
    await b.enterCode(code);
    expect(b.view()).toBe('choose-authenticator');
    const next = h.browser();
    await next.begin();
    await next.submitDetails(PROFILES.active);
    const second = await h.code(PROFILES.active.email, 2);
    await next.enterCode(code === second ? otherThan(code) : code);
    expect(next.errors()).toEqual([WRONG]);
  });
});

describe('the wrong-code limit', () => {
  it('5 wrong codes → too-many-attempts, and the email and NI number are locked for a new journey', async () => {
    const { b, code } = await atCode();
    for (let i = 1; i < LIMITS.wrongEmailCodesPerJourney; i++) {
      await b.enterCode(otherThan(code));
      expect(b.view(), `wrong code ${i}`).toBe('enter-email-code');
    }
    const token = b.csrfToken() ?? null;
    await b.enterCode(otherThan(code));
    expect(b.view()).toBe('too-many-attempts');
    expect(b.h1()).toBe('You have tried too many times');
    // The journey is over: the right code, posted from the old page, is no use now.
    await b.post(`${J}/enter-email-code`, { code }, { csrf: token });
    expect(b.view()).toBe('too-many-attempts');

    // A new journey from another IP with the same email or NI number is refused.
    const again = h.browser();
    await again.begin();
    await again.submitDetails(PROFILES.active);
    expect(again.view()).toBe('too-many-attempts');
    expect(h.codeMails(PROFILES.active.email)).toHaveLength(1);
    const sameNi = h.browser();
    await sameNi.begin();
    await sameNi.submitDetails({ email: 'alex.morgan@example-trust.nhs.uk', niNumber: 'AB 12 34 56 C' });
    expect(sameNi.view()).toBe('too-many-attempts');

    // Other people are not affected.
    const other = await atCode(PROFILES.activeWithNhsnet);
    await other.b.enterCode(other.code);
    expect(other.b.view()).toBe('choose-authenticator');
  });

  it('a new code does not reset the count', async () => {
    const { b, code } = await atCode();
    await b.enterCode(otherThan(code));
    await b.enterCode(otherThan(code));
    h.clock.advance(SECONDS_30 + 1000);
    await b.requestNewCode();
    const second = await h.code(PROFILES.active.email, 2);
    await b.enterCode(otherThan(second));
    await b.enterCode(otherThan(second));
    expect(b.view()).toBe('enter-email-code');
    await b.enterCode(otherThan(second));
    expect(b.view()).toBe('too-many-attempts');
  });
});

describe('"Send a new code"', () => {
  it('needs 30 seconds between sends', async () => {
    const { b } = await atCode();
    await b.requestNewCode();
    expect(b.view()).toBe('enter-email-code');
    expect(b.errors()).toEqual(['Wait 30 seconds before asking for a new code']);
    expect(h.codeMails(PROFILES.active.email)).toHaveLength(1);
    h.clock.advance(SECONDS_30 - 2000);
    await b.requestNewCode();
    expect(b.errors()).toEqual(['Wait 30 seconds before asking for a new code']);
    h.clock.advance(3000);
    await b.requestNewCode();
    expect(b.errors()).toEqual([]);
    expect(b.last?.html).toContain('We have sent you a new code');
    expect(h.codeMails(PROFILES.active.email)).toHaveLength(2);
  });

  it('allows 1 + 3 codes; then the link is gone and a forced request is refused', async () => {
    const { b, code: first } = await atCode();
    for (let n = 2; n <= LIMITS.emailCodeSendsPerJourney; n++) {
      h.clock.advance(SECONDS_30 + 1000);
      await b.requestNewCode();
      await h.code(PROFILES.active.email, n);
    }
    expect(h.codeMails(PROFILES.active.email)).toHaveLength(4);
    expect(b.last?.html).not.toContain('Send a new code');
    expect(b.last?.html).toContain('You cannot ask for any more codes');

    h.clock.advance(SECONDS_30 + 1000);
    await b.requestNewCode();
    expect(b.view()).toBe('enter-email-code');
    expect(b.errors()).toEqual(['You cannot ask for any more codes. Use the last code we sent you']);
    expect(h.codeMails(PROFILES.active.email)).toHaveLength(4);

    // Only the last code counts.
    const last = await h.code(PROFILES.active.email, 4);
    if (first !== last) {
      await b.enterCode(first);
      expect(b.errors()).toEqual([WRONG]);
    }
    await b.enterCode(last);
    expect(b.view()).toBe('choose-authenticator');
  });

  it('going back and submitting the details again sends a code, within the same limit of 4', async () => {
    const { b } = await atCode();
    for (let n = 2; n <= LIMITS.emailCodeSendsPerJourney; n++) {
      h.clock.advance(SECONDS_30 + 1000);
      await b.requestNewCode();
    }
    await b.back();
    expect(b.view()).toBe('enter-details');
    await b.submitDetails(PROFILES.active);
    expect(b.view()).toBe('too-many-attempts');
    expect(h.codeMails(PROFILES.active.email)).toHaveLength(4);
  });
});

describe('profiles that cannot be used', () => {
  it.each([
    ['suspended', PROFILES.suspended],
    ['closed', PROFILES.closed],
  ])('a %s profile looks like any other until the code is right, then profile-not-found', async (_, who) => {
    const active = await atCode(PROFILES.active);
    const { b, code } = await atCode(who);
    // Nothing on the code page tells a usable profile from an unusable one.
    const strip = (html: string) =>
      html
        .replace(who.email, 'EMAIL')
        .replace(PROFILES.active.email, 'EMAIL')
        .replace(/nonce="[^"]*"|value="[^"]*"|data-[a-z-]+="\d+"/g, '');
    expect(strip(b.last?.html ?? '')).toBe(strip(active.b.last?.html ?? ''));

    await b.enterCode(otherThan(code));
    expect(b.view()).toBe('enter-email-code');
    expect(b.errors()).toEqual([WRONG]);

    await b.enterCode(code);
    expect(b.view()).toBe('profile-not-found');
    expect(b.h1()).toBe('Your Care Identity profile could not be found');
    await b.get(`${J}/choose-authenticator`);
    expect(b.view()).toBe('profile-not-found');
  });
});

describe('the journey id', () => {
  it('changes once the email is proven, and the old id no longer opens the journey', async () => {
    const { b, code } = await atCode();
    const before = journeyCookie(b);
    expect(before).toBeDefined();
    await b.enterCode(otherThan(code));
    expect(journeyCookie(b)).toBe(before);
    await b.enterCode(code);
    expect(b.view()).toBe('choose-authenticator');
    const after = journeyCookie(b);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);

    const thief = h.browser();
    thief.setCookie('aa-journey', before as string);
    await thief.get(`${J}/choose-authenticator`);
    expect(thief.h1()).toBe('Your session has ended');

    await b.get(`${J}/choose-authenticator`);
    expect(b.view()).toBe('choose-authenticator');
  });
  it('a double-submitted right code: both requests end on choose-authenticator, the journey is kept', async () => {
    const { b, code } = await atCode();
    const before = journeyCookie(b);
    const csrf = b.csrfToken() as string;
    const post = () =>
      b.raw(`${J}/enter-email-code`, {
        method: 'POST',
        headers: { origin: b.origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ code, _csrf: csrf }),
      });
    const responses = await Promise.all([post(), post()]);
    expect(responses.map((r) => r.status)).toEqual([303, 303]);
    expect(journeyCookie(b)).not.toBe(before);
    for (const r of responses) {
      await b.get(r.headers.get('location') as string);
      expect(b.view()).toBe('choose-authenticator');
    }
  });
});

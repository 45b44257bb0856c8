/**
 * htmx over HTTP (ARCHITECTURE.md: the <main> fragment for an htmx request; plain posts get 303 → GET).
 * A boosted form post is answered in one request with the next page's container and its address
 * (HX-Push-Url); errors come back the same way; a page off the site (the NHS.net Connect provider) is
 * a full navigation (HX-Redirect). The Origin check and the form token hold for htmx requests as for
 * any other (SPEC.md: CSRF).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from '../../tooling/support/http-client.js';
import { type Browser, type Harness, J, PROFILES, startHarness } from './support.js';

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

/** A form post as htmx sends it from a boosted form: same Origin, the form token, HX-Request. */
async function hxPost(
  b: Browser,
  path: string,
  fields: Record<string, string>,
  opts: { origin?: string; csrf?: string | null; headers?: Record<string, string> } = {},
): Promise<Page> {
  const body = new URLSearchParams(fields);
  const csrf = opts.csrf === undefined ? b.csrfToken() : opts.csrf;
  if (csrf) body.set('_csrf', csrf);
  const res = await b.raw(path, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: opts.origin ?? b.origin,
      'hx-request': 'true',
      'hx-boosted': 'true',
      ...opts.headers,
    },
  });
  const page = {
    status: res.status,
    url: new URL(path, b.baseUrl).toString(),
    html: await res.text(),
    headers: res.headers,
  };
  // The next form on the fragment posts with the token it shows.
  if (page.html) b.last = page;
  return page;
}

/** What sits between the fragment's <title> and the end: the page container, nothing around it. */
function expectFragment(page: Page, title: string) {
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  expect(
    page.html.startsWith(`<title>${title}</title><div class="nhsuk-width-container" id="page-container"`),
  ).toBe(true);
  expect(page.html).not.toContain('<html');
  expect(page.html).not.toContain('nhsuk-header');
  expect(page.headers.get('vary')).toMatch(/HX-Request/i);
  expect(page.headers.get('cache-control')).toBe('no-store');
}

async function atChooseAuthenticator(b: Browser) {
  await b.begin();
  await b.submitDetails(PROFILES.active);
  await b.enterCode(await h.code(PROFILES.active.email, 1));
  expect(b.view()).toBe('choose-authenticator');
}

describe('htmx: one request per step', () => {
  it('"Start now" is answered with the next page\'s container and its address, no redirect', async () => {
    const b = h.browser();
    await b.get(`${J}/start`);
    const page = await hxPost(b, `${J}/start`, {});
    expect(page.status).toBe(200);
    expect(page.headers.get('location')).toBeNull();
    expect(page.headers.get('hx-push-url')).toBe(`${J}/enter-details`);
    expectFragment(page, 'Enter your details - Add an authenticator - NHS');
    expect(page.html).toContain('<h1>Enter your details</h1>');
    // The journey was created by that one request: its cookie came back with the fragment.
    expect(Object.keys(await h.storedJourney(b))).toContain('snapshot');
  });

  it('a form with errors comes back as the same page with the error summary, the title saying so', async () => {
    const b = h.browser();
    await b.begin();
    const { challenge, word } = b.captcha();
    const page = await hxPost(b, `${J}/enter-details`, {
      email: 'not an email',
      niNumber: 'AB123456C',
      captchaChallenge: challenge,
      captchaAnswer: word,
    });
    expect(page.headers.get('hx-push-url')).toBe(`${J}/enter-details`);
    expectFragment(page, 'Error: Enter your details - Add an authenticator - NHS');
    expect(page.html).toContain('class="nhsuk-error-summary"');
    expect(page.html).toContain('Enter an email address in the correct format, like name@example.com');
  });

  it('a boosted link gets the container; a history restore gets the whole document', async () => {
    const b = h.browser();
    await b.begin();
    const hx = await b.raw(`${J}/enter-details`, { headers: { 'hx-request': 'true', 'hx-boosted': 'true' } });
    expect(hx.status).toBe(200);
    expectFragment(
      { status: hx.status, url: '', html: await hx.text(), headers: hx.headers },
      'Enter your details - Add an authenticator - NHS',
    );
    const restore = await b.raw(`${J}/enter-details`, {
      headers: { 'hx-request': 'true', 'hx-history-restore-request': 'true' },
    });
    expect((await restore.text()).startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('"Start again" ends the journey and answers with the start page and its address', async () => {
    const b = h.browser();
    await b.begin();
    const page = await hxPost(b, `${J}/start-again`, {});
    expect(page.status).toBe(200);
    expect(page.headers.get('hx-push-url')).toBe(`${J}/start`);
    expectFragment(page, 'Add an authenticator to your Care Identity profile - Add an authenticator - NHS');
    expect(await h.storedJourney(b)).toEqual({});
  });

  it('without htmx nothing changes: the post is answered 303 to the next page', async () => {
    const b = h.browser();
    await b.get(`${J}/start`);
    const res = await b.raw(`${J}/start`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: b.csrfToken() ?? '' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: b.origin },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${J}/enter-details`);
    expect(res.headers.get('hx-push-url')).toBeNull();
  });

  it('NHS.net Connect: the provider is a full navigation (HX-Redirect), never a redirect htmx would follow', async () => {
    const b = h.browser();
    await atChooseAuthenticator(b);
    await b.post(`${J}/choose-authenticator`, { method: 'nhsnet' });
    expect(b.view()).toBe('nhsnet-instructions');
    const page = await hxPost(b, `${J}/nhsnet-instructions`, { soleAccess: 'yes' });
    expect(page.status).toBe(200);
    expect(page.html).toBe('');
    expect(page.headers.get('location')).toBeNull();
    const provider = new URL(page.headers.get('hx-redirect') ?? '');
    expect(provider.origin).not.toBe(b.origin);
    expect(provider.searchParams.get('code_challenge_method')).toBe('S256');
    // A boosted GET of the redirecting step is told the same.
    const again = await b.raw(`${J}/nhsnet-redirect`, { headers: { 'hx-request': 'true' } });
    expect(again.status).toBe(200);
    expect(again.headers.get('hx-redirect')).toBe(provider.toString());
  });
});

describe('htmx: the CSRF rules hold (SPEC.md: Origin check and form token on every POST)', () => {
  it('another Origin is refused with 403 and the journey is untouched', async () => {
    const b = h.browser();
    await b.begin();
    const before = await h.storedJourney(b);
    const { challenge, word } = b.captcha();
    const fields = { ...PROFILES.active, captchaChallenge: challenge, captchaAnswer: word };
    const page = await hxPost(b, `${J}/enter-details`, fields, { origin: 'https://evil.example' });
    expect(page.status).toBe(403);
    expect(page.headers.get('hx-push-url')).toBeNull();
    expect(page.html).not.toContain('Check your email');
    expect(await h.storedJourney(b)).toEqual(before);
    expect(h.codeMails(PROFILES.active.email)).toHaveLength(0);
  });

  it('a post without the form token is refused with 403, shown as the bad request page', async () => {
    const b = h.browser();
    await b.begin();
    const before = await h.storedJourney(b);
    const { challenge, word } = b.captcha();
    const fields = { ...PROFILES.active, captchaChallenge: challenge, captchaAnswer: word };
    const page = await hxPost(b, `${J}/enter-details`, fields, { csrf: null });
    expect(page.status).toBe(403);
    expect(page.headers.get('hx-push-url')).toBeNull();
    expect(page.html.startsWith('<title>')).toBe(true);
    expect(await h.storedJourney(b)).toEqual(before);
    expect(h.codeMails(PROFILES.active.email)).toHaveLength(0);
  });

  it('HX-Request is no way around the token: a header token from another journey is refused', async () => {
    const other = h.browser();
    await other.begin();
    const b = h.browser();
    await b.begin();
    const before = await h.storedJourney(b);
    const { challenge, word } = b.captcha();
    const fields = { ...PROFILES.active, captchaChallenge: challenge, captchaAnswer: word };
    const page = await hxPost(b, `${J}/enter-details`, fields, {
      csrf: null,
      headers: { 'x-csrf-token': other.csrfToken() ?? '' },
    });
    expect(page.status).toBe(403);
    expect(await h.storedJourney(b)).toEqual(before);
  });
});

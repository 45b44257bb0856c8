/**
 * SPEC.md "headers" and "session cookie": every page of the first half, over http and https.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Harness, J, PROFILES, type Seen, startHarness } from './support.js';

let h: Harness;
let secure: Harness;

beforeAll(async () => {
  h = await startHarness();
  secure = await startHarness({
    redis: h.redis,
    smtp: h.smtp,
    env: { PUBLIC_URL: 'https://add-authenticator.example.nhs.uk' },
  });
});
afterAll(async () => {
  await secure?.close();
  await h?.close();
});

/** Visits every page of the first half that a browser can reach, from fresh browsers. */
async function visitFirstHalf(hx: Harness): Promise<{ seen: Seen[]; bodies: Map<string, string> }> {
  await hx.reset();
  const browsers: Browser[] = [];
  const bodies = new Map<string, string>();
  const keep = (b: Browser) => bodies.set(`${b.view()} ${b.last?.status}`, b.last?.html ?? '');
  const fresh = () => {
    const b = hx.browser();
    browsers.push(b);
    return b;
  };

  const main = fresh();
  await main.get(`${J}/start`);
  keep(main);
  await main.post(`${J}/start`, {});
  keep(main);
  await main.submitDetails({ email: 'bad', niNumber: 'bad' });
  keep(main);
  await main.submitDetails(PROFILES.active);
  keep(main);
  await main.enterCode('000000');
  keep(main);
  await main.enterCode(await hx.code(PROFILES.active.email, 1));
  keep(main);

  const cim = fresh();
  cim.setCookie('CIM_SESSION', '1');
  await cim.get(`${J}/start`);
  keep(cim);

  const nomatch = fresh();
  await nomatch.begin();
  await nomatch.submitDetails({ email: 'nobody@nhs.net', niNumber: 'AB123456C' });
  keep(nomatch);

  const suspended = fresh();
  await suspended.begin();
  await suspended.submitDetails(PROFILES.suspended);
  await suspended.enterCode(await hx.code(PROFILES.suspended.email, 1));
  keep(suspended);

  const timedOut = fresh();
  await timedOut.begin();
  hx.clock.advance(31 * 60_000);
  await timedOut.get(`${J}/enter-details`);
  keep(timedOut);

  const lost = fresh();
  await lost.get(`${J}/nowhere`);
  keep(lost);
  await lost.get('/healthz');

  return { seen: browsers.flatMap((b) => b.seen), bodies };
}

function cspDirectives(header: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe.each([
  ['http', () => h, false],
  ['https', () => secure, true],
] as const)('security headers over %s', (_, harness, https) => {
  let seen: Seen[];
  let bodies: Map<string, string>;
  beforeAll(async () => {
    ({ seen, bodies } = await visitFirstHalf(harness()));
  });

  it('visits the pages of the first half', () => {
    const views = [...bodies.keys()].map((k) => k.split(' ')[0]);
    for (const view of [
      'start',
      'enter-details',
      'enter-email-code',
      'choose-authenticator',
      'log-out-first',
      'problem-adding-authenticator',
      'profile-not-found',
      'enter-details',
      'nowhere',
    ]) {
      expect(views).toContain(view);
    }
    expect([...bodies.values()].some((html) => html.includes('Your session has ended'))).toBe(true);
  });

  it('every response: nosniff, frame-ancestors none, Referrer-Policy, COOP, X-Frame-Options', () => {
    expect(seen.length).toBeGreaterThan(15);
    for (const r of seen) {
      const where = `${r.method} ${r.url} ${r.status}`;
      expect(r.headers.get('x-content-type-options'), where).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), where).toBe('no-referrer');
      expect(r.headers.get('cross-origin-opener-policy'), where).toBe('same-origin');
      expect(r.headers.get('x-frame-options'), where).toBe('DENY');
      const csp = cspDirectives(r.headers.get('content-security-policy'));
      expect(csp.get('frame-ancestors'), where).toEqual(["'none'"]);
      expect(csp.get('object-src'), where).toEqual(["'none'"]);
      expect(csp.get('base-uri'), where).toEqual(["'none'"]);
    }
  });

  it('CSP: scripts only from self or with this response’s nonce, never unsafe-inline or unsafe-eval', () => {
    const nonces = new Set<string>();
    for (const r of seen.filter((s) => s.headers.get('content-type')?.startsWith('text/html'))) {
      const header = r.headers.get('content-security-policy') ?? '';
      expect(header).not.toContain('unsafe-inline');
      expect(header).not.toContain('unsafe-eval');
      const csp = cspDirectives(header);
      const script = csp.get('script-src') ?? [];
      expect(script).toContain("'self'");
      const nonce = script.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
      expect(nonce, r.url).toBeTruthy();
      expect(nonces.has(nonce as string), 'a nonce is never reused').toBe(false);
      nonces.add(nonce as string);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      // Styles only from us; fonts from us and the NHS's licensed Frutiger host.
      expect(csp.get('style-src')).toEqual(["'self'"]);
      expect(csp.get('font-src')).toEqual(["'self'", 'https://assets.nhs.uk']);
    }
  });

  it('every <script> on every page carries the nonce of its own response', async () => {
    const hx = harness();
    await hx.reset();
    const b = hx.browser();
    const pages = [await b.get(`${J}/start`), await b.post(`${J}/start`, {})];
    pages.push(await b.submitDetails(PROFILES.active), await b.get(`${J}/nowhere`));
    for (const page of pages) {
      const nonce = page.headers.get('content-security-policy')?.match(/'nonce-([^']+)'/)?.[1];
      const scripts = [...page.html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, page.url).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, page.url).toContain(`nonce="${nonce}"`);
      // No inline event handlers or javascript: links, which a nonce cannot cover.
      expect(page.html).not.toMatch(/\son[a-z]+="/i);
      expect(page.html).not.toMatch(/href="javascript:/i);
    }
  });

  it('journey pages and their redirects: Cache-Control no-store', () => {
    const journey = seen.filter((r) => new URL(r.url).pathname.startsWith(`${J}/`));
    expect(journey.some((r) => r.status === 303)).toBe(true);
    for (const r of journey)
      expect(r.headers.get('cache-control'), `${r.method} ${r.url}`).toContain('no-store');
  });

  it(`HSTS ${https ? 'on every response' : 'never (not served over https)'}`, () => {
    for (const r of seen) {
      const hsts = r.headers.get('strict-transport-security');
      if (https) expect(hsts, r.url).toMatch(/^max-age=\d{8,}; includeSubDomains/);
      else expect(hsts, r.url).toBeNull();
    }
  });
});

/** "Start now" on the start page the browser was just shown, as a raw response (its Set-Cookie). */
async function startNow(b: Browser): Promise<Response> {
  await b.get(`${J}/start`);
  return b.raw(`${J}/start`, {
    method: 'POST',
    headers: { origin: b.origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: b.csrfToken() as string }),
  });
}

describe('the journey cookie', () => {
  it('over http: aa-journey, HttpOnly, SameSite=Lax, Path=/, not Secure, no Domain, a session cookie', async () => {
    const b = h.browser();
    const res = await startNow(b);
    const cookies = res.headers.getSetCookie();
    expect(cookies).toHaveLength(1);
    const cookie = cookies[0] as string;
    expect(cookie).toMatch(/^aa-journey=/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).not.toMatch(/Max-Age|Expires/i);
  });

  it('over https: __Host-aa-journey, Secure, HttpOnly, SameSite=Lax, Path=/, no Domain', async () => {
    const b = secure.browser();
    const res = await startNow(b);
    const cookie = res.headers.getSetCookie()[0] as string;
    expect(cookie).toMatch(/^__Host-aa-journey=/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    // The journey runs on it.
    await b.get(res.headers.get('location') as string);
    expect(b.view()).toBe('enter-details');
  });

  it.each([
    ['http', () => h, 'aa-start', false],
    ['https', () => secure, '__Host-aa-start', true],
  ] as const)(
    'the start page over %s sets only a signed pre-journey cookie that lives 30 minutes',
    async (_, hx, name, https) => {
      const b = hx().browser();
      const res = await b.raw(`${J}/start`);
      expect(res.status).toBe(200);
      const cookies = res.headers.getSetCookie();
      expect(cookies).toHaveLength(1);
      const cookie = cookies[0] as string;
      expect(cookie.startsWith(`${name}=`)).toBe(true);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).toMatch(/; Max-Age=1800/);
      expect(cookie).not.toMatch(/Domain=/i);
      if (https) expect(cookie).toMatch(/; Secure/);
      else expect(cookie).not.toMatch(/Secure/i);
      // A random id, an expiry and a signature; the page's token is bound to the id.
      const [id, expiry, signature] = decodeURIComponent(b.cookie(name) as string).split('.');
      expect(Buffer.from(id as string, 'base64url')).toHaveLength(16);
      expect(Number.parseInt(expiry as string, 36) - hx().clock.now()).toBeGreaterThan(29 * 60_000);
      expect(signature?.length).toBeGreaterThan(40);
      expect(b.cookie(https ? '__Host-aa-journey' : 'aa-journey')).toBeUndefined();
    },
  );

  it('the id is 128 bits of randomness, different for every journey, and signed', async () => {
    const values = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const b = h.browser();
      await b.begin();
      const value = decodeURIComponent(b.cookie('aa-journey') as string);
      const [id, signature] = value.split('.');
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(id as string, 'base64url')).toHaveLength(16);
      expect(signature?.length).toBeGreaterThan(20);
      values.add(id as string);
    }
    expect(values.size).toBe(5);
  });

  it('"Start again" (a form post with the token) deletes the cookie', async () => {
    const b = h.browser();
    await b.begin();
    const res = await b.raw(`${J}/start-again`, {
      method: 'POST',
      headers: { origin: b.origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: b.csrfToken() as string }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${J}/start`);
    const cleared = res.headers.getSetCookie().find((c) => c.startsWith('aa-journey='));
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
  });
});

/**
 * What the service gives away: the identity check answers alike whichever detail was wrong, every
 * page carries the security headers of SPEC.md, and the logs (pino with the production redaction
 * paths, into memory) never hold an email, NI number, code, password or key the test used.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_REDACT_PATHS } from '../../src/wiring.js';
import {
  appCode,
  type Browser,
  J,
  PASSWORD,
  type Stack,
  staff,
  startStack,
} from '../../tooling/support/harness.js';
import { loginAtProvider } from '../../tooling/support/nhsnet.js';

const logLines: string[] = [];
const logger = pino(
  { level: 'debug', redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } },
  { write: (line: string) => logLines.push(line) },
);

interface Seen {
  url: string;
  status: number;
  headers: Headers;
  body: string;
}
const seen: Seen[] = [];
/** Secrets the test typed or received: none may appear in a log line. */
const secrets = new Set<string>([PASSWORD, 'password1234', 'Correct-Horse-42']);
const addPerson = (p: { email: string; niNumber: string }) =>
  secrets
    .add(p.email)
    .add(p.niNumber)
    .add(p.niNumber.replace(/^(..)(..)(..)(..)(.)$/, '$1 $2 $3 $4 $5'));

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ profiles: 20, logger });
});
afterAll(async () => {
  await stack?.stop();
});

/** A browser whose every response is also kept for the header checks. */
function recordingBrowser(): Browser {
  return stack.browser({
    fetch: async (req) => {
      const res = await stack.service.app.fetch(req);
      seen.push({ url: req.url, status: res.status, headers: res.headers, body: await res.clone().text() });
      return res;
    },
  });
}

/** The page with everything that differs per request removed (nonces, form tokens, clock values). */
const normalise = (html: string) =>
  html
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""')
    .replace(/data-([a-z-]+)-ms="\d+"/g, 'data-$1-ms=""');

describe('the identity check', () => {
  it('answers a wrong email, a wrong NI number and a profile without one identically', async () => {
    const known = staff(8);
    const tries = [
      { email: known.email, niNumber: staff(9).niNumber },
      { email: 'nobody.here@nhs.net', niNumber: known.niNumber },
      { email: 'jordan.ellis@nhs.net', niNumber: known.niNumber },
    ];
    const answers = [];
    for (const details of tries) {
      const b = stack.browser();
      await b.begin();
      const post = await b.raw(`${J}/enter-details`, {
        method: 'POST',
        headers: { origin: b.origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...details, ...b.captcha(), _csrf: b.csrfToken() ?? '' }),
      });
      const page = await b.get(post.headers.get('location') ?? '');
      answers.push({
        post: [post.status, post.headers.get('location')],
        page: [page.status, b.view(), normalise(page.html)],
        headerNames: [...page.headers.keys()].sort(),
      });
    }
    expect(answers[0]?.page[1]).toBe('problem-adding-authenticator');
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    for (const t of tries) addPerson(t);
  });
});

describe('security headers', () => {
  it('are on every page of a journey that adds an app, an NHS.net Connect account and tries a passkey', async () => {
    const who = staff(10);
    addPerson(who);
    const b = recordingBrowser();
    await b.begin();
    await b.submitDetails({ ...who, email: 'not an email' });
    await b.post(`${J}/enter-details`, { email: who.email, niNumber: who.niNumber, ...b.captcha() });
    await b.post(`${J}/enter-email-code`, { code: '000000' });
    const code = await b.latestCode(who.email, 1);
    secrets.add(code);
    await b.post(`${J}/enter-email-code`, { code });
    await b.post(`${J}/choose-authenticator`, {});
    await b.post(`${J}/choose-authenticator`, { method: 'app' });
    await b.post(`${J}/app-instructions`, {});
    await b.post(`${J}/app-instructions`, { soleAccess: 'yes' });
    await b.post(`${J}/create-password`, { password: 'password1234', confirmPassword: 'password1234' });
    const key = await b.setUpAppFromPassword();
    secrets.add(key);
    await b.post(`${J}/enter-app-code`, { code: '000000' });
    const totp = appCode(key);
    secrets.add(totp);
    await b.post(`${J}/enter-app-code`, { code: totp });
    b.expectView('app-added');
    await b.post(`${J}/app-added/add-another`, {});
    await b.post(`${J}/choose-authenticator`, { method: 'nhsnet' });
    const redirect = await b.post(`${J}/nhsnet-instructions`, { soleAccess: 'yes' });
    const query = await loginAtProvider(redirect.url, {
      email: 'alex.morgan@nhs.net',
      password: 'Correct-Horse-42',
    });
    secrets.add(query.code ?? 'missing code').add(query.state ?? 'missing state');
    await b.get(`${J}/nhsnet-callback?${new URLSearchParams(query)}`);
    b.expectView('nhsnet-added');
    await b.post(`${J}/nhsnet-added/add-another`, {});
    await b.post(`${J}/choose-authenticator`, { method: 'passkey' });
    await b.post(`${J}/passkey-loading`, { windowsHello: 'no' });
    b.expectView('passkey-register');
    await b.get(`${J}/no-such-page`);
    await b.post(`${J}/passkey-register`, { errorName: 'NotAllowedError' }, { csrf: 'forged' });
    await b.get(`${J}/passkey-register`);
    await b.post(`${J}/start-again`, {});
    b.expectView('start');
    const stale = recordingBrowser();
    stale.setCookie('aa-journey', 'x.y');
    await stale.get(`${J}/enter-details`);

    const views = new Set(seen.map((s) => new URL(s.url).pathname));
    expect(views.size).toBeGreaterThanOrEqual(15);
    expect(new Set(seen.map((s) => s.status))).toEqual(new Set([200, 302, 303, 403, 404]));
    for (const { url, status, headers, body } of seen) {
      const where = `${status} ${url}`;
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp, where).toContain("frame-ancestors 'none'");
      expect(headers.get('x-content-type-options'), where).toBe('nosniff');
      expect(headers.get('referrer-policy'), where).toBe('no-referrer');
      expect(headers.get('cross-origin-opener-policy'), where).toBe('same-origin');
      expect(headers.get('strict-transport-security'), where).toBeNull();
      if (new URL(url).pathname.startsWith(`${J}/`))
        expect(headers.get('cache-control'), where).toBe('no-store');
      if (!headers.get('content-type')?.startsWith('text/html')) continue;
      const nonce = csp.match(/script-src[^;]*'nonce-([^']+)'/)?.[1];
      expect(nonce, where).toBeTruthy();
      expect(csp, where).not.toContain("'unsafe-inline'");
      for (const tag of body.match(/<script\b[^>]*>/g) ?? [])
        expect(tag, where).toContain(`nonce="${nonce}"`);
    }
  });

  it('add HSTS and a __Host- Secure cookie when served over https', async () => {
    const secure = await startStack({ redis: stack.redis, env: { PUBLIC_URL: 'https://localhost:3000' } });
    try {
      const b = secure.browser({ base: 'https://localhost:3000' });
      const page = await b.raw(`${J}/start`);
      expect(page.headers.get('strict-transport-security')).toContain('max-age=31536000');
      const pre = page.headers.getSetCookie().find((c) => c.startsWith('__Host-aa-start='));
      expect(pre).toMatch(/; Secure/i);
      // The journey cookie comes with "Start now", which creates the journey.
      await b.get(`${J}/start`);
      const res = await b.raw(`${J}/start`, {
        method: 'POST',
        headers: { origin: 'https://localhost:3000', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: b.csrfToken() as string }),
      });
      expect(res.headers.get('strict-transport-security')).toContain('max-age=31536000');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-aa-journey='));
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
      expect(cookie).toMatch(/; Path=\//i);
    } finally {
      await secure.stop();
    }
  });
});

describe('logs', () => {
  it('hold none of the emails, NI numbers, codes, passwords or keys used above', () => {
    const log = logLines.join('');
    expect(logLines.length).toBeGreaterThan(50);
    expect(log).toContain('"msg":"request"');
    for (const secret of secrets) {
      const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const pattern = new RegExp(`(?<![0-9A-Za-z])${escaped}(?![0-9A-Za-z])`, 'i');
      expect(pattern.test(log), `the log holds ${secret}`).toBe(false);
    }
    expect(secrets.size).toBeGreaterThan(10);
  });
});

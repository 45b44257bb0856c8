/**
 * Requests a browser would not send, or an attacker would: no CSRF token, no or another Origin, bodies
 * too large, the wrong content type, missing, extra or repeated fields. Each gets a clear status
 * (403, 400, 413), never a 500, and the journey is as it was. One part runs over a real socket.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

const FORM = 'application/x-www-form-urlencoded';
const REFUSED = 'Sorry, we could not accept that request';

async function atDetails(): Promise<Browser> {
  const b = h.browser();
  await b.begin();
  expect(b.view()).toBe('enter-details');
  return b;
}

/** The fields of a good enter-details post, with the CAPTCHA solved and the page's token. */
function detailsFields(b: Browser): Record<string, string> {
  const { challenge, word } = b.captcha();
  return {
    _csrf: b.csrfToken() as string,
    email: PROFILES.active.email,
    niNumber: PROFILES.active.niNumber,
    captchaChallenge: challenge,
    captchaAnswer: word,
  };
}

async function post(b: Browser, path: string, body: BodyInit, headers: Record<string, string>) {
  const res = await b.raw(path, { method: 'POST', body, headers });
  const html = await res.text();
  // Every refusal is the same clear page, never the outage page.
  if ([400, 403, 413].includes(res.status)) expect(html).toContain(REFUSED);
  return { status: res.status, html, type: res.headers.get('content-type') };
}

/** The journey is still on enter-details with no errors, and a good submission still works. */
async function expectUnchanged(b: Browser) {
  await b.get(`${J}/enter-details`);
  expect(b.view()).toBe('enter-details');
  expect(b.errors()).toEqual([]);
  expect(h.codeMails(PROFILES.active.email)).toHaveLength(0);
  await b.submitDetails(PROFILES.active);
  expect(b.view()).toBe('enter-email-code');
}

describe('CSRF', () => {
  it('a post without the form token: 403 page, the journey unchanged', async () => {
    const b = await atDetails();
    const { _csrf, ...fields } = detailsFields(b);
    const res = await post(b, `${J}/enter-details`, new URLSearchParams(fields), {
      origin: b.origin,
      'content-type': FORM,
    });
    expect(res.status).toBe(403);
    expect(res.type).toContain('text/html');
    expect(res.html).toContain('<h1');
    await expectUnchanged(b);
  });

  it('a wrong token, or the token of another journey: 403', async () => {
    const b = await atDetails();
    const other = await atDetails();
    for (const token of ['x'.repeat(43), other.csrfToken() as string, '']) {
      const fields = { ...detailsFields(b), _csrf: token };
      const res = await post(b, `${J}/enter-details`, new URLSearchParams(fields), {
        origin: b.origin,
        'content-type': FORM,
      });
      expect(res.status, token).toBe(403);
    }
    await expectUnchanged(b);
  });

  it.each([
    ['no Origin header', null],
    ['another Origin', 'https://evil.example'],
    ['the right host on another scheme', 'https://localhost:3000'],
    ['the literal null Origin', 'null'],
  ])('%s: 403 page (not a 500 or 503), the journey unchanged', async (_, origin) => {
    const b = await atDetails();
    const headers: Record<string, string> = { 'content-type': FORM };
    if (origin !== null) headers.origin = origin;
    const res = await post(b, `${J}/enter-details`, new URLSearchParams(detailsFields(b)), headers);
    expect(res.status).toBe(403);
    expect(res.type).toContain('text/html');
    await expectUnchanged(b);
  });

  it('GET never changes the journey, whatever the Origin', async () => {
    const b = await atDetails();
    const res = await b.raw(`${J}/enter-details`, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
  });
});

describe('bodies', () => {
  it('a body over the limit (with Content-Length): 413 page, not a 500', async () => {
    const b = await atDetails();
    const fields = { ...detailsFields(b), email: 'a'.repeat(70_000) };
    const res = await post(b, `${J}/enter-details`, new URLSearchParams(fields), {
      origin: b.origin,
      'content-type': FORM,
    });
    expect(res.status).toBe(413);
    expect(res.type).toContain('text/html');
    await expectUnchanged(b);
  });

  it('a streamed body over the limit (no Content-Length): 413', async () => {
    const b = await atDetails();
    const chunk = new TextEncoder().encode(`email=${'a'.repeat(16_000)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await b.raw(`${J}/enter-details`, {
      method: 'POST',
      body: stream,
      headers: { origin: b.origin, 'content-type': FORM },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    await expectUnchanged(b);
  });

  it.each([
    ['application/json', JSON.stringify({ email: 'x' })],
    ['text/plain', 'email=x'],
    ['application/xml', '<email>x</email>'],
  ])('content type %s: 400 or 403, the journey unchanged', async (type, body) => {
    const b = await atDetails();
    const res = await post(b, `${J}/enter-details`, body, { origin: b.origin, 'content-type': type });
    expect([400, 403]).toContain(res.status);
    expect(res.type).toContain('text/html');
    await expectUnchanged(b);
  });

  it('an extra field: 400, the journey unchanged', async () => {
    const b = await atDetails();
    const fields = { ...detailsFields(b), isAdmin: 'true' };
    const res = await post(b, `${J}/enter-details`, new URLSearchParams(fields), {
      origin: b.origin,
      'content-type': FORM,
    });
    expect(res.status).toBe(400);
    await expectUnchanged(b);
  });

  it('a repeated field: 400, the journey unchanged', async () => {
    const b = await atDetails();
    const params = new URLSearchParams(detailsFields(b));
    params.append('email', 'second@nhs.net');
    const res = await post(b, `${J}/enter-details`, params, { origin: b.origin, 'content-type': FORM });
    expect(res.status).toBe(400);
    await expectUnchanged(b);
  });

  it('a missing field: 400, the journey unchanged', async () => {
    const b = await atDetails();
    const { niNumber: _, ...fields } = detailsFields(b);
    const res = await post(b, `${J}/enter-details`, new URLSearchParams(fields), {
      origin: b.origin,
      'content-type': FORM,
    });
    expect(res.status).toBe(400);
    await expectUnchanged(b);
  });

  it('a file instead of a text field (multipart): 400, the journey unchanged', async () => {
    const b = await atDetails();
    const form = new FormData();
    for (const [k, v] of Object.entries(detailsFields(b))) {
      if (k === 'email') form.append(k, new Blob(['x@nhs.net'], { type: 'text/plain' }), 'email.txt');
      else form.append(k, v);
    }
    const res = await b.raw(`${J}/enter-details`, {
      method: 'POST',
      body: form,
      headers: { origin: b.origin },
    });
    expect(res.status).toBe(400);
    await expectUnchanged(b);
  });

  it('a well-formed multipart form is read like a urlencoded one', async () => {
    const b = await atDetails();
    const form = new FormData();
    for (const [k, v] of Object.entries(detailsFields(b))) form.append(k, v);
    const res = await b.raw(`${J}/enter-details`, {
      method: 'POST',
      body: form,
      headers: { origin: b.origin },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${J}/enter-email-code`);
  });

  it('a malformed urlencoded body (bad percent escapes) is not a 500', async () => {
    const b = await atDetails();
    const token = b.csrfToken() as string;
    const res = await post(
      b,
      `${J}/enter-details`,
      `_csrf=${token}&email=%E0%A4%A&niNumber=%%&captchaChallenge=&captchaAnswer=`,
      {
        origin: b.origin,
        'content-type': FORM,
      },
    );
    expect(res.status).toBeLessThan(500);
    await b.get(`${J}/enter-details`);
    expect(b.view()).toBe('enter-details');
  });

  it.each([
    ['email', 5000],
    ['niNumber', 500],
    ['captchaAnswer', 9000],
  ])('a %s of %i characters: refused (400), the journey unchanged', async (field, length) => {
    const b = await atDetails();
    const fields = { ...detailsFields(b), [field]: 'A'.repeat(length) };
    const res = await post(b, `${J}/enter-details`, new URLSearchParams(fields), {
      origin: b.origin,
      'content-type': FORM,
    });
    expect(res.status).toBe(400);
    await expectUnchanged(b);
  });

  it('a field on a form that has none (start): 400', async () => {
    const b = h.browser();
    await b.get(`${J}/start`);
    const res = await post(b, `${J}/start`, new URLSearchParams({ _csrf: b.csrfToken() as string, x: '1' }), {
      origin: b.origin,
      'content-type': FORM,
    });
    expect(res.status).toBe(400);
    await b.get(`${J}/start`);
    expect(b.view()).toBe('start');
  });

  it('PUT, DELETE and PATCH are not routes of the journey', async () => {
    const b = await atDetails();
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const res = await b.raw(`${J}/enter-details`, {
        method,
        body: new URLSearchParams(detailsFields(b)),
        headers: { origin: b.origin, 'content-type': FORM },
      });
      expect(res.status, method).toBe(404);
    }
    await expectUnchanged(b);
  });
});

/** The service on a real loopback socket (@hono/node-server). */
async function listen(hx: Harness) {
  let server: ReturnType<typeof serve> | undefined;
  await new Promise<void>((resolve) => {
    server = serve({ fetch: hx.service.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  const s = server as ReturnType<typeof serve>;
  return {
    base: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => s.close(() => resolve())),
  };
}

/** Sends a request meant for the public URL to the socket instead, as a reverse proxy would. */
function viaSocket(publicUrl: string, base: string) {
  return async (req: Request) => {
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer();
    return fetch(req.url.replace(publicUrl, base), {
      method: req.method,
      headers: req.headers,
      body,
      redirect: 'manual',
    });
  };
}

describe('over a real socket', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  let base: string;

  beforeAll(async () => {
    server = await listen(h);
    base = server.base;
  });
  afterAll(async () => {
    await server.close();
  });

  /** A browser talking to the socket; its Origin is the service's public origin, as behind a proxy. */
  const socketBrowser = () => h.browser({ fetch: viaSocket(h.baseUrl, base) });

  it('the first half works end to end over HTTP', async () => {
    const b = socketBrowser();
    await b.begin();
    expect(b.view()).toBe('enter-details');
    await b.submitDetails(PROFILES.active);
    expect(b.view()).toBe('enter-email-code');
    await b.enterCode(await h.code(PROFILES.active.email, 1));
    expect(b.view()).toBe('choose-authenticator');
  });

  it('an oversized body is refused with 413 and the server keeps serving', async () => {
    const b = socketBrowser();
    await b.begin();
    const res = await fetch(`${base}${J}/enter-details`, {
      method: 'POST',
      body: `email=${'a'.repeat(200_000)}`,
      headers: { origin: h.baseUrl, 'content-type': FORM, cookie: `aa-journey=${b.cookie('aa-journey')}` },
    });
    expect(res.status).toBe(413);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    await b.get(`${J}/enter-details`);
    expect(b.view()).toBe('enter-details');
  });

  it('without TRUST_PROXY_HOPS the per-IP limit counts the socket address: a forged header does not help', async () => {
    const untrusted = await startHarness({
      redis: h.redis,
      smtp: h.smtp,
      env: { TRUST_PROXY_HOPS: undefined },
    });
    const server2 = await listen(untrusted);
    try {
      for (let i = 0; i < 10; i++) {
        // Each browser sends its own x-forwarded-for; the service must not believe it.
        const b = untrusted.browser({ fetch: viaSocket(untrusted.baseUrl, server2.base) });
        await b.begin();
        await b.submitDetails({ email: `forger${i}@nhs.net`, niNumber: `AB${300000 + i}C` });
        expect(b.view()).toBe('problem-adding-authenticator');
      }
      const last = untrusted.browser({ fetch: viaSocket(untrusted.baseUrl, server2.base) });
      await last.begin();
      await last.submitDetails(PROFILES.active);
      expect(last.view()).toBe('too-many-attempts');
    } finally {
      await server2.close();
      await untrusted.close();
    }
  });
});

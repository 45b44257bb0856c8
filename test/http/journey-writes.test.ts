/**
 * What writes a journey (SPEC.md: journey creation, CSRF): viewing the start page writes nothing, a
 * journey is created by "Start now" within a per-client limit, no GET changes a journey (back links
 * are plain links to earlier pages, start again is a form), and a tab opened before the journey moved
 * to a new id is shown the current step.
 */

import { Agent, request } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { journeyMachine, journeyViewIds } from '../../src/machine/index.js';
import { type Browser, freshIp, type Harness, J, journeyCookie, PROFILES, startHarness } from './support.js';

const GOOD_PASSWORD = 'violet tractor umbrella 42';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
/** Journeys stored before the test began (earlier tests' journeys stay until their TTL). */
let journeysBefore = 0;
beforeEach(async () => {
  await h.reset();
  journeysBefore = await journeyKeys(h);
});
/** Journeys this test has written. */
const newJourneys = async () => (await journeyKeys(h)) - journeysBefore;

/** Journeys in Redis (the directory and other keys are left out). */
async function journeyKeys(hx: Harness): Promise<number> {
  let count = 0;
  const admin = new Redis(hx.redis.url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', 'aa:journey:*', 'COUNT', 1000);
      cursor = next;
      count += keys.length;
    } while (cursor !== '0');
  } finally {
    admin.disconnect();
  }
  return count;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `total` requests over a few keep-alive connections, no cookies; the statuses seen and the bodies' bytes. */
async function hammer(port: number, path: string, total: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const statuses = new Map<string, number>();
  let next = 0;
  let headBytes = 0;
  const one = (method: 'GET' | 'HEAD') =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method, agent }, (res) => {
        const key = `${method} ${res.statusCode}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        res.on('data', (chunk: Buffer) => {
          if (method === 'HEAD') headBytes += chunk.length;
        });
        res.on('end', resolve);
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  const worker = async () => {
    while (next < total) {
      const i = next++;
      await one(i % 2 === 0 ? 'GET' : 'HEAD');
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  agent.destroy();
  return { statuses: Object.fromEntries(statuses), headBytes };
}

describe('viewing the start page writes nothing', () => {
  it('10,000 GETs and HEADs of the start page without cookies leave Redis as it was', async () => {
    const port = await freePort();
    const server = serve({ fetch: h.service.app.fetch, hostname: '127.0.0.1', port });
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const before = await h.dbsize();
      const { statuses, headBytes } = await hammer(port, `${J}/start`, 10_000);
      expect(statuses).toEqual({ 'GET 200': 5000, 'HEAD 200': 5000 });
      expect(headBytes).toBe(0);
      expect(await h.dbsize()).toBe(before);
      expect(await newJourneys()).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 180_000);

  it("the start page is the machine's first page: log-out-first while a Care Identity session is open", async () => {
    const b = h.browser();
    b.setCookie(h.service.config.cimSessionCookie, 'open');
    await b.get(`${J}/start`);
    expect(b.view()).toBe('log-out-first');
    expect(await newJourneys()).toBe(0);
    // "I have logged out" while still logged in: the journey is created, on the same page with an error.
    await b.post(`${J}/log-out-first`, {});
    expect(b.view()).toBe('log-out-first');
    expect(b.last?.html).toContain('You are still logged in to Care Identity Management');
    expect(journeyCookie(b)).toBeDefined();
    expect(await newJourneys()).toBe(1);
  });

  it('"Start now" creates the journey in one save, already on enter-details', async () => {
    const b = h.browser();
    await b.get(`${J}/start`);
    await b.post(`${J}/start`, {});
    expect(b.view()).toBe('enter-details');
    expect((await h.storedJourney(b)).rev).toBe('1');
    expect(await newJourneys()).toBe(1);
  });

  it('"Start now" without the start page\'s cookie shows the start page; with a wrong token it is refused', async () => {
    const b = h.browser();
    const post = (token: string | null) =>
      b.raw(`${J}/start`, {
        method: 'POST',
        headers: { origin: b.origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(token === null ? {} : { _csrf: token }),
      });
    const noCookie = await post('anything');
    expect(noCookie.status).toBe(303);
    expect(noCookie.headers.get('location')).toBe(`${J}/start`);
    await b.get(`${J}/start`);
    const token = b.csrfToken() as string;
    expect((await post(null)).status).toBe(403);
    expect((await post(`${token.slice(0, -2)}AA`)).status).toBe(403);
    // Another browser's start page token is bound to another pre-journey id.
    const other = h.browser();
    await other.get(`${J}/start`);
    expect((await post(other.csrfToken() as string)).status).toBe(403);
    expect(await newJourneys()).toBe(0);
    expect((await post(token)).status).toBe(303);
    expect(await newJourneys()).toBe(1);
  });

  it('the start page sat open past its cookie\'s life: "Start now" shows it again, nothing written', async () => {
    const b = h.browser();
    await b.get(`${J}/start`);
    const token = b.csrfToken() as string;
    h.clock.advance(31 * 60_000);
    await b.post(`${J}/start`, {}, { csrf: token });
    expect(b.view()).toBe('start');
    expect(await newJourneys()).toBe(0);
    await b.post(`${J}/start`, {});
    expect(b.view()).toBe('enter-details');
  });
});

describe('journey creation is limited per client', () => {
  let limited: Harness;
  beforeAll(async () => {
    limited = await startHarness({ redis: h.redis, smtp: h.smtp, env: { JOURNEY_STARTS_PER_IP: '3' } });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('the 4th "Start now" from one IP gets too-many-attempts (429) and writes nothing; another IP is served', async () => {
    await limited.reset();
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      const b = limited.browser({ ip });
      await b.begin();
      expect(b.view(), `journey ${i + 1}`).toBe('enter-details');
    }
    expect(await newJourneys()).toBe(3);
    const fourth = limited.browser({ ip });
    const start = await fourth.get(`${J}/start`);
    expect(start.status).toBe(200);
    const refused = await fourth.post(`${J}/start`, {});
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(fourth.h1()).toBe('You have tried too many times');
    expect(journeyCookie(fourth)).toBeUndefined();
    expect(await newJourneys()).toBe(3);
    const elsewhere = limited.browser();
    await elsewhere.begin();
    expect(elsewhere.view()).toBe('enter-details');
  });
});

/** Every GET route a browser could be sent to: each page of the journey, each old GET action. */
function everyGetRoute(): string[] {
  const views = [...journeyViewIds(journeyMachine)];
  return [
    '/',
    '/healthz',
    '/readyz',
    '/dev/mail',
    `${J}/nowhere`,
    `${J}/start-again`,
    `${J}/extend`,
    `${J}/nhsnet-callback`,
    `${J}/nhsnet-callback?code=x&state=y`,
    ...views.map((view) => `${J}/${view}`),
    ...views.map((view) => `${J}/back?from=${view}`),
  ];
}

async function atCode(): Promise<Browser> {
  const b = h.browser();
  await b.begin();
  await b.submitDetails(PROFILES.active);
  expect(b.view()).toBe('enter-email-code');
  return b;
}

async function atScanQr(): Promise<Browser> {
  const b = await atCode();
  await b.enterCode(await h.code(PROFILES.active.email, 1));
  await b.post(`${J}/choose-authenticator`, { method: 'app' });
  await b.post(`${J}/app-instructions`, { soleAccess: 'yes' });
  await b.post(`${J}/create-password`, { password: GOOD_PASSWORD, confirmPassword: GOOD_PASSWORD });
  expect(b.view()).toBe('scan-qr');
  return b;
}

/** A GET or HEAD as a cross-site link would send it: the victim's cookies, no Origin. */
async function crossSite(b: Browser, method: 'GET' | 'HEAD', path: string) {
  const res = await h.service.app.fetch(
    new Request(new URL(path, h.baseUrl), {
      method,
      headers: { cookie: `aa-journey=${journeyCookie(b)}`, 'sec-fetch-site': 'cross-site' },
    }),
  );
  await res.arrayBuffer();
  return res.status;
}

describe('no GET changes a journey', () => {
  it.each([
    ['enter-email-code', atCode],
    ['scan-qr', atScanQr],
  ])('a cross-site GET or HEAD of every route leaves a journey on %s byte-identical', async (_, reach) => {
    const b = await reach();
    const stored = await h.storedJourney(b);
    expect(stored.snapshot).toBeDefined();
    for (const path of everyGetRoute()) {
      for (const method of ['GET', 'HEAD'] as const) {
        expect(await crossSite(b, method, path), `${method} ${path}`).toBeLessThan(500);
        expect(await h.storedJourney(b), `${method} ${path}`).toEqual(stored);
      }
    }
    // The journey is still where it was, and goes on.
    await b.get(`${J}/${_}`);
    expect(b.view()).toBe(_);
  });

  it('the back link shows the earlier pages from memory; a form from one goes back and on in one save', async () => {
    const b = await atScanQr();
    const stored = await h.storedJourney(b);
    const visited: string[] = [];
    while (b.backHref()) {
      await b.back();
      visited.push(b.view());
    }
    expect(visited).toEqual(['create-password', 'app-instructions', 'choose-authenticator']);
    expect(await h.storedJourney(b)).toEqual(stored);
    await b.post(`${J}/choose-authenticator`, { method: 'nhsnet' });
    expect(b.view()).toBe('nhsnet-instructions');
    expect(Number((await h.storedJourney(b)).rev)).toBe(Number(stored.rev) + 1);
  });

  it('a page neither current nor behind it still redirects to the current step', async () => {
    const b = await atCode();
    const res = await b.raw(`${J}/scan-qr`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${J}/enter-email-code`);
  });
});

describe('a stale tab after the journey moved to a new id', () => {
  it('its post shows the current step (303) and nothing of it is used; a token of no journey is refused', async () => {
    const b = await atCode();
    const staleToken = b.csrfToken() as string;
    const code = await h.code(PROFILES.active.email, 1);
    // Another tab of the same browser proves the email: the journey moves to a new id (one cookie jar).
    const tab = h.browser({ ip: b.ip });
    tab.setCookie('aa-journey', journeyCookie(b) as string);
    await tab.get(`${J}/enter-email-code`);
    await tab.enterCode(code);
    expect(tab.view()).toBe('choose-authenticator');
    expect(journeyCookie(tab)).not.toBe(journeyCookie(b));
    b.setCookie('aa-journey', journeyCookie(tab) as string);
    const stored = await h.storedJourney(b);
    expect(stored.snapshot).toBeDefined();

    const post = (path: string, fields: Record<string, string>, csrf: string) =>
      b.raw(path, {
        method: 'POST',
        headers: { origin: b.origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...fields, _csrf: csrf }),
      });
    // The stale page's own form, a form of the current step, start again: each shown the current step.
    for (const [path, fields] of [
      [`${J}/enter-email-code`, { code }],
      [`${J}/choose-authenticator`, { method: 'app' }],
      [`${J}/start-again`, {}],
      [`${J}/extend`, {}],
    ] as const) {
      const res = await post(path, fields, staleToken);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toBe(`${J}/choose-authenticator`);
      expect(await h.storedJourney(b), path).toEqual(stored);
    }
    // A token that is neither this journey's nor one it had before is still refused.
    const forged = await post(`${J}/choose-authenticator`, { method: 'app' }, `${staleToken.slice(0, -2)}xx`);
    expect(forged.status).toBe(403);
    const strangers = await atCode();
    const foreign = await post(
      `${J}/choose-authenticator`,
      { method: 'app' },
      strangers.csrfToken() as string,
    );
    expect(foreign.status).toBe(403);
    expect(await h.storedJourney(b)).toEqual(stored);
    // The current page's own form still works.
    await b.get(`${J}/choose-authenticator`);
    await b.post(`${J}/choose-authenticator`, { method: 'app' });
    expect(b.view()).toBe('app-instructions');
  });

  it('a start page opened in another tab before "Start now" was pressed in this one: the current step', async () => {
    const first = h.browser();
    await first.get(`${J}/start`);
    const staleStart = first.csrfToken() as string;
    await first.get(`${J}/start`);
    await first.post(`${J}/start`, {});
    expect(first.view()).toBe('enter-details');
    const stored = await h.storedJourney(first);
    await first.post(`${J}/start`, {}, { csrf: staleStart });
    expect(first.view()).toBe('enter-details');
    expect(await h.storedJourney(first)).toEqual(stored);
    expect(await newJourneys()).toBe(1);
  });
});

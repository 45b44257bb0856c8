/**
 * The service process as an operator runs it (its own process, configured by its environment): explicit
 * server timeouts, a drain on SIGTERM (/readyz 503 at once, in-flight requests finish, exit within the
 * grace period), and /metrics behind a bearer token.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort, type RedisProcess, startRedis } from '../../tooling/support/redis-server.js';
import { type ServiceProcess, spawnService } from '../../tooling/support/service-cluster.js';
import { type SmtpCapture, startSmtpCapture } from '../../tooling/support/smtp-capture.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

let redis: RedisProcess;
let smtp: SmtpCapture;
beforeAll(async () => {
  [redis, smtp] = await Promise.all([startRedis(), startSmtpCapture()]);
});
afterAll(async () => {
  await Promise.all([redis?.stop(), smtp?.stop()]);
});

const METRICS_TOKEN = 'kYc2m9Qf8vT1xR4pL7wZ3nB6hJ0sD5gA-_Ue8iOyPq';

const start = (env: Record<string, string>) =>
  spawnService({ REDIS_URL: redis.url, SMTP_URL: smtp.url, ...env });

/** A raw connection that records what the server sends and when it closes. */
async function open(svc: ServiceProcess) {
  const socket: Socket = connect(svc.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  return { socket, closed, received: () => received };
}

/** Resolves with the time it took, or rejects after `ms`. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('server timeouts and /metrics', () => {
  let svc: ServiceProcess;
  beforeAll(async () => {
    svc = await start({
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_REQUEST_TIMEOUT_MS: '2000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '500',
      METRICS_TOKEN,
    });
  });
  afterAll(async () => {
    await svc?.stop();
  });

  it('headers that never finish: the connection is answered 408 and closed after HTTP_HEADERS_TIMEOUT_MS', async () => {
    const conn = await open(svc);
    const sent = Date.now();
    conn.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    const closedAt = await within(3000, 'closing a connection with unfinished headers', conn.closed);
    expect(closedAt - sent).toBeGreaterThanOrEqual(900);
    expect(conn.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a body that trickles in: the request is cut after HTTP_REQUEST_TIMEOUT_MS', async () => {
    const { conn } = await requestInFlight(svc);
    const sent = Date.now();
    // One byte every 200 ms would take 8 s for the whole body.
    const drip = setInterval(() => conn.socket.write('a'), 200);
    try {
      const closedAt = await within(4500, 'cutting a slow request', conn.closed);
      expect(closedAt - sent).toBeGreaterThanOrEqual(1500);
      expect(conn.received()).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
    }
  });

  it('an idle kept-alive connection is closed after HTTP_KEEP_ALIVE_TIMEOUT_MS', async () => {
    const conn = await open(svc);
    conn.socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
    await within(
      2000,
      'the /healthz answer',
      vi.waitUntil(() => conn.received().includes('"ok"')),
    );
    const answered = Date.now();
    const closedAt = await within(2500, 'closing an idle connection', conn.closed);
    expect(closedAt - answered).toBeGreaterThanOrEqual(300);
  });

  it('/metrics needs the bearer token', async () => {
    expect((await fetch(`${svc.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${svc.url}/metrics`, {
      headers: { authorization: `Bearer ${'x'.repeat(42)}` },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const right = await fetch(`${svc.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('add_authenticator_journeys_started_total');
  });
});

describe('METRICS_BIND', () => {
  it('serves /metrics on its own listener only, with the token when one is set', async () => {
    const port = await freePort();
    const svc = await start({ METRICS_BIND: `127.0.0.1:${port}`, METRICS_TOKEN });
    try {
      expect(
        (await fetch(`${svc.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status,
      ).toBe(404);
      const metricsUrl = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(metricsUrl)).status).toBe(401);
      const res = await fetch(metricsUrl, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('add_authenticator_steps_total');
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(404);
    } finally {
      await svc.stop();
    }
  });
});

/** A journey cookie and a POST to enter-details whose body is only half sent: a request in flight. */
async function requestInFlight(svc: ServiceProcess) {
  // The start page writes nothing; "Start now" (its form, with the start page's cookie) makes the journey.
  const page = await fetch(`${svc.url}/add-authenticator/start`);
  const startCookie = (page.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const started = await fetch(`${svc.url}/add-authenticator/start`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      origin: svc.url,
      cookie: startCookie,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ _csrf: token }).toString(),
  });
  const cookie =
    started.headers
      .getSetCookie()
      .map((c) => c.split(';')[0] as string)
      .find((c) => c.startsWith('aa-journey=')) ?? '';
  expect(cookie).toMatch(/^aa-journey=/);
  const conn = await open(svc);
  const body = 'email=alex.morgan%40nhs.net&niNumber=AB123456C';
  conn.socket.write(
    [
      'POST /add-authenticator/enter-details HTTP/1.1',
      'Host: localhost',
      `Origin: ${svc.url}`,
      `Cookie: ${cookie}`,
      'Content-Type: application/x-www-form-urlencoded',
      `Content-Length: ${body.length}`,
      '',
      body.slice(0, 10),
    ].join('\r\n'),
  );
  return { conn, rest: () => conn.socket.write(body.slice(10)) };
}

describe('SIGTERM', () => {
  it('/readyz answers 503 at once, the in-flight request is answered, and the process exits 0 in time', async () => {
    const svc = await start({ SHUTDOWN_DELAY_MS: '1500', SHUTDOWN_GRACE_MS: '8000' });
    try {
      expect((await fetch(`${svc.url}/readyz`)).status).toBe(200);
      const inFlight = await requestInFlight(svc);
      const signalled = Date.now();
      svc.signal('SIGTERM');
      // The signal takes a moment to arrive; from then on, /readyz says 503 while the listener still serves.
      const readyz = () =>
        fetch(`${svc.url}/readyz`, { headers: { connection: 'close' } }).then((r) => r.status);
      await vi.waitUntil(async () => (await readyz()) === 503, { timeout: 1000, interval: 20 });
      expect(Date.now() - signalled).toBeLessThan(1000);
      expect(await readyz()).toBe(503);
      // After the delay the listener stops accepting; the request in flight is still being served.
      await new Promise((r) => setTimeout(r, 2000));
      await expect(fetch(`${svc.url}/healthz`)).rejects.toThrow();
      inFlight.rest();
      await within(
        2000,
        'the in-flight answer',
        vi.waitUntil(() => /^HTTP\/1\.1 \d{3}/.test(inFlight.conn.received())),
      );
      expect(inFlight.conn.received()).toMatch(/^HTTP\/1\.1 (303|403) /);
      expect(await within(8000, 'the exit', svc.exited)).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(8000);
    } finally {
      await svc.stop();
    }
  });

  it('a request that never finishes does not keep the process past SHUTDOWN_GRACE_MS', async () => {
    const svc = await start({
      SHUTDOWN_DELAY_MS: '0',
      SHUTDOWN_GRACE_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '60000',
    });
    try {
      const inFlight = await requestInFlight(svc);
      const signalled = Date.now();
      svc.signal('SIGTERM');
      const code = await within(4000, 'the exit', svc.exited);
      // 2 s of grace, plus the time for the exit to be seen from here on a busy machine.
      expect(Date.now() - signalled).toBeLessThan(3000);
      expect(code).toBe(1);
      await within(1000, 'the cut connection', inFlight.conn.closed);
    } finally {
      await svc.stop();
    }
  });
});

/**
 * One address that works in development: with PUBLIC_URL at http://localhost:PORT, the service opened at
 * http://127.0.0.1:PORT sends each GET to the same path at PUBLIC_URL, where the Origin check and the
 * cookies hold, so "Start now" works instead of answering 403. Over a real socket, because the host is
 * what the browser typed. Only in development: with NODE_ENV=test the same request is answered in place
 * (and test/production/smoke.test.ts checks the built service in production).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../tooling/support/http-client.js';
import { type Harness, J, startHarness } from './support.js';

/** A listener on 127.0.0.1 at a port the kernel picks, answering with the harness `serving()` gives
 *  (listening first, so that no other process can take the port between choosing and binding it). */
async function listen(serving: () => Harness) {
  let server: ReturnType<typeof serve> | undefined;
  await new Promise<void>((resolve) => {
    server = serve({ fetch: (req) => serving().service.app.fetch(req), port: 0, hostname: '127.0.0.1' }, () =>
      resolve(),
    );
  });
  const s = server as ReturnType<typeof serve>;
  return {
    port: (s.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => s.close(() => resolve())),
  };
}

const get = (url: string) => fetch(url, { redirect: 'manual' });

describe('in development, 127.0.0.1 is sent to PUBLIC_URL (localhost)', () => {
  let h: Harness;
  let socket: Awaited<ReturnType<typeof listen>>;
  let publicUrl: string;
  let loopback: string;

  beforeAll(async () => {
    // The service's PUBLIC_URL names the port it listens on: the port is bound before the service is built.
    socket = await listen(() => h);
    publicUrl = `http://localhost:${socket.port}`;
    loopback = `http://127.0.0.1:${socket.port}`;
    h = await startHarness({ env: { NODE_ENV: 'development', PUBLIC_URL: publicUrl } });
  }, 60_000);
  afterAll(async () => {
    await socket?.close();
    await h?.close();
  });

  it('redirects a GET to the same path and query at PUBLIC_URL, without setting anything', async () => {
    const res = await get(`${loopback}${J}/start?from=bookmark`);
    expect([302, 307]).toContain(res.status);
    expect(res.headers.get('location')).toBe(`${publicUrl}${J}/start?from=bookmark`);
    expect(res.headers.getSetCookie()).toEqual([]);
    const root = await get(`${loopback}/`);
    expect(root.headers.get('location')).toBe(`${publicUrl}/`);
    const asset = await get(`${loopback}/assets/app/app.css`);
    expect(asset.headers.get('location')).toBe(`${publicUrl}/assets/app/app.css`);
  });

  it('after the redirect the journey works: "Start now" is accepted, not refused with 403', async () => {
    const first = await get(`${loopback}${J}/start`);
    const b = new HttpClient(publicUrl);
    await b.get(new URL(first.headers.get('location') as string).pathname);
    expect(b.last?.status).toBe(200);
    expect(b.view()).toBe('start');
    await b.post(`${J}/start`, {});
    expect(b.last?.status).toBe(200);
    expect(b.view()).toBe('enter-details');
  });

  it('answers the address PUBLIC_URL names in place', async () => {
    const res = await get(`${publicUrl}${J}/start`);
    expect(res.status).toBe(200);
  });

  it('never redirects a form post (its body would be lost): it is refused as another origin', async () => {
    const res = await fetch(`${loopback}${J}/start`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: loopback },
      body: '_csrf=x',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('location')).toBeNull();
  });

  it('answers the probes where they are asked', async () => {
    expect((await get(`${loopback}/healthz`)).status).toBe(200);
    expect((await get(`${loopback}/readyz`)).status).toBe(200);
  });
});

describe('outside development the host is left alone', () => {
  let h: Harness;
  let socket: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    h = await startHarness({ env: { NODE_ENV: 'test', PUBLIC_URL: 'http://localhost:3000' } });
    socket = await listen(() => h);
  }, 60_000);
  afterAll(async () => {
    await socket?.close();
    await h?.close();
  });

  it('NODE_ENV=test: a GET for another host is answered in place', async () => {
    const res = await get(`http://127.0.0.1:${socket.port}${J}/start`);
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
  });
});

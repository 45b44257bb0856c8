/**
 * The client address behind proxies (SPEC: rate limits per IP). With TRUST_PROXY_HOPS=N the client is the
 * N-th X-Forwarded-For entry from the right, the one the outermost trusted proxy wrote; whatever the
 * client put to the left of it never becomes its address, so it cannot escape the per-IP limit.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientIpFrom } from '../../src/http/client-ip.js';
import { type Harness, PROFILES, startHarness } from './support.js';

const SOCKET = '10.0.0.9';
const ip = (trust: { hops: number; header: string | null }, forwardedFor?: string, proxyHeader?: string) =>
  clientIpFrom(trust, { forwardedFor, proxyHeader, socketAddress: SOCKET });

describe('clientIpFrom', () => {
  const one = { hops: 1, header: null };
  const two = { hops: 2, header: null };

  it('one proxy: the right-most entry, whatever the client wrote before it', () => {
    expect(ip(one, '203.0.113.7')).toBe('203.0.113.7');
    expect(ip(one, '1.2.3.4, 203.0.113.7')).toBe('203.0.113.7');
    expect(ip(one, '1.2.3.4,5.6.7.8 ,203.0.113.7')).toBe('203.0.113.7');
    expect(ip(one, '2001:db8::1, 2001:db8::7')).toBe('2001:db8::7');
  });

  it('two proxies: the second entry from the right (what the outer proxy saw)', () => {
    expect(ip(two, '203.0.113.7, 10.1.0.4')).toBe('203.0.113.7');
    expect(ip(two, '1.2.3.4, 203.0.113.7, 10.1.0.4')).toBe('203.0.113.7');
  });

  it('fewer entries than proxies, no header, or an entry that is not an address: the socket address', () => {
    expect(ip(two, '203.0.113.7')).toBe(SOCKET);
    expect(ip(one, undefined)).toBe(SOCKET);
    expect(ip(one, '1.2.3.4, not-an-address')).toBe(SOCKET);
    expect(ip(one, '1.2.3.4, ')).toBe(SOCKET);
  });

  it('no proxy trusted: the socket address, whatever the headers say', () => {
    expect(ip({ hops: 0, header: null }, '203.0.113.7', '203.0.113.8')).toBe(SOCKET);
  });

  it('a header the proxy sets: its single address, never a list', () => {
    const realIp = { hops: 0, header: 'x-real-ip' };
    expect(ip(realIp, '1.2.3.4', '203.0.113.8')).toBe('203.0.113.8');
    expect(ip(realIp, undefined, '1.2.3.4, 203.0.113.8')).toBe(SOCKET);
    expect(ip(realIp, undefined, undefined)).toBe(SOCKET);
  });
});

describe('the per-IP identity check limit behind one proxy (TRUST_PROXY_HOPS=1), over a real socket', () => {
  let h: Harness;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    h = await startHarness({ env: { TRUST_PROXY_HEADER: undefined, TRUST_PROXY_HOPS: '1' } });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: h.service.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => {
    await close?.();
    await h?.close();
  });

  /** A browser behind a proxy that appends the client's address to what the client sent. */
  function behindProxy(clientAddress: string, clientSends: () => string | null) {
    return h.browser({
      fetch: async (req) => {
        const headers = new Headers(req.headers);
        const sent = clientSends();
        headers.set('x-forwarded-for', sent ? `${sent}, ${clientAddress}` : clientAddress);
        const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer();
        return fetch(req.url.replace(h.baseUrl, base), {
          method: req.method,
          headers,
          body,
          redirect: 'manual',
        });
      },
    });
  }

  it('one client forging a new left-most entry each time is stopped after 10 checks; another client is not', async () => {
    let forged = 0;
    const forgery = () => `192.0.2.${++forged}`;
    for (let i = 0; i < 10; i++) {
      const b = behindProxy('203.0.113.50', forgery);
      await b.begin();
      await b.submitDetails({ email: `forger${i}@nhs.net`, niNumber: `AB${400000 + i}C` });
      expect(b.view()).toBe('problem-adding-authenticator');
    }
    const again = behindProxy('203.0.113.50', forgery);
    await again.begin();
    await again.submitDetails(PROFILES.active);
    expect(again.view()).toBe('too-many-attempts');

    // Another client behind the same proxy (the socket address is the proxy's for both) has its own limit.
    const other = behindProxy('203.0.113.51', () => null);
    await other.begin();
    await other.submitDetails(PROFILES.active);
    expect(other.view()).toBe('enter-email-code');
  });
});

import { createServer, type Server, type Socket } from 'node:net';
import { randomNonce, randomPKCECodeVerifier, randomState } from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevNhsnetProvider } from '../../src/dev/nhsnet-provider/index.js';
import { createNhsnetConnect, NhsnetUnavailableError } from '../../src/services/nhsnet/client.js';
import {
  demoAccount,
  loginAtProvider,
  type NhsnetFixture,
  startNhsnetFixture,
  TEST_CLIENT_ID,
  TEST_CLIENT_SECRET,
  TEST_REDIRECT_URI,
} from '../../tooling/support/nhsnet.js';

const alex = demoAccount('alex.morgan');
const priya = demoAccount('priya.shah');
const foreign = demoAccount('sam.okafor');
const exampleDotCom = demoAccount('chris.lee');

describe('NHS.net Connect client against the development provider', () => {
  let fixture: NhsnetFixture;

  beforeAll(async () => {
    fixture = await startNhsnetFixture();
  });
  afterAll(async () => {
    await fixture.stop();
  });

  async function loginAs(account: { email: string; password: string }) {
    const start = await fixture.connect.begin();
    const callbackQuery = await loginAtProvider(start.authorizationUrl, account);
    return { start, callbackQuery };
  }

  it('builds an authorization request with PKCE S256, state, nonce and the openid scopes', async () => {
    const start = await fixture.connect.begin();
    const url = new URL(start.authorizationUrl);
    expect(url.origin).toBe(fixture.provider.issuer);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe(TEST_CLIENT_ID);
    expect(url.searchParams.get('redirect_uri')).toBe(TEST_REDIRECT_URI);
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('state')).toBe(start.state);
    expect(url.searchParams.get('nonce')).toBe(start.nonce);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    // Never a silent login with whatever session the browser holds (shared PCs, a refused account).
    expect(url.searchParams.get('prompt')).toBe('login');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('code_challenge')).not.toBe(start.codeVerifier);
    expect(start.codeVerifier.length).toBeGreaterThanOrEqual(43);
    const again = await fixture.connect.begin();
    expect(again.state).not.toBe(start.state);
    expect(again.nonce).not.toBe(start.nonce);
    expect(again.codeVerifier).not.toBe(start.codeVerifier);
  });

  it('verifies a login and returns tenant id, object id, subject and email', async () => {
    const { start, callbackQuery } = await loginAs(alex);
    expect(callbackQuery.code).toBeTruthy();
    const result = await fixture.connect.complete({ callbackQuery, ...start });
    expect(result).toEqual({
      outcome: 'verified',
      account: {
        issuer: fixture.provider.issuer,
        tenantId: 'nhs-demo-tenant',
        objectId: alex.oid,
        subject: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        email: 'alex.morgan@nhs.net',
      },
    });
    if (result.outcome !== 'verified') return;
    expect(result.account.subject).not.toBe(alex.oid);

    const other = await loginAs(priya);
    const second = await fixture.connect.complete({ callbackQuery: other.callbackQuery, ...other.start });
    expect(second.outcome === 'verified' && second.account.objectId).toBe(priya.oid);
  });

  it('reports a cancelled login: the callback carries access_denied and complete rejects it', async () => {
    const start = await fixture.connect.begin();
    const callbackQuery = await loginAtProvider(start.authorizationUrl, { cancel: true });
    expect(callbackQuery.error).toBe('access_denied');
    expect(callbackQuery.code).toBeUndefined();
    expect(callbackQuery.state).toBe(start.state);
    expect(await fixture.connect.complete({ callbackQuery, ...start })).toEqual({
      outcome: 'rejected',
      reason: 'cancelled',
    });
  });

  it('rejects a forged or missing state before exchanging the code', async () => {
    const { start, callbackQuery } = await loginAs(alex);
    const forged = { ...callbackQuery, state: randomState() };
    expect(await fixture.connect.complete({ callbackQuery: forged, ...start })).toEqual({
      outcome: 'rejected',
      reason: 'state',
    });
    const { state: _dropped, ...withoutState } = callbackQuery;
    expect(await fixture.connect.complete({ callbackQuery: withoutState, ...start })).toEqual({
      outcome: 'rejected',
      reason: 'state',
    });
    // The code was not spent by the rejected attempts.
    const result = await fixture.connect.complete({ callbackQuery, ...start });
    expect(result.outcome).toBe('verified');
  });

  it('rejects an ID token whose nonce is not the one of this login', async () => {
    const { start, callbackQuery } = await loginAs(alex);
    const result = await fixture.connect.complete({ callbackQuery, ...start, nonce: randomNonce() });
    expect(result).toEqual({ outcome: 'rejected', reason: 'nonce' });
  });

  it('rejects an account from a tenant that is not allowed', async () => {
    const { start, callbackQuery } = await loginAs(foreign);
    expect(await fixture.connect.complete({ callbackQuery, ...start })).toEqual({
      outcome: 'rejected',
      reason: 'tenant',
    });
  });

  it('rejects an account whose email is not in an allowed domain', async () => {
    const { start, callbackQuery } = await loginAs(exampleDotCom);
    expect(await fixture.connect.complete({ callbackQuery, ...start })).toEqual({
      outcome: 'rejected',
      reason: 'emailDomain',
    });
  });

  it('rejects a code used a second time', async () => {
    const { start, callbackQuery } = await loginAs(alex);
    expect((await fixture.connect.complete({ callbackQuery, ...start })).outcome).toBe('verified');
    expect(await fixture.connect.complete({ callbackQuery, ...start })).toEqual({
      outcome: 'rejected',
      reason: 'grant',
    });
  });

  it('rejects a code exchanged with the wrong PKCE verifier', async () => {
    const { start, callbackQuery } = await loginAs(alex);
    const result = await fixture.connect.complete({
      callbackQuery,
      ...start,
      codeVerifier: randomPKCECodeVerifier(),
    });
    expect(result).toEqual({ outcome: 'rejected', reason: 'grant' });
  });

  it('accepts any tenant and domain when the allow-lists are empty', async () => {
    const open = createNhsnetConnect({ ...fixture.config, allowedTenants: [], allowedEmailDomains: [] });
    const start = await open.begin();
    const callbackQuery = await loginAtProvider(start.authorizationUrl, foreign);
    const result = await open.complete({ callbackQuery, ...start });
    expect(result.outcome === 'verified' && result.account.tenantId).toBe('other-tenant');
  });

  it('matches the email domain exactly and without regard to case', async () => {
    const upper = createNhsnetConnect({ ...fixture.config, allowedEmailDomains: ['NHS.NET'] });
    const start = await upper.begin();
    const callbackQuery = await loginAtProvider(start.authorizationUrl, alex);
    expect((await upper.complete({ callbackQuery, ...start })).outcome).toBe('verified');

    const subdomainOnly = createNhsnetConnect({ ...fixture.config, allowedEmailDomains: ['mail.nhs.net'] });
    const next = await subdomainOnly.begin();
    const nextQuery = await loginAtProvider(next.authorizationUrl, alex);
    expect(await subdomainOnly.complete({ callbackQuery: nextQuery, ...next })).toEqual({
      outcome: 'rejected',
      reason: 'emailDomain',
    });
  });

  it('throws, and loses nothing, while the provider answers 503', async () => {
    const { start, callbackQuery } = await loginAs(alex);
    fixture.provider.setDown(true);
    try {
      await expect(fixture.connect.begin()).rejects.toBeInstanceOf(NhsnetUnavailableError);
      await expect(fixture.connect.complete({ callbackQuery, ...start })).rejects.toBeInstanceOf(
        NhsnetUnavailableError,
      );
    } finally {
      fixture.provider.setDown(false);
    }
    // The same code still works once the provider is back.
    expect((await fixture.connect.complete({ callbackQuery, ...start })).outcome).toBe('verified');
  });

  it('never puts the code or the client secret in an outage error', async () => {
    const { start, callbackQuery } = await loginAs(alex);
    fixture.provider.setDown(true);
    const error = await fixture.connect.complete({ callbackQuery, ...start }).catch((e: unknown) => e);
    fixture.provider.setDown(false);
    expect(error).toBeInstanceOf(NhsnetUnavailableError);
    const text = JSON.stringify(error, Object.getOwnPropertyNames(error));
    expect(text).not.toContain(callbackQuery.code);
    expect(text).not.toContain(TEST_CLIENT_SECRET);
    expect((error as Error).cause).toBeUndefined();
  });
});

describe('NHS.net Connect client when the provider is stopped or slow', () => {
  it('does not fail at creation, throws while the provider is stopped, and works once it is back', async () => {
    const first = await startNhsnetFixture();
    const { port, issuer } = first.provider;
    const start = await first.connect.begin();
    const callbackQuery = await loginAtProvider(start.authorizationUrl, alex);
    await first.stop();

    await expect(first.connect.begin()).rejects.toBeInstanceOf(NhsnetUnavailableError);
    await expect(first.connect.complete({ callbackQuery, ...start })).rejects.toBeInstanceOf(
      NhsnetUnavailableError,
    );
    // A client created while the provider is down starts fine: discovery waits for the first login.
    const createdWhileDown = createNhsnetConnect({ ...first.config });

    const again = await startDevNhsnetProvider({
      port,
      clients: [
        { clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET, redirectUris: [TEST_REDIRECT_URI] },
      ],
    });
    try {
      expect(again.issuer).toBe(issuer);
      for (const connect of [first.connect, createdWhileDown]) {
        const next = await connect.begin();
        const query = await loginAtProvider(next.authorizationUrl, alex);
        const result = await connect.complete({ callbackQuery: query, ...next });
        expect(result.outcome === 'verified' && result.account.objectId).toBe(alex.oid);
      }
      // The restarted provider signs with a new key and knows nothing of the old code.
      expect(await first.connect.complete({ callbackQuery, ...start })).toEqual({
        outcome: 'rejected',
        reason: 'grant',
      });
    } finally {
      await again.stop();
    }
  });

  it('gives up after timeoutMs when the provider accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const connect = createNhsnetConnect({
        issuer: `http://127.0.0.1:${port}`,
        clientId: TEST_CLIENT_ID,
        clientSecret: TEST_CLIENT_SECRET,
        redirectUri: TEST_REDIRECT_URI,
        allowedTenants: [],
        allowedEmailDomains: ['nhs.net'],
        allowInsecureHttp: true,
        timeoutMs: 300,
      });
      const started = Date.now();
      await expect(connect.begin()).rejects.toBeInstanceOf(NhsnetUnavailableError);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('NHS.net Connect client configuration', () => {
  const base = {
    clientId: TEST_CLIENT_ID,
    clientSecret: TEST_CLIENT_SECRET,
    redirectUri: TEST_REDIRECT_URI,
    allowedTenants: [],
    allowedEmailDomains: ['nhs.net'],
  };

  it('refuses plain http unless allowed, and then only on loopback', () => {
    expect(() => createNhsnetConnect({ ...base, issuer: 'http://127.0.0.1:4000' })).toThrow(/http/);
    expect(() =>
      createNhsnetConnect({ ...base, issuer: 'http://login.example.org', allowInsecureHttp: true }),
    ).toThrow(/loopback/);
    expect(() =>
      createNhsnetConnect({ ...base, issuer: 'http://localhost:4000', allowInsecureHttp: true }),
    ).not.toThrow();
    expect(() =>
      createNhsnetConnect({ ...base, issuer: 'https://login.example.org/tenant/v2.0' }),
    ).not.toThrow();
  });
});

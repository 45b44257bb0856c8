import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type JWK, type KoaContextWithOIDC } from 'oidc-provider';
import { DevAccountBook, type DevNhsnetAccount, demoNhsnetAccounts } from './accounts.js';
import { handleInteraction } from './interactions.js';
import { createMemoryAdapter } from './memory-adapter.js';
import { errorPage } from './pages.js';

export { type DevNhsnetAccount, demoNhsnetAccounts } from './accounts.js';

export interface DevNhsnetClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface DevNhsnetProviderOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback address to listen on; default 127.0.0.1. */
  host?: string;
  clients: DevNhsnetClient[];
  /** Default: demoNhsnetAccounts. */
  accounts?: readonly DevNhsnetAccount[];
  /** Serve over https with this key and certificate (PEM), as a production service requires of its issuer. */
  tls?: { key: string; cert: string };
}

export interface DevNhsnetProvider {
  issuer: string;
  port: number;
  stop(): Promise<void>;
  /** While down, every request gets 503, as during an outage of the real provider. */
  setDown(down: boolean): void;
}

const SCOPE = 'openid email profile';

/** An embedded OpenID Connect provider standing in for NHS.net Connect in development and tests. */
export async function startDevNhsnetProvider(options: DevNhsnetProviderOptions): Promise<DevNhsnetProvider> {
  const host = options.host ?? '127.0.0.1';
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const listener = (req: IncomingMessage, res: ServerResponse) => handler(req, res);
  const server = options.tls ? createTlsServer(options.tls, listener) : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const accounts = new DevAccountBook(options.accounts ?? demoNhsnetAccounts);
  const provider = new Provider(issuer, providerConfiguration(options.clients, accounts));
  const callback = provider.callback();
  let down = false;

  handler = (req, res) => {
    if (down) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '30' });
      res.end(JSON.stringify({ error: 'temporarily_unavailable' }));
      return;
    }
    handleInteraction(provider, accounts, req, res)
      .then((handled) => {
        if (!handled) callback(req, res);
      })
      .catch(() => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' });
        res.end(errorPage({ error: 'server_error' }));
      });
  };

  return {
    issuer,
    port,
    setDown(value) {
      down = value;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function providerConfiguration(clients: DevNhsnetClient[], accounts: DevAccountBook): Configuration {
  return {
    adapter: createMemoryAdapter(),
    clients: clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    responseTypes: ['code'],
    pkce: { required: () => true },
    // Entra ID puts these in the ID token itself; the service reads nothing from userinfo.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'tid', 'oid'],
    },
    scopes: ['openid'],
    findAccount(_ctx, sub) {
      const account = accounts.bySubject(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          email_verified: true,
          preferred_username: account.email,
          name: account.name,
          tid: account.tid,
          oid: account.oid,
        }),
      };
    },
    // The configured clients are first-party: consent is granted without asking.
    loadExistingGrant: autoGrant,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
    },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    jwks: { keys: [signingKey()] },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, String(v)])));
    },
  };
}

async function autoGrant(ctx: KoaContextWithOIDC) {
  const { client, session, result, provider } = ctx.oidc;
  if (!client || !session?.accountId) return undefined;
  const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  if (existing) return existing;
  const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
  grant.addOIDCScope(SCOPE);
  await grant.save();
  return grant;
}

/** A fresh RS256 key on every start: nothing the provider signed outlives it. */
function signingKey(): JWK {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' } as JWK;
}

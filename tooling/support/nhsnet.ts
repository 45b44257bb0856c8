import {
  type DevNhsnetAccount,
  type DevNhsnetProvider,
  demoNhsnetAccounts,
  startDevNhsnetProvider,
} from '../../src/dev/nhsnet-provider/index.js';
import { createNhsnetConnect, type NhsnetConnectConfig } from '../../src/services/nhsnet/client.js';
import type { NhsnetConnect } from '../../src/services/ports.js';

export const TEST_CLIENT_ID = 'add-authenticator-test';
export const TEST_CLIENT_SECRET = 'test-client-secret-0123456789abcdef';
export const TEST_REDIRECT_URI = 'http://localhost:3999/nhsnet/callback';

/** Looks up a demo mailbox by the start of its address, e.g. demoAccount('alex.morgan'). */
export function demoAccount(localPart: string): DevNhsnetAccount {
  const account = demoNhsnetAccounts.find((a) => a.email.startsWith(`${localPart}@`));
  if (!account) throw new Error(`no demo NHS.net Connect account ${localPart}`);
  return account;
}

export interface NhsnetFixture {
  provider: DevNhsnetProvider;
  connect: NhsnetConnect;
  config: NhsnetConnectConfig;
  stop(): Promise<void>;
}

/** Starts the development provider on a free loopback port and a client configured for it. */
export async function startNhsnetFixture(
  overrides: Partial<NhsnetConnectConfig> = {},
): Promise<NhsnetFixture> {
  const provider = await startDevNhsnetProvider({
    clients: [
      { clientId: TEST_CLIENT_ID, clientSecret: TEST_CLIENT_SECRET, redirectUris: [TEST_REDIRECT_URI] },
    ],
  });
  const config: NhsnetConnectConfig = {
    issuer: provider.issuer,
    clientId: TEST_CLIENT_ID,
    clientSecret: TEST_CLIENT_SECRET,
    redirectUri: TEST_REDIRECT_URI,
    allowedTenants: ['nhs-demo-tenant'],
    allowedEmailDomains: ['nhs.net'],
    allowInsecureHttp: true,
    timeoutMs: 3000,
    ...overrides,
  };
  return { provider, connect: createNhsnetConnect(config), config, stop: () => provider.stop() };
}

export type ProviderStep =
  | { kind: 'page'; status: number; html: string }
  | { kind: 'callback'; query: Record<string, string> };

/** A browser at the provider: keeps cookies per path, follows redirects by hand, and stops at the
 *  client's redirect URI without calling it. */
export class ProviderBrowser {
  readonly #cookies = new Map<string, { value: string; path: string }>();
  readonly #redirectUri: URL;
  #page = '';
  #pageUrl: URL;

  constructor(readonly authorizationUrl: string) {
    const url = new URL(authorizationUrl);
    const redirectUri = url.searchParams.get('redirect_uri');
    if (!redirectUri) throw new Error('authorization URL has no redirect_uri');
    this.#redirectUri = new URL(redirectUri);
    this.#pageUrl = url;
  }

  get html(): string {
    return this.#page;
  }

  /** Opens the authorization URL; the provider answers with its login page. */
  open(): Promise<ProviderStep> {
    return this.#request(new URL(this.authorizationUrl), 'GET');
  }

  /** Submits one of the page's forms (data-form="login" | "care-identity" | "cancel"). */
  submit(
    form: 'login' | 'care-identity' | 'cancel',
    fields: Record<string, string> = {},
  ): Promise<ProviderStep> {
    const pattern = new RegExp(`<form method="post" action="([^"]+)" data-form="${form}"`);
    const action = pattern.exec(this.#page)?.[1];
    if (!action) throw new Error(`the provider page has no ${form} form`);
    return this.#request(
      new URL(action.replaceAll('&amp;', '&'), this.#pageUrl),
      'POST',
      new URLSearchParams(fields),
    );
  }

  async #request(start: URL, method: 'GET' | 'POST', body?: URLSearchParams): Promise<ProviderStep> {
    let url = start;
    let currentMethod = method;
    for (let hop = 0; hop < 10; hop += 1) {
      if (url.origin === this.#redirectUri.origin && url.pathname === this.#redirectUri.pathname) {
        return { kind: 'callback', query: Object.fromEntries(url.searchParams) };
      }
      const response = await fetch(url, {
        method: currentMethod,
        redirect: 'manual',
        headers: {
          cookie: this.#cookieHeader(url),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: currentMethod === 'POST' ? body?.toString() : undefined,
      });
      this.#keepCookies(response);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.arrayBuffer();
        url = new URL(location, url);
        currentMethod = 'GET';
        continue;
      }
      this.#page = await response.text();
      this.#pageUrl = url;
      return { kind: 'page', status: response.status, html: this.#page };
    }
    throw new Error('too many redirects at the provider');
  }

  #cookieHeader(url: URL): string {
    return [...this.#cookies.entries()]
      .filter(
        ([, c]) =>
          url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
      )
      .map(([key, c]) => `${key.slice(0, key.indexOf('|'))}=${c.value}`)
      .join('; ');
  }

  #keepCookies(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = new Map(
        attributes.map((a) => [a.split('=')[0]?.toLowerCase() ?? '', a.split('=')[1] ?? '']),
      );
      const path = attr.get('path') || '/';
      const expires = attr.get('expires');
      const expired =
        attr.get('max-age') === '0' || (expires !== undefined && Date.parse(expires) <= Date.now());
      const key = `${name}|${path}`;
      if (expired || value === '') this.#cookies.delete(key);
      else this.#cookies.set(key, { value, path });
    }
  }
}

/** Logs in (or cancels) at the provider's pages like a person would, and returns the query of the
 *  callback the provider redirected to. Throws when the provider shows a page instead. */
export async function loginAtProvider(
  authorizationUrl: string,
  action: { email: string; password: string } | { cancel: true },
): Promise<Record<string, string>> {
  const browser = new ProviderBrowser(authorizationUrl);
  const first = await browser.open();
  if (first.kind === 'callback') return first.query;
  const step =
    'cancel' in action
      ? await browser.submit('cancel')
      : await browser.submit('login', { email: action.email, password: action.password });
  if (step.kind === 'callback') return step.query;
  const message = /<p class="(?:error|notice)"[^>]*>([^<]*)<\/p>/.exec(step.html)?.[1];
  throw new Error(`the provider showed a page (HTTP ${step.status}) instead: ${message ?? 'no message'}`);
}

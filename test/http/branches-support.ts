/**
 * The whole service over real HTTP for the authenticator branch tests: a real redis-server, real SMTP
 * capture, the embedded NHS.net Connect provider, and a browser that keeps cookies and comes from its
 * own client IP (x-forwarded-for) so that rate limits never leak from one test to another.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import jsqrModule from 'jsqr';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { DevNhsnetProvider } from '../../src/dev/nhsnet-provider/index.js';
import { createRedisProfileDirectory } from '../../src/services/directory/redis.js';
import { EMAIL_CODE_SUBJECT } from '../../src/services/email-code/email-code-service.js';
import type { AuthenticatorRecord, Profile, ProfileDirectory } from '../../src/services/ports.js';
import { buildService, type Service } from '../../src/wiring.js';
import { HttpClient, type Page } from '../../tooling/support/http-client.js';
import { freePort, type RedisProcess, startRedis } from '../../tooling/support/redis-server.js';
import { type CapturedMail, type SmtpCapture, startSmtpCapture } from '../../tooling/support/smtp-capture.js';

type JsQr = typeof jsqrModule.default;
// jsqr is a CommonJS bundle: the function is its default export, or the module itself after interop.
const jsQR: JsQr = (jsqrModule as unknown as { default?: JsQr }).default ?? (jsqrModule as unknown as JsQr);

export const BASE = '/add-authenticator';
export const url = (view: string) => `${BASE}/${view}`;

/** Demo people (src/dev/demo-profiles.ts). */
export const ALEX = { id: 'demo-0001', email: 'alex.morgan@nhs.net', niNumber: 'AB 12 34 56 C' } as const;
export const PRIYA = { id: 'demo-0002', email: 'priya.shah@nhs.net', niNumber: 'CE654321A' } as const;
export const SAM = { id: 'demo-0006', email: 'sam.okafor@nhs.net', niNumber: 'LR135792A' } as const;
export type Person = { id: string; email: string; niNumber: string };

/** Known so that a test can open what the service sealed. */
export const TOTP_ENCRYPTION_KEY = randomBytes(32).toString('base64');

/** Started once per test file. */
export interface Backends {
  redis: RedisProcess;
  smtp: SmtpCapture;
  stop(): Promise<void>;
}

export async function startBackends(): Promise<Backends> {
  const [redis, smtp] = await Promise.all([startRedis(), startSmtpCapture()]);
  return {
    redis,
    smtp,
    async stop() {
      await Promise.all([redis.stop(), smtp.stop()]);
    },
  };
}

let ipCounter = 0;
/** A client address of its own for every browser (TEST-NET-3 and friends). */
function nextClientIp(): string {
  ipCounter += 1;
  return `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

/** A browser whose requests reach the loopback listener and carry their own client IP. */
export class Browser extends HttpClient {
  constructor(
    baseUrl: string,
    listenUrl: string,
    readonly clientIp = nextClientIp(),
  ) {
    super(baseUrl, async (req) => {
      // PUBLIC_URL says localhost (a WebAuthn RP id must be a domain); the listener is on 127.0.0.1.
      const target = new URL(req.url);
      const listen = new URL(listenUrl);
      target.protocol = listen.protocol;
      target.host = listen.host;
      const headers = new Headers(req.headers);
      headers.set('x-forwarded-for', clientIp);
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer();
      return fetch(target, { method: req.method, headers, body, redirect: 'manual' });
    });
  }

  get html(): string {
    return this.last?.html ?? '';
  }

  /** Posts to a journey page by view id (and action). */
  postTo(view: string, fields: Record<string, string> = {}): Promise<Page> {
    return this.post(url(view), fields);
  }
}

export interface Running {
  service: Service;
  baseUrl: string;
  smtp: SmtpCapture;
  provider: DevNhsnetProvider;
  /** Reads the directory the service writes to (the same Redis). */
  directory: ProfileDirectory;
  browser(): Browser;
  profile(id: string): Promise<Profile>;
  authenticators(id: string, type?: AuthenticatorRecord['type']): Promise<AuthenticatorRecord[]>;
  close(): Promise<void>;
}

/** A fresh service (and an empty Redis with only the demo profiles) on a free port. */
export async function startService(backends: Backends, env: Record<string, string> = {}): Promise<Running> {
  const admin = new Redis(backends.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await admin.connect();
  await admin.flushall();
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const listenUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    REDIS_URL: backends.redis.url,
    SMTP_URL: backends.smtp.url,
    TRUST_PROXY_HOPS: '1',
    TOTP_ENCRYPTION_KEY,
    ...env,
  });
  const service = await buildService(config);
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: service.app.fetch, hostname: '127.0.0.1', port }, () => resolve(s as Server));
  });
  const provider = service.nhsnetProvider;
  if (!provider) throw new Error('the embedded NHS.net Connect provider did not start');
  const directory = createRedisProfileDirectory(admin);

  const profile = async (id: string) => {
    const found = await directory.get(id);
    if (!found) throw new Error(`profile ${id} is not in the directory`);
    return found;
  };

  return {
    service,
    baseUrl,
    smtp: backends.smtp,
    provider,
    directory,
    browser: () => new Browser(baseUrl, listenUrl),
    profile,
    async authenticators(id, type) {
      const all = (await profile(id)).authenticators;
      return type ? all.filter((a) => a.type === type) : all;
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await service.close();
      admin.disconnect();
    },
  };
}

// ---------- reading pages ----------

export function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const plain = (html: string) =>
  decodeEntities(html.replace(/<[^>]+>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();

export function heading(html: string): string {
  const h1 =
    /<h1\b[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? /<legend\b[^>]*>([\s\S]*?)<\/legend>/.exec(html)?.[1];
  return plain(h1 ?? '');
}

/** The messages of the NHS error summary, in order. */
export function errorSummary(html: string): string[] {
  const list = /<ul class="nhsuk-list nhsuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => plain(m[1] ?? ''));
}

/** The visible text of the page's main content. */
export function mainText(html: string): string {
  return plain(/<main\b[\s\S]*?<\/main>/.exec(html)?.[0] ?? html);
}

/** Fails with what the page said when the browser is not on the expected view. */
export function expectView(browser: Browser, view: string): void {
  const actual = browser.view();
  if (actual !== view) {
    const said = [heading(browser.html), ...errorSummary(browser.html)].filter(Boolean).join(' | ');
    expect.fail(`expected ${view}, on ${actual} (HTTP ${browser.last?.status}): ${said}`);
  }
}

// ---------- the identity steps ----------

export function solveDevCaptcha(html: string): { captchaChallenge: string; captchaAnswer: string } {
  const captchaChallenge = /name="captchaChallenge" value="([^"]+)"/.exec(html)?.[1];
  const captchaAnswer = /<text[^>]*>([^<]+)<\/text>/.exec(html)?.[1];
  if (!captchaChallenge || !captchaAnswer)
    throw new Error('no development image recognition test on the page');
  return { captchaChallenge, captchaAnswer };
}

/** Mail that arrived after `since` (an index into smtp.messages) and matches. */
export function mailAfter(
  smtp: SmtpCapture,
  since: number,
  pred: (m: CapturedMail) => boolean,
  timeoutMs = 5000,
): Promise<CapturedMail> {
  return smtp.waitFor((m) => smtp.messages.indexOf(m) >= since && pred(m), timeoutMs);
}

/** Start → details → emailed code → choose-authenticator, as a person would. */
export async function reachChooseAuthenticator(run: Running, browser: Browser, who: Person = ALEX) {
  await browser.get(url('start'));
  expectView(browser, 'start');
  await browser.postTo('start');
  expectView(browser, 'enter-details');
  const since = run.smtp.messages.length;
  await browser.postTo('enter-details', {
    email: who.email,
    niNumber: who.niNumber,
    ...solveDevCaptcha(browser.html),
  });
  expectView(browser, 'enter-email-code');
  const mail = await mailAfter(
    run.smtp,
    since,
    (m) => m.to.includes(who.email) && m.subject === EMAIL_CODE_SUBJECT,
  );
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  if (!code) throw new Error('no code in the email');
  await browser.postTo('enter-email-code', { code });
  expectView(browser, 'choose-authenticator');
}

// ---------- authenticator app ----------

export const GOOD_PASSWORD = 'violet tractor umbrella 42';

/** The key of the "Can't scan the QR code?" panel, without the spaces between its groups of 4. */
export function readAppKey(html: string): { grouped: string; key: string } {
  const grouped = /<code id="authenticator-key">([^<]+)<\/code>/.exec(html)?.[1]?.trim();
  if (!grouped) throw new Error('no authenticator key on the page');
  return { grouped, key: grouped.replace(/ /g, '') };
}

/** Decodes the inline QR code SVG (qrcode's path of horizontal runs) with jsQR, as a camera would. */
export function decodeQrSvg(html: string): string {
  const svg =
    /<svg role="img" aria-label="QR code[^"]*"[^>]*viewBox="0 0 (\d+) (\d+)"[^>]*>([\s\S]*?)<\/svg>/.exec(
      html,
    );
  if (!svg) throw new Error('no QR code SVG on the page');
  const size = Number(svg[1]);
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg[3] ?? '')?.[1];
  if (!d) throw new Error('no dark modules in the QR code SVG');
  const scale = 6;
  const side = size * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  let x = 0;
  let y = 0;
  for (const [, op, a, b] of d.matchAll(/([MmHhVv])\s*(-?[\d.]+)(?:[ ,](-?[\d.]+))?/g)) {
    const n = Number(a);
    if (op === 'M') [x, y] = [n, Number(b)];
    else if (op === 'm') [x, y] = [x + n, y + Number(b)];
    else if (op === 'h') {
      const row = Math.floor(y);
      for (let col = x; col < x + n; col++) {
        for (let py = row * scale; py < (row + 1) * scale; py++) {
          for (let px = col * scale; px < (col + 1) * scale; px++) {
            const i = (py * side + px) * 4;
            pixels[i] = 0;
            pixels[i + 1] = 0;
            pixels[i + 2] = 0;
          }
        }
      }
      x += n;
    } else throw new Error(`unexpected QR path command ${op}`);
  }
  const decoded = jsQR(pixels, side, side);
  if (!decoded) throw new Error('the QR code could not be read');
  return decoded.data;
}

/** choose-authenticator → app-instructions → create-password → scan-qr. */
export async function reachScanQr(browser: Browser, password = GOOD_PASSWORD) {
  await browser.postTo('choose-authenticator', { method: 'app' });
  expectView(browser, 'app-instructions');
  await browser.postTo('app-instructions', { soleAccess: 'yes' });
  expectView(browser, 'create-password');
  await browser.postTo('create-password', { password, confirmPassword: password });
  expectView(browser, 'scan-qr');
  return readAppKey(browser.html);
}

// ---------- NHS.net Connect ----------

/** choose-authenticator → nhsnet-instructions → the provider's authorization URL. */
export async function reachNhsnetProvider(browser: Browser): Promise<string> {
  await browser.postTo('choose-authenticator', { method: 'nhsnet' });
  expectView(browser, 'nhsnet-instructions');
  await browser.postTo('nhsnet-instructions', { soleAccess: 'yes' });
  const authorizationUrl = browser.last?.url ?? '';
  expect(authorizationUrl.startsWith(`${browser.origin}/`)).toBe(false);
  return authorizationUrl;
}

export function callbackPath(query: Record<string, string>): string {
  return `${url('nhsnet-callback')}?${new URLSearchParams(query)}`;
}

// ---------- passkey ----------

/** The PublicKeyCredentialCreationOptionsJSON the page hands to the browser's WebAuthn API. */
export function readPasskeyOptions(html: string) {
  const json = /<script type="application\/json" id="passkey-options"[^>]*>([\s\S]*?)<\/script>/.exec(
    html,
  )?.[1];
  if (!json) throw new Error('no passkey options on the page');
  return JSON.parse(json) as {
    challenge: string;
    rp: { id: string; name: string };
    user: { id: string; name: string; displayName: string };
    excludeCredentials?: { id: string; type: string; transports?: string[] }[];
    authenticatorSelection?: Record<string, unknown>;
    [key: string]: unknown;
  };
}

/** choose-authenticator → passkey-loading → (platform posted) → passkey-register. */
export async function reachPasskeyRegister(browser: Browser, platform: Record<string, string>) {
  await browser.postTo('choose-authenticator', { method: 'passkey' });
  expectView(browser, 'passkey-loading');
  await browser.postTo('passkey-loading', platform);
  expectView(browser, 'passkey-register');
  return readPasskeyOptions(browser.html);
}

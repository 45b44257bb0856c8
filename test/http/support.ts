/**
 * The whole service over HTTP for tests: a real Redis, a real SMTP capture, buildService(loadConfig(...)),
 * a controllable clock, and browsers that each come from their own client IP (x-forwarded-for), so the
 * per-IP rate limit of one test never leaks into another.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { loadConfig } from '../../src/config.js';
import { buildService, type Service } from '../../src/wiring.js';
import { HttpClient, type Page } from '../../tooling/support/http-client.js';
import { type RedisProcess, startRedis } from '../../tooling/support/redis-server.js';
import { type CapturedMail, type SmtpCapture, startSmtpCapture } from '../../tooling/support/smtp-capture.js';

export const J = '/add-authenticator';
export const IP_HEADER = 'x-forwarded-for';
const CODE_SUBJECT = 'Your code to add an authenticator';

/** Demo profiles (src/dev/demo-profiles.ts), one per branch. */
export const PROFILES = {
  active: { email: 'alex.morgan@nhs.net', niNumber: 'AB123456C' },
  activeWithNhsnet: { email: 'priya.shah@nhs.net', niNumber: 'CE654321A' },
  noNiNumber: { email: 'jordan.ellis@nhs.net', niNumber: 'JE123456A' },
  suspended: { email: 'casey.brooks@nhs.net', niNumber: 'JM987654B' },
  closed: { email: 'robin.hale@nhs.net', niNumber: 'KP246813D' },
} as const;

export interface Details {
  email: string;
  niNumber: string;
}

/** Wall-clock time plus an offset the test moves forward. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function createClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}

export interface Seen {
  method: string;
  url: string;
  status: number;
  headers: Headers;
}

type Fetch = (req: Request) => Response | Promise<Response>;

/** HttpClient from one client IP, recording every response, with the steps of the first half. */
export class Browser extends HttpClient {
  readonly seen: Seen[] = [];

  constructor(
    baseUrl: string,
    fetchImpl: Fetch,
    readonly ip: string,
  ) {
    super(baseUrl, async (req) => {
      const headers = new Headers(req.headers);
      headers.set(IP_HEADER, ip);
      const res = await fetchImpl(new Request(req, { headers }));
      this.seen.push({ method: req.method, url: req.url, status: res.status, headers: res.headers });
      return res;
    });
  }

  /** Forgets the Care Identity Management session cookie (as logging out of it would), keeping the journey. */
  clearCimSession(): void {
    const kept = ['aa-journey', '__Host-aa-journey'].flatMap((name) => {
      const value = this.cookie(name);
      return value ? [[name, value] as const] : [];
    });
    this.dropCookies();
    for (const [name, value] of kept) this.setCookie(name, value);
  }

  /** start → "Start now" → enter-details. */
  async begin(): Promise<Page> {
    await this.get(`${J}/start`);
    return this.post(`${J}/start`, {});
  }

  /** The development CAPTCHA on the last page: its challenge id and the word its image shows. */
  captcha(): { challenge: string; word: string } {
    const html = this.last?.html ?? '';
    const challenge = html.match(/name="captchaChallenge" value="([^"]+)"/)?.[1];
    const word = html.match(/<text[^>]*>([^<]+)<\/text>/)?.[1];
    if (!challenge || !word) throw new Error(`no CAPTCHA on ${this.last?.url}`);
    return { challenge, word };
  }

  /** Submits enter-details; the CAPTCHA is solved unless another answer is given. */
  submitDetails(details: Details, opts: { captchaAnswer?: string } = {}): Promise<Page> {
    const { challenge, word } = this.captcha();
    return this.post(`${J}/enter-details`, {
      email: details.email,
      niNumber: details.niNumber,
      captchaChallenge: challenge,
      captchaAnswer: opts.captchaAnswer ?? word,
    });
  }

  /** The href of the last page's back link (a plain link to the page before), if it has one. */
  backHref(): string | undefined {
    return (this.last?.html ?? '').match(/<a class="nhsuk-back-link" href="([^"]*)"/)?.[1];
  }

  /** Follows the last page's back link. */
  back(): Promise<Page> {
    const href = this.backHref();
    if (!href) throw new Error(`no back link on ${this.last?.url}`);
    return this.get(href);
  }

  /** "Start again": the form on the last page (a POST with its token). */
  startAgain(): Promise<Page> {
    return this.post(`${J}/start-again`, {});
  }

  enterCode(code: string): Promise<Page> {
    return this.post(`${J}/enter-email-code`, { code });
  }

  requestNewCode(): Promise<Page> {
    return this.post(`${J}/enter-email-code/new-code`, {});
  }

  h1(): string {
    return text(this.last?.html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1] ?? '');
  }

  /** Inline error messages of the last page, without the visually hidden "Error:" prefix. */
  errors(): string[] {
    const html = this.last?.html ?? '';
    return [
      ...html.matchAll(/class="nhsuk-error-message"[^>]*>\s*<span[^>]*>[^<]*<\/span>([\s\S]*?)<\/span>/g),
    ].map((m) => text(m[1] ?? ''));
  }

  /** The links of the error summary: [message, href]. */
  summary(): [string, string][] {
    const html = this.last?.html ?? '';
    const box = html.match(/class="nhsuk-error-summary"[\s\S]*?<\/ul>/)?.[0] ?? '';
    return [...box.matchAll(/<a href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => [
      text(m[2] ?? ''),
      m[1] ?? '',
    ]);
  }

  /** The value attribute of an input on the last page (undefined when it has none). */
  inputValue(name: string): string | undefined {
    const tag = (this.last?.html ?? '').match(new RegExp(`<input[^>]*name="${name}"[^>]*>`))?.[0];
    if (!tag) throw new Error(`no input ${name} on ${this.last?.url}`);
    const value = tag.match(/\svalue="([^"]*)"/)?.[1];
    return value === undefined ? undefined : unescapeHtml(value);
  }
}

export function text(html: string): string {
  return unescapeHtml(html.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

function unescapeHtml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface HarnessOptions {
  /** Extra or replaced environment for loadConfig (undefined removes a default). */
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Redis with an append-only file, so a restart keeps the data. */
  appendOnly?: boolean;
  /** Share these instead of starting new ones (the caller stops them). */
  redis?: RedisProcess;
  smtp?: SmtpCapture;
}

export interface Harness {
  service: Service;
  redis: RedisProcess;
  smtp: SmtpCapture;
  clock: TestClock;
  baseUrl: string;
  /** A browser with its own client IP (a fresh one unless given). */
  browser(opts?: { ip?: string; fetch?: Fetch; baseUrl?: string }): Browser;
  /** Email-code mails received so far for an address. */
  codeMails(email: string): CapturedMail[];
  /** Waits for the n-th (1-based) email-code mail to an address and returns its code. */
  code(email: string, n: number): Promise<string>;
  /** Every field of the journey stored for a browser's cookie, as Redis holds it ({} when none). */
  storedJourney(b: HttpClient): Promise<Record<string, string>>;
  /** How many keys Redis holds. */
  dbsize(): Promise<number>;
  /** Clears identity-check counters and locks and the captured mail: each test starts afresh. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

let ipCounter = 0;
/** A client IP no other browser of this process has used. */
export function freshIp(): string {
  ipCounter += 1;
  return `198.51.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const redis = opts.redis ?? (await startRedis({ appendOnly: opts.appendOnly ?? false }));
  const smtp = opts.smtp ?? (await startSmtpCapture());
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://localhost:3000',
    REDIS_URL: redis.url,
    SMTP_URL: smtp.url,
    TRUST_PROXY_HOPS: '1',
    DEMO_PROFILES: 'true',
    ...opts.env,
  };
  const config = loadConfig(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)));
  const clock = createClock();
  const service = await buildService(config, {
    now: clock.now,
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const baseUrl = config.publicUrl;
  const admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  admin.on('error', () => {
    // The outage tests stop Redis on purpose; this client is only used between them.
  });

  const codeMails = (email: string) =>
    smtp.messages.filter((m) => m.subject === CODE_SUBJECT && m.to.includes(email.trim().toLowerCase()));

  return {
    service,
    redis,
    smtp,
    clock,
    baseUrl,
    browser(o = {}) {
      return new Browser(
        o.baseUrl ?? baseUrl,
        o.fetch ?? ((req) => service.app.fetch(req)),
        o.ip ?? freshIp(),
      );
    },
    codeMails,
    async storedJourney(b) {
      const id = decodeURIComponent(journeyCookie(b) ?? '').split('.')[0];
      return id ? admin.hgetall(`aa:journey:{${id}}`) : {};
    },
    dbsize: () => admin.dbsize(),
    async code(email, n) {
      const deadline = Date.now() + 5000;
      while (codeMails(email).length < n) {
        if (Date.now() > deadline) throw new Error(`email code ${n} to ${email} did not arrive`);
        await new Promise((r) => setTimeout(r, 10));
      }
      const mail = codeMails(email)[n - 1] as CapturedMail;
      const code = mail.text.match(/\b(\d{6})\b/)?.[1];
      if (!code) throw new Error('no 6-digit code in the mail');
      return code;
    },
    async reset() {
      smtp.messages.length = 0;
      let cursor = '0';
      do {
        const [next, keys] = await admin.scan(cursor, 'MATCH', 'aa:rl:*', 'COUNT', 1000);
        cursor = next;
        if (keys.length) await admin.del(...keys);
      } while (cursor !== '0');
    },
    async close() {
      await service.close();
      admin.disconnect();
      if (!opts.smtp) await smtp.stop();
      if (!opts.redis) await redis.stop();
    },
  };
}

/** The page without what differs on every render (nonce, CSRF token, CAPTCHA, timeout data). */
export function stablePage(html: string): string {
  return html
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""')
    .replace(/data-[a-z-]*(?:at|ms|now)[a-z-]*="[^"]*"/gi, 'data-t=""');
}

/** The value of the journey cookie (whatever its name). */
export function journeyCookie(b: HttpClient): string | undefined {
  return b.cookie('aa-journey') ?? b.cookie('__Host-aa-journey');
}

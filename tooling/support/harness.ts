/**
 * The whole service on real components for reliability tests: a throw-away redis-server, a loopback
 * SMTP capture, and buildService() from the production wiring. A Browser walks the journey like a
 * person (solves the development image test, reads the emailed code, scans the key into an app).
 */
import { Redis } from 'ioredis';
import { TOTP } from 'otpauth';
import type { Logger } from 'pino';
import { type AppConfig, loadConfig } from '../../src/config.js';
import { demoProfiles } from '../../src/dev/demo-profiles.js';
import { createRedisProfileDirectory } from '../../src/services/directory/redis.js';
import { createSnapshotSealer } from '../../src/services/journey-store/snapshot-sealer.js';
import type { JourneyStore, Profile, ProfileDirectory } from '../../src/services/ports.js';
import { buildService, type Service } from '../../src/wiring.js';
import { HttpClient, type Page } from './http-client.js';
import { type RedisProcess, startRedis } from './redis-server.js';
import { type SmtpCapture, startSmtpCapture } from './smtp-capture.js';

export const BASE = 'http://localhost:3000';
export const J = '/add-authenticator';
export const PASSWORD = 'violet tractor umbrella 42';

export interface Staff {
  id: string;
  email: string;
  niNumber: string;
}

/** A generated active profile with no authenticators; distinct emails and NI numbers (rate limits). */
export function staff(i: number): Staff {
  const n = String(i).padStart(6, '0');
  return { id: `staff-${n}`, email: `staff.${n}@nhs.net`, niNumber: `HJ${n}A` };
}

export function staffProfiles(count: number): Profile[] {
  return Array.from({ length: count }, (_, i) => {
    const s = staff(i + 1);
    return {
      id: s.id,
      name: `Staff ${i + 1}`,
      emails: [s.email],
      niNumber: s.niNumber,
      status: 'active' as const,
      authenticators: [],
    };
  });
}

export interface StackOptions {
  redis?: RedisProcess;
  appendOnly?: boolean;
  env?: Record<string, string>;
  logger?: Logger;
  now?: () => number;
  journeyStore?: (store: JourneyStore) => JourneyStore;
  profiles?: number;
}

export interface Stack {
  redis: RedisProcess;
  smtp: SmtpCapture;
  service: Service;
  config: AppConfig;
  /** A separate connection for the test's own look-ups. */
  inspect: Redis;
  directory: ProfileDirectory;
  browser(opts?: { ip?: string; base?: string; fetch?: (req: Request) => Promise<Response> }): Browser;
  /** The stored journey hash of a browser's current cookie (the snapshot sealed, as it is at rest). */
  storedJourney(b: Browser): Promise<Record<string, string>>;
  /** The stored snapshot of a browser's current cookie, opened with the service's journey data key. */
  storedSnapshot(b: Browser): Promise<unknown>;
  stop(): Promise<void>;
}

let ipCounter = 0;
export const nextIp = () => {
  ipCounter += 1;
  return `198.51.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};

/** Fixed keys, so two instances on one Redis read each other's cookies, codes and secrets. */
export const SHARED_SECRETS = {
  COOKIE_SECRET: 'test-cookie-secret-0123456789abcdefghij',
  EMAIL_CODE_KEY: 'test-email-code-key-0123456789abcdefghij',
  RATE_LIMIT_KEY: 'test-rate-limit-key-0123456789abcdefghij',
  TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  JOURNEY_DATA_KEY: `test:${Buffer.alloc(32, 9).toString('base64')}`,
};

export function testEnv(redisUrl: string, smtpUrl: string, extra: Record<string, string> = {}) {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '3000',
    PUBLIC_URL: BASE,
    REDIS_URL: redisUrl,
    SMTP_URL: smtpUrl,
    TRUST_PROXY_HOPS: '1',
    ...SHARED_SECRETS,
    ...extra,
  };
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const redis = opts.redis ?? (await startRedis({ appendOnly: opts.appendOnly ?? false }));
  const smtp = await startSmtpCapture();
  const config = loadConfig(testEnv(redis.url, smtp.url, opts.env));
  const service = await buildService(config, {
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.journeyStore ? { journeyStore: opts.journeyStore } : {}),
  });
  const inspect = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  inspect.on('error', () => {
    // The fault tests stop this server on purpose; look-ups retry after it is back.
  });
  const directory = createRedisProfileDirectory(inspect);
  await directory.importProfiles([...demoProfiles, ...staffProfiles(opts.profiles ?? 20)]);
  const journeyKey = (b: Browser) => `aa:journey:{${b.journeyId()}}`;
  return {
    redis,
    smtp,
    service,
    config,
    inspect,
    directory,
    browser: (o = {}) =>
      new Browser(o.base ?? BASE, smtp, o.ip ?? nextIp(), o.fetch ?? ((req) => service.app.fetch(req))),
    storedJourney: (b) => inspect.hgetall(journeyKey(b)),
    async storedSnapshot(b) {
      const sealed = await inspect.hget(journeyKey(b), 'snapshot');
      const json = sealed ? createSnapshotSealer(config.journeyDataKeys).open(b.journeyId(), sealed) : null;
      return json === null ? null : (JSON.parse(json) as unknown);
    },
    async stop() {
      await service.close();
      inspect.disconnect();
      await smtp.stop();
      if (!opts.redis) await redis.stop();
    },
  };
}

/** An HttpClient with the steps of the journey, each asserting where it lands. */
export class Browser extends HttpClient {
  constructor(
    base: string,
    readonly smtp: SmtpCapture,
    readonly ip: string,
    send: (req: Request) => Promise<Response> | Response,
  ) {
    super(base, (req) => {
      req.headers.set('x-forwarded-for', ip);
      return send(req);
    });
  }

  /** The journey id inside the signed cookie (`<id>.<signature>`, URL-encoded). */
  journeyId(): string {
    const raw = decodeURIComponent(this.cookie('aa-journey') ?? '');
    return raw.slice(0, raw.lastIndexOf('.'));
  }

  expectView(view: string): Page {
    if (this.view() !== view) {
      const h1 = this.last?.html.match(/<h1[^>]*>([^<]*)/)?.[1];
      throw new Error(`expected ${view}, got ${this.view()} (HTTP ${this.last?.status}, "${h1 ?? ''}")`);
    }
    return this.last as Page;
  }

  async begin(): Promise<void> {
    await this.get(`${J}/start`);
    await this.post(`${J}/start`, {});
    this.expectView('enter-details');
  }

  /** The fields of the development image test on the current page, solved. */
  captcha(): Record<string, string> {
    const html = this.last?.html ?? '';
    const challenge = html.match(/name="captchaChallenge" value="([^"]+)"/)?.[1];
    const word = html.match(/<text[^>]*>([^<]+)<\/text>/)?.[1];
    if (!challenge || !word) throw new Error('no image recognition test on this page');
    return { captchaChallenge: challenge, captchaAnswer: word };
  }

  codeMails(email: string) {
    return this.smtp.messages.filter((m) => m.to.includes(email) && /code/i.test(m.subject));
  }

  async latestCode(email: string, atLeast = 1): Promise<string> {
    const deadline = Date.now() + 5000;
    while (this.codeMails(email).length < atLeast && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const mails = this.codeMails(email);
    const code = mails.at(-1)?.text.match(/\b(\d{6})\b/)?.[1];
    if (mails.length < atLeast || !code) throw new Error(`no code mail number ${atLeast} for ${email}`);
    return code;
  }

  async submitDetails(who: Staff): Promise<Page> {
    return this.post(`${J}/enter-details`, { email: who.email, niNumber: who.niNumber, ...this.captcha() });
  }

  async proveEmail(who: Staff): Promise<void> {
    const sent = this.codeMails(who.email).length;
    await this.submitDetails(who);
    this.expectView('enter-email-code');
    await this.post(`${J}/enter-email-code`, { code: await this.latestCode(who.email, sent + 1) });
    this.expectView('choose-authenticator');
  }

  /** From choose-authenticator to enter-app-code; returns the base32 key shown on scan-qr. */
  async setUpApp(): Promise<string> {
    await this.post(`${J}/choose-authenticator`, { method: 'app' });
    this.expectView('app-instructions');
    await this.post(`${J}/app-instructions`, { soleAccess: 'yes' });
    this.expectView('create-password');
    return this.setUpAppFromPassword();
  }

  /** From create-password to enter-app-code; returns the base32 key. */
  async setUpAppFromPassword(): Promise<string> {
    await this.post(`${J}/create-password`, { password: PASSWORD, confirmPassword: PASSWORD });
    const key = this.expectView('scan-qr').html.match(/([A-Z2-7]{4}(?: [A-Z2-7]{1,4}){7,})/)?.[1];
    if (!key) throw new Error('no key on the scan-qr page');
    await this.post(`${J}/scan-qr`, {});
    this.expectView('enter-app-code');
    return key.replace(/ /g, '');
  }

  async addApp(who: Staff): Promise<string> {
    await this.begin();
    await this.proveEmail(who);
    const key = await this.setUpApp();
    await this.post(`${J}/enter-app-code`, { code: appCode(key) });
    this.expectView('app-added');
    return key;
  }
}

export function appCode(base32Key: string, at = Date.now()): string {
  return new TOTP({ secret: base32Key, digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: at,
  });
}

/**
 * A journey store that, when armed for a journey id, holds the next `parties` loads of it until all
 * have read, so racing requests really do read the same revision (the race is forced, not hoped for).
 */
export function raceGate() {
  const gate = { id: '', parties: 0, waiting: [] as (() => void)[], saved: 0, refused: 0 };
  return {
    gate,
    arm(journeyId: string, parties = 2) {
      Object.assign(gate, { id: journeyId, parties, waiting: [], saved: 0, refused: 0 });
    },
    wrap: (store: JourneyStore): JourneyStore => ({
      ...store,
      async load(id) {
        const journey = await store.load(id);
        if (gate.id === id && gate.parties > 0) {
          await new Promise<void>((resolve) => {
            gate.waiting.push(resolve);
            if (gate.waiting.length === gate.parties) {
              gate.parties = 0;
              for (const release of gate.waiting.splice(0)) release();
            }
          });
        }
        return journey;
      },
      async save(id, journey, expectedRev, ttl) {
        const saved = await store.save(id, journey, expectedRev, ttl);
        if (gate.id === id) gate[saved ? 'saved' : 'refused'] += 1;
        return saved;
      },
    }),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until check() stops throwing (a dependency coming back). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(50);
    }
  }
}

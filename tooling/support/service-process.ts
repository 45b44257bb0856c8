/**
 * The whole service for end-to-end tests: buildService with a real redis-server and a real SMTP
 * capture on loopback, served by @hono/node-server on a free port, with a clock the test can move.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config.js';
import { demoProfiles } from '../../src/dev/demo-profiles.js';
import { createRedisProfileDirectory } from '../../src/services/directory/redis.js';
import { EMAIL_CODE_SUBJECT } from '../../src/services/email-code/email-code-service.js';
import type { Profile } from '../../src/services/ports.js';
import { buildService, type Service } from '../../src/wiring.js';
import { freePort, type RedisProcess, startRedis } from './redis-server.js';
import { type CapturedMail, type SmtpCapture, startSmtpCapture } from './smtp-capture.js';

/** Real time plus an offset the test moves forward (the journey's timeouts, code lifetimes). */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
  reset(): void;
}

export function createTestClock(): TestClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
    reset() {
      offset = 0;
    },
  };
}

export interface RunningService {
  /** http://localhost:PORT — the service's PUBLIC_URL. */
  url: string;
  port: number;
  service: Service;
  redis: RedisProcess;
  /** A client of the same Redis, for tests that reach into the stored journey. */
  redisClient: Redis;
  smtp: SmtpCapture;
  clock: TestClock;
  /** An empty Redis with the demo profiles again, no mail, the clock back at real time. */
  reset(): Promise<void>;
  /** Replaces the directory's profiles (as an import by the Registration Authority would). */
  importProfiles(profiles: Profile[]): Promise<void>;
  /** Mail sent to an address so far, oldest first. */
  mailTo(address: string): CapturedMail[];
  /** The code of the next email-code message to `address` after `seen` such messages arrived. */
  waitForEmailCode(address: string, seen?: number): Promise<string>;
  /** How many email-code messages went to `address`. */
  emailCodeCount(address: string): number;
  stop(): Promise<void>;
}

export interface StartServiceOptions {
  /** Extra environment for loadConfig (the test defaults come first). */
  env?: Record<string, string>;
}

const isCodeMail = (address: string) => (m: CapturedMail) =>
  m.subject === EMAIL_CODE_SUBJECT && m.to.some((t) => t.toLowerCase() === address.toLowerCase());

export async function startService(opts: StartServiceOptions = {}): Promise<RunningService> {
  const redis = await startRedis();
  const smtp = await startSmtpCapture();
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const clock = createTestClock();
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    REDIS_URL: redis.url,
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const service = await buildService(config, { now: clock.now });
  const server = serve({ fetch: service.app.fetch, hostname: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) resolve();
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  if ((server.address() as AddressInfo).port !== port) throw new Error('the service took another port');
  const redisClient = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  const codeMails = (address: string) => smtp.messages.filter(isCodeMail(address));

  return {
    url,
    port,
    service,
    redis,
    redisClient,
    smtp,
    clock,
    async importProfiles(profiles) {
      await createRedisProfileDirectory(redisClient).importProfiles(profiles);
    },
    async reset() {
      await redisClient.flushall();
      await createRedisProfileDirectory(redisClient).importProfiles(demoProfiles);
      smtp.messages.length = 0;
      clock.reset();
    },
    mailTo: (address) => smtp.messages.filter((m) => m.to.includes(address)),
    emailCodeCount: (address) => codeMails(address).length,
    async waitForEmailCode(address, seen = 0) {
      const deadline = Date.now() + 10_000;
      while (codeMails(address).length <= seen) {
        if (Date.now() > deadline) throw new Error(`no email code for ${address} within 10 s`);
        await new Promise((r) => setTimeout(r, 25));
      }
      const mail = codeMails(address)[seen] as CapturedMail;
      const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
      if (!code) throw new Error('the email-code message has no 6-digit code');
      return code;
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await service.close();
      redisClient.disconnect();
      await smtp.stop();
      await redis.stop();
    },
  };
}

/**
 * How many journeys one client may start (SPEC.md: journey creation, ASVS 2.4): every "Start now"
 * that creates a journey writes to the store, so creations are counted per client IP. The window
 * matches the "Wait 15 minutes" of the too-many-attempts page.
 */
import { createHmac } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisClient } from '../journey-store/redis-script.js';

export const JOURNEY_START_WINDOW_SECONDS = 15 * 60;

export interface JourneyStartLimiter {
  /** Counts one journey start for the client; refused once its allowance for the window is used, with
   *  how long until the next start is allowed. */
  consume(clientIp: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }>;
}

export interface JourneyStartLimiterOptions {
  /** Shared counters across instances; in-process counters when absent. */
  redis?: RedisClient;
  /** Key of the HMAC that names the counters: Redis never holds an IP in clear. */
  hashKey: string;
  /** Journeys one client may start per window. */
  points: number;
  durationSeconds?: number;
  /** Redis key prefix; the default is `aa:rl:start`. */
  keyPrefix?: string;
}

export function createJourneyStartLimiter(options: JourneyStartLimiterOptions): JourneyStartLimiter {
  if (options.hashKey.length < 16) throw new Error('the rate limit hashKey must be at least 16 characters');
  const shared = {
    keyPrefix: options.keyPrefix ?? 'aa:rl:start',
    points: options.points,
    duration: options.durationSeconds ?? JOURNEY_START_WINDOW_SECONDS,
  };
  const limiter =
    options.redis === undefined
      ? new RateLimiterMemory(shared)
      : new RateLimiterRedis({ ...shared, storeClient: options.redis });
  const keyOf = (ip: string) =>
    createHmac('sha256', options.hashKey).update(`start\u0000${ip.trim().toLowerCase()}`).digest('base64url');

  return {
    async consume(clientIp) {
      try {
        await limiter.consume(keyOf(clientIp));
        return { allowed: true };
      } catch (reason) {
        // A used-up allowance is a "no"; anything else (Redis down) is an outage, not a refusal.
        if (reason instanceof RateLimiterRes)
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(reason.msBeforeNext / 1000)) };
        throw reason;
      }
    },
  };
}

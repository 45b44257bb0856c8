import { createHmac } from 'node:crypto';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { normaliseEmail, normaliseNiNumber } from '../directory/rules.js';
import type { RedisClient } from '../journey-store/redis-script.js';
import type { IdentityCheckLimiter } from '../ports.js';
import { IDENTITY_CHECK_LIMITS, type IdentityCheckLimits } from './limits.js';

export interface IdentityCheckLimiterOptions {
  /** Shared counters across instances; in-process counters when absent. */
  redis?: RedisClient;
  /** Key of the HMAC that turns IPs, emails and NI numbers into counter names. */
  hashKey: string;
  /** Redis key prefix; the default is `aa:rl:`. */
  keyPrefix?: string;
  /** The SPEC numbers unless given (tests use short windows). */
  limits?: IdentityCheckLimits;
}

export function createIdentityCheckLimiter(options: IdentityCheckLimiterOptions): IdentityCheckLimiter {
  if (options.hashKey.length < 16) throw new Error('the rate limit hashKey must be at least 16 characters');
  const limits = options.limits ?? IDENTITY_CHECK_LIMITS;
  const prefix = options.keyPrefix ?? 'aa:rl:';

  const limiter = (name: string, points: number, duration: number): RateLimiterAbstract => {
    const shared = { keyPrefix: `${prefix}${name}`, points, duration };
    return options.redis === undefined
      ? new RateLimiterMemory(shared)
      : new RateLimiterRedis({ ...shared, storeClient: options.redis });
  };
  const perIp = limiter('ip', limits.perIp.points, limits.perIp.durationSeconds);
  const perEmail = limiter('email', limits.perEmail.points, limits.perEmail.durationSeconds);
  const perNiNumber = limiter('ni', limits.perNiNumber.points, limits.perNiNumber.durationSeconds);
  const locks = limiter('lock', 1, limits.lockSeconds);

  // Counters are named by a keyed hash: Redis never holds an IP, an email or an NI number in clear.
  const hash = (kind: string, value: string) =>
    createHmac('sha256', options.hashKey).update(`${kind}\u0000${value}`).digest('base64url');
  const emailKey = (email: string) => hash('email', normaliseEmail(email));
  const niKey = (niNumber: string) => hash('ni', normaliseNiNumber(niNumber));

  /** Null when the limit lets this attempt through; how long until it would, when it is used up.
   *  Rethrows anything else (an outage is not a "no"). */
  const refusal = (attempt: Promise<RateLimiterRes>): Promise<number | null> =>
    attempt.then(
      () => null,
      (reason: unknown) => {
        if (reason instanceof RateLimiterRes) return reason.msBeforeNext;
        throw reason;
      },
    );
  const lockedFor = async (key: string): Promise<number | null> => {
    const state = await locks.get(key);
    return state === null || state.consumedPoints <= locks.points ? null : state.msBeforeNext;
  };

  return {
    async consume({ ip, email, niNumber }) {
      const emailHash = emailKey(email);
      const niHash = niKey(niNumber);
      // Every counter is charged every time, so the answer never depends on which limit was hit.
      const waits = await Promise.all([
        refusal(perIp.consume(hash('ip', ip.trim().toLowerCase()))),
        refusal(perEmail.consume(emailHash)),
        refusal(perNiNumber.consume(niHash)),
        lockedFor(`email:${emailHash}`),
        lockedFor(`ni:${niHash}`),
      ]);
      const refused = waits.filter((ms): ms is number => ms !== null);
      // Refused: the person may try again once every refusing limit lets them (SPEC 9).
      return refused.length === 0
        ? { allowed: true }
        : { allowed: false, retryAfterMs: Math.max(...refused) };
    },

    async lock({ email, niNumber }) {
      await Promise.all([
        locks.block(`email:${emailKey(email)}`, limits.lockSeconds),
        locks.block(`ni:${niKey(niNumber)}`, limits.lockSeconds),
      ]);
    },
  };
}

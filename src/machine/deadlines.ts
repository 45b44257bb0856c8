/** The journey's deadlines, from its context: the one place the timeout rules are worked out. */
import type { JourneyContext } from './context.js';
import { LIMITS } from './limits.js';

export interface JourneyDeadlines {
  /** Inactivity expiry (moves with each request of the person), never after the absolute one. */
  expiresAtMs: number;
  /** Absolute expiry; never moves. */
  absoluteExpiresAtMs: number;
  /** When the page warns that the journey is about to time out. */
  warnAtMs: number;
}

type Times = Pick<JourneyContext, 'startedAt' | 'lastActivityAt'>;

export function journeyDeadlines(context: Times): JourneyDeadlines {
  const absoluteExpiresAtMs = context.startedAt + LIMITS.absoluteTimeoutMs;
  const expiresAtMs = Math.min(context.lastActivityAt + LIMITS.inactivityTimeoutMs, absoluteExpiresAtMs);
  return { expiresAtMs, absoluteExpiresAtMs, warnAtMs: expiresAtMs - LIMITS.timeoutWarningMs };
}

/** Whether the journey has timed out at `now` (inactivity or absolute). */
export function isPastDeadline(context: Times, now: number): boolean {
  return now >= journeyDeadlines(context).expiresAtMs;
}

/** How long the store keeps a journey: until its absolute expiry (at least a minute, so a page can still
 *  tell the person it timed out). */
export function journeyTtlSeconds(context: Times, now: number): number {
  return Math.max(60, Math.ceil((journeyDeadlines(context).absoluteExpiresAtMs - now) / 1000));
}

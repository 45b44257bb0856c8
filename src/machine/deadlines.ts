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

/** On an "added" page, whether the person has done nothing for LIMITS.idleAfterAddedMs (shared PCs). */
export function isIdleAfterAdded(context: Pick<JourneyContext, 'lastActivityAt'>, now: number): boolean {
  return now - context.lastActivityAt >= LIMITS.idleAfterAddedMs;
}

/**
 * How long the store keeps a journey: until its absolute expiry (at least a minute, so a page can still
 * tell the person it timed out). On an "added" page only until the short idle limit: a journey nobody
 * finished on a shared PC is gone from the store by itself.
 */
export function journeyTtlSeconds(context: Times, now: number, onAddedPage = false): number {
  const absolute = Math.max(60, Math.ceil((journeyDeadlines(context).absoluteExpiresAtMs - now) / 1000));
  if (!onAddedPage) return absolute;
  const idle = Math.ceil((context.lastActivityAt + LIMITS.idleAfterAddedMs - now) / 1000);
  return Math.max(1, Math.min(absolute, idle));
}

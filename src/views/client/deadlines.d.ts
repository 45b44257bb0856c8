export interface DeadlineSource {
  warnAtMs: number | string;
  expiresAtMs: number | string;
  absoluteExpiresAtMs: number | string;
  nowMs?: number | string;
}
export interface Deadlines {
  /** When the journey ends (browser clock). */
  endAt: number;
  /** When to show the warning (browser clock). */
  warnAt: number;
  /** True when the end is the absolute expiry, which cannot be extended. */
  final: boolean;
  absoluteAt: number;
  warnBefore: number;
  inactivityMs: number;
}
export function timeLeftText(ms: number): string;
export function readDeadlines(source: DeadlineSource, clientNow: number): Deadlines;
export function extendDeadlines(deadlines: Deadlines, clientNow: number): Deadlines;

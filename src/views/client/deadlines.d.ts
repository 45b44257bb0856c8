export interface DeadlineSource {
  warnAtMs: number | string;
  expiresAtMs: number | string;
  absoluteExpiresAtMs: number | string;
  nowMs?: number | string;
}
export interface Deadlines {
  endAt: number;
  warnAt: number;
  final: boolean;
}
export function timeLeftText(ms: number): string;
export function readDeadlines(source: DeadlineSource, clientNow: number): Deadlines;

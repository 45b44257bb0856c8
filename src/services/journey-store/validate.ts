import type { StoredJourney } from '../ports.js';

/** Guards shared by both stores: a bad argument here is a bug in the caller, so it throws. */
export function checkSave(journey: StoredJourney, expectedRev: number, ttlSeconds: number): void {
  if (!Number.isSafeInteger(expectedRev) || expectedRev < 0) {
    throw new RangeError(`expectedRev must be a non-negative integer, got ${expectedRev}`);
  }
  if (journey.rev !== expectedRev + 1) {
    throw new RangeError(
      `a saved journey must carry rev expectedRev + 1 (${expectedRev + 1}), got ${journey.rev}`,
    );
  }
  if (!Number.isSafeInteger(journey.version)) {
    throw new RangeError(`journey version must be an integer, got ${journey.version}`);
  }
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
  }
}

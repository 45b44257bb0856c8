/**
 * The inactivity warning is made from pieces cut once at start (src/views/timeout-warning.tsx): its
 * markup must be exactly what <TimeoutWarningMarkup> renders, whatever the deadlines and form token.
 */
import { describe, expect, it } from 'vitest';
import {
  TimeoutWarning,
  TimeoutWarningMarkup,
  timeoutWarningPrerendered,
} from '../../src/views/timeout-warning.js';

describe('the pre-rendered timeout warning', () => {
  it('is in use (the warning has the shape its pieces were cut from)', () => {
    expect(timeoutWarningPrerendered).toBe(true);
  });

  it.each([
    [
      {
        warnAtMs: 1_795_597_200_000,
        expiresAtMs: 1_795_598_100_000,
        absoluteExpiresAtMs: 1_795_604_400_000,
        nowMs: 1_795_597_300_000,
      },
      'tZ8b-_x.Q',
    ],
    [{ warnAtMs: 0, expiresAtMs: 1, absoluteExpiresAtMs: 2, nowMs: 0 }, `<&>"'`],
    [{ warnAtMs: 10, expiresAtMs: 20, absoluteExpiresAtMs: 30, nowMs: 5 }, ''],
  ])('gives the markup of <TimeoutWarningMarkup> for %o with token %j', (timeout, csrfToken) => {
    const made = String(<TimeoutWarning timeout={timeout} csrfToken={csrfToken} />);
    expect(made).toBe(String(<TimeoutWarningMarkup timeout={timeout} csrfToken={csrfToken} />));
    expect(made).toContain(`data-expires-at-ms="${timeout.expiresAtMs}"`);
  });
});

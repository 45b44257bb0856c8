/** Random request sequences never break the journey: no crash, no error status, invariants hold. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { steps } from './arbitraries.js';
import { JourneyRunner } from './journey-runner.js';

describe('random journeys', () => {
  it('never throw, never error, and keep every invariant at every step', async () => {
    const viewsSeen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(steps, async (sequence) => {
        const runner = new JourneyRunner();
        for (const step of sequence) {
          await runner.run(step);
          if (runner.violations.length > 0) break;
        }
        for (const [v, n] of runner.viewsSeen) viewsSeen.set(v, (viewsSeen.get(v) ?? 0) + n);
        expect(runner.violations).toEqual([]);
        expect(runner.snapshot.status).not.toBe('error');
      }),
      { numRuns: 500 },
    );
    // The generator must actually reach deep into every branch, or the property proves little.
    for (const view of [
      'app-added',
      'nhsnet-added',
      'passkey-added',
      'too-many-attempts',
      'service-unavailable',
    ])
      expect(viewsSeen.get(view) ?? 0, `random journeys never reached ${view}`).toBeGreaterThan(0);
  }, 60_000);
});

/**
 * The pages the HTTP layer derives from the statechart: every view of a state, and the views whose state
 * erases the journey (meta.erase), shown with no journey behind them. A view may be the page of more
 * than one state: it erases if reaching any of them does.
 */
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { erasingViewIds, journeyMachine, journeyViewIds } from '../../src/machine/index.js';

type AnyJourneyMachine = Parameters<typeof journeyViewIds>[0];

/** A statechart whose page `done` belongs to two states, the first of which erases the journey. */
const sharedView = createMachine({
  id: 'shared',
  initial: 'start',
  states: {
    start: { meta: { view: 'start' }, on: { GO: 'ending' } },
    ending: { meta: { view: 'done', erase: true }, on: { GO: 'kept' } },
    kept: { meta: { view: 'done' } },
  },
}) as unknown as AnyJourneyMachine;

describe('the pages of the statechart', () => {
  it('are its views, each once', () => {
    expect([...journeyViewIds(sharedView)].sort()).toEqual(['done', 'start']);
  });

  it('erase the journey where a state of theirs does, whichever state comes later', () => {
    expect([...erasingViewIds(sharedView)]).toEqual(['done']);
  });

  it("in the journey's statechart: the finished page erases, the start page does not", () => {
    // SPEC.md: after Finish nothing of the journey can be reached again; the start page begins one.
    const erasing = erasingViewIds(journeyMachine);
    expect(erasing.has('finished')).toBe(true);
    expect(erasing.has('start')).toBe(false);
    expect(journeyViewIds(journeyMachine).has('start')).toBe(true);
  });
});

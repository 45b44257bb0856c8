/**
 * The back link read from the statechart's shape (backViewFromStatechart, src/machine/queries.ts) against the engine's own
 * answer (BACK_SELECTED run on the journey in memory), in every state the journey can reach.
 */
import { describe, expect, it } from 'vitest';
import { fromPromise, setup } from 'xstate';
import { earlierPages, previousView } from '../../src/http/back-chain.js';
import {
  backViewFromStatechart,
  currentView,
  isBusy,
  JourneyEngine,
  type JourneySnapshot,
} from '../../src/machine/index.js';
import { buildGraph, journeyInput } from '../../tooling/paths/plan.js';

const engine = new JourneyEngine();
const engineAnswer = (s: JourneySnapshot) => earlierPages(engine, s, s.context.now, 1)[0]?.view ?? null;

function reachableStates(): JourneySnapshot[] {
  return [false, true].flatMap((cim) =>
    [...buildGraph(journeyInput(cim)).shortest.values()]
      .map(({ state }) => state)
      // A journey is shown only between requests: never in a state that waits on a service.
      .filter((s) => s.status === 'active' && !isBusy(s)),
  );
}

describe('the back link read from the statechart', () => {
  const states = reachableStates();

  it('is the page the engine goes back to, in every reachable state where the statechart decides it', () => {
    let decided = 0;
    for (const s of states) {
      const known = backViewFromStatechart(s);
      if (known === undefined) continue;
      decided++;
      expect(known, `back from ${currentView(s)} (${JSON.stringify(s.value)})`).toBe(engineAnswer(s));
    }
    // Every BACK_SELECTED of the statechart is one unguarded transition: most pages are decided by shape.
    expect(decided).toBeGreaterThan(states.length / 2);
  });

  it('leaves the back link the same whichever way it is found', () => {
    for (const s of states) expect(previousView(engine, s, s.context.now)).toBe(engineAnswer(s));
  });

  it('leads from the app instructions back to the choice of authenticator (SPEC: the app branch)', () => {
    const atInstructions = states.find((s) => currentView(s) === 'app-instructions');
    expect(atInstructions).toBeDefined();
    expect(backViewFromStatechart(atInstructions as JourneySnapshot)).toBe('choose-authenticator');
  });
});

describe('the statechart shapes that decide a back link, and those that leave it to the engine', () => {
  // A small statechart of each shape, read the same way as the journey's.
  const shapes = setup({
    guards: { allowed: () => true },
    actors: { wait: fromPromise(async () => 1) },
  }).createMachine({
    initial: 'plain',
    states: {
      target: { meta: { view: 'target-page' } },
      redirecting: { meta: { view: 'redirecting-page', redirect: 'nhsnetAuthorization' } },
      waiting: { meta: { view: 'waiting-page' }, invoke: { src: 'wait' } },
      moving: { meta: { view: 'moving-page' }, always: { target: 'target' } },
      parent: { meta: { view: 'parent-page' }, initial: 'child', states: { child: {} } },
      ended: { type: 'final' },
      plain: { on: { BACK_SELECTED: 'target', GO: 'guarded' } },
      guarded: { on: { BACK_SELECTED: { guard: 'allowed', target: 'target' } } },
      toRedirect: { on: { BACK_SELECTED: 'redirecting' } },
      toWaiting: { on: { BACK_SELECTED: 'waiting' } },
      toMoving: { on: { BACK_SELECTED: 'moving' } },
      toParent: { on: { BACK_SELECTED: 'parent' } },
      toEnd: { on: { BACK_SELECTED: 'ended' } },
      toHistory: { on: { BACK_SELECTED: 'remembering.last' } },
      remembering: {
        meta: { view: 'remembering-page' },
        initial: 'first',
        states: { first: {}, last: { type: 'history' } },
      },
      toParallel: { on: { BACK_SELECTED: 'both' } },
      both: {
        meta: { view: 'both-page' },
        type: 'parallel',
        states: { left: {}, right: {} },
      },
      toTimer: { on: { BACK_SELECTED: 'timed' } },
      timed: { meta: { view: 'timed-page' }, after: { 1000: 'target' } },
      twoWays: { on: { BACK_SELECTED: [{ target: 'target' }, { target: 'ended' }] } },
      stay: { on: { BACK_SELECTED: { actions: [] } } },
      toBusyChild: { on: { BACK_SELECTED: 'busyParent.kid' } },
      busyParent: {
        invoke: { src: 'wait' },
        initial: 'kid',
        states: { kid: { meta: { view: 'kid-page' } } },
      },
      toMovingChild: { on: { BACK_SELECTED: 'movingParent' } },
      movingParent: {
        meta: { view: 'moving-parent-page' },
        initial: 'inner',
        states: { inner: { always: { target: '#shapes.target' } } },
      },
      closing: { initial: 'closed', states: { closed: { type: 'final' } } },
      nowhere: {},
      nested: {
        on: { BACK_SELECTED: 'ended' },
        initial: 'inner',
        states: { inner: { on: { BACK_SELECTED: '#shapes.target' } } },
      },
      pattern: { on: { BACK_SELECTED: 'target', '*': 'target' } },
    },
    id: 'shapes',
  });
  const at = (value: string | Record<string, string>) =>
    backViewFromStatechart(shapes.resolveState({ value, context: {} }) as unknown as JourneySnapshot);

  it('reads one unguarded transition into a plain state', () => expect(at('plain')).toBe('target-page'));
  it('leaves a guarded transition to the engine', () => expect(at('guarded')).toBeUndefined());
  it('shows no back link to a state that sends the browser elsewhere', () =>
    expect(at('toRedirect')).toBeNull());
  it('leaves a target that runs a service or moves on by itself to the engine', () => {
    expect(at('toWaiting')).toBeUndefined();
    expect(at('toMoving')).toBeUndefined();
  });
  it('enters a compound target at its initial state and takes the page of the nearest state with one', () =>
    expect(at('toParent')).toBe('parent-page'));
  it('shows no back link into a final state, nor where back is not accepted', () => {
    expect(at('toEnd')).toBeNull();
    expect(at('nowhere')).toBeNull();
  });
  it('leaves a history, parallel or timed target, or a choice of transitions, to the engine', () => {
    expect(at('toHistory')).toBeUndefined();
    expect(at('toParallel')).toBeUndefined();
    expect(at('toTimer')).toBeUndefined();
    expect(at('twoWays')).toBeUndefined();
  });
  it('leaves a transition without a target, or a target inside a busy or moving state, to the engine', () => {
    expect(at('stay')).toBeUndefined();
    expect(at('toBusyChild')).toBeUndefined();
    expect(at('toMovingChild')).toBeUndefined();
  });
  it('leaves parallel regions and a final state inside another to the engine', () => {
    expect(at('both')).toBeUndefined();
    expect(at({ closing: 'closed' })).toBeUndefined();
  });
  it('answers again from what it worked out the first time', () => {
    expect(at('plain')).toBe('target-page');
    expect(at('plain')).toBe('target-page');
    expect(at('guarded')).toBeUndefined();
    expect(at('guarded')).toBeUndefined();
  });
  it('takes the innermost state that handles back', () =>
    expect(at({ nested: 'inner' })).toBe('target-page'));
  it('leaves a state with a wildcard handler to the engine', () => expect(at('pattern')).toBeUndefined());
});

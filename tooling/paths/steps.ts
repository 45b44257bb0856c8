/**
 * A journey step as a test sees it: what a person does (one request, preceded by the clock tick the
 * HTTP layer sends), a page view after time has passed, or a service answering. The step logic applies
 * steps to the real statechart without running any service: a service's answer is a synthetic
 * `xstate.done.actor.<id>` / `xstate.error.actor.<id>` event, exactly what the finished promise sends.
 */
import type { ActorLogic, AnyTransitionDefinition } from 'xstate';
import type { JourneyEvent } from '../../src/machine/events.js';
import { createJourneyEngine, type JourneyInput, type JourneySnapshot } from '../../src/machine/index.js';
import { type JourneyMachine, journeyMachine } from '../../src/machine/machine.js';
import type { FakeSwitches } from '../journey-fakes.js';
import { transitionId, viewOfNodes } from './statechart.js';

/** A person acts: the clock ticks (userActive) `advanceMs` after the previous request, then the event. */
export interface UserStep {
  type: 'user';
  label: string;
  advanceMs: number;
  event: JourneyEvent;
}

/** A page is shown `advanceMs` later without the person doing anything (a clock tick only). */
export interface ViewStep {
  type: 'view';
  label: string;
  advanceMs: number;
}

/** An invoked service finishes: the switches make the in-test fake answer exactly this. */
export interface ServiceStep {
  type: 'service';
  label: string;
  invokeId: string;
  outcome: 'done' | 'error';
  output?: unknown;
  switches: Partial<FakeSwitches>;
}

export type PlanStep = UserStep | ViewStep | ServiceStep;

/** What applying one step did to the statechart. */
export interface StepTrace {
  snapshot: JourneySnapshot;
  /** Transition ids taken, in order (clock tick first), see statechart.ts transitionId. */
  transitions: string[];
  /** Every state node that was active after some microstep, plus the sources of the transitions. */
  states: string[];
}

export interface MicrostepLike {
  snapshot: unknown;
  _transitions?: AnyTransitionDefinition[];
}

/** Transition ids and visited state ids from inspected microsteps (pure or from a running actor). */
export function traceMicrosteps(microsteps: readonly MicrostepLike[]): {
  transitions: string[];
  states: string[];
} {
  const transitions: string[] = [];
  const states = new Set<string>();
  for (const m of microsteps) {
    for (const t of m._transitions ?? []) {
      transitions.push(transitionId(t));
      states.add(t.source.id);
    }
    for (const node of (m.snapshot as JourneySnapshot)._nodes) states.add(node.id);
  }
  states.delete(journeyMachine.root.id);
  return { transitions, states: [...states] };
}

export function createStepper(machine: JourneyMachine = journeyMachine) {
  // The journey engine, stopping where a service would run: the step's answer comes as its own step.
  let sink: MicrostepLike[] | null = null;
  const engine = createJourneyEngine(machine, {
    inspect: (event) => {
      if (sink && event.type === '@xstate.microstep') sink.push(event as unknown as MicrostepLike);
    },
  });
  const record = <T>(fn: () => T): { result: T; microsteps: MicrostepLike[] } => {
    sink = [];
    try {
      const result = fn();
      return { result, microsteps: sink };
    } finally {
      sink = null;
    }
  };

  function apply(snapshot: JourneySnapshot, step: PlanStep): JourneySnapshot {
    const now = snapshot.context.now;
    switch (step.type) {
      case 'user':
        return engine.advanceUntilService(snapshot, { now: now + step.advanceMs, userActive: true }, [
          step.event,
        ]).snapshot;
      case 'view':
        return engine.advanceUntilService(snapshot, { now: now + step.advanceMs, userActive: false }, [])
          .snapshot;
      case 'service':
        return engine.answer(
          snapshot,
          { id: step.invokeId },
          step.outcome === 'done'
            ? { outcome: 'done', output: step.output }
            : { outcome: 'error', error: step.output },
        ).snapshot;
    }
  }

  return {
    initial(input: JourneyInput): JourneySnapshot {
      return engine.begin(input).snapshot;
    },
    /** The initial snapshot and the transitions (eventless ones) taken to reach it. */
    initialTrace(input: JourneyInput): StepTrace {
      const { result, microsteps } = record(() => this.initial(input));
      return { snapshot: result, ...traceMicrosteps(microsteps) };
    },
    apply,
    trace(snapshot: JourneySnapshot, step: PlanStep): StepTrace {
      const { result, microsteps } = record(() => apply(snapshot, step));
      return { snapshot: result, ...traceMicrosteps(microsteps) };
    },
  };
}

export type Stepper = ReturnType<typeof createStepper>;

/** The step logic as XState actor logic, so that @xstate/graph can traverse it. */
export function stepLogic(stepper: Stepper): ActorLogic<JourneySnapshot, PlanStep, JourneyInput> {
  return {
    transition: (snapshot, step) => stepper.apply(snapshot, step),
    getInitialSnapshot: (_scope, input) => stepper.initial(input),
    getPersistedSnapshot: (snapshot) => snapshot,
  } as ActorLogic<JourneySnapshot, PlanStep, JourneyInput>;
}

/** The deepest active state: the one a person is on, or the busy one the journey waits in. */
export function leafStateId(snapshot: JourneySnapshot): string {
  const leaves = snapshot._nodes.filter((n) => n.type === 'atomic' || n.type === 'final');
  return leaves.map((n) => n.id).join(',');
}

export function viewOf(snapshot: JourneySnapshot): string | null {
  return viewOfNodes(snapshot._nodes);
}

export function isBusySnapshot(snapshot: JourneySnapshot): boolean {
  return snapshot.status === 'active' && snapshot.hasTag('busy');
}

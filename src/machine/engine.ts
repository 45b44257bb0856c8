/**
 * The journey engine: the one loop that moves a journey on. Pure XState transitions (no actor per
 * request): the clock tick and the events go through `machine.transition`, each invoked service the
 * machine asks for is run by its id and input, and its answer is fed back as the done or error event,
 * until no busy state is left. The HTTP layer, the tests, the path planner, the docs and the benchmark
 * all advance journeys through this.
 */
import type { AnyActorScope, InspectionEvent, Snapshot } from 'xstate';
import { createActor } from 'xstate';
import type { JourneyInput } from './context.js';
import { journeyTtlSeconds } from './deadlines.js';
import type { JourneyEvent } from './events.js';
import { type JourneyMachine, journeyMachine } from './machine.js';
import { currentMeta, type JourneySnapshot } from './queries.js';
import type { JourneyServiceId, JourneyServices } from './service-contract.js';
import type { AuditEmitted, JourneyEmitted, ViewMeta } from './setup.js';

export class ServiceTimeoutError extends Error {
  constructor(service: string) {
    super(`journey service ${service} did not answer in time`);
    this.name = 'ServiceTimeoutError';
  }
}

/** What a journey became after a request. */
export interface Advanced {
  snapshot: JourneySnapshot;
  /** What to store (JSON-safe). */
  persisted: unknown;
  audits: AuditEmitted[];
  /** The page the journey is on now, and where the browser goes instead of a page, if anywhere. */
  meta: ViewMeta & { view: NonNullable<ViewMeta['view']> };
  /** Anything beyond the clock changed: the journey must be saved. */
  changed: boolean;
  /** The machine asks for a new journey id (the email was just proven). */
  rotateId: boolean;
  /** How long the store should keep the journey. */
  ttlSeconds: number;
}

export interface Clock {
  now: number;
  /** A request from the person (a form post), as opposed to a page view or a script. */
  userActive: boolean;
}

export interface EngineOptions {
  /** Longest wait for one service before the request fails as an outage (nothing is saved). */
  serviceTimeoutMs?: number;
  /** Sees XState's inspection events (microsteps) of every transition: for coverage and traces. */
  inspect?: (event: InspectionEvent) => void;
}

/** A service the journey waits on: its id in the statechart, its name in the contract, its input. */
export interface PendingService {
  id: string;
  src: JourneyServiceId;
  input: unknown;
}

/** How a service answered: its output, or the error it failed with (an outage). */
export type ServiceAnswer = { outcome: 'done'; output: unknown } | { outcome: 'error'; error: unknown };

type ExecutableAction = { type: string; params?: unknown };
type Observer = (snapshot: JourneySnapshot) => void;
type Moved = { snapshot: JourneySnapshot; pending: PendingService | null };

const answerEvent = (pending: PendingService, answer: ServiceAnswer) =>
  answer.outcome === 'done'
    ? { type: `xstate.done.actor.${pending.id}`, output: answer.output, actorId: pending.id }
    : { type: `xstate.error.actor.${pending.id}`, error: answer.error, actorId: pending.id };

export function createJourneyEngine(machine: JourneyMachine = journeyMachine, options: EngineOptions = {}) {
  const serviceTimeoutMs = options.serviceTimeoutMs ?? 25_000;
  // One inert scope for every call: pure transitions collect their actions here instead of running them.
  const scopeActor = createActor(machine, { input: { journeyNonce: '', now: 0, cimSessionPresent: false } });
  if (options.inspect) scopeActor.system.inspect(options.inspect);
  let collected: ExecutableAction[] = [];
  const scope = {
    self: scopeActor,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: scopeActor.system,
    emit: () => {},
    actionExecutor: (action: ExecutableAction) => {
      collected.push(action);
    },
  } as unknown as AnyActorScope;

  /** One pure transition: the emitted facts go to `emitted`; a service the machine now waits on is
   *  returned as pending (the machine invokes one service at a time). */
  function move(work: () => JourneySnapshot, emitted: JourneyEmitted[]): Moved {
    collected = [];
    let snapshot: JourneySnapshot;
    let actions: ExecutableAction[];
    try {
      snapshot = work();
      actions = collected;
    } finally {
      collected = [];
    }
    let pending: PendingService | null = null;
    for (const action of actions) {
      if (action.type === 'xstate.emit') emitted.push((action.params as { event: JourneyEmitted }).event);
      else if (action.type === 'xstate.spawnChild' && pending === null) {
        const { id, src, input } = action.params as { id: string; src: JourneyServiceId; input: unknown };
        pending = { id, src, input };
      }
    }
    return { snapshot, pending };
  }

  const send = (snapshot: JourneySnapshot, event: unknown, emitted: JourneyEmitted[]) =>
    move(() => machine.transition(snapshot, event as JourneyEvent, scope) as JourneySnapshot, emitted);

  async function callService(services: JourneyServices, pending: PendingService): Promise<ServiceAnswer> {
    const run = services[pending.src] as ((input: unknown) => Promise<unknown>) | undefined;
    if (!run) return { outcome: 'error', error: new Error(`no service ${pending.src}`) };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ServiceTimeoutError(pending.src)), serviceTimeoutMs);
    });
    try {
      return { outcome: 'done', output: await Promise.race([run(pending.input), timeout]) };
    } catch (error) {
      // A service that did not answer fails the request: nothing of it is saved, as if it never came.
      if (error instanceof ServiceTimeoutError) throw error;
      return { outcome: 'error', error };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs the pending services one after the other until the journey rests. */
  async function settle(
    moved: Moved,
    services: JourneyServices,
    emitted: JourneyEmitted[],
    observe?: Observer,
  ) {
    let current = moved;
    observe?.(current.snapshot);
    while (current.pending) {
      const answer = await callService(services, current.pending);
      current = send(current.snapshot, answerEvent(current.pending, answer), emitted);
      observe?.(current.snapshot);
    }
    return current.snapshot;
  }

  /** What a request sends: the clock tick first (the engine owns the clock), then its events. The
   *  callers stop as soon as the journey is no longer active: a tick may end it (a timeout). */
  function* requestSteps(clock: Clock, events: readonly JourneyEvent[]) {
    yield { type: 'CLOCK_TICKED', at: clock.now, userActive: clock.userActive } satisfies JourneyEvent;
    for (const event of events) yield event;
  }

  function result(
    before: JourneySnapshot | null,
    snapshot: JourneySnapshot,
    emitted: JourneyEmitted[],
    now: number,
  ): Advanced {
    return {
      snapshot,
      persisted: machine.getPersistedSnapshot(snapshot),
      audits: emitted.filter((e): e is AuditEmitted => e.type === 'audit'),
      meta: currentMeta(snapshot),
      changed: before === null || hasMoved(before, snapshot),
      rotateId: emitted.some((e) => e.type === 'journeyIdRotated'),
      ttlSeconds: journeyTtlSeconds(snapshot.context, now),
    };
  }

  return {
    /** A new journey at its first page (a journey never begins by waiting on a service). */
    begin(input: JourneyInput): Advanced {
      const emitted: JourneyEmitted[] = [];
      const first = move(() => machine.getInitialSnapshot(scope, input) as JourneySnapshot, emitted);
      if (first.pending) throw new Error(`a journey cannot begin with service ${first.pending.src}`);
      return result(null, first.snapshot, emitted, input.now);
    },

    /** A stored journey, or null when it cannot be read (unknown states, another shape). */
    restore(persisted: unknown): JourneySnapshot | null {
      try {
        const { snapshot } = move(
          () => machine.restoreSnapshot(persisted as Snapshot<unknown>, scope) as JourneySnapshot,
          [],
        );
        currentMeta(snapshot);
        return snapshot;
      } catch {
        return null;
      }
    },

    /**
     * A request: the clock tick, then each event in turn, with every service the machine asks for.
     * The engine alone decides what the tick changes: `changed` is false when only the clock moved.
     */
    async advance(
      snapshot: JourneySnapshot,
      clock: Clock,
      events: readonly JourneyEvent[],
      services: JourneyServices,
      /** Sees the journey after the tick, each event and each service answer (tests and traces). */
      observe?: Observer,
    ): Promise<Advanced> {
      const emitted: JourneyEmitted[] = [];
      // An ended journey stays as it ended.
      if (snapshot.status !== 'active') return result(snapshot, snapshot, emitted, clock.now);
      let current: JourneySnapshot = snapshot;
      for (const event of requestSteps(clock, events)) {
        if (current.status !== 'active') break;
        current = await settle(send(current, event, emitted), services, emitted, observe);
      }
      const advanced = result(snapshot, current, emitted, clock.now);
      return { ...advanced, changed: advanced.changed || events.length > 0 || clock.userActive };
    },

    /**
     * The same request without running any service: it stops where the journey first waits on one
     * and says which (the path planner and the docs answer services themselves, with `answer`).
     */
    advanceUntilService(
      snapshot: JourneySnapshot,
      clock: Clock,
      events: readonly JourneyEvent[],
    ): Moved & { emitted: JourneyEmitted[] } {
      const emitted: JourneyEmitted[] = [];
      let moved: Moved = { snapshot, pending: null };
      for (const event of requestSteps(clock, events)) {
        if (moved.snapshot.status !== 'active' || moved.pending) break;
        moved = send(moved.snapshot, event, emitted);
      }
      return { ...moved, emitted };
    },

    /** A pending service's answer, fed back to the journey (up to the next pending service). */
    answer(
      snapshot: JourneySnapshot,
      pending: Pick<PendingService, 'id'>,
      answer: ServiceAnswer,
    ): Moved & { emitted: JourneyEmitted[] } {
      const emitted: JourneyEmitted[] = [];
      return { ...send(snapshot, answerEvent(pending as PendingService, answer), emitted), emitted };
    },

    /** What a journey holds as JSON for the store. */
    persist(snapshot: JourneySnapshot): unknown {
      return machine.getPersistedSnapshot(snapshot);
    },
  };
}

/** Whether a journey moved beyond its clock: another state, or an ended journey. */
function hasMoved(before: JourneySnapshot, after: JourneySnapshot): boolean {
  return before.status !== after.status || JSON.stringify(before.value) !== JSON.stringify(after.value);
}

export type JourneyEngine = ReturnType<typeof createJourneyEngine>;

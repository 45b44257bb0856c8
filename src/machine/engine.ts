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
/** A step that ran no service: where it stopped, what it emitted. */
export type Step = Moved & { emitted: JourneyEmitted[] };

const answerEvent = (pending: Pick<PendingService, 'id'>, answer: ServiceAnswer) =>
  answer.outcome === 'done'
    ? { type: `xstate.done.actor.${pending.id}`, output: answer.output, actorId: pending.id }
    : { type: `xstate.error.actor.${pending.id}`, error: answer.error, actorId: pending.id };

/**
 * Pure transitions through one inert actor scope, shared by every call: the actions a transition asks
 * for are collected instead of run, then read for the emitted facts and the service to run next.
 */
class PureTransitions {
  private collected: ExecutableAction[] = [];
  readonly scope: AnyActorScope;

  constructor(
    private readonly machine: JourneyMachine,
    inspect?: (event: InspectionEvent) => void,
  ) {
    const self = createActor(machine, { input: { journeyNonce: '', now: 0, cimSessionPresent: false } });
    if (inspect) self.system.inspect(inspect);
    this.scope = {
      self,
      defer: () => {},
      id: '',
      logger: () => {},
      sessionId: '',
      stopChild: () => {},
      system: self.system,
      emit: () => {},
      actionExecutor: (action: ExecutableAction) => {
        this.collected.push(action);
      },
    } as unknown as AnyActorScope;
  }

  /** One pure transition: the emitted facts go to `emitted`; a service the machine now waits on is
   *  returned as pending (the machine invokes one service at a time). */
  move(work: (scope: AnyActorScope) => JourneySnapshot, emitted: JourneyEmitted[]): Moved {
    this.collected = [];
    let snapshot: JourneySnapshot;
    let actions: ExecutableAction[];
    try {
      snapshot = work(this.scope);
      actions = this.collected;
    } finally {
      this.collected = [];
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

  send(snapshot: JourneySnapshot, event: unknown, emitted: JourneyEmitted[]): Moved {
    return this.move(
      (scope) => this.machine.transition(snapshot, event as JourneyEvent, scope) as JourneySnapshot,
      emitted,
    );
  }
}

/** Runs one service with a time limit; its answer, or the error it failed with (an outage). */
async function callService(
  services: JourneyServices,
  pending: PendingService,
  timeoutMs: number,
): Promise<ServiceAnswer> {
  // A service missing from the set fails when it is called, inside the try: an outage like any other.
  const run = services[pending.src] as (input: unknown) => Promise<unknown>;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ServiceTimeoutError(pending.src)), timeoutMs);
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

/** What a request sends: the clock tick first (the engine owns the clock), then its events. The callers
 *  stop as soon as the journey is no longer active: a tick may end it (a timeout). */
function* requestSteps(clock: Clock, events: readonly JourneyEvent[]) {
  yield { type: 'CLOCK_TICKED', at: clock.now, userActive: clock.userActive } satisfies JourneyEvent;
  for (const event of events) yield event;
}

export class JourneyEngine {
  private readonly pure: PureTransitions;
  private readonly serviceTimeoutMs: number;

  constructor(
    private readonly machine: JourneyMachine = journeyMachine,
    options: EngineOptions = {},
  ) {
    this.pure = new PureTransitions(machine, options.inspect);
    this.serviceTimeoutMs = options.serviceTimeoutMs ?? 25_000;
  }

  /** A new journey at its first page (a journey never begins by waiting on a service). */
  begin(input: JourneyInput): Advanced {
    const emitted: JourneyEmitted[] = [];
    const first = this.pure.move(
      (scope) => this.machine.getInitialSnapshot(scope, input) as JourneySnapshot,
      emitted,
    );
    if (first.pending) throw new Error(`a journey cannot begin with service ${first.pending.src}`);
    return this.result(null, first.snapshot, emitted, input.now);
  }

  /** A stored journey, or null when it cannot be read (unknown states, another shape). */
  restore(persisted: unknown): JourneySnapshot | null {
    try {
      const { snapshot } = this.pure.move(
        (scope) => this.machine.restoreSnapshot(persisted as Snapshot<unknown>, scope) as JourneySnapshot,
        [],
      );
      currentMeta(snapshot);
      return snapshot;
    } catch {
      return null;
    }
  }

  /**
   * A request: the clock tick, then each event in turn, with every service the machine asks for.
   * The engine alone decides what the tick changes: `changed` is false when only the clock moved.
   * `observe` sees the journey after the tick, each event and each service answer (tests and traces).
   */
  async advance(
    snapshot: JourneySnapshot,
    clock: Clock,
    events: readonly JourneyEvent[],
    services: JourneyServices,
    observe?: Observer,
  ): Promise<Advanced> {
    const emitted: JourneyEmitted[] = [];
    // An ended journey stays as it ended.
    if (snapshot.status !== 'active') return this.result(snapshot, snapshot, emitted, clock.now);
    let current: JourneySnapshot = snapshot;
    for (const event of requestSteps(clock, events)) {
      if (current.status !== 'active') break;
      let moved = this.pure.send(current, event, emitted);
      observe?.(moved.snapshot);
      while (moved.pending) {
        const answer = await callService(services, moved.pending, this.serviceTimeoutMs);
        moved = this.pure.send(moved.snapshot, answerEvent(moved.pending, answer), emitted);
        observe?.(moved.snapshot);
      }
      current = moved.snapshot;
    }
    return this.result(snapshot, current, emitted, clock.now, events.length > 0 || clock.userActive);
  }

  /**
   * The same request without running any service: it stops where the journey first waits on one and
   * says which (the path planner and the docs answer services themselves, with `answer`).
   */
  advanceUntilService(snapshot: JourneySnapshot, clock: Clock, events: readonly JourneyEvent[]): Step {
    const emitted: JourneyEmitted[] = [];
    let moved: Moved = { snapshot, pending: null };
    for (const event of requestSteps(clock, events)) {
      if (moved.snapshot.status !== 'active' || moved.pending) break;
      moved = this.pure.send(moved.snapshot, event, emitted);
    }
    return { ...moved, emitted };
  }

  /** A pending service's answer, fed back to the journey (up to the next pending service). */
  answer(snapshot: JourneySnapshot, pending: Pick<PendingService, 'id'>, answer: ServiceAnswer): Step {
    const emitted: JourneyEmitted[] = [];
    return { ...this.pure.send(snapshot, answerEvent(pending, answer), emitted), emitted };
  }

  /** What a journey holds as JSON for the store. */
  persist(snapshot: JourneySnapshot): unknown {
    return this.machine.getPersistedSnapshot(snapshot);
  }

  /** `acted`: the request did more than look (events, or the person's activity): it is saved. */
  private result(
    before: JourneySnapshot | null,
    snapshot: JourneySnapshot,
    emitted: JourneyEmitted[],
    now: number,
    acted = false,
  ): Advanced {
    const engine = this;
    let persisted: unknown;
    return {
      snapshot,
      // Worked out when the journey is saved: a page view that changed nothing never needs it.
      get persisted() {
        persisted ??= engine.persist(snapshot);
        return persisted;
      },
      audits: emitted.filter((e): e is AuditEmitted => e.type === 'audit'),
      meta: currentMeta(snapshot),
      changed: acted || before === null || hasMoved(before, snapshot),
      rotateId: emitted.some((e) => e.type === 'journeyIdRotated'),
      ttlSeconds: journeyTtlSeconds(snapshot.context, now, snapshot.hasTag('added')),
    };
  }
}

export function createJourneyEngine(machine: JourneyMachine = journeyMachine, options: EngineOptions = {}) {
  return new JourneyEngine(machine, options);
}

/** Whether a journey moved beyond its clock: another state, or an ended journey. */
function hasMoved(before: JourneySnapshot, after: JourneySnapshot): boolean {
  return before.status !== after.status || JSON.stringify(before.value) !== JSON.stringify(after.value);
}

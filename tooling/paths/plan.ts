/**
 * Test paths from the statechart: @xstate/graph traverses the step logic with the event catalogue,
 * getShortestPaths gives the shortest way to every model state, and a path is kept for each transition
 * candidate of the definition (the shortest path to a state where it is taken, plus that step). Every
 * path is then replayed from the start to record exactly what each step should show.
 */
import { getShortestPaths, type StatePath } from '@xstate/graph';
import type { StateValue } from 'xstate';
import type { FieldErrors, JourneyInput, JourneySnapshot, Notice } from '../../src/machine/index.js';
import { journeyMachine } from '../../src/machine/machine.js';
import { T0 } from '../journey-fakes.js';
import { catalogue, TIMEOUT_STEP } from './catalogue.js';
import { modelKey, stateKey } from './model-key.js';
import { listStates, listTransitions } from './statechart.js';
import {
  createStepper,
  isBusySnapshot,
  leafStateId,
  type PlanStep,
  type Stepper,
  type StepTrace,
  stepLogic,
  viewOf,
} from './steps.js';
import { planVariantTours } from './variants.js';

export interface Expectation {
  /** The deepest active state id, e.g. `enterEmailCode`. */
  state: string;
  value: StateValue;
  status: JourneySnapshot['status'];
  view: string | null;
  busy: boolean;
  errors: FieldErrors;
  notice: Notice;
  key: string;
}

export interface PlannedStep {
  step: PlanStep;
  expect: Expectation;
  /** Transition ids this step takes on the machine, in order. */
  transitions: string[];
  /** State ids active after some microstep of this step, or left by one of its transitions. */
  states: string[];
}

export interface PlannedPath {
  name: string;
  input: JourneyInput;
  initial: { expect: Expectation; transitions: string[]; states: string[] };
  steps: PlannedStep[];
}

export interface ModelEdge {
  /** The model key the step starts from; null for the start of the journey. */
  from: string | null;
  step: PlanStep;
  to: string;
  transitions: string[];
  states: string[];
}

export interface ModelGraph {
  input: JourneyInput;
  /** The start of the journey as a pseudo-edge: the eventless transitions taken on the way in. */
  start: ModelEdge;
  /** Shortest step lists to every model state, by key, in traversal order. */
  shortest: Map<string, { steps: PlanStep[]; state: JourneySnapshot }>;
  /** Every step taken during the traversal, in traversal order. */
  edges: ModelEdge[];
}

export const journeyInput = (cimSessionPresent: boolean): JourneyInput => ({
  journeyNonce: 'nonce-abc',
  now: T0,
  cimSessionPresent,
});

export function expectationOf(s: JourneySnapshot): Expectation {
  return {
    state: leafStateId(s),
    value: s.value,
    status: s.status,
    view: viewOf(s),
    busy: isBusySnapshot(s),
    errors: s.context.errors,
    notice: s.context.notice,
    key: stateKey(s),
  };
}

/** Which steps the planner may take from a snapshot: the whole catalogue, or a filtered one. */
export type StepSource = (s: JourneySnapshot) => PlanStep[];

/** Traverses the model from one input with @xstate/graph; stopWhen bounds a side traversal. */
export function buildGraph(
  input: JourneyInput,
  opts: { stopWhen?: (s: JourneySnapshot) => boolean; steps?: StepSource } = {},
): ModelGraph {
  const steps = opts.steps ?? catalogue;
  const stepper = createStepper();
  const edges: ModelEdge[] = [];
  const tracing: Stepper = {
    ...stepper,
    apply: (snapshot, step) => {
      const trace = stepper.trace(snapshot, step);
      edges.push({
        from: modelKey(snapshot),
        step,
        to: modelKey(trace.snapshot),
        transitions: trace.transitions,
        states: trace.states,
      });
      return trace.snapshot;
    },
  };
  const initialTrace: StepTrace = stepper.initialTrace(input);
  const paths: StatePath<JourneySnapshot, PlanStep>[] = getShortestPaths(stepLogic(tracing), {
    input,
    fromState: initialTrace.snapshot,
    events: steps,
    serializeState: (s: JourneySnapshot) => modelKey(s),
    serializeEvent: (step: PlanStep) => JSON.stringify(step),
    ...(opts.stopWhen ? { stopWhen: opts.stopWhen } : {}),
  });
  const shortest = new Map<string, { steps: PlanStep[]; state: JourneySnapshot }>();
  for (const path of paths) {
    // getShortestPaths lists (state, event that led there) with a leading xstate.init step.
    shortest.set(modelKey(path.state), { steps: path.steps.slice(1).map((s) => s.event), state: path.state });
  }
  const start: ModelEdge = {
    from: null,
    step: { type: 'view', label: 'start', advanceMs: 0 },
    to: modelKey(initialTrace.snapshot),
    transitions: initialTrace.transitions,
    states: initialTrace.states,
  };
  return { input, start, shortest, edges };
}

/** Replays steps from the start and records what each one shows and takes. */
export function replay(input: JourneyInput, steps: readonly PlanStep[], name: string): PlannedPath {
  const stepper = createStepper();
  const init = stepper.initialTrace(input);
  let snapshot = init.snapshot;
  const planned: PlannedStep[] = [];
  for (const step of steps) {
    if (snapshot.status !== 'active')
      throw new Error(`${name}: step "${step.label}" after the journey ended`);
    const trace = stepper.trace(snapshot, step);
    snapshot = trace.snapshot;
    planned.push({
      step,
      expect: expectationOf(snapshot),
      transitions: trace.transitions,
      states: trace.states,
    });
  }
  const initial = {
    expect: expectationOf(init.snapshot),
    transitions: init.transitions,
    states: init.states,
  };
  return { name, input, initial, steps: planned };
}

/** A path must not stop while a service is pending: it ends with the first answer of each service. */
function settleSteps(input: JourneyInput, steps: PlanStep[], source: StepSource): PlanStep[] {
  const stepper = createStepper();
  let s = stepper.initial(input);
  for (const step of steps) s = stepper.apply(s, step);
  const out = [...steps];
  while (isBusySnapshot(s)) {
    const [first] = source(s);
    if (!first) throw new Error(`no answer for busy state ${JSON.stringify(s.value)}`);
    out.push(first);
    s = stepper.apply(s, first);
  }
  return out;
}

/** Drops a path whose steps are a prefix of another's. */
function withoutPrefixes(paths: PlannedPath[]): PlannedPath[] {
  const sig = (p: PlannedPath) => p.steps.map((s) => JSON.stringify(s.step));
  const sorted = [...paths].sort((a, b) => b.steps.length - a.steps.length);
  const kept: PlannedPath[] = [];
  for (const p of sorted) {
    const mine = sig(p);
    const covered = kept.some(
      (k) => k.input.cimSessionPresent === p.input.cimSessionPresent && mine.every((s, i) => sig(k)[i] === s),
    );
    if (!covered) kept.push(p);
  }
  // Back in the order they were chosen, which follows the definition.
  return paths.filter((p) => kept.includes(p));
}

/** The shortest known way to a step that `pick` wants, over every graph; null if none takes it. */
export function cheapest(graphs: ModelGraph[], pick: (edge: ModelEdge) => boolean) {
  let found: { graph: ModelGraph; steps: PlanStep[] } | null = null;
  for (const graph of graphs) {
    if (pick(graph.start)) return { graph, steps: [] as PlanStep[] };
    for (const edge of graph.edges) {
      if (!pick(edge)) continue;
      const head = edge.from === null ? null : graph.shortest.get(edge.from);
      if (head && (!found || head.steps.length + 1 < found.steps.length))
        found = { graph, steps: [...head.steps, edge.step] };
    }
  }
  return found;
}

/** The steps of a path in groups: one request, then the service answers it causes. */
export function groupsOf(steps: readonly PlannedStep[]): PlannedStep[][] {
  const out: PlannedStep[][] = [];
  for (const s of steps) {
    const last = out[out.length - 1];
    if (s.step.type === 'service' && last) last.push(s);
    else out.push([s]);
  }
  return out;
}

const onlyLogOutFirst = (s: JourneySnapshot) => !s.matches('logOutFirst');

/** The graphs of the two ways a journey can start (without and with a Care Identity Management session). */
export function startGraphs(steps?: StepSource): ModelGraph[] {
  return [
    buildGraph(journeyInput(false), steps ? { steps } : {}),
    buildGraph(journeyInput(true), { stopWhen: onlyLogOutFirst, ...(steps ? { steps } : {}) }),
  ];
}

export interface Plan {
  paths: PlannedPath[];
  /** Transition and state ids of the definition the paths take. */
  covered: { transitions: string[]; states: string[] };
  /** Those no path can take with the steps allowed. */
  unreachable: { transitions: string[]; states: string[] };
  /** Variant tours the statechart does not let through (variants.ts). */
  tourProblems?: string[];
}

/**
 * The one planner: a path per transition candidate and per state node of the definition, built from
 * the steps `source` allows (the whole catalogue for the statechart; only what HTTP can cause for the
 * HTTP replay).
 */
export function planPaths(source: StepSource = catalogue): Plan {
  const graphs = startGraphs(source);
  const chosen: PlannedPath[] = [];
  const covered = { transitions: new Set<string>(), states: new Set<string>() };
  const unreachable = { transitions: [] as string[], states: [] as string[] };
  const take = (name: string, pick: (edge: ModelEdge) => boolean): boolean => {
    const found = cheapest(graphs, pick);
    if (!found) return false;
    const path = replay(found.graph.input, settleSteps(found.graph.input, found.steps, source), name);
    // The graph merged snapshots by model key; replaying from the start must agree with it.
    if (![path.initial, ...path.steps].some((t) => pick({ ...t, from: null, to: '', step: TIMEOUT_STEP })))
      throw new Error(`model key is not faithful: the path chosen to ${name} does not`);
    for (const t of [path.initial, ...path.steps]) {
      for (const id of t.transitions) covered.transitions.add(id);
      for (const id of t.states) covered.states.add(id);
    }
    chosen.push(path);
    return true;
  };
  for (const t of listTransitions(journeyMachine)) {
    if (covered.transitions.has(t.id)) continue;
    if (!take(`takes ${t.id}`, (e) => e.transitions.includes(t.id))) unreachable.transitions.push(t.id);
  }
  for (const s of listStates(journeyMachine)) {
    if (covered.states.has(s.id)) continue;
    if (!take(`visits ${s.id}`, (e) => e.states.includes(s.id))) unreachable.states.push(s.id);
  }
  return {
    paths: withoutPrefixes(chosen),
    covered: { transitions: [...covered.transitions], states: [...covered.states] },
    unreachable,
  };
}

/** Every path of the statechart, with every answer each service can give, and the variant tours. */
export function planCoveragePaths(): Plan {
  const plan = planPaths();
  const tours = planVariantTours();
  return { ...plan, paths: [...plan.paths, ...tours.paths], tourProblems: tours.problems };
}

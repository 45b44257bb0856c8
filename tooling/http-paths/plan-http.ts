/**
 * The model paths that can be driven over HTTP against the real service. The model (scripts/lib) offers
 * every answer each service can give; against real components some answers cannot be caused from
 * outside (a check that runs in process cannot have an outage). The graph search runs on the model
 * with those answers left out, so every transition it still reaches has a path made of drivable steps;
 * each transition it no longer reaches is listed with the reasons of the answers it needs.
 */
import { getShortestPaths, type StatePath } from '@xstate/graph';
import type { JourneyInput, JourneySnapshot } from '../../src/machine/index.js';
import { journeyMachine } from '../../src/machine/machine.js';
import { type FakeSwitches, REPLAYED_APP_CODE } from '../journey-fakes.js';
import { catalogue } from '../paths/catalogue.js';
import { modelKey } from '../paths/model-key.js';
import {
  buildGraph,
  journeyInput,
  type ModelEdge,
  type ModelGraph,
  type PlannedPath,
  type PlannedStep,
  replay,
} from '../paths/plan.js';
import { pendingService } from '../paths/service-answers.js';
import { listStates, listTransitions } from '../paths/statechart.js';
import {
  createStepper,
  isBusySnapshot,
  type PlanStep,
  type ServiceStep,
  type Stepper,
  stepLogic,
} from '../paths/steps.js';

const IN_PROCESS = 'runs inside the service process: there is no component to stop for an outage';
const SHARED_REDIS =
  'shares one Redis with the journey store: stopping it stops every request before the journey is read, so this answer never comes alone';

/** Why a step cannot be caused over HTTP against the real service, or null when it can. */
export function whyNotOverHttp(step: PlanStep, s: JourneySnapshot): string | null {
  if (step.type !== 'service') return null;
  const sw = (step as ServiceStep).switches;
  const input = pendingService(s)?.input as Record<string, unknown> | undefined;
  if (sw.captcha === 'down') return `verifyCaptcha down: the development image test ${IN_PROCESS}`;
  if (sw.limiter === 'down') return `consumeIdentityCheck down: the rate limiter ${SHARED_REDIS}`;
  if (sw.profile === 'down') return `findProfile down: the profile directory ${SHARED_REDIS}`;
  if (sw.codeCheck === 'down') return `verifyEmailCode down: the keyed-hash code check ${IN_PROCESS}`;
  if (sw.lock === 'down') return `lockIdentity down: the lock ${SHARED_REDIS}`;
  if (sw.password === 'down') return `checkPassword down: the password check ${IN_PROCESS}`;
  if (sw.appSecret === 'down')
    return `createAppSecret down: the secret is made ${IN_PROCESS.replace('runs ', '')}`;
  if (sw.totp === 'down') return `verifyAppCode down: the TOTP check ${IN_PROCESS}`;
  if (sw.passkeyOptions === 'down') return `createPasskeyOptions down: the profile read ${SHARED_REDIS}`;
  if (sw.passkeyVerify === 'down')
    return 'verifyPasskey down: verification runs in process and reports every failure as "not verified", never as an outage';
  if (sw.save === 'down') return `saveAuthenticator down: the directory ${SHARED_REDIS}`;
  if ((sw.save === 'alreadyOnProfile' || sw.save === 'linkedElsewhere') && input?.method === 'app')
    return `saveAuthenticator ${sw.save} for an authenticator app: the directory only answers this for NHS.net Connect and passkeys`;
  if (sw.nhsnetComplete && sw.nhsnetComplete !== 'rejected') {
    const query = (input?.callbackQuery ?? {}) as Record<string, string>;
    if (!query.code)
      return `completeNhsnetLogin ${sw.nhsnetComplete} for a callback without a code: the client always refuses that one`;
  }
  if (sw.totp === 'up' && input?.code === REPLAYED_APP_CODE && input.afterTimeStep === null)
    return 'verifyAppCode "replayed" before any code was accepted: a real check can only call a code replayed once one was used';
  return null;
}

const drivableSteps = (s: JourneySnapshot) => catalogue(s).filter((step) => whyNotOverHttp(step, s) === null);

/** The model graph from one input, with only the steps that can be driven over HTTP. */
function buildHttpGraph(input: JourneyInput, stopWhen?: (s: JourneySnapshot) => boolean): ModelGraph {
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
  const initial = stepper.initialTrace(input);
  const paths: StatePath<JourneySnapshot, PlanStep>[] = getShortestPaths(stepLogic(tracing), {
    input,
    fromState: initial.snapshot,
    events: drivableSteps,
    serializeState: (s: JourneySnapshot) => modelKey(s),
    serializeEvent: (step: PlanStep) => JSON.stringify(step),
    ...(stopWhen ? { stopWhen } : {}),
  });
  const shortest = new Map<string, { steps: PlanStep[]; state: JourneySnapshot }>();
  for (const path of paths)
    shortest.set(modelKey(path.state), { steps: path.steps.slice(1).map((s) => s.event), state: path.state });
  const start: ModelEdge = {
    from: null,
    step: { type: 'view', label: 'start', advanceMs: 0 },
    to: modelKey(initial.snapshot),
    transitions: initial.transitions,
    states: initial.states,
  };
  return { input, start, shortest, edges };
}

const onlyLogOutFirst = (s: JourneySnapshot) => !s.matches('logOutFirst');

/** A path must not stop while a service is pending: it ends with the first drivable answer. */
function settled(input: JourneyInput, steps: PlanStep[]): PlanStep[] {
  const stepper = createStepper();
  let s = stepper.initial(input);
  for (const step of steps) s = stepper.apply(s, step);
  const out = [...steps];
  while (isBusySnapshot(s)) {
    const [first] = drivableSteps(s);
    if (!first) throw new Error(`no drivable answer for busy state ${JSON.stringify(s.value)}`);
    out.push(first);
    s = stepper.apply(s, first);
  }
  return out;
}

function cheapest(graphs: ModelGraph[], pick: (edge: ModelEdge) => boolean) {
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

/** The reasons met on the shortest full-model way to a step that `pick` wants. */
function reasonsFor(fullGraphs: ModelGraph[], pick: (edge: ModelEdge) => boolean): string[] {
  const found = cheapest(fullGraphs, pick);
  if (!found) return ['the model itself finds no way to it'];
  const stepper = createStepper();
  let s = stepper.initial(found.graph.input);
  const reasons = new Set<string>();
  for (const step of found.steps) {
    const why = whyNotOverHttp(step, s);
    if (why) reasons.add(why);
    s = stepper.apply(s, step);
  }
  return [...reasons];
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

/** What a group asks of the services: the fakes' switches, and each service's modelled answer. */
export function answersOf(group: PlannedStep[]) {
  const switches: Partial<FakeSwitches> = {};
  const outputs: Record<string, unknown> = {};
  for (const s of group.slice(1)) {
    const step = s.step as ServiceStep;
    Object.assign(switches, step.switches);
    outputs[step.invokeId] = step.output;
  }
  return { switches, outputs };
}

export interface HttpPlan {
  paths: PlannedPath[];
  /** Transition and state ids of the definition the drivable paths reach. */
  reachable: { transitions: string[]; states: string[] };
  notOverHttp: {
    transitions: { id: string; reasons: string[] }[];
    states: { id: string; reasons: string[] }[];
  };
}

export function planHttpPaths(): HttpPlan {
  const graphs = [buildHttpGraph(journeyInput(false)), buildHttpGraph(journeyInput(true), onlyLogOutFirst)];
  const paths: PlannedPath[] = [];
  const covered = { transitions: new Set<string>(), states: new Set<string>() };
  const missed = { transitions: [] as string[], states: [] as string[] };
  const take = (name: string, pick: (edge: ModelEdge) => boolean): boolean => {
    const found = cheapest(graphs, pick);
    if (!found) return false;
    const path = replay(found.graph.input, settled(found.graph.input, found.steps), name);
    for (const t of [path.initial, ...path.steps]) {
      for (const id of t.transitions) covered.transitions.add(id);
      for (const id of t.states) covered.states.add(id);
    }
    paths.push(path);
    return true;
  };
  for (const t of listTransitions(journeyMachine)) {
    if (!covered.transitions.has(t.id) && !take(`takes ${t.id}`, (e) => e.transitions.includes(t.id)))
      missed.transitions.push(t.id);
  }
  for (const s of listStates(journeyMachine)) {
    if (!covered.states.has(s.id) && !take(`visits ${s.id}`, (e) => e.states.includes(s.id)))
      missed.states.push(s.id);
  }
  const sig = (p: PlannedPath) =>
    `${p.input.cimSessionPresent}|${p.steps.map((st) => JSON.stringify(st.step)).join('|')}`;
  const kept = paths.filter((p) => !paths.some((q) => q !== p && sig(q).startsWith(`${sig(p)}|`)));
  const full = [
    buildGraph(journeyInput(false)),
    buildGraph(journeyInput(true), { stopWhen: onlyLogOutFirst }),
  ];
  return {
    paths: kept,
    reachable: { transitions: [...covered.transitions], states: [...covered.states] },
    notOverHttp: {
      transitions: missed.transitions.map((id) => ({
        id,
        reasons: reasonsFor(full, (e) => e.transitions.includes(id)),
      })),
      states: missed.states.map((id) => ({ id, reasons: reasonsFor(full, (e) => e.states.includes(id)) })),
    },
  };
}

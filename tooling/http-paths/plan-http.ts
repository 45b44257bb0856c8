/**
 * The model paths that can be driven over HTTP against the real service. The model (tooling/paths) offers
 * every answer each service can give; against real components some answers cannot be caused from
 * outside (a check that runs in process cannot have an outage). The graph search runs on the model
 * with those answers left out, so every transition it still reaches has a path made of drivable steps;
 * each transition it no longer reaches is listed with the reasons of the answers it needs.
 */
import type { JourneySnapshot } from '../../src/machine/index.js';
import { type FakeSwitches, REPLAYED_APP_CODE } from '../journey-fakes.js';
import { catalogue } from '../paths/catalogue.js';
import { stateKey } from '../paths/model-key.js';
import {
  cheapest,
  journeyInput,
  type ModelEdge,
  type ModelGraph,
  type PlannedPath,
  type PlannedStep,
  planPaths,
  startGraphs,
} from '../paths/plan.js';
import { pendingService } from '../paths/service-answers.js';
import { createStepper, type PlanStep, type ServiceStep } from '../paths/steps.js';

const IN_PROCESS = 'runs inside the service process: there is no component to stop for an outage';
const SHARED_REDIS =
  'shares one Redis with the journey store: stopping it stops every request before the journey is read, so this answer never comes alone';

const NO_JOURNEY_YET =
  'before "Start now" no journey is stored (viewing the start page writes nothing): there is nothing for the clock to end or to extend';

/** The model states a journey is in before anything was posted: its first pages, as the machine begins. */
let firstPageKeys: Set<string> | null = null;
function isFirstPage(s: JourneySnapshot): boolean {
  if (!firstPageKeys) {
    const stepper = createStepper();
    firstPageKeys = new Set([false, true].map((cim) => stateKey(stepper.initial(journeyInput(cim)))));
  }
  return firstPageKeys.has(stateKey(s));
}

/** Why a step cannot be caused over HTTP against the real service, or null when it can. */
export function whyNotOverHttp(step: PlanStep, s: JourneySnapshot): string | null {
  // A state with the key of a first page may also be reached after a post; leaving its clock steps out
  // there too loses nothing: the timeout and extend transitions are the journey's own, taken elsewhere.
  const clockOnly = step.type === 'view' || (step.type === 'user' && step.event.type === 'JOURNEY_EXTENDED');
  if (clockOnly && isFirstPage(s)) return NO_JOURNEY_YET;
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
  if (sw.nhsnetComplete === 'tokenRejected')
    return 'completeNhsnetLogin tokenRejected: the NHS.net Connect provider always issues a token the client accepts';
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

/** The planner's paths with only the steps HTTP can cause; what that leaves out, with the reasons. */
export function planHttpPaths(): HttpPlan {
  const plan = planPaths(drivableSteps);
  const full = startGraphs();
  const { transitions, states } = plan.unreachable;
  return {
    paths: plan.paths,
    reachable: plan.covered,
    notOverHttp: {
      transitions: transitions.map((id) => ({
        id,
        reasons: reasonsFor(full, (e) => e.transitions.includes(id)),
      })),
      states: states.map((id) => ({ id, reasons: reasonsFor(full, (e) => e.states.includes(id)) })),
    },
  };
}

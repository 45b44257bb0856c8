/** Read-only questions the HTTP layer asks of a journey snapshot. */
import type { SnapshotFrom } from 'xstate';
import type { JourneyMachine } from './machine.js';
import type { ViewMeta } from './setup.js';
import type { JourneyViewId } from './views.js';

export type JourneySnapshot = SnapshotFrom<JourneyMachine>;

type CurrentMeta = ViewMeta & { view: JourneyViewId; stateId: string };

/** Each state's page, worked out once per state node. */
const metaOfNode = new WeakMap<object, CurrentMeta>();

function rememberMeta(node: object, meta: CurrentMeta): CurrentMeta {
  Object.freeze(meta);
  metaOfNode.set(node, meta);
  return meta;
}

/** The meta of the deepest active state that has a view (a leaf state is one page). */
export function currentMeta(snapshot: JourneySnapshot): CurrentMeta {
  // The active states, outermost first (what snapshot.getMeta() reads): the last one with a view.
  const nodes = snapshot._nodes;
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i] as (typeof nodes)[number];
    const meta = node.meta as ViewMeta | undefined;
    if (!meta?.view) continue;
    return metaOfNode.get(node) ?? rememberMeta(node, { ...meta, view: meta.view, stateId: node.id });
  }
  throw new Error(`no view for state ${JSON.stringify(snapshot.value)}`);
}

export function currentView(snapshot: JourneySnapshot): JourneyViewId {
  return currentMeta(snapshot).view;
}

export function isBusy(snapshot: JourneySnapshot): boolean {
  return snapshot.hasTag('busy');
}

export function canGoBack(snapshot: JourneySnapshot): boolean {
  return snapshot.can({ type: 'BACK_SELECTED' });
}

/** The views of the statechart's states (the pages the HTTP layer may serve), each with whether reaching
 *  one of its states erases the journey. */
function viewsOf(machine: JourneyMachine): Map<string, boolean> {
  const views = new Map<string, boolean>();
  const walk = (node: { meta?: ViewMeta; states: Record<string, unknown> }) => {
    if (node.meta?.view)
      views.set(node.meta.view, node.meta.erase === true || views.get(node.meta.view) === true);
    for (const child of Object.values(node.states)) walk(child as typeof node);
  };
  walk(machine.root as unknown as { meta?: ViewMeta; states: Record<string, unknown> });
  return views;
}

export function journeyViewIds(machine: JourneyMachine): Set<string> {
  return new Set(viewsOf(machine).keys());
}

/** The views of states that erase the journey (meta.erase): shown with no journey behind them. */
export function erasingViewIds(machine: JourneyMachine): Set<string> {
  return new Set([...viewsOf(machine)].filter(([, erase]) => erase).map(([view]) => view));
}

type StateNodeOf = JourneySnapshot['_nodes'][number];
const BACK = 'BACK_SELECTED';

/** Where BACK_SELECTED leads: a page, no page (null), or undefined when only the engine can tell. */
type Back = { view: JourneyViewId | null | undefined };
const UNDECIDED: Back = { view: undefined };

/** What BACK_SELECTED shows from each leaf state, worked out once per leaf. */
const backOfLeaf = new WeakMap<object, Back>();

function rememberBack(leaf: StateNodeOf): Back {
  const back = backFromStructure(leaf) ?? UNDECIDED;
  backOfLeaf.set(leaf, back);
  return back;
}

/** The state BACK_SELECTED enters from `leaf`, when one unguarded transition to one plain target
 *  decides it; undefined when a guard, a pattern, a history or parallel state, an eventless
 *  transition, a timer or a service could change the answer. */
function backFromStructure(leaf: StateNodeOf): { view: JourneyViewId | null } | undefined {
  let handler: StateNodeOf | undefined;
  for (let node: StateNodeOf | undefined = leaf; node; node = node.parent) {
    const on = node.on as Record<string, unknown[]>;
    if (Object.keys(on).some((descriptor) => descriptor.includes('*'))) return undefined;
    if (!handler && on[BACK]) handler = node;
  }
  if (!handler) return { view: null };
  const transitions = handler.on[BACK] as { guard?: unknown; target?: StateNodeOf[] }[];
  const only = transitions[0];
  if (transitions.length !== 1 || !only || only.guard || only.target?.length !== 1) return undefined;
  const plain = (node: StateNodeOf) =>
    node.type !== 'history' &&
    node.type !== 'parallel' &&
    !node.always &&
    !node.invoke.length &&
    !node.after.length;
  let entered = only.target[0] as StateNodeOf;
  for (let up: StateNodeOf | undefined = entered; up; up = up.parent) if (!plain(up)) return undefined;
  while (entered.type === 'compound') {
    const initial = entered.initial.target[0] as StateNodeOf | undefined;
    if (!initial || !plain(initial)) return undefined;
    entered = initial;
  }
  if (entered.type === 'final') return { view: null };
  for (let node: StateNodeOf | undefined = entered; node; node = node.parent) {
    const meta = node.meta as ViewMeta | undefined;
    if (meta?.view) return { view: meta.redirect ? null : meta.view };
  }
}

/**
 * The page BACK_SELECTED leads to from an active journey, read from the statechart where its shape
 * alone decides it (one unguarded transition into states with no eventless transition, timer or
 * service), worked out once per state; null when back leads to no page; undefined when only running
 * the machine can tell. test/machine/back-view.test.ts holds it to the engine's answer in every
 * state the journey can reach.
 */
export function backViewFromStatechart(snapshot: JourneySnapshot): JourneyViewId | null | undefined {
  const nodes = snapshot._nodes;
  let leaf: StateNodeOf | undefined;
  for (const node of nodes) {
    if (node.type !== 'atomic') continue;
    // Parallel regions: more than one leaf.
    if (leaf) return undefined;
    leaf = node;
  }
  // At a final state inside a compound one, the engine answers.
  if (!leaf) return undefined;
  return (backOfLeaf.get(leaf) ?? rememberBack(leaf)).view;
}

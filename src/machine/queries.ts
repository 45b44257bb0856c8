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

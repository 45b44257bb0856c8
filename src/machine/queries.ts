/** Read-only questions the HTTP layer asks of a journey snapshot. */
import type { SnapshotFrom } from 'xstate';
import type { JourneyMachine } from './machine.js';
import type { ViewMeta } from './setup.js';
import type { JourneyViewId } from './views.js';

export type JourneySnapshot = SnapshotFrom<JourneyMachine>;

type CurrentMeta = ViewMeta & { view: JourneyViewId; stateId: string };

/** A snapshot never changes: its page is worked out once (a request asks several times). */
const metaOf = new WeakMap<JourneySnapshot, CurrentMeta>();

/** The meta of the deepest active state that has a view (a leaf state is one page). */
export function currentMeta(snapshot: JourneySnapshot): CurrentMeta {
  const known = metaOf.get(snapshot);
  if (known) return known;
  const metas = snapshot.getMeta() as Record<string, ViewMeta | undefined>;
  let found: CurrentMeta | null = null;
  for (const [stateId, meta] of Object.entries(metas)) {
    if (meta?.view) found = { ...meta, view: meta.view, stateId };
  }
  if (!found) throw new Error(`no view for state ${JSON.stringify(snapshot.value)}`);
  Object.freeze(found);
  metaOf.set(snapshot, found);
  return found;
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

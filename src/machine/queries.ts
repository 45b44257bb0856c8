/** Read-only questions the HTTP layer asks of a journey snapshot. */
import { createActor, type Snapshot, type SnapshotFrom } from 'xstate';
import type { JourneyEvent } from './events.js';
import { guards } from './guards.js';
import type { JourneyMachine } from './machine.js';
import type { ViewMeta } from './setup.js';

export type JourneySnapshot = SnapshotFrom<JourneyMachine>;

/** The meta of the deepest active state that has a view (a leaf state is one page). */
export function currentMeta(snapshot: JourneySnapshot): ViewMeta & { stateId: string } {
  const metas = snapshot.getMeta() as Record<string, ViewMeta | undefined>;
  let found: (ViewMeta & { stateId: string }) | null = null;
  for (const [stateId, meta] of Object.entries(metas)) {
    if (meta?.view) found = { ...meta, stateId };
  }
  if (!found) throw new Error(`no view for state ${JSON.stringify(snapshot.value)}`);
  return found;
}

export function currentView(snapshot: JourneySnapshot): string {
  return currentMeta(snapshot).view as string;
}

export function isBusy(snapshot: JourneySnapshot): boolean {
  return snapshot.hasTag('busy');
}

export function canGoBack(snapshot: JourneySnapshot): boolean {
  return snapshot.can({ type: 'BACK_SELECTED' });
}

/** An actor continuing a persisted journey (the input was used when it began and is not needed again). */
export function restoreJourney(machine: JourneyMachine, snapshot: unknown) {
  return createActor(machine, { snapshot: snapshot as Snapshot<unknown>, input: undefined as never });
}

/** Every view id of the machine, from its state nodes' meta (the pages the HTTP layer may serve). */
export function journeyViewIds(machine: JourneyMachine): Set<string> {
  const views = new Set<string>();
  const walk = (node: { meta?: ViewMeta; states: Record<string, unknown> }) => {
    if (node.meta?.view) views.add(node.meta.view);
    for (const child of Object.values(node.states)) walk(child as typeof node);
  };
  walk(machine.root as unknown as { meta?: ViewMeta; states: Record<string, unknown> });
  return views;
}

/** Whether this clock tick would end the journey (the root's timeout guard), without running the machine:
 *  a page view only needs a write when it would. */
export function isTimedOutBy(snapshot: JourneySnapshot, tick: JourneyEvent) {
  return guards.isJourneyTimedOut({ context: snapshot.context, event: tick });
}

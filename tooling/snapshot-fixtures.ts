/**
 * One persisted snapshot per page of the journey, at the current MACHINE_VERSION: journeys already in
 * the store when a new version is deployed look like these. The planner's paths reach every page; the
 * first time a path rests on a page, its persisted snapshot is kept.
 */
import { createJourneyEngine, currentView, MACHINE_VERSION } from '../src/machine/index.js';
import { planCoveragePaths } from './paths/plan.js';
import { createStepper, isBusySnapshot } from './paths/steps.js';

export const SNAPSHOT_FIXTURES_FILE = 'test/fixtures/persisted-snapshots.json';

export interface SnapshotFixtures {
  machineVersion: number;
  /** View id → a persisted snapshot resting on that view. */
  snapshots: Record<string, unknown>;
}

export function recordSnapshotFixtures(): SnapshotFixtures {
  const stepper = createStepper();
  const engine = createJourneyEngine();
  const snapshots: Record<string, unknown> = {};
  for (const path of planCoveragePaths().paths) {
    let snapshot = stepper.initial(path.input);
    const keep = () => {
      if (isBusySnapshot(snapshot)) return;
      const view = currentView(snapshot);
      if (!(view in snapshots)) snapshots[view] = engine.persist(snapshot);
    };
    keep();
    for (const { step } of path.steps) {
      snapshot = stepper.apply(snapshot, step);
      keep();
    }
  }
  const sorted = Object.fromEntries(Object.entries(snapshots).sort(([a], [b]) => a.localeCompare(b)));
  return { machineVersion: MACHINE_VERSION, snapshots: sorted };
}

/**
 * Journeys stored by the version now deployed must still be readable by the next one. The fixture holds
 * one persisted snapshot per page at MACHINE_VERSION; a machine change that moves or breaks any of them
 * must bump MACHINE_VERSION (old journeys then end as timed out) and re-record the fixture.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createJourneyEngine,
  currentView,
  JOURNEY_VIEW_IDS,
  MACHINE_VERSION,
} from '../../src/machine/index.js';
import { SNAPSHOT_FIXTURES_FILE, type SnapshotFixtures } from '../../tooling/snapshot-fixtures.js';

const fixtures = JSON.parse(readFileSync(SNAPSHOT_FIXTURES_FILE, 'utf8')) as SnapshotFixtures;
const engine = createJourneyEngine();
const HOW = 'bump MACHINE_VERSION in src/machine/machine.ts and run npm run snapshots:record';

describe('persisted snapshots of the deployed version', () => {
  it(`are recorded at the current MACHINE_VERSION (${MACHINE_VERSION}) — otherwise: ${HOW}`, () => {
    expect(fixtures.machineVersion).toBe(MACHINE_VERSION);
  });

  it('cover every page of the journey', () => {
    expect(Object.keys(fixtures.snapshots).sort()).toEqual([...JOURNEY_VIEW_IDS].sort());
  });

  it.each(Object.entries(fixtures.snapshots))(
    `%s restores on the same page (else: ${HOW})`,
    (view, persisted) => {
      const snapshot = engine.restore(persisted);
      expect(snapshot).not.toBeNull();
      expect(currentView(snapshot as NonNullable<typeof snapshot>)).toBe(view);
    },
  );

  it('a snapshot from another shape is refused, not a crash', () => {
    expect(engine.restore({ status: 'active', value: { nowhere: 'atAll' }, context: {} })).toBeNull();
    expect(engine.restore('not a snapshot')).toBeNull();
  });
});

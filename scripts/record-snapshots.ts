/** npm run snapshots:record — writes one persisted snapshot per page at the current MACHINE_VERSION. */
import { writeFileSync } from 'node:fs';
import { recordSnapshotFixtures, SNAPSHOT_FIXTURES_FILE } from '../tooling/snapshot-fixtures.js';

const fixtures = recordSnapshotFixtures();
writeFileSync(SNAPSHOT_FIXTURES_FILE, `${JSON.stringify(fixtures, null, 1)}\n`);
process.stdout.write(
  `${SNAPSHOT_FIXTURES_FILE}: ${Object.keys(fixtures.snapshots).length} pages at machine version ${fixtures.machineVersion}\n`,
);

/**
 * Run by context-shape.test.ts in a node with --allow-natives-syntax: for the stored journey of every
 * page, restored and moved on as requests move it (the clock, then "back" where there is one), whether
 * V8 keeps the context's properties fast. Prints one JSON line: the pages whose context is not.
 */
import { readFileSync } from 'node:fs';
import { canGoBack, createJourneyEngine, type JourneySnapshot } from '../../src/machine/index.js';
import { SNAPSHOT_FIXTURES_FILE, type SnapshotFixtures } from '../../tooling/snapshot-fixtures.js';

const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
const fixtures = JSON.parse(readFileSync(SNAPSHOT_FIXTURES_FILE, 'utf8')) as SnapshotFixtures;
const engine = createJourneyEngine();
const slow: string[] = [];
let checked = 0;
const check = (page: string, when: string, s: JourneySnapshot) => {
  checked++;
  if (!hasFastProperties(s.context)) slow.push(`${page} ${when}`);
};
for (const [page, persisted] of Object.entries(fixtures.snapshots)) {
  const restored = engine.restore(persisted);
  if (!restored) throw new Error(`${page} does not restore`);
  const now = (restored.context as { now: number }).now;
  let s = restored;
  for (let i = 1; i <= 3; i++) {
    s = engine.advanceUntilService(s, { now: now + i * 1000, userActive: true }, []).snapshot;
    check(page, `after tick ${i}`, s);
  }
  if (s.status === 'active' && canGoBack(s)) {
    const back = engine.advanceUntilService(s, { now: now + 5000, userActive: true }, [
      { type: 'BACK_SELECTED' },
    ]);
    check(page, 'after back', back.snapshot);
  }
}
// A new journey, as the start page makes it, on to enter-details.
let fresh = engine.begin({ journeyNonce: 'n', now: 1_000_000, cimSessionPresent: false }).snapshot;
check('start', 'when begun', fresh);
fresh = engine.advanceUntilService(fresh, { now: 1_001_000, userActive: true }, [
  { type: 'START_SELECTED', cimSessionPresent: false },
]).snapshot;
check('start', 'after "Start now"', fresh);
process.stdout.write(`${JSON.stringify({ checked, slow })}\n`);

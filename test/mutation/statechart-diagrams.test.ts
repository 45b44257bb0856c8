/**
 * What analysts read (docs/statechart.md), checked fast enough for mutation testing: the document drawn
 * from the statechart as it is now, less its one slow section (the shortest paths), must be the one
 * committed. A change to a state's description, a transition's target, guard or actions, a service or a
 * form is then a change analysts would see, and fails here as `npm run docs:check` fails on it. (The
 * everyday suite checks the whole file in test/docs.)
 *
 * The statechart is imported inside the test, for the reason given in oracle-replay.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const committed = readFileSync(new URL('../../docs/statechart.md', import.meta.url), 'utf8');

describe('the committed statechart document is the statechart drawn now', () => {
  it('diagrams, tables and checklist (all but the shortest paths)', async () => {
    const { generateStatechartDocs, SHORTEST_PATHS_HEADING } = await import('../../tooling/docs/docs.js');
    const start = committed.indexOf(SHORTEST_PATHS_HEADING);
    const end = committed.indexOf('\n## ', start + 1);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const withoutPaths = committed.slice(0, start) + committed.slice(end + 1);
    expect(generateStatechartDocs({ shortestPaths: false })).toBe(withoutPaths);
  });
});

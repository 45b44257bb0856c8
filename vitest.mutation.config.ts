import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Fastest and sharpest first: with Stryker's bail, a mutant is killed by the first test that fails. */
const ORDER = [
  'test/mutation/oracle-replay',
  'test/machine/',
  'test/screens/',
  'test/mutation/statechart-diagrams',
  'test/property/',
];
const rank = (spec: TestSpecification) => {
  const i = ORDER.findIndex((dir) => spec.moduleId.includes(`/${dir}`));
  return i === -1 ? ORDER.length : i;
};

class SharpestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

/**
 * The tests `npm run test:mutation` runs against each mutant: the oracle replay of the paths planned
 * once (test/mutation), the machine unit tests, the form ⇄ event tests, the committed diagrams drawn
 * again (test/mutation) and the property tests. The
 * path tests of test/paths plan every path on each run, too slow to repeat for every mutant.
 */
export default defineConfig({
  test: {
    include: [
      'test/mutation/**/*.test.ts',
      'test/machine/**/*.test.ts',
      'test/screens/**/*.test.ts',
      'test/property/**/*.test.ts',
    ],
    sequence: { sequencer: SharpestFirst },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});

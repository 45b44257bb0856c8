/**
 * The path tests' oracle check, fast enough for mutation testing: the paths planned once on the
 * statechart as it was (scripts/mutation-plan.ts, MUTATION_PLAN names the file) are replayed through
 * the machine as it is now, every step checked against the SPEC oracle (tooling/oracle) only. One test
 * per path, so that Stryker runs only the paths that reach a mutant.
 *
 * Only run by `npm run test:mutation` (vitest.mutation.config.ts); the everyday suite plans the paths
 * itself in test/paths.
 */
import { describe, expect, it } from 'vitest';
import { journeyMachine } from '../../src/machine/machine.js';
import { readCachedPlan } from '../../tooling/paths/cached-plan.js';
import { CoverageCounter } from '../../tooling/paths/coverage.js';
import { runPath } from '../../tooling/paths/run-on-fakes.js';

const file = process.env.MUTATION_PLAN;
if (!file) throw new Error('MUTATION_PLAN must name the planned paths (npm run test:mutation writes them)');
const { paths } = readCachedPlan(file);

describe('replayed paths agree with the SPEC oracle at every step', () => {
  it('has a plan', () => {
    expect(paths.length).toBeGreaterThan(50);
  });

  it.each(paths.map((p) => [p.name, p] as const))('%s', async (_name, path) => {
    const run = await runPath(path, new CoverageCounter(journeyMachine), { planned: false });
    expect(run.failures).toEqual([]);
  });
});

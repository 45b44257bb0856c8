/**
 * The path tests' oracle check, fast enough for mutation testing: the paths planned once on the
 * statechart as it was (scripts/mutation-plan.ts, MUTATION_PLAN names the file) are replayed through
 * the machine as it is now, every step checked against the SPEC oracle (tooling/oracle) only. One test
 * per path, so that Stryker runs only the paths that reach a mutant.
 *
 * The statechart is imported inside the tests: a mutant that breaks it while it loads then fails these
 * tests, instead of leaving a file that could not load (which the test runner would count as no test).
 *
 * Only run by `npm run test:mutation` (vitest.mutation.config.ts); the everyday suite plans the paths
 * itself in test/paths.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CachedPlan } from '../../tooling/paths/cached-plan.js';

const file = process.env.MUTATION_PLAN;
if (!file) throw new Error('MUTATION_PLAN must name the planned paths (npm run test:mutation writes them)');
const { paths } = JSON.parse(readFileSync(file, 'utf8')) as CachedPlan;

const load = async () => {
  const [{ journeyMachine }, { CoverageCounter }, { runPath }] = await Promise.all([
    import('../../src/machine/machine.js'),
    import('../../tooling/paths/coverage.js'),
    import('../../tooling/paths/run-on-fakes.js'),
  ]);
  return { journeyMachine, CoverageCounter, runPath };
};

describe('replayed paths agree with the SPEC oracle at every step', () => {
  it('has a plan, and the statechart loads', async () => {
    expect(paths.length).toBeGreaterThan(50);
    const { journeyMachine } = await load();
    expect(journeyMachine.id).toBe('journey');
  });

  it.each(paths.map((p) => [p.name, p] as const))('%s', async (_name, path) => {
    const { journeyMachine, CoverageCounter, runPath } = await load();
    const run = await runPath(path, new CoverageCounter(journeyMachine), { planned: false });
    expect(run.failures).toEqual([]);
  });
});

/**
 * Model-based path coverage: plans paths over the journey statechart with @xstate/graph, runs every
 * path on the machine with the in-test service fakes, and counts the states and transitions of the
 * definition that running them reached. Exits 1 below 100%, listing what was missed.
 *
 *   npm run test:paths            summary
 *   npm run test:paths -- --list  also every path, step by step
 */
import { ORACLE, rowKey } from '../tooling/oracle/table.js';
import { formatCoverage, isComplete } from '../tooling/paths/coverage.js';
import { planCoveragePaths } from '../tooling/paths/plan.js';
import { runPaths } from '../tooling/paths/run-on-fakes.js';

const list = process.argv.includes('--list');
const { paths, unreachable, tourProblems = [] } = planCoveragePaths();
const { runs, coverage } = await runPaths(paths);

const steps = paths.reduce((n, p) => n + p.steps.length, 0);
console.log(`${paths.length} paths, ${steps} steps, run on the statechart with the in-test service fakes`);
if (list)
  for (const p of paths)
    console.log(
      `- ${p.name}: ${p.steps.map((s) => s.step.label).join(' -> ')} => ${p.steps.at(-1)?.expect.state}`,
    );
for (const id of unreachable.transitions) console.log(`the model found no way to take ${id}`);
for (const id of unreachable.states) console.log(`the model found no way to visit ${id}`);
for (const problem of tourProblems) console.log(`FAILED ${problem}`);
const failed = runs.filter((r) => !r.ok);
for (const r of failed) console.log(`FAILED ${r.name}\n  ${r.failures.join('\n  ')}`);
console.log(`paths passed: ${runs.length - failed.length}/${runs.length}`);
for (const line of formatCoverage(coverage)) console.log(line);
const hit = new Set(runs.flatMap((r) => r.rows.map((row) => rowKey(row.page, row.input))));
const missed = ORACLE.filter((row) => !hit.has(rowKey(row.page, row.input)));
console.log(`variants covered: ${ORACLE.length - missed.length}/${ORACLE.length}`);
for (const row of missed) console.log(`  missed variant: ${row.page} | ${row.input}`);
process.exitCode =
  tourProblems.length === 0 && failed.length === 0 && isComplete(coverage) && missed.length === 0 ? 0 : 1;

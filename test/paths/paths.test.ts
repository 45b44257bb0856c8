import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventSchemas } from '../../src/machine/events.js';
import { journeyMachine } from '../../src/machine/machine.js';
import { ORACLE, rowKey } from '../../tooling/oracle/table.js';
import { CATALOGUED_EVENT_TYPES } from '../../tooling/paths/catalogue.js';
import type { CoverageReport } from '../../tooling/paths/coverage.js';
import { CoverageCounter, formatCoverage } from '../../tooling/paths/coverage.js';
import { type PlannedPath, planCoveragePaths } from '../../tooling/paths/plan.js';
import { type PathRun, runPath, runPaths } from '../../tooling/paths/run-on-fakes.js';
import { MODELLED_SERVICES } from '../../tooling/paths/service-answers.js';
import { listStates, listTransitions, stateNodes } from '../../tooling/paths/statechart.js';

let paths: PlannedPath[];
let unreachable: { transitions: string[]; states: string[] };
let runs: PathRun[];
let coverage: CoverageReport;

beforeAll(async () => {
  let tourProblems: string[] | undefined;
  ({ paths, unreachable, tourProblems } = planCoveragePaths());
  expect(tourProblems).toEqual([]);
  ({ runs, coverage } = await runPaths(paths));
}, 120_000);

describe('model-based path coverage of the journey statechart', () => {
  it('finds a way to every state and every transition of the definition', () => {
    expect(unreachable).toEqual({ transitions: [], states: [] });
  });

  it('runs every path on the machine with the service fakes, each step showing the planned state', () => {
    expect(runs.filter((r) => !r.ok)).toEqual([]);
    expect(runs.length).toBe(paths.length);
  });

  it('covers 100% of the states and transitions counted from the definition', () => {
    expect(coverage.states.total).toBe(stateNodes(journeyMachine).length);
    expect(coverage.transitions.total).toBe(listTransitions(journeyMachine).length);
    expect(coverage.unknown).toEqual([]);
    expect(formatCoverage(coverage)).toEqual([
      `states covered: ${coverage.states.total}/${coverage.states.total}`,
      `transitions covered: ${coverage.transitions.total}/${coverage.transitions.total}`,
    ]);
  });

  it('counts the eventless, done and error candidates of the definition as transitions', () => {
    const kinds = new Set(listTransitions(journeyMachine).map((t) => t.kind));
    expect([...kinds].sort()).toEqual(['always', 'done', 'error', 'event']);
    expect(listStates(journeyMachine).map((s) => s.id)).toEqual(
      expect.arrayContaining([
        'journey.opening',
        'emailCodeNeeded',
        'journey.addAuthenticator',
        'sessionTimedOut',
      ]),
    );
  });

  it('fails a path whose expected screen is not the one the machine shows', async () => {
    const path = paths.find((p) => p.steps.some((s) => s.expect.view === 'enter-email-code')) as PlannedPath;
    const tampered: PlannedPath = structuredClone(path);
    const step = tampered.steps.find((s) => s.expect.view === 'enter-email-code');
    if (!step) throw new Error('no enter-email-code step');
    step.expect = { ...step.expect, view: 'enter-details', state: 'enterDetails' };
    const run = await runPath(tampered, new CoverageCounter(journeyMachine));
    expect(run.ok).toBe(false);
    expect(run.failures.join('\n')).toContain('enter-details');
  });

  it('reaches every row of the SPEC oracle (data variants), each step agreeing with it', () => {
    const hit = new Set(runs.flatMap((r) => r.rows.map((row) => rowKey(row.page, row.input))));
    expect(ORACLE.filter((row) => !hit.has(rowKey(row.page, row.input))).map((r) => r.input)).toEqual([]);
  });

  it('keeps the oracle free of the statechart: tooling/oracle imports nothing from src/machine', () => {
    const dir = new URL('../../tooling/oracle/', import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f !== 'observe.ts')) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      expect(text, file).not.toMatch(/from '[^']*src\/machine/);
      expect(text, file).not.toMatch(/from '[^']*(journey-fakes|tooling\/paths)/);
    }
  });

  it('has payloads for every user event and answers for every invoked service', () => {
    for (const type of Object.keys(eventSchemas)) expect(CATALOGUED_EVENT_TYPES).toContain(type);
    const invoked = listStates(journeyMachine).flatMap((s) => s.invokes.map((i) => i.src));
    for (const src of invoked) expect(MODELLED_SERVICES).toContain(src);
  });
});

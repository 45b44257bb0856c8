/**
 * Runs planned paths on the real statechart with the in-test fakes of every service, through the
 * journey engine as the HTTP layer runs it: a request at a time, each service answering as the fakes'
 * switches say. A service step is not sent: the switches are set before the request so that the fake
 * answers what the step says, and the engine feeds that answer back.
 */
import type { InspectionEvent } from 'xstate';
import { createJourneyEngine, type JourneySnapshot } from '../../src/machine/index.js';
import { journeyMachine } from '../../src/machine/machine.js';
import {
  defaultSwitches,
  type FakeRecord,
  type FakeSwitches,
  fakeServices,
  LIMITER_RETRY_AFTER_MS,
} from '../journey-fakes.js';
import { Oracle, OracleError, type OracleRow, type OracleStep } from '../oracle/classify.js';
import { difference, observe, recordEffects } from '../oracle/observe.js';
import type { Effect } from '../oracle/table.js';
import { CoverageCounter, type CoverageReport } from './coverage.js';
import { type Expectation, expectationOf, groupsOf, type PlannedPath, type PlannedStep } from './plan.js';
import { type MicrostepLike, type ServiceStep, traceMicrosteps } from './steps.js';

export interface PathRun {
  name: string;
  ok: boolean;
  failures: string[];
  /** The oracle rows its steps fell in and agreed with. */
  rows: OracleRow[];
}

/** A planned step as the oracle reads it. */
export function oracleStep(step: PlannedStep['step']): OracleStep {
  if (step.type === 'user') return { kind: 'user', advanceMs: step.advanceMs, event: step.event };
  return { kind: 'view', advanceMs: step.type === 'view' ? step.advanceMs : 0 };
}

/** The parts of an expectation that running must reproduce exactly. */
const compared = (e: Expectation) =>
  JSON.stringify({
    state: e.state,
    status: e.status,
    view: e.view,
    busy: e.busy,
    errors: e.errors,
    notice: e.notice,
    key: e.key,
  });

function switchesFor(group: PlannedStep[], name: string): FakeSwitches {
  const sw = defaultSwitches();
  const set = new Map<string, string>();
  for (const s of group) {
    if (s.step.type !== 'service') continue;
    for (const [k, v] of Object.entries((s.step as ServiceStep).switches)) {
      if (set.has(k) && set.get(k) !== v)
        throw new Error(`${name}: switch ${k} needed as ${set.get(k)} and ${v}`);
      set.set(k, v);
    }
  }
  return Object.assign(sw, Object.fromEntries(set));
}

export interface RunOptions {
  /**
   * Whether each step must also show the state the planner recorded (true for the path tests). A
   * replay of a cached plan through a changed machine (mutation testing) checks the oracle only: the
   * recorded states came from the machine as it was, and are no answer SPEC gives.
   */
  planned?: boolean;
}

export async function runPath(
  path: PlannedPath,
  coverage: CoverageCounter,
  options: RunOptions = {},
): Promise<PathRun> {
  const planned = options.planned ?? true;
  const failures: string[] = [];
  const switches = defaultSwitches();
  const record: FakeRecord = { sent: [], saved: [], locks: 0 };
  const effects: Effect[] = [];
  const services = recordEffects(fakeServices(switches, record), effects);
  const oracle = new Oracle({ now: path.input.now, cimSessionPresent: path.input.cimSessionPresent });
  const rows: OracleRow[] = [];
  const microsteps: MicrostepLike[] = [];
  const engine = createJourneyEngine(journeyMachine, {
    inspect: (ev: InspectionEvent) => {
      if (ev.type === '@xstate.microstep') microsteps.push(ev as unknown as MicrostepLike);
    },
  });
  const check = (where: string, expected: Expectation, snapshot: JourneySnapshot | undefined) => {
    if (!planned) return;
    const actual = snapshot ? compared(expectationOf(snapshot)) : 'nothing';
    if (actual !== compared(expected))
      failures.push(`${where}: expected ${compared(expected)}, got ${actual}`);
  };
  let snapshot = engine.begin(path.input).snapshot;
  check('start', path.initial.expect, snapshot);
  const opening = difference(
    oracle.opening,
    await observe(expectationOf(snapshot).view, snapshot, [], path.input.now),
  );
  if (opening) failures.push(`${path.name}, at the start: ${opening}`);
  else rows.push(...oracle.rows);

  let now = path.input.now;
  for (const group of groupsOf(path.steps)) {
    const [first] = group as [PlannedStep];
    if (failures.length || first.step.type === 'service') {
      if (first.step.type === 'service') failures.push(`"${first.step.label}" has no request before it`);
      break;
    }
    Object.assign(switches, switchesFor(group, path.name));
    effects.length = 0;
    now += first.step.advanceMs;
    const isUser = first.step.type === 'user';
    const updates: JourneySnapshot[] = [];
    const events = isUser && first.step.type === 'user' ? [first.step.event] : [];
    const advanced = await engine.advance(snapshot, { now, userActive: isUser }, events, services, (s) =>
      updates.push(s),
    );
    snapshot = advanced.snapshot;
    if (advanced.rotateId) effects.push('journey id renewed');
    if (advanced.meta?.erase) effects.push('journey deleted on the server');
    const stepNo = path.steps.indexOf(first) + 1;
    try {
      const expected = oracle.next(oracleStep(first.step), {
        ...switches,
        limiterRetryAfterMs: String(LIMITER_RETRY_AFTER_MS),
      });
      const actual = await observe(expectationOf(snapshot).view, snapshot, effects, now);
      const differs = difference(expected, actual);
      if (differs)
        failures.push(
          `${path.name}, step ${stepNo} "${first.step.label}" on ${expected.row.page} | ${expected.row.input}: ${differs}`,
        );
      else rows.push(expected.row);
    } catch (err) {
      if (!(err instanceof OracleError)) throw err;
      failures.push(`${path.name}, step ${stepNo} "${first.step.label}": ${err.message}`);
    }
    // The tick's own update comes first; then one update per step of the group.
    const results = isUser && updates.length > 0 ? updates.slice(1) : updates;
    group.forEach((s, i) => {
      check(`"${s.step.label}"`, s.expect, results[i]);
    });
    if (planned && results.length !== group.length)
      failures.push(`"${first.step.label}": ${group.length} updates expected, ${results.length} seen`);
  }
  const traced = traceMicrosteps(microsteps);
  coverage.visit(traced.states);
  coverage.take(traced.transitions);
  return { name: path.name, ok: failures.length === 0, failures, rows };
}

export async function runPaths(
  paths: readonly PlannedPath[],
): Promise<{ runs: PathRun[]; coverage: CoverageReport }> {
  const coverage = new CoverageCounter(journeyMachine);
  const runs: PathRun[] = [];
  for (const path of paths) runs.push(await runPath(path, coverage));
  return { runs, coverage: coverage.report() };
}

/**
 * Runs planned paths on the real statechart with the in-test fakes of every service, driven the way
 * the HTTP layer drives it (as TestJourney does): a clock tick, then the event, then wait until no busy
 * state is active. A service step is not sent: the switches are set before the request so that the
 * fake answers what the step says, and the machine's own promise delivers it.
 */
import { createActor, type InspectionEvent } from 'xstate';
import type { JourneySnapshot } from '../../src/machine/index.js';
import { journeyMachine } from '../../src/machine/machine.js';
import {
  defaultSwitches,
  type FakeRecord,
  type FakeSwitches,
  fakeMachine,
  settle,
} from '../../test/support/journey-fakes.js';
import { CoverageCounter, type CoverageReport } from './coverage.js';
import { type Expectation, expectationOf, type PlannedPath, type PlannedStep } from './plan.js';
import { type MicrostepLike, type ServiceStep, tick, traceMicrosteps } from './steps.js';

export interface PathRun {
  name: string;
  ok: boolean;
  failures: string[];
}

/** A user or page-view step with the service answers that follow it. */
function groups(steps: readonly PlannedStep[]): PlannedStep[][] {
  const out: PlannedStep[][] = [];
  for (const s of steps) {
    const last = out[out.length - 1];
    if (s.step.type === 'service' && last) last.push(s);
    else out.push([s]);
  }
  return out;
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

export async function runPath(path: PlannedPath, coverage: CoverageCounter): Promise<PathRun> {
  const failures: string[] = [];
  const switches = defaultSwitches();
  const record: FakeRecord = { sent: [], saved: [], locks: 0 };
  const updates: { event: string; snapshot: JourneySnapshot }[] = [];
  const microsteps: MicrostepLike[] = [];
  let root: unknown = null;
  const actor = createActor(fakeMachine(switches, record), {
    input: path.input,
    inspect: (ev: InspectionEvent) => {
      if (ev.type === '@xstate.microstep') microsteps.push(ev as unknown as MicrostepLike);
      if (ev.type === '@xstate.snapshot' && ev.actorRef === root)
        updates.push({ event: ev.event.type, snapshot: ev.snapshot as JourneySnapshot });
    },
  });
  root = actor;
  actor.start();
  const check = (where: string, expected: Expectation, snapshot: JourneySnapshot | undefined) => {
    const actual = snapshot ? compared(expectationOf(snapshot)) : 'nothing';
    if (actual !== compared(expected))
      failures.push(`${where}: expected ${compared(expected)}, got ${actual}`);
  };
  check('start', path.initial.expect, actor.getSnapshot());

  let now = path.input.now;
  for (const group of groups(path.steps)) {
    const [first] = group as [PlannedStep];
    if (failures.length || first.step.type === 'service') {
      if (first.step.type === 'service') failures.push(`"${first.step.label}" has no request before it`);
      break;
    }
    Object.assign(switches, switchesFor(group, path.name));
    updates.length = 0;
    now += first.step.advanceMs;
    actor.send(tick(now, first.step.type === 'user'));
    if (first.step.type === 'user' && actor.getSnapshot().status === 'active') actor.send(first.step.event);
    await settle(actor);
    // The tick's own update comes first; then one update per step of the group.
    const results = updates.filter(
      (u, i) => !(i === 0 && u.event === 'CLOCK_TICKED' && first.step.type === 'user'),
    );
    group.forEach((s, i) => {
      check(`"${s.step.label}"`, s.expect, results[i]?.snapshot);
    });
    if (results.length !== group.length)
      failures.push(`"${first.step.label}": ${group.length} updates expected, ${results.length} seen`);
  }
  actor.stop();
  const traced = traceMicrosteps(microsteps);
  coverage.visit(traced.states);
  coverage.take(traced.transitions);
  return { name: path.name, ok: failures.length === 0, failures };
}

export async function runPaths(
  paths: readonly PlannedPath[],
): Promise<{ runs: PathRun[]; coverage: CoverageReport }> {
  const coverage = new CoverageCounter(journeyMachine);
  const runs: PathRun[] = [];
  for (const path of paths) runs.push(await runPath(path, coverage));
  return { runs, coverage: coverage.report() };
}

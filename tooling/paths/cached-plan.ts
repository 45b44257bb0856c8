/**
 * The planned paths written to a file once, so that mutation testing can replay them through each
 * mutant of the statechart without planning again (planning walks the whole model; a replay only sends
 * each path's steps). Only what a replay needs is kept: the name, the journey's input and each step.
 */
import { writeFileSync } from 'node:fs';
import type { PlannedPath } from './plan.js';
import { planCoveragePaths } from './plan.js';

export interface CachedPlan {
  /** When it was planned, and from how many paths: a run says which plan it replayed. */
  plannedAt: string;
  paths: PlannedPath[];
}

/** Plans every path (transitions and data variants) and writes them to `file`. */
export function writeCachedPlan(file: string): CachedPlan {
  const { paths, unreachable, tourProblems = [] } = planCoveragePaths();
  const problems = [...unreachable.transitions, ...unreachable.states, ...tourProblems];
  if (problems.length) throw new Error(`the plan is incomplete: ${problems.join('; ')}`);
  const plan: CachedPlan = { plannedAt: new Date().toISOString(), paths };
  writeFileSync(file, JSON.stringify(plan));
  return plan;
}

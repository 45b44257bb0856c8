/**
 * First part of `npm run test:mutation`: plans the model paths once, on the statechart as it is, and
 * writes them to reports/mutation/paths.json. Each mutant run then replays them (test/mutation) and
 * checks every step against the SPEC oracle.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeCachedPlan } from '../tooling/paths/cached-plan.js';

export const MUTATION_PLAN_FILE = resolve('reports/mutation/paths.json');

mkdirSync(dirname(MUTATION_PLAN_FILE), { recursive: true });
const plan = writeCachedPlan(MUTATION_PLAN_FILE);
const steps = plan.paths.reduce((n, p) => n + p.steps.length, 0);
console.log(`planned ${plan.paths.length} paths, ${steps} steps → ${MUTATION_PLAN_FILE}`);

/**
 * npm run test:paths:http — replays the model paths of the journey statechart as real HTTP requests
 * against the running service (its own redis-server, SMTP capture on loopback, the embedded NHS.net
 * Connect provider, software passkeys). At every step the page served must be the view of the state
 * the model expects, and the journey stored in Redis must be in that state. Coverage is counted over
 * the states and transitions that can be driven over HTTP; the others are listed with the reason.
 * Exits 1 when a path fails or coverage of the drivable ones is below 100%.
 *
 *   npm run test:paths:http            summary
 *   npm run test:paths:http -- --list  also every path and how it went
 */
import { PathDriver } from '../tooling/http-paths/drive.js';
import { planHttpPaths } from '../tooling/http-paths/plan-http.js';
import { ORACLE, rowKey } from '../tooling/oracle/table.js';
import { startService } from '../tooling/support/service-process.js';

const list = process.argv.includes('--list');

async function main(): Promise<number> {
  const plan = planHttpPaths();
  const steps = plan.paths.reduce((n, p) => n + p.steps.length, 0);
  console.log(`${plan.paths.length} paths, ${steps} steps, replayed over HTTP against the running service`);
  const svc = await startService();
  const covered = { transitions: new Set<string>(), states: new Set<string>() };
  const failed: { name: string; failures: string[] }[] = [];
  const rowsHit = new Set<string>();
  try {
    const driver = new PathDriver(svc);
    for (const path of plan.paths) {
      const result = await driver.run(path);
      for (const id of result.transitions) covered.transitions.add(id);
      for (const id of result.states) covered.states.add(id);
      for (const row of result.rows) rowsHit.add(rowKey(row.page, row.input));
      if (result.failures.length) failed.push(result);
      if (list) console.log(`${result.failures.length ? 'FAIL' : 'ok  '} ${path.name}`);
    }
  } finally {
    await svc.stop();
  }

  for (const f of failed) console.log(`FAILED ${f.name}\n  ${f.failures.join('\n  ')}`);
  console.log(`paths passed: ${plan.paths.length - failed.length}/${plan.paths.length}`);
  const reachable = plan.reachable;
  const statesCovered = reachable.states.filter((id) => covered.states.has(id));
  const transitionsCovered = reachable.transitions.filter((id) => covered.transitions.has(id));
  console.log(`states covered: ${statesCovered.length}/${reachable.states.length}`);
  console.log(`transitions covered: ${transitionsCovered.length}/${reachable.transitions.length}`);
  for (const id of reachable.states.filter((id) => !covered.states.has(id)))
    console.log(`  missed state: ${id}`);
  for (const id of reachable.transitions.filter((id) => !covered.transitions.has(id)))
    console.log(`  missed transition: ${id}`);
  const { transitions, states } = plan.notOverHttp;
  console.log(
    `(counted over what HTTP can drive: of the definition's ${reachable.states.length + states.length} states and ${reachable.transitions.length + transitions.length} transitions, ${states.length} states and ${transitions.length} transitions cannot be driven over HTTP:)`,
  );
  for (const t of transitions) console.log(`  ${t.id}: ${t.reasons.join('; ')}`);
  for (const s of states) console.log(`  state ${s.id}: ${s.reasons.join('; ')}`);
  console.log(
    `SPEC oracle rows reached over HTTP: ${rowsHit.size}/${ORACLE.length} (every step checked against its row; the rest need answers HTTP cannot cause, listed above, and are checked by npm run test:paths)`,
  );
  const complete =
    failed.length === 0 &&
    statesCovered.length === reachable.states.length &&
    transitionsCovered.length === reachable.transitions.length;
  return complete ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error((err as Error).stack ?? err);
    process.exit(1);
  },
);

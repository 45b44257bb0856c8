/**
 * Two builds of the service measured side by side: each runs as in production (its own
 * `node <dir>/dist/main.js`, the same Redis, SMTP capture and settings), they take turns round after
 * round (the order flipped each round), and each round's CPU time per step is read from each process.
 * On a shared machine whose speed drifts, the pairs of one round compare; the medians are printed last.
 * Usage:
 *   git worktree add /tmp/before HEAD~1 && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   npm run build && (cd /tmp/before && npm run build)
 *   COMPARE="before=/tmp/before,after=." npx tsx bench/compare.ts
 *   (ROUNDS=4, SECONDS=5, CONNECTIONS=64,16, KIND=fragment for the htmx step)
 * Node's flags can differ too, after a colon (they come after npm start's own, so they win):
 *   COMPARE="now=.,smaller=.:--max-semi-space-size=16" npx tsx bench/compare.ts
 */
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { createRedisProfileDirectory } from '../src/services/directory/redis.js';
import { J, staffProfiles } from '../tooling/support/harness.js';
import { type ProductionService, startProductionService } from '../tooling/support/production-service.js';
import { startRedis } from '../tooling/support/redis-server.js';
import { startSiteverifyServer } from '../tooling/support/siteverify-server.js';
import { startSmtpCapture } from '../tooling/support/smtp-capture.js';
import {
  BENCH_SETTINGS,
  log,
  measure,
  measureWithCpu,
  prepareJourneys,
  sessionsOf,
  type Target,
} from './lib.js';

const builds = (process.env.COMPARE ?? '').split(',').map((entry) => {
  const at = entry.indexOf('=');
  const name = entry.slice(0, Math.max(at, 0));
  const value = entry.slice(at + 1);
  const colon = value.indexOf(':');
  const dir = colon < 0 ? value : value.slice(0, colon);
  const flags = colon < 0 ? '' : value.slice(colon + 1);
  if (!name || !dir)
    throw new Error('COMPARE="name=checkout,name=checkout[:flags]" names two built checkouts');
  return { name, main: resolve(dir, 'dist/main.js'), nodeArgs: flags.split(' ').filter(Boolean) };
});
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const SECONDS = Number(process.env.SECONDS ?? 5);
const CONNECTIONS = (process.env.CONNECTIONS ?? '64,16').split(',').map(Number);
const KIND = process.env.KIND === 'fragment' ? 'fragment' : 'step';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main() {
  const redis = await startRedis();
  const smtp = await startSmtpCapture();
  const siteverify = await startSiteverifyServer('success');
  const inspect = new Redis(redis.url);
  const services: ProductionService[] = [];
  try {
    await createRedisProfileDirectory(inspect).importProfiles(staffProfiles(70));
    const targets: { name: string; pid: number; target: Target }[] = [];
    for (const build of builds) {
      log(`starting ${build.name} (${build.main}) and preparing 64 journeys`);
      const service = await startProductionService({
        redisUrl: redis.url,
        smtpUrl: smtp.url,
        siteverifyUrl: siteverify.url,
        env: BENCH_SETTINGS,
        main: build.main,
        nodeArgs: build.nodeArgs,
      });
      services.push(service);
      const browsers = await prepareJourneys(service, smtp);
      targets.push({
        name: build.name,
        pid: service.pid,
        target: {
          name: 'step',
          kind: KIND,
          url: service.url,
          origin: service.origin,
          path: `${J}/app-instructions`,
          sessions: sessionsOf(browsers, service),
        },
      });
    }
    const cpu = new Map<string, number[]>();
    const p99 = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const connections of CONNECTIONS) {
        const order = round % 2 ? [...targets].reverse() : targets;
        const line: string[] = [];
        for (const { name, pid, target } of order) {
          await measure(target, connections, 2);
          const { result, cpuMicros } = await measureWithCpu(target, connections, SECONDS, pid);
          const steps = (result['2xx'] + result['3xx']) / (KIND === 'step' ? 2 : 1);
          const bad = result['4xx'] + result['5xx'] + result.errors + result.timeouts;
          if (bad > 0) throw new Error(`${name}: ${bad} failed requests`);
          const key = `${name} @${connections}`;
          cpu.set(key, [...(cpu.get(key) ?? []), cpuMicros / steps]);
          p99.set(key, [...(p99.get(key) ?? []), result.latency.p99]);
          line.push(
            `${key}: ${(cpuMicros / steps).toFixed(0)} µs/step, ${(steps / SECONDS).toFixed(0)} steps/s, p99 ${result.latency.p99} ms`,
          );
        }
        log(`round ${round + 1}: ${line.join(' | ')}`);
      }
    }
    for (const connections of CONNECTIONS) {
      const [a, b] = builds.map((build) => median(cpu.get(`${build.name} @${connections}`) ?? []));
      const [pa, pb] = builds.map((build) => median(p99.get(`${build.name} @${connections}`) ?? []));
      process.stdout.write(
        `${connections} connections, median CPU per step: ${builds[0]?.name} ${a?.toFixed(0)} µs, ${builds[1]?.name} ${b?.toFixed(0)} µs (${(((b ?? 0) / (a ?? 1)) * 100).toFixed(0)}%); median p99: ${pa} ms, ${pb} ms\n`,
      );
    }
  } finally {
    for (const service of services) await service.stop();
    inspect.disconnect();
    await siteverify.stop();
    await smtp.stop();
    await redis.stop();
  }
}

await main();

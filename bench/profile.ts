/**
 * Where a step's time goes: runs the built service (production settings, tooling/support/production-service.ts) under `--cpu-prof`, loads the benchmark step at 64
 * connections, and reads the profile of the measured window. Prints, per package or source file,
 * the share of CPU samples with it anywhere on the stack (inclusive) and at the top (self).
 * Usage: npx tsx bench/profile.ts   (PROFILE_SECONDS=10, PROFILE_LOG_LEVEL=info, PROFILE_CONNECTIONS=64, PROFILE_FRAGMENT=1 for
 * the htmx fragment step, PROFILE_KEEP=file.cpuprofile keeps the profile for a closer look)
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createRedisProfileDirectory } from '../src/services/directory/redis.js';
import { J, staffProfiles } from '../tooling/support/harness.js';
import { buildIfStale, startProductionService } from '../tooling/support/production-service.js';
import { startRedis } from '../tooling/support/redis-server.js';
import { startSiteverifyServer } from '../tooling/support/siteverify-server.js';
import { startSmtpCapture } from '../tooling/support/smtp-capture.js';
import { BENCH_SETTINGS, log, measure, prepareJourneys, sessionsOf, type Target } from './lib.js';

/** Inclusive shares of middleware that awaits next() include everything after it: read self too. */
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.PROFILE_CONNECTIONS ?? 64);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A frame's bucket: the npm package, the project file, or what V8 calls it. */
function bucketOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
  if (pkg) return pkg;
  const own =
    url.match(/\/work\/[^/]+\/((?:src|dist|bench|test)\/.*)$/)?.[1] ?? url.match(/((?:src|dist)\/.*)$/)?.[1];
  if (own) return own;
  if (url.startsWith('node:')) return url;
  return `(${functionName || 'anonymous'})`;
}

function analyse(profile: CpuProfile, windowMicros: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const times: number[] = [];
  let t = 0;
  for (const d of profile.timeDeltas) {
    t += d;
    times.push(t);
  }
  const end = times.at(-1) ?? 0;
  const inclusive = new Map<string, number>();
  const self = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    if ((times[i] ?? 0) < end - windowMicros) return;
    const weight = profile.timeDeltas[i] ?? 0;
    total += weight;
    const top = byId.get(id);
    if (top) {
      const bucket = bucketOf(top.callFrame);
      self.set(bucket, (self.get(bucket) ?? 0) + weight);
      const fn = `${top.callFrame.functionName || '(anonymous)'} ${bucket}:${top.callFrame.lineNumber + 1}`;
      selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + weight);
    }
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const node = byId.get(n);
      if (node) seen.add(bucketOf(node.callFrame));
    }
    for (const b of seen) inclusive.set(b, (inclusive.get(b) ?? 0) + weight);
  });
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, us]) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
  return { total, inclusive: top(inclusive, 30), self: top(self, 20), functions: top(selfByFunction, 25) };
}

async function main() {
  buildIfStale();
  const redis = await startRedis();
  const smtp = await startSmtpCapture();
  const siteverify = await startSiteverifyServer('success');
  const inspect = new Redis(redis.url);
  const dir = await mkdtemp(join(tmpdir(), 'profile-'));
  try {
    const service = await startProductionService({
      redisUrl: redis.url,
      smtpUrl: smtp.url,
      siteverifyUrl: siteverify.url,
      logLevel: process.env.PROFILE_LOG_LEVEL ?? 'info',
      env: BENCH_SETTINGS,
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200'],
    });
    await createRedisProfileDirectory(inspect).importProfiles(staffProfiles(70));
    log('preparing 64 journeys');
    const browsers = await prepareJourneys(service, smtp);
    const target: Target = {
      name: 'step',
      kind: process.env.PROFILE_FRAGMENT === '1' ? 'fragment' : 'step',
      url: service.url,
      origin: service.origin,
      path: `${J}/app-instructions`,
      sessions: sessionsOf(browsers, service),
    };
    await measure(target, CONNECTIONS, 3);
    log(`profiling ${SECONDS} s at ${CONNECTIONS} connections`);
    const result = await measure(target, CONNECTIONS, SECONDS);
    await service.stop();
    const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the service wrote no CPU profile');
    const raw = await readFile(join(dir, file), 'utf8');
    if (process.env.PROFILE_KEEP) await writeFile(process.env.PROFILE_KEEP, raw);
    const profile = JSON.parse(raw) as CpuProfile;
    const { total, inclusive, self, functions } = analyse(profile, SECONDS * 1e6);
    const lines = [
      `${target.kind} at ${CONNECTIONS} connections: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms`,
      `CPU samples in the window: ${(total / 1e6).toFixed(1)} s of ${SECONDS} s`,
      '',
      'inclusive (on the stack):',
      ...inclusive,
      '',
      'self (at the top of the stack):',
      ...self,
      '',
      'self, by function:',
      ...functions,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    inspect.disconnect();
    await siteverify.stop();
    await smtp.stop();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

/**
 * Benchmark of one journey step against the service as it runs in production (`node dist/main.js`,
 * NODE_ENV=production, real Redis, SMTP capture, the NHS.net Connect provider in a process of its own;
 * see tooling/support/production-service.ts), with two baselines measured in the same run:
 *   floor   a bare Hono route pair doing one Redis GET + SET and returning a page of the same size;
 *   express the same step on the stack GOV.UK One Login's frontends run: Express 5, express-session with
 *           connect-redis, helmet with a per-request CSP nonce, a CSRF check, pino-http, nunjucks.
 * The step: POST app-instructions without the sole-access box (a validation error: the journey is
 * restored, the event run, the snapshot saved) and the GET of the page it redirects to. It can be
 * repeated for ever, so each connection drives its own journey at that step. The fragment row is the
 * same POST sent by htmx (HX-Request: true), answered with the page fragment in one request.
 * Also: the persisted snapshot sizes, Redis memory per live journey, and the step's throughput with
 * 1,000, 10,000 and 100,000 live journeys in Redis.
 * Usage: npm run bench   (BENCH_ROUNDS=3 rounds of BENCH_SECONDS=5 per target and connection count, the
 * targets taking turns; BENCH_SCALE=0 skips the live-journey scaling rows)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createRedisProfileDirectory } from '../src/services/directory/redis.js';
import { appCode, type Browser, J, staffProfiles } from '../tooling/support/harness.js';
import {
  buildIfStale,
  type ProductionService,
  startProductionService,
} from '../tooling/support/production-service.js';
import { startRedis } from '../tooling/support/redis-server.js';
import { type ServiceProcess, spawnService } from '../tooling/support/service-cluster.js';
import { startSiteverifyServer } from '../tooling/support/siteverify-server.js';
import { startSmtpCapture } from '../tooling/support/smtp-capture.js';
import {
  BENCH_SETTINGS,
  journeyIdOf,
  log,
  measure,
  measureWithCpu,
  prepareJourneys,
  primeExpress,
  sessionsOf,
  type Target,
} from './lib.js';
import { markdownReport, type Row, type ScaleRow } from './report.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Each target is measured this many times, the targets in turn, so that a machine whose speed drifts
 *  (a shared host) slows them alike; a row sums its rounds. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = 3;
const CONNECTIONS = [16, 64];
const MEMORY_JOURNEYS = 10_000;
const SCALE = process.env.BENCH_SCALE === '0' ? [] : [1_000, 10_000, 100_000];

/** The largest stored snapshot along a journey, and at which page: app added, then a passkey ceremony. */
async function snapshotSizes(b: Browser, service: ProductionService, inspect: Redis) {
  const sizes: { view: string; bytes: number }[] = [];
  const note = async () =>
    sizes.push({
      view: b.view(),
      bytes: await inspect.hstrlen(`aa:journey:{${journeyIdOf(b, service)}}`, 'snapshot'),
    });
  await note();
  await b.post(`${J}/app-instructions`, { soleAccess: 'yes' });
  await note();
  await b.post(`${J}/create-password`, {
    password: 'violet tractor umbrella 42',
    confirmPassword: 'violet tractor umbrella 42',
  });
  await note();
  const key = b.last?.html.match(/([A-Z2-7]{4}(?: [A-Z2-7]{1,4}){7,})/)?.[1]?.replace(/ /g, '') ?? '';
  await b.post(`${J}/scan-qr`, {});
  await note();
  await b.post(`${J}/enter-app-code`, { code: appCode(key) });
  await note();
  await b.post(`${J}/app-added/add-another`, {});
  await note();
  await b.post(`${J}/choose-authenticator`, { method: 'passkey' });
  await note();
  await b.post(`${J}/passkey-loading`, { windowsHello: 'no' });
  b.expectView('passkey-register');
  await note();
  return sizes;
}

const usedMemory = async (client: Redis) =>
  Number((await client.info('memory')).match(/used_memory:(\d+)/)?.[1]);

/** Fills the service's Redis up to `total` extra journeys, each a copy of a real stored journey hash
 *  (a sealed snapshot of the same size; never read, so its seal need not match its id). */
async function fillJourneys(client: Redis, from: number, total: number, hash: Record<string, string>) {
  const fields = Object.entries(hash).flat();
  for (let i = from; i < total; i += 1000) {
    const pipeline = client.pipeline();
    for (let j = i; j < Math.min(total, i + 1000); j++) {
      const key = `aa:journey:{bench-live-${String(j).padStart(7, '0')}-aaaaaa}`;
      pipeline.hset(key, ...fields).expire(key, 3600);
    }
    await pipeline.exec();
  }
}

async function main() {
  buildIfStale();
  const redis = await startRedis();
  const smtp = await startSmtpCapture();
  const siteverify = await startSiteverifyServer('success');
  const inspect = new Redis(redis.url);
  const dir = await mkdtemp(join(tmpdir(), 'bench-'));
  const processes: (ServiceProcess | ProductionService)[] = [];
  try {
    log('starting the service (node dist/main.js, production), the floor and the Express peer');
    const service = await startProductionService({
      redisUrl: redis.url,
      smtpUrl: smtp.url,
      siteverifyUrl: siteverify.url,
      logLevel: process.env.BENCH_LOG_LEVEL ?? 'info',
      env: BENCH_SETTINGS,
    });
    processes.push(service);
    await createRedisProfileDirectory(inspect).importProfiles(staffProfiles(70));
    log('preparing 64 journeys at app-instructions');
    const browsers = await prepareJourneys(service, smtp);
    const sample = browsers[0] as Browser;
    const sampleKey = `aa:journey:{${journeyIdOf(sample, service)}}`;
    const pageHtml = (await sample.get(`${J}/app-instructions`)).html;
    const storedHash = await inspect.hgetall(sampleKey);
    const snapshotBytes = Buffer.byteLength(storedHash.snapshot ?? '');
    const pageFile = join(dir, 'page.html');
    await writeFile(pageFile, pageHtml);

    const peerEnv = {
      REDIS_URL: redis.url,
      PAGE_FILE: pageFile,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    };
    const floor = await spawnService(peerEnv, { script: 'bench/floor-server.ts' });
    const express = await spawnService(peerEnv, { script: 'bench/express-server.ts' });
    processes.push(floor, express);
    const sessions = sessionsOf(browsers, service);
    const step: Target = {
      name: 'step',
      kind: 'step',
      url: service.url,
      origin: service.origin,
      path: `${J}/app-instructions`,
      sessions,
    };
    const targets: Target[] = [
      step,
      { ...step, name: 'fragment', kind: 'fragment' },
      {
        name: 'floor',
        kind: 'step',
        url: floor.url,
        origin: floor.url,
        path: '/step',
        sessions: browsers.map((_, i) => ({ cookie: `sid=floor-${i}`, csrf: '' })),
      },
      {
        name: 'express',
        kind: 'step',
        url: express.url,
        origin: express.url,
        path: '/app-instructions',
        sessions: await primeExpress(express.url),
      },
    ];

    const rows: Row[] = [];
    const pids: Record<Target['name'], number> = {
      step: service.pid,
      fragment: service.pid,
      floor: floor.pid,
      express: express.pid,
    };
    type Measured = Awaited<ReturnType<typeof measureWithCpu>>;
    /** A target's row from its rounds: counts and CPU summed, latencies the median round's (max: the
     *  largest). */
    const toRow = (
      name: Target['name'],
      kind: Target['kind'],
      connections: number,
      rounds: Measured[],
    ): Row => {
      const perStep = kind === 'step' ? 2 : 1;
      const ok = rounds.reduce((n, { result: r }) => n + r['2xx'] + r['3xx'], 0);
      const median = (values: number[]) =>
        [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
      const requestsPerSecond =
        rounds.reduce((n, { result: r }) => n + r.requests.average, 0) / rounds.length;
      return {
        target: name,
        connections,
        requestsPerSecond,
        stepsPerSecond: requestsPerSecond / perStep,
        p50: median(rounds.map(({ result: r }) => r.latency.p50)),
        p99: median(rounds.map(({ result: r }) => r.latency.p99)),
        max: Math.max(...rounds.map(({ result: r }) => r.latency.max)),
        ok,
        bad: rounds.reduce((n, { result: r }) => n + r['4xx'] + r['5xx'] + r.errors + r.timeouts, 0),
        cpuMicrosPerStep: rounds.reduce((n, m) => n + m.cpuMicros, 0) / (ok / perStep),
      };
    };
    for (const connections of CONNECTIONS) {
      const measured = new Map<Target['name'], Measured[]>(targets.map((t) => [t.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        // Each round starts with another target, so none is always measured first.
        const order = targets.map((_, i) => targets[(i + round) % targets.length] as Target);
        for (const target of order) {
          const warmup = round === 0 ? WARMUP_SECONDS : 1;
          log(
            `${target.name} at ${connections} connections, round ${round + 1} of ${ROUNDS}: warm-up ${warmup} s, then ${SECONDS} s`,
          );
          await measure(target, connections, warmup);
          measured
            .get(target.name)
            ?.push(await measureWithCpu(target, connections, SECONDS, pids[target.name]));
        }
      }
      for (const target of targets)
        rows.push(toRow(target.name, target.kind, connections, measured.get(target.name) ?? []));
    }
    const revAfter = Number(await inspect.hget(sampleKey, 'rev'));

    const scale: ScaleRow[] = [];
    let filled = 0;
    const memoryBefore = await usedMemory(inspect);
    let memory = { bytesPerJourney: 0, totalMiB: 0, journeys: MEMORY_JOURNEYS };
    for (const live of SCALE) {
      log(`step at 64 connections with ${live} live journeys in Redis`);
      await fillJourneys(inspect, filled, live, storedHash);
      filled = live;
      if (live === MEMORY_JOURNEYS) {
        const delta = (await usedMemory(inspect)) - memoryBefore;
        memory = { bytesPerJourney: Math.round(delta / live), totalMiB: delta / 1024 / 1024, journeys: live };
      }
      await measure(step, 64, WARMUP_SECONDS);
      const r = await measure(step, 64, SECONDS);
      scale.push({ liveJourneys: live, stepsPerSecond: r.requests.average / 2, p99: r.latency.p99 });
    }
    if (!SCALE.includes(MEMORY_JOURNEYS)) {
      await fillJourneys(inspect, 0, MEMORY_JOURNEYS, storedHash);
      const delta = (await usedMemory(inspect)) - memoryBefore;
      memory = {
        bytesPerJourney: Math.round(delta / MEMORY_JOURNEYS),
        totalMiB: delta / 1024 / 1024,
        journeys: MEMORY_JOURNEYS,
      };
    }

    log('measuring snapshot sizes along a journey');
    const sizes = await snapshotSizes(sample, service, inspect);
    const report = markdownReport({
      rows,
      scale,
      seconds: SECONDS,
      rounds: ROUNDS,
      snapshotBytes,
      sizes,
      pageBytes: Buffer.byteLength(pageHtml),
      memory,
      sampleRev: revAfter,
    });
    process.stdout.write(`${report.table}\n`);
    await writeFile(join(import.meta.dirname, 'results.md'), report.markdown);
  } finally {
    for (const p of processes.reverse()) await p.stop();
    inspect.disconnect();
    await siteverify.stop();
    await smtp.stop();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

/**
 * Benchmark of one journey step against the service running as in production (its own process,
 * Redis, SMTP), with two baselines measured in the same run:
 *   floor   a bare Hono route pair doing one Redis GET + SET and returning a page of the same size;
 *   express the same step on the stack GOV.UK One Login's frontends run: Express 5, express-session with
 *           connect-redis, helmet with a per-request CSP nonce, a CSRF check, pino-http, nunjucks.
 * The step: POST app-instructions without the sole-access box (a validation error: the journey is
 * restored, the event run, the snapshot saved) and the GET of the page it redirects to. It can be
 * repeated for ever, so each connection drives its own journey at that step.
 * Also: the persisted snapshot size and Redis memory for 10,000 live journeys.
 * Usage: npm run bench   (BENCH_SECONDS=10 by default per measurement)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { MACHINE_VERSION } from '../src/machine/index.js';
import { createRedisProfileDirectory } from '../src/services/directory/redis.js';
import { createRedisJourneyStore } from '../src/services/journey-store/redis.js';
import { type Browser, J, SHARED_SECRETS, staffProfiles } from '../tooling/support/harness.js';
import { startRedis } from '../tooling/support/redis-server.js';
import { type ServiceProcess, spawnService } from '../tooling/support/service-cluster.js';
import { startSmtpCapture } from '../tooling/support/smtp-capture.js';
import { log, measure, prepareJourneys, primeExpress, type Target } from './lib.js';
import { markdownReport, type Row } from './report.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 3;
const CONNECTIONS = [16, 64];
const LIVE_JOURNEYS = 10_000;

/** The largest snapshot along a journey: app added, then a passkey ceremony (its options are kept). */
async function largestSnapshot(b: Browser, inspect: Redis): Promise<number> {
  const size = async () => inspect.hstrlen(`aa:journey:{${b.journeyId()}}`, 'snapshot');
  let largest = await size();
  const key = await b.setUpApp();
  largest = Math.max(largest, await size());
  const { appCode } = await import('../tooling/support/harness.js');
  await b.post(`${J}/enter-app-code`, { code: appCode(key) });
  await b.post(`${J}/app-added/add-another`, {});
  await b.post(`${J}/choose-authenticator`, { method: 'passkey' });
  await b.post(`${J}/passkey-loading`, { windowsHello: 'no' });
  b.expectView('passkey-register');
  return Math.max(largest, await size());
}

/** Redis memory for LIVE_JOURNEYS journeys saved through the journey store, on a fresh server. */
async function memoryFor(snapshot: unknown): Promise<{ bytesPerJourney: number; totalMiB: number }> {
  const redis = await startRedis();
  const client = new Redis(redis.url);
  try {
    const used = async () => Number((await client.info('memory')).match(/used_memory:(\d+)/)?.[1]);
    const store = createRedisJourneyStore(client);
    await client.ping();
    const before = await used();
    for (let i = 0; i < LIVE_JOURNEYS; i += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, j) =>
          store.save(`bench-${i + j}-0123456789ab`, { version: MACHINE_VERSION, rev: 1, snapshot }, 0, 3600),
        ),
      );
    }
    const delta = (await used()) - before;
    return { bytesPerJourney: Math.round(delta / LIVE_JOURNEYS), totalMiB: delta / 1024 / 1024 };
  } finally {
    client.disconnect();
    await redis.stop();
  }
}

async function main() {
  const redis = await startRedis();
  const smtp = await startSmtpCapture();
  const inspect = new Redis(redis.url);
  const dir = await mkdtemp(join(tmpdir(), 'bench-'));
  const processes: ServiceProcess[] = [];
  try {
    log('starting the service, the floor and the Express peer');
    const service = await spawnService({
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      TRUST_PROXY_HOPS: '1',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      ...SHARED_SECRETS,
    });
    processes.push(service);
    await createRedisProfileDirectory(inspect).importProfiles(staffProfiles(70));
    log('preparing 64 journeys at app-instructions');
    const browsers = await prepareJourneys(service, smtp);
    const sample = browsers[0] as Browser;
    const pageHtml = (await sample.get(`${J}/app-instructions`)).html;
    const stored = await inspect.hget(`aa:journey:{${sample.journeyId()}}`, 'snapshot');
    const snapshotBytes = Buffer.byteLength(stored ?? '');
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
    const targets: Target[] = [
      {
        name: 'step',
        url: service.url,
        path: `${J}/app-instructions`,
        sessions: browsers.map((b) => ({
          cookie: `aa-journey=${b.cookie('aa-journey')}`,
          csrf: b.csrfToken() ?? '',
        })),
      },
      {
        name: 'floor',
        url: floor.url,
        path: '/step',
        sessions: browsers.map((_, i) => ({ cookie: `sid=floor-${i}`, csrf: '' })),
      },
      {
        name: 'express',
        url: express.url,
        path: '/app-instructions',
        sessions: await primeExpress(express.url),
      },
    ];

    const rows: Row[] = [];
    for (const connections of CONNECTIONS) {
      for (const target of targets) {
        log(`${target.name} at ${connections} connections: warm-up ${WARMUP_SECONDS} s, then ${SECONDS} s`);
        await measure(target, connections, WARMUP_SECONDS);
        const r = await measure(target, connections, SECONDS);
        rows.push({
          target: target.name,
          connections,
          requestsPerSecond: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          max: r.latency.max,
          ok: r['2xx'] + r['3xx'],
          bad: r['4xx'] + r['5xx'] + r.errors + r.timeouts,
        });
      }
    }
    const revAfter = Number(await inspect.hget(`aa:journey:{${sample.journeyId()}}`, 'rev'));

    log('measuring snapshot sizes and Redis memory for 10,000 journeys');
    const largest = await largestSnapshot(sample, inspect);
    // The stored snapshot is sealed at rest: Redis holds what it would for a real journey.
    const memory = await memoryFor(stored ?? '');
    const report = markdownReport({
      rows,
      seconds: SECONDS,
      snapshotBytes,
      largestSnapshotBytes: largest,
      pageBytes: Buffer.byteLength(pageHtml),
      memory,
      liveJourneys: LIVE_JOURNEYS,
      sampleRev: revAfter,
    });
    process.stdout.write(`${report.table}\n`);
    await writeFile(join(import.meta.dirname, 'results.md'), report.markdown);
  } finally {
    for (const p of processes.reverse()) await p.stop();
    inspect.disconnect();
    await smtp.stop();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

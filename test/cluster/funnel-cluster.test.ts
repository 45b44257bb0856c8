/**
 * The funnel on a real 3-master Redis Cluster: the service writes its audit stream through the cluster
 * client, `npm run funnel` is given REDIS_CLUSTER_NODES with a seed that does not own the stream's slot
 * first, and still reads every page view; the counts are those the test drove.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { journeyGraph } from '../../src/analytics/journey-graph.js';
import { journeyMachine } from '../../src/machine/index.js';
import { type RedisClusterProcess, startRedisCluster } from '../../tooling/support/redis-cluster.js';
import { type Backends, type Running, startBackends, startService } from '../http/branches-support.js';
import {
  ADDED_PAGES,
  driveAll,
  expectedPages,
  runFunnelCommand,
  SCENARIOS,
  tableRows,
} from '../http/funnel-support.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const TOKEN = 'analytics-token-for-cluster-tests-2b8e6d0f4a19c';
let cluster: RedisClusterProcess;
let backends: Backends;
let run: Running;
let printed: string;
let seeds: string;
let owner: number;

beforeAll(async () => {
  [cluster, backends] = await Promise.all([startRedisCluster(), startBackends()]);
  run = await startService(backends, { REDIS_CLUSTER_NODES: cluster.seeds, ANALYTICS_TOKEN: TOKEN });
  await driveAll(run);
  const client = new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: 1 } });
  try {
    const slot = Number(await client.cluster('KEYSLOT', 'audit'));
    const slots = await client.cluster('SLOTS');
    owner = slots.find(([from, to]) => slot >= from && slot <= to)?.[2]?.[1] ?? -1;
  } finally {
    client.disconnect();
  }
  // The first seed does not hold the stream: the client must follow the cluster to the right master.
  const ordered = [...cluster.nodes].sort((a, b) => Number(a.port === owner) - Number(b.port === owner));
  seeds = ordered.map((n) => `${n.host}:${n.port}`).join(',');
  const out = join(await mkdtemp(join(tmpdir(), 'funnel-cluster-')), 'funnel.md');
  printed = await runFunnelCommand({ REDIS_CLUSTER_NODES: seeds, REDIS_URL: '' }, out);
});
afterAll(async () => {
  await run?.close();
  await backends?.stop();
  await cluster?.stop();
});

describe('npm run funnel on Redis Cluster', () => {
  it('reads the stream from the master that owns it, not the first seed', () => {
    expect(owner).toBeGreaterThan(0);
    expect(seeds.startsWith(`127.0.0.1:${owner},`)).toBe(false);
  });

  it('prints the exact journeys per page and per method that the test drove', () => {
    const rows = tableRows(printed);
    const expected = expectedPages();
    for (const key of journeyGraph(journeyMachine).pages.map((p) => p.key)) {
      const row = rows.get(key);
      expect([Number(row?.[2]), Number(row?.[3])], key).toEqual(expected.get(key) ?? [0, 0]);
    }
    for (const [method, page] of Object.entries(ADDED_PAGES)) {
      const added = SCENARIOS.filter((s) => s.pages.includes(page)).length;
      expect(rows.get(method)?.slice(2, 4), method).toEqual([String(SCENARIOS.length), String(added)]);
    }
  });

  it('GET /analytics/funnel shows the same numbers from the cluster', async () => {
    const res = await fetch(`${run.baseUrl.replace('localhost', '127.0.0.1')}/analytics/funnel`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const [key, [reached, left]] of expectedPages()) {
      const row = new RegExp(
        `data-page="${key}"[\\s\\S]*?data-reached="(\\d+)"[\\s\\S]*?data-left="(\\d+)"`,
      ).exec(html);
      expect([Number(row?.[1]), Number(row?.[2])], key).toEqual([reached, left]);
    }
  });
});

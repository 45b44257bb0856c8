/**
 * npm run funnel [-- --since 24h] [-- --out funnel.md]
 *
 * Reads the audit stream's page views from the Redis in REDIS_URL (or the cluster in
 * REDIS_CLUSTER_NODES), prints the funnel's tables and writes them with the overview diagram, its
 * links labelled by journey counts, to --out. Reads only view ids, versions, hashed journey references
 * and times: no personal data.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import {
  computeFunnel,
  funnelMarkdown,
  funnelTables,
  parseSince,
  readPageViews,
} from '../src/analytics/funnel.js';
import { journeyGraph } from '../src/analytics/journey-graph.js';
import { pageTitles } from '../src/analytics/page-titles.js';
import { journeyMachine } from '../src/machine/index.js';

const { values } = parseArgs({
  options: {
    since: { type: 'string', default: '24h' },
    out: { type: 'string', default: 'funnel.md' },
    stream: { type: 'string', default: 'audit' },
  },
});

function connect(): Redis | Cluster {
  const nodes = (process.env.REDIS_CLUSTER_NODES ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (nodes.length) {
    const seeds = nodes.map((n) => {
      const at = n.lastIndexOf(':');
      return { host: n.slice(0, at), port: Number(n.slice(at + 1)) };
    });
    // The stream is one key: the cluster client reads it from the master that owns its slot.
    return new Cluster(seeds, { redisOptions: { maxRetriesPerRequest: 1 } });
  }
  if (process.env.REDIS_URL) return new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: 1 });
  throw new Error('set REDIS_URL or REDIS_CLUSTER_NODES to the Redis the service writes its audit stream to');
}

const until = Date.now();
const since = parseSince(values.since, until);
const redis = connect();
try {
  const views = await readPageViews(redis, { since, until, stream: values.stream });
  const graph = journeyGraph(journeyMachine);
  const titles = pageTitles();
  const funnel = computeFunnel(views, graph, titles, { since, until });
  await writeFile(values.out, funnelMarkdown(funnel, graph, titles));
  console.log(funnelTables(funnel));
  console.log(`\nwrote ${values.out}`);
} finally {
  redis.disconnect();
}

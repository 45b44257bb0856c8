/**
 * A throw-away 3-master Redis Cluster on loopback: three redis-server processes with cluster mode on,
 * each with a free client port and a free cluster bus port, joined by `redis-cli --cluster create`.
 * Never touches the machine's own Redis.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './redis-server.js';

const run = promisify(execFile);

export interface RedisClusterProcess {
  nodes: { host: string; port: number }[];
  /** `127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3`, the form REDIS_CLUSTER_NODES takes. */
  seeds: string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    timeout: 20_000,
  });
  return stdout;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // Not up yet.
    }
    if (Date.now() > deadline) throw new Error(`Redis Cluster: ${what} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

export async function startRedisCluster(masters = 3): Promise<RedisClusterProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'redis-cluster-test-'));
  const children: ChildProcess[] = [];
  const nodes: { host: string; port: number }[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await rm(dir, { recursive: true, force: true });
  };

  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      const busPort = await freePort();
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--cluster-port',
          String(busPort),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${port}.conf`),
          '--cluster-node-timeout',
          '2000',
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
          '--protected-mode',
          'yes',
          '--loglevel',
          'warning',
        ],
        { stdio: 'ignore' },
      );
      children.push(child);
      nodes.push({ host: '127.0.0.1', port });
    }
    for (const { port } of nodes) {
      await waitFor(`node ${port} answers PING`, async () => (await cli(port, 'PING')).trim() === 'PONG');
    }
    await run(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...nodes.map((n) => `${n.host}:${n.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { timeout: 30_000 },
    );
    for (const { port } of nodes) {
      await waitFor(`node ${port} reports cluster_state:ok`, async () =>
        (await cli(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'),
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }

  return { nodes, seeds: nodes.map((n) => `${n.host}:${n.port}`).join(','), stop };
}

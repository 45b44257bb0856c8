import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchWritesPerTurn } from '../../src/services/redis-writes.js';
import { type RedisProcess, startRedis } from '../../tooling/support/redis-server.js';

type Chunks = { chunk: unknown }[];

/** Counts the socket's writes to the kernel: one writev carries every chunk written while corked. */
function watchWrites(redis: Redis) {
  const socket = redis.stream as typeof redis.stream & {
    _writev(chunks: Chunks, cb: (err?: Error | null) => void): void;
  };
  const writes: number[] = [];
  const writev = socket._writev.bind(socket);
  socket._writev = (chunks, cb) => {
    writes.push(chunks.length);
    writev(chunks, cb);
  };
  return writes;
}

describe('Redis writes batched per turn of the event loop', () => {
  let server: RedisProcess;
  let redis: Redis;

  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    batchWritesPerTurn(redis);
    await redis.connect();
  });

  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it('sends the commands of one turn in one write, and answers each', async () => {
    const writes = watchWrites(redis);
    const answers = Promise.all([redis.set('a', '1'), redis.set('b', '2'), redis.mget('a', 'b')]);
    // Nothing has left yet: the socket holds the three commands until the turn's I/O is done.
    expect(redis.stream.writableCorked).toBe(1);
    expect(redis.stream.writableLength).toBeGreaterThan(0);
    expect(await answers).toEqual(['OK', 'OK', ['1', '2']]);
    expect(writes).toEqual([3]);
    expect(redis.stream.writableCorked).toBe(0);
  });

  it('sends a command of a later turn on its own, without waiting for another', async () => {
    for (let i = 0; i < 50; i++) expect(await redis.incr('counter')).toBe(i + 1);
    expect(redis.stream.writableCorked).toBe(0);
  });

  it('batches on the new connection after Redis restarts', async () => {
    const before = redis.stream;
    const reconnected = new Promise<void>((resolve) => redis.once('ready', () => resolve()));
    await server.restart();
    await reconnected;
    expect(redis.stream).not.toBe(before);
    const writes = watchWrites(redis);
    const answers = Promise.all([redis.ping(), redis.ping()]);
    expect(redis.stream.writableCorked).toBe(1);
    expect(await answers).toEqual(['PONG', 'PONG']);
    expect(writes).toEqual([2]);
  });
});

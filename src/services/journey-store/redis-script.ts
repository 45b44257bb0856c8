import type { Cluster, Redis } from 'ioredis';

export type RedisClient = Redis | Cluster;
export type ScriptRunner = (keys: string[], args: (string | number)[]) => Promise<unknown>;

/**
 * Registers a Lua script on the client (ioredis sends EVALSHA and falls back to EVAL on NOSCRIPT,
 * on a single node and on a cluster alike) and returns a typed way to call it.
 */
export function defineScript(redis: RedisClient, name: string, keyCount: number, lua: string): ScriptRunner {
  redis.defineCommand(name, { numberOfKeys: keyCount, lua });
  const command: unknown = Reflect.get(redis, name);
  if (typeof command !== 'function') throw new Error(`the Redis client did not register the ${name} script`);
  return (keys, args) => {
    if (keys.length !== keyCount) throw new Error(`${name} takes ${keyCount} keys, got ${keys.length}`);
    return (command as (...values: (string | number)[]) => Promise<unknown>).call(redis, ...keys, ...args);
  };
}

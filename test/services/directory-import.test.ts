import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importProfilesFile } from '../../src/services/directory/import-file.js';
import { createMemoryProfileDirectory } from '../../src/services/directory/memory.js';
import { ProfileImportError } from '../../src/services/directory/profile-schema.js';
import { createRedisProfileDirectory } from '../../src/services/directory/redis.js';
import { type RedisProcess, startRedis } from '../../tooling/support/redis-server.js';

const run = promisify(execFile);
const GOOD = 'test/fixtures/profiles.example.json';
const BAD = 'test/fixtures/profiles.invalid.json';
const SCRIPT = 'scripts/directory-import.ts';

let server: RedisProcess;
let redis: Redis;
let scratch: string;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
  scratch = await mkdtemp(join(tmpdir(), 'directory-import-'));
});

afterAll(async () => {
  await redis?.quit();
  await server?.stop();
  await rm(scratch, { recursive: true, force: true });
});

async function runScript(args: string[], env: Record<string, string> = {}) {
  const { REDIS_URL: _ignored, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
      env: { ...inherited, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('importProfilesFile', () => {
  it('imports the example file into Redis', async () => {
    const directory = createRedisProfileDirectory(redis, { prefix: 'good:' });
    expect(await importProfilesFile(GOOD, directory)).toEqual({ imported: 4 });
    const match = await directory.findByEmailAndNiNumber('riley.sample@nhs.net', 'CE 65 43 21 A');
    expect(match).toEqual({
      profileId: 'ex-0002',
      status: 'active',
      hasNhsnet: true,
      passkeyCount: 0,
      appCount: 0,
    });
  });

  it('refuses a file with bad rows, naming each row and field, and writes nothing', async () => {
    const directory = createRedisProfileDirectory(redis, { prefix: 'bad:' });
    await importProfilesFile(GOOD, directory);
    const error = await importProfilesFile(BAD, directory).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProfileImportError);
    const problems = (error as ProfileImportError).problems.map(({ row, field }) => `${row}:${field}`);
    expect(problems).toEqual(['1:emails[0]', '2:niNumber', '2:status']);
    expect(await directory.get('bad-0001')).toBeNull();
    expect(await directory.get('ex-0001')).not.toBeNull();
  });

  it('refuses a file that is not JSON, or not an array', async () => {
    const notJson = join(scratch, 'not-json.json');
    await writeFile(notJson, '{ "id": ');
    await expect(importProfilesFile(notJson, createMemoryProfileDirectory())).rejects.toThrow(
      /not valid JSON/,
    );
    const notArray = join(scratch, 'object.json');
    await writeFile(notArray, '{ "profiles": [] }');
    await expect(importProfilesFile(notArray, createMemoryProfileDirectory())).rejects.toThrow(/JSON array/);
  });
});

describe('scripts/directory-import.ts', () => {
  it('validates only with --memory', async () => {
    const result = await runScript(['--memory', GOOD]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^imported 4 profiles/);
  });

  it('prints each bad row and exits 1', async () => {
    const result = await runScript(['--memory', BAD]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('row 1, field emails[0]');
    expect(result.stderr).toContain('row 2, field niNumber');
    expect(result.stderr).toContain('nothing was written');
  });

  it('requires REDIS_URL without --memory', async () => {
    const result = await runScript([GOOD]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('REDIS_URL');
  });

  it('imports into the Redis named by REDIS_URL', async () => {
    const result = await runScript([GOOD], { REDIS_URL: server.url });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('imported 4 profiles');
    const directory = createRedisProfileDirectory(redis);
    expect((await directory.get('ex-0003'))?.niNumber).toBeNull();
  });
});

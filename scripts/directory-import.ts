/**
 * Replaces the profile directory with the profiles in a JSON file.
 *   REDIS_URL=redis://host:6379 tsx scripts/directory-import.ts profiles.json
 *   tsx scripts/directory-import.ts --memory profiles.json   (validate only, nothing is stored)
 * Every row is validated first; if any is bad, each problem is printed and nothing is written.
 */
import { Redis } from 'ioredis';
import { importProfilesFile } from '../src/services/directory/import-file.js';
import { createMemoryProfileDirectory } from '../src/services/directory/memory.js';
import { ProfileImportError } from '../src/services/directory/profile-schema.js';
import { createRedisProfileDirectory } from '../src/services/directory/redis.js';

const USAGE =
  'usage: tsx scripts/directory-import.ts [--memory] FILE.json (REDIS_URL must be set without --memory)';

async function main(argv: string[]): Promise<number> {
  const memory = argv.includes('--memory');
  const unknown = argv.filter((arg) => arg.startsWith('-') && arg !== '--memory');
  const files = argv.filter((arg) => !arg.startsWith('-'));
  const file = files[0];
  if (unknown.length > 0 || files.length !== 1 || file === undefined) {
    console.error(USAGE);
    return 2;
  }
  const redisUrl = process.env.REDIS_URL;
  if (!memory && !redisUrl) {
    console.error(`REDIS_URL is not set. ${USAGE}`);
    return 1;
  }

  const redis = memory ? null : new Redis(redisUrl as string, { maxRetriesPerRequest: 2, lazyConnect: true });
  try {
    if (redis !== null) await redis.connect();
    const directory = redis === null ? createMemoryProfileDirectory() : createRedisProfileDirectory(redis);
    const { imported } = await importProfilesFile(file, directory);
    console.log(
      `imported ${imported} profiles${memory ? ' (validated only, --memory: nothing stored)' : ''}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ProfileImportError) {
      console.error(`${file}: ${error.problems.length} problem(s), nothing was written`);
      for (const line of error.message.split('\n').slice(1)) console.error(`  ${line}`);
      return 1;
    }
    console.error(`${file}: ${(error as Error).message}`);
    return 1;
  } finally {
    redis?.disconnect();
  }
}

process.exitCode = await main(process.argv.slice(2));

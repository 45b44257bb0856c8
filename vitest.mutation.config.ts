import { defineConfig } from 'vitest/config';

/** The tests `npm run test:mutation` runs against each mutant: the path, machine and property tests. */
export default defineConfig({
  test: {
    include: [
      'test/paths/**/*.test.ts',
      'test/machine/**/*.test.ts',
      'test/property/**/*.test.ts',
      'test/screens/registry.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});

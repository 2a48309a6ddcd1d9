import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // nodejieba and better-sqlite3 are native addons: forks isolate them cleanly.
    pool: 'forks',
  },
});

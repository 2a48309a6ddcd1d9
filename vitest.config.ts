import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // nodejieba and better-sqlite3 are native addons: forks isolate them cleanly.
    pool: 'forks',
    // A proxy set in the developer's or CI's environment must not reroute the tests' local traffic;
    // the proxy tests pass their own settings explicitly.
    env: Object.fromEntries(
      ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'].map(
        (name) => [name, ''],
      ),
    ),
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // nodejieba and better-sqlite3 are native addons: forks run them in child processes.
    pool: 'forks',
    // Test files share their worker's modules instead of importing grammY, MiniSearch, jieba
    // and the shared casebook again for each file (most of the suite's time before). They share
    // no mutable state but jieba's process-wide dictionary, which test/setup.ts restores before
    // each file; a file that mocks a module resets the module registry after itself.
    isolate: false,
    // Two workers even on two cores: the end-to-end tests mostly wait on HTTP.
    maxWorkers: 2,
    // A proxy set in the developer's or CI's environment must not reroute the tests' local traffic;
    // the proxy tests pass their own settings explicitly.
    env: Object.fromEntries(
      ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'].map(
        (name) => [name, ''],
      ),
    ),
  },
});

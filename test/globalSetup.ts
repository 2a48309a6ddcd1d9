import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSnapshot } from '../src/casebook/casebook.js';
import { FIXTURES, PAGES, TWO_PAGES } from './helpers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** An index folder built once for the whole run over test/fixtures/pages. */
    indexDir: string;
    /** The index of the first fixture page alone (`TWO_PAGES[0]`), as the watcher test starts out. */
    onePageIndexDir: string;
    /** The index of the first two fixture pages alone (`TWO_PAGES`), as a deployment starts out. */
    twoPagesIndexDir: string;
    /** The index of the fixture pages plus test/fixtures/pages-topics. */
    topicsIndexDir: string;
  }
}

/**
 * Builds the fixtures' indexes once for the whole run; test files load copies of them as
 * snapshots. Each build's pages include the one before's, so jieba's full dictionary is loaded
 * once and then only extended with the next build's words.
 */
export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'casebook-test-indexes-'));
  const one = join(root, 'one-page');
  mkdirSync(one);
  copyFileSync(join(PAGES, TWO_PAGES[0]!), join(one, TWO_PAGES[0]!));
  const two = join(root, 'two-pages');
  mkdirSync(two);
  for (const name of TWO_PAGES) copyFileSync(join(PAGES, name), join(two, name));
  const topics = join(root, 'topics-pages');
  cpSync(PAGES, topics, { recursive: true });
  cpSync(join(FIXTURES, 'pages-topics'), topics, { recursive: true });
  const build = (seedsDir: string, name: string) => {
    const indexDir = join(root, name);
    buildSnapshot({ seedsDir, indexDir });
    return indexDir;
  };
  project.provide('onePageIndexDir', build(one, 'one-index'));
  project.provide('twoPagesIndexDir', build(two, 'two-index'));
  project.provide('indexDir', build(PAGES, 'index'));
  project.provide('topicsIndexDir', build(topics, 'topics-index'));
  return () => rmSync(root, { recursive: true, force: true });
}

import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { dirname, join } from 'node:path';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openCasebook, type Casebook } from '../src/casebook/casebook.js';
import { useDictionary } from '../src/search/tokenizer.js';
import type { BotDeps } from '../src/bot/deps.js';
import { silentLogger } from '../src/logger.js';
import type { Db } from '../src/db/db.js';
import { Refusals, SavedQueries } from '../src/db/savedQueries.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The test's own copy of the five sample pages: tests never read the product's seeds/. */
export const PAGES = join(ROOT, 'test', 'fixtures', 'pages');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
/** The two fixture pages a deployment in the ingest and holder tests starts with. */
export const TWO_PAGES = ['001_2176c611aad20f57.txt', '002_b9557d118b1bdbfd.txt'];

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

export function jsonl<T>(name: string): T[] {
  return readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export function tempDir(prefix = 'casebook-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A private copy of seeds/ that a test may change. */
export function pagesCopy(): string {
  const dir = tempDir('seeds-');
  cpSync(PAGES, dir, { recursive: true });
  return dir;
}

/**
 * A private, writable copy of an index the global setup built (test/globalSetup.ts): opened over a copy of the same pages, it loads as a snapshot instead of a build.
 */
export function indexCopyOf(name: 'indexDir' | 'onePageIndexDir' | 'twoPagesIndexDir' | 'topicsIndexDir'): string {
  const dir = tempDir('index-');
  cpSync(inject(name), dir, { recursive: true });
  return dir;
}

let shared: { casebook: Casebook } | undefined;

/**
 * The casebook over the fixture pages, loaded from the index that the global setup built once for
 * the whole run (a private copy of the index, so a test that breaks it breaks only itself).
 */
export function casebook(): Casebook {
  if (!shared) {
    const indexDir = tempDir('index-');
    cpSync(inject('indexDir'), indexDir, { recursive: true });
    const cb = openCasebook({ seedsDir: PAGES, indexDir });
    if (cb.info.origin !== 'snapshot') throw new Error('the shared test index did not load as a snapshot');
    if (!cb.dictionary) throw new Error('the shared test casebook has no query dictionary');
    shared = { casebook: cb };
  }
  return shared.casebook;
}

/**
 * Segments queries with the shared casebook's dictionary again. jieba's dictionary is
 * process-wide, and test files share a process (vitest.config.ts): a file that built or loaded
 * another index leaves its dictionary loaded. Run before every file (test/setup.ts); a no-op when
 * jieba still holds the shared casebook's dictionary, as the tokenizer keeps track of every load.
 */
export function restoreQueryDictionary(): void {
  if (shared) useDictionary(shared.casebook.dictionary!);
}

/** The bot's deps over the shared casebook and a given database, quiet, open to every chat. */
export function testDeps(db: Db, overrides: Partial<BotDeps> = {}): BotDeps {
  return {
    casebook: casebook(),
    queries: new SavedQueries(db),
    refusals: new Refusals(db),
    log: silentLogger,
    allowedChatIds: [],
    adminUserIds: [],
    answerAllGroupMessages: false,
    timeZone: 'Asia/Shanghai',
    ...overrides,
  };
}

import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openCasebook, type Casebook } from '../src/search/casebook.js';
import { silentLogger, type BotDeps } from '../src/bot/deps.js';
import type { Db } from '../src/state/db.js';
import { Refusals, SavedQueries } from '../src/state/savedQueries.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SEEDS = join(ROOT, 'seeds');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

export function jsonl<T>(name: string): T[] {
  return readFileSync(join(FIXTURES, name), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

export function tempDir(prefix = 'casebook-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A private copy of seeds/ that a test may change. */
export function seedsCopy(): string {
  const dir = tempDir('seeds-');
  cpSync(SEEDS, dir, { recursive: true });
  return dir;
}

let shared: Casebook | undefined;

/** The casebook over the real seeds, built once per test file into a temporary index folder. */
export function casebook(): Casebook {
  shared ??= openCasebook({ seedsDir: SEEDS, indexDir: tempDir('index-') });
  return shared;
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

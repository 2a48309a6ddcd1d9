import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, cpSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openCasebook, type AskResult, type Casebook } from '../../src/casebook/casebook.js';
import { listPages } from '../../src/corpus/load.js';
import { indexedFiles, readIndex, type StoredIndex } from '../../src/search/snapshot.js';
import type { CrashPoint } from '../../src/search/crashPoints.js';
import { FIXTURES, jsonl, PAGES, tempDir } from '../helpers.js';
import { entryEnv, runScript } from '../processes.js';

const QUESTIONS = [...jsonl<{ q: string }>('questions.jsonl'), ...jsonl<{ q: string }>('questions-heldout.jsonl')].map(
  (x) => x.q,
);
/** A held-out page with words the sample pages lack: its add writes a new query dictionary too. */
const NEW_PAGE = join(FIXTURES, 'ingest', '2024-05-21_07.txt');
const START_PAGES = ['000_0baefce5c4f81754.txt', '001_2176c611aad20f57.txt', '002_b9557d118b1bdbfd.txt'];

const strip = (r: AskResult) => ({ ...r, tookMs: 0 });

function expectSameCasebook(got: Casebook, want: Casebook): void {
  expect(got.pages).toEqual(want.pages);
  expect(got.articles).toEqual(want.articles);
  expect(got.captions).toEqual(want.captions);
  for (const q of QUESTIONS) expect(strip(got.ask(q, { limit: 15 })), q).toEqual(strip(want.ask(q, { limit: 15 })));
}

/** The page files the index vouches for agree with the pages folder: same names, same bytes. */
function expectIndexMatchesFolder(index: StoredIndex, seeds: string): void {
  const files = indexedFiles(index);
  const folder = listPages(seeds);
  expect([...files.keys()].sort()).toEqual(folder);
  for (const name of folder)
    expect(files.get(name)!.hash, name).toBe(
      createHash('sha1')
        .update(readFileSync(join(seeds, name)))
        .digest('hex'),
    );
}

interface Case {
  point: CrashPoint;
  /** Whether the add is committed when the process dies there. */
  committed: boolean;
  compact?: boolean;
}

const CASES: Case[] = [
  { point: 'dictionary-written', committed: false },
  { point: 'delta-written', committed: false },
  { point: 'delta-committed', committed: true },
  { point: 'compaction-written', committed: true, compact: true },
  { point: 'compaction-committed', committed: true, compact: true },
];

describe('kill -9 during an add or a compaction', () => {
  // One index over three sample pages, copied for each case.
  const template = { seeds: tempDir('seeds-crash-'), index: tempDir('index-crash-') };
  beforeAll(() => {
    for (const n of START_PAGES) copyFileSync(join(PAGES, n), join(template.seeds, n));
    openCasebook({ seedsDir: template.seeds, indexDir: template.index, force: true });
  }, 120_000);

  it.each(CASES)(
    'killed at $point: the next start has the old state or the new, and pages, segments and manifest agree',
    async ({ point, committed, compact }) => {
      const seeds = tempDir('seeds-crash-');
      const index = tempDir('index-crash-');
      cpSync(template.seeds, seeds, { recursive: true });
      cpSync(template.index, index, { recursive: true });
      // The copies have new modification times: a start records them (a delta of their own).
      openCasebook({ seedsDir: seeds, indexDir: index });
      const before = readIndex(index);
      if (!before.ok) throw new Error(before.reason);

      const child = runScript(
        'test/casebook/addProcess.ts',
        [seeds, index, NEW_PAGE, ...(compact ? ['compact'] : [])],
        entryEnv({ CASEBOOK_PAUSE_AT: point }),
      );
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`never paused at ${point}:\n${child.stderr()}`)), 120_000);
        const check = () => {
          if (child.stderr().includes(`paused at ${point}`)) {
            clearTimeout(timer);
            resolve();
          } else if (child.child.exitCode !== null) {
            clearTimeout(timer);
            reject(new Error(`exited before ${point}:\n${child.stderr()}`));
          } else setTimeout(check, 20);
        };
        check();
      });
      child.child.kill('SIGKILL');
      expect((await child.exited).signal).toBe('SIGKILL');

      // On disk: one whole state, the old commit or the new, every segment it names intact.
      const after = readIndex(index);
      if (!after.ok) throw new Error(after.reason);
      if (committed) {
        expect(after.index.manifest.commit).not.toBe(before.index.manifest.commit);
        expect(after.index.manifest.pages).toBe(START_PAGES.length + 1);
        expectIndexMatchesFolder(after.index, seeds);
      } else {
        expect(after.index.manifest).toEqual(before.index.manifest);
      }
      if (point === 'compaction-committed') expect(after.index.deltas).toHaveLength(0);
      // Killed before the compacted base was committed: the deltas it folds are all still named.
      if (point === 'compaction-written') expect(after.index.deltas).toHaveLength(before.index.deltas.length + 1);

      // The next start: no rebuild, and the casebook a fresh build over the same pages gives.
      const reopened = openCasebook({ seedsDir: seeds, indexDir: index });
      expect(reopened.info.origin).toBe('snapshot');
      const fresh = openCasebook({ seedsDir: seeds, indexDir: tempDir('index-fresh-'), force: true });
      expect(reopened.articles.some((a) => a.source === '2024-05-21_07.txt')).toBe(true);
      expectSameCasebook(reopened, fresh);
      const caughtUp = readIndex(index);
      if (!caughtUp.ok) throw new Error(caughtUp.reason);
      expectIndexMatchesFolder(caughtUp.index, seeds);
    },
    240_000,
  );
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCasebook, type Casebook } from '../../src/casebook/casebook.js';
import { CasebookHolder } from '../../src/casebook/holder.js';
import { BackgroundUpdater, keepTopics } from '../../src/casebook/incremental.js';
import { commitOf } from '../../src/casebook/live.js';
import { computedTopics, topics, type Topic } from '../../src/casebook/topics.js';
import { useDictionary } from '../../src/search/tokenizer.js';
import { FIXTURES, pagesCopy, tempDir } from '../helpers.js';

const TOPIC_PAGES = ['201_topics_a.txt', '202_topics_b.txt'];

/** The casebook's topics computed here, afresh, with its own dictionary (no cache involved). */
function inProcess(casebook: Casebook): Topic[] {
  useDictionary(casebook.dictionary!);
  return topics(casebook.articles);
}

/** Copies a topics fixture page into the pages folder. */
function addPage(seeds: string, name: string): void {
  copyFileSync(join(FIXTURES, 'pages-topics', name), join(seeds, name));
}

describe('topics computed in the build thread', () => {
  let seeds: string;
  let updater: BackgroundUpdater;
  let holder: CasebookHolder;

  beforeAll(() => {
    seeds = pagesCopy();
    const options = { seedsDir: seeds, indexDir: tempDir('index-topics-'), dataDir: tempDir('data-topics-') };
    updater = new BackgroundUpdater(options);
    holder = new CasebookHolder(openCasebook(options), updater);
  });

  afterAll(() => updater.close());

  it('equal those computed in this thread over the same casebook, before and after adds', async () => {
    const start = holder.current;
    const first = await updater.topics(start);
    expect(first).toEqual(inProcess(start));
    expect(first!.length).toBeGreaterThan(0);

    let previous = first!;
    for (const page of TOPIC_PAGES) {
      addPage(seeds, page);
      const outcome = await holder.refresh({ kind: 'add', page });
      expect(outcome.swapped).toBe(true);
      const next = holder.current;
      expect(commitOf(next)).not.toBe(commitOf(start));
      // The new page's quoted coinages are user words: the build thread must tag with them too.
      const fromThread = await updater.topics(next);
      expect(fromThread).toEqual(inProcess(next));
      expect(fromThread).not.toEqual(previous);
      previous = fromThread!;
    }
    // The topics pages bring a topic of their own (as the bot's topics tests see it).
    expect(previous.map((t) => t.name)).toContain('网格化管理');
    // A casebook that is no longer current: its commit is behind the thread's, so no topics.
    expect(await updater.topics(start)).toBeUndefined();
  }, 120_000);
});

describe('keepTopics', () => {
  it('installs the build thread’s topics at start and after a swap, never computing them in the answering thread', async () => {
    const seeds = pagesCopy();
    addPage(seeds, TOPIC_PAGES[0]!);
    const options = { seedsDir: seeds, indexDir: tempDir('index-keep-'), dataDir: tempDir('data-keep-') };
    const updater = new BackgroundUpdater(options);
    const holder = new CasebookHolder(openCasebook(options), updater);
    const here: Casebook[] = [];
    const installed: Casebook[] = [];
    const stop = keepTopics(holder, updater, {
      computeHere: (cb) => here.push(cb),
      onInstalled: (cb) => installed.push(cb),
    });
    try {
      const start = holder.current;
      await vi.waitFor(() => expect(computedTopics(start.articles)).toBeDefined(), { timeout: 60_000, interval: 20 });
      expect(computedTopics(start.articles)).toEqual(inProcess(start));

      // Questions on a fixed 5 ms schedule while a page is added and its topics computed.
      let answered = 0;
      const ask = setInterval(() => {
        holder.current.ask('网格化管理的做法', { limit: 5, topics: computedTopics(holder.current.articles) });
        answered++;
      }, 5);
      let atSwap: Topic[] | undefined | null = null;
      let answeredAtSwap = 0;
      const unwatch = holder.onSwap((next) => {
        atSwap = computedTopics(next.articles);
        answeredAtSwap = answered;
      });
      addPage(seeds, TOPIC_PAGES[1]!);
      await holder.refresh({ kind: 'add', page: TOPIC_PAGES[1]! });
      const next = holder.current;
      await vi.waitFor(() => expect(computedTopics(next.articles)).toBeDefined(), { timeout: 60_000, interval: 1 });
      const answeredWhileComputing = answered - answeredAtSwap;
      clearInterval(ask);
      unwatch();

      // Swapped in without topics: nothing computed them on the way in…
      expect(atSwap).toBeUndefined();
      // …and they came from the build thread, the answering thread never computing any.
      expect(here).toEqual([]);
      expect(installed).toEqual([start, next]);
      // The answering thread kept answering while the build thread computed them.
      expect(answeredWhileComputing).toBeGreaterThan(0);
      const list = computedTopics(next.articles)!;
      expect(list).toEqual(inProcess(next));
      expect(list.map((t) => t.name)).toContain('网格化管理');
      expect(list).not.toEqual(computedTopics(start.articles));
    } finally {
      stop();
      await updater.close();
    }
  }, 120_000);

  it('leaves them to this thread, soon after, for a casebook with no index on disk behind it', async () => {
    // The snapshot cannot be written (its folder is a file): the casebook has no live state.
    const blocked = join(tempDir('index-blocked-'), 'index');
    writeFileSync(blocked, 'not a folder');
    const options = { seedsDir: pagesCopy(), indexDir: blocked };
    const casebook = openCasebook(options);
    expect(commitOf(casebook)).toBeUndefined();
    const updater = new BackgroundUpdater(options);
    const holder = new CasebookHolder(casebook, updater);
    const here: Casebook[] = [];
    const stop = keepTopics(holder, updater, { computeHere: (cb) => here.push(cb) });
    try {
      await expect(updater.topics(casebook)).rejects.toThrow(/索引快照/u);
      await vi.waitFor(() => expect(here).toEqual([casebook]), { timeout: 10_000, interval: 5 });
    } finally {
      stop();
      await updater.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openCasebook, type AskResult } from '../../src/casebook/casebook.js';
import { CasebookHolder } from '../../src/casebook/holder.js';
import { BackgroundUpdater } from '../../src/casebook/incremental.js';
import { readIndex } from '../../src/search/snapshot.js';
import { CasebookWriter } from '../../src/casebook/writer.js';
import type { PageChange } from '../../src/casebook/holder.js';
import type { IndexData } from '../../src/search/engine.js';
import { FIXTURES, jsonl, PAGES, tempDir } from '../helpers.js';

const QUESTIONS = jsonl<{ q: string }>('questions-heldout.jsonl').map((x) => x.q);
const strip = (r: AskResult) => ({ ...r, tookMs: 0 });

describe('background compaction', () => {
  it('when deltas grow past the policy, the build thread folds them into a new base; answers never change', async () => {
    const seeds = tempDir('seeds-compact-');
    const index = tempDir('index-compact-');
    const start = ['000_0baefce5c4f81754.txt', '001_2176c611aad20f57.txt'];
    for (const n of start) copyFileSync(join(PAGES, n), join(seeds, n));
    const updater = new BackgroundUpdater({
      seedsDir: seeds,
      indexDir: index,
      compaction: { maxDeltas: 2, maxShare: 1000 },
    });
    const holder = new CasebookHolder(openCasebook({ seedsDir: seeds, indexDir: index, force: true }), updater);
    const adds: [string, string][] = [
      [join(PAGES, '002_b9557d118b1bdbfd.txt'), '002_b9557d118b1bdbfd.txt'],
      [join(PAGES, '003_e80724abc7e469da.txt'), '003_e80724abc7e469da.txt'],
      [join(FIXTURES, 'ingest', '2024-05-21_07.txt'), '2024-05-21_07.txt'],
      [join(PAGES, '004_8054713186ebe3de.txt'), '004_8054713186ebe3de.txt'],
    ];
    const bases = new Set<string>();
    let compactions = 0;
    for (const [from, name] of adds) {
      copyFileSync(from, join(seeds, name));
      const outcome = await holder.refresh({ kind: 'add', page: name });
      expect(outcome.error).toBeUndefined();
      while (updater.thread.busy) await new Promise((r) => setTimeout(r, 20));
      const read = readIndex(index);
      if (!read.ok) throw new Error(read.reason);
      // Never more deltas than the policy allows once the compaction after an add has run.
      expect(read.index.deltas.length).toBeLessThanOrEqual(2);
      const base = read.index.manifest.base ?? 'snapshot.bin';
      if (bases.size > 0 && !bases.has(base)) compactions++;
      bases.add(base);
    }
    expect(compactions).toBeGreaterThan(0);

    // The compacted index answers as a fresh build, live and after a restart.
    const fresh = openCasebook({ seedsDir: seeds, indexDir: tempDir('index-fresh-'), force: true });
    const reopened = openCasebook({ seedsDir: seeds, indexDir: index });
    expect(reopened.info.origin).toBe('snapshot');
    for (const cb of [holder.current, reopened]) {
      expect(cb.articles).toEqual(fresh.articles);
      for (const q of QUESTIONS) expect(strip(cb.ask(q, { limit: 15 })), q).toEqual(strip(fresh.ask(q, { limit: 15 })));
    }
    await updater.close();
  }, 300_000);
});

describe('mergeIndex', () => {
  /** Each term's document frequency and lists, with articles named by id (numbering aside). */
  const byTerm = (index: IndexData) => {
    const ids = index.meta.documentIds as Record<string, string>;
    const out = new Map<string, { df: number; lists: [number, [string, number][]][] }>();
    index.postings.forEachTerm((t, from, to) => {
      const lists: [number, [string, number][]][] = [];
      for (let i = from; i < to; i++) {
        const flat = index.postings.decodeFlat(i);
        const pairs: [string, number][] = [];
        for (let j = 0; j < flat.length; j += 2) pairs.push([ids[flat[j]!]!, flat[j + 1]!]);
        lists.push([index.postings.field(i), pairs]);
      }
      out.set(index.terms[t]!, { df: index.df[t]!, lists });
    });
    return out;
  };

  it('folds deltas that add, remove and bring back pages into what a build makes', () => {
    const seeds = tempDir('seeds-merge-');
    const index = tempDir('index-merge-');
    const page = (n: string) => copyFileSync(join(PAGES, n), join(seeds, n));
    page('000_0baefce5c4f81754.txt');
    page('001_2176c611aad20f57.txt');
    openCasebook({ seedsDir: seeds, indexDir: index, force: true });
    const writer = CasebookWriter.open({
      seedsDir: seeds,
      indexDir: index,
      compaction: { maxDeltas: 100, maxShare: 100 },
    });
    const steps: PageChange[] = [
      { kind: 'add', page: '002_b9557d118b1bdbfd.txt' },
      { kind: 'remove', page: '001_2176c611aad20f57.txt' },
      { kind: 'add', page: '003_e80724abc7e469da.txt' },
      // Back again: the same article ids as in the base, under new numbers.
      { kind: 'add', page: '001_2176c611aad20f57.txt' },
      { kind: 'remove', page: '000_0baefce5c4f81754.txt' },
    ];
    for (const change of steps) {
      if (change.kind === 'add') page(change.page);
      else if (change.kind === 'remove') rmSync(join(seeds, change.page));
      expect(writer.update([change])).toBeDefined();
    }
    const read = readIndex(index);
    if (!read.ok) throw new Error(read.reason);
    expect(read.index.deltas.length).toBe(steps.length);
    writer.compact();

    const compacted = readIndex(index);
    const fresh = tempDir('index-merge-fresh-');
    openCasebook({ seedsDir: seeds, indexDir: fresh, force: true });
    const built = readIndex(fresh);
    if (!compacted.ok || !built.ok) throw new Error('index unreadable');
    expect(compacted.index.deltas).toEqual([]);
    const got = compacted.index.base.index;
    const want = built.index.base.index;
    expect(got.meta.documentIds).toEqual(want.meta.documentIds);
    expect(got.meta.averageFieldLength).toEqual(want.meta.averageFieldLength);
    expect(byTerm(got)).toEqual(byTerm(want));
  });
});

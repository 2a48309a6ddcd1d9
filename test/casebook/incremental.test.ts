import { describe, expect, it } from 'vitest';
import { copyFileSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCasebook, openCasebook, type AskResult, type Casebook } from '../../src/casebook/casebook.js';
import { CasebookHolder, type PageChange } from '../../src/casebook/holder.js';
import { BackgroundUpdater } from '../../src/casebook/incremental.js';
import { BuildThread } from '../../src/casebook/background.js';
import { liveOf } from '../../src/casebook/live.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { emptyEdits, writeEdits, type CasebookEdits } from '../../src/ingest/edits.js';
import { readIndex } from '../../src/search/snapshot.js';
import { renderPage, seededRandom, type PageArticle } from '../../src/testing/pageRenderer.js';
import { FIXTURES, jsonl, PAGES, tempDir } from '../helpers.js';
import { indexState } from '../search/indexState.js';

/** Every question set of the fixtures, and questions about the coinage pages below. */
const QUESTIONS = readdirSync(FIXTURES)
  .filter((f) => /^questions.*\.jsonl$/u.test(f))
  .flatMap((f) => jsonl<{ q?: string }>(f).flatMap((x) => (x.q ? [x.q] : [])));

const strip = (r: AskResult) => ({ ...r, tookMs: 0 });
const index = (cb: Casebook) => (cb as unknown as { index: Parameters<typeof indexState>[0] }).index;

/** Everything a casebook answers from, and its answers to every question. */
function expectSame(got: Casebook, want: Casebook, questions: readonly string[]): void {
  expect(got.pages).toEqual(want.pages);
  expect(got.articles).toEqual(want.articles);
  expect(got.captions).toEqual(want.captions);
  expect(got.warnings).toEqual(want.warnings);
  expect(indexState(index(got))).toEqual(indexState(index(want)));
  // The query dictionary: the same kept words and frequencies, the same user words.
  expect(readFileSync(got.dictionary!.file, 'utf8')).toBe(readFileSync(want.dictionary!.file, 'utf8'));
  expect(got.dictionary!.words).toEqual(want.dictionary!.words);
  for (const q of questions) expect(strip(got.ask(q, { limit: 15 })), q).toEqual(strip(want.ask(q, { limit: 15 })));
}

/**
 * Pages whose articles quote phrases that the sample pages use unquoted: adding one makes them
 * user words, so old articles that contain them must be segmented again.
 */
function coinagePages(dir: string): string[] {
  const articles = loadCorpus(PAGES).articles;
  const random = seededRandom(5);
  const phrases: string[] = [];
  while (phrases.length < 12) {
    const a = articles[Math.floor(random() * articles.length)]!;
    const p = a.paragraphs[Math.floor(random() * a.paragraphs.length)]!;
    const at = Math.floor(random() * Math.max(1, p.length - 5));
    const phrase = p.slice(at, at + 3 + Math.floor(random() * 3));
    if (/^\p{Script=Han}+$/u.test(phrase)) phrases.push(phrase);
  }
  const names: string[] = [];
  for (let page = 0; page < 2; page++) {
    const batch: PageArticle[] = [0, 1, 2].map((k) => {
      const phrase = phrases[page * 6 + k * 2]!;
      const other = phrases[page * 6 + k * 2 + 1]!;
      return {
        dateline: ['嘉祥', '泗水', '汶上'][k]!,
        reporters: ['测试员'],
        headline: `推行“${phrase}”经验`,
        paragraphs: [
          `近年来，当地推行“${phrase}”做法，组织党员${120 + k * 7}名，服务群众${3000 + page * 100}人次。`,
          `同时推广“${other}”机制，建成服务站点${12 + k}个。`,
        ],
      };
    });
    const name = `2024-07-0${page + 1}_05.txt`;
    writeFileSync(join(dir, name), renderPage(batch, [], { width: 19, random: seededRandom(page + 1) }));
    names.push(name);
  }
  return names;
}

describe('incremental adds answer exactly as a fresh build', () => {
  it('after a random sequence of adds, removals, replacements, corrections and touches, and after a restart', async () => {
    const pool = tempDir('pool-');
    const poolNames = [
      ...[
        '000_0baefce5c4f81754.txt',
        '001_2176c611aad20f57.txt',
        '002_b9557d118b1bdbfd.txt',
        '003_e80724abc7e469da.txt',
        '004_8054713186ebe3de.txt',
      ].map((n) => (copyFileSync(join(PAGES, n), join(pool, n)), n)),
      ...['201_topics_a.txt', '202_topics_b.txt'].map(
        (n) => (copyFileSync(join(FIXTURES, 'pages-topics', n), join(pool, n)), n),
      ),
      (copyFileSync(join(FIXTURES, 'ingest', '2024-05-21_07.txt'), join(pool, '2024-05-21_07.txt')),
      '2024-05-21_07.txt'),
      // GBK, and a file that is no page at all (its warning is part of the casebook).
      (copyFileSync(join(FIXTURES, 'ingest', 'page-b-gbk.txt'), join(pool, '2024-06-04_03.txt')), '2024-06-04_03.txt'),
      (copyFileSync(join(FIXTURES, 'ingest', 'binary.txt'), join(pool, '2024-06-11_02.txt')), '2024-06-11_02.txt'),
      ...coinagePages(pool),
    ];
    const revised = readFileSync(join(FIXTURES, 'ingest', 'page-a-revised.txt'));

    const seeds = tempDir('seeds-inc-');
    const dataDir = tempDir('data-inc-');
    const indexDir = tempDir('index-inc-');
    for (const n of poolNames.slice(0, 3)) copyFileSync(join(pool, n), join(seeds, n));
    const options = { seedsDir: seeds, indexDir, dataDir, compaction: { maxDeltas: 1000, maxShare: 1000 } };
    const updater = new BackgroundUpdater(options);
    const holder = new CasebookHolder(openCasebook(options), updater);
    // Fresh builds in a build thread of their own, loaded here as a warm start would load them.
    const builder = new BuildThread();
    const fresh = async () => {
      const indexDir = tempDir('index-fresh-');
      await builder.run({ type: 'build', seedsDir: seeds, indexDir, dataDir, now: Date.now() });
      const cb = loadCasebook({ seedsDir: seeds, indexDir, dataDir });
      if (!cb) throw new Error('the fresh build did not load');
      return cb;
    };

    const random = seededRandom(21);
    // Questions are sampled with their own generator, so adding a question file changes no step.
    const sample = seededRandom(22);
    const present = () => poolNames.filter((n) => readIndexPages(seeds).includes(n));
    let edits: CasebookEdits = emptyEdits();
    let reindexedOld = 0;
    let reloads = 0;
    const kinds = new Set<string>();
    // Every kind of change, in a shuffled order after the two coinage pages; which page or
    // article each one touches is drawn at random.
    const plan = [
      'add',
      'add',
      'remove',
      'edit',
      'replace',
      'folder',
      'add',
      'edit',
      'remove',
      'add',
      'edit',
      'folder',
    ];
    for (let i = plan.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [plan[i], plan[j]] = [plan[j]!, plan[i]!];
    }
    plan.unshift('add', 'add');
    for (const [step, kind] of plan.entries()) {
      const here = present();
      const absent = poolNames.filter((n) => !here.includes(n));
      let change: PageChange;
      if (kind === 'add' && absent.length) {
        // Coinage pages first, so that later steps work on user words that came and go.
        const name =
          step < 2
            ? (absent.find((n) => n.startsWith('2024-07')) ?? absent[0]!)
            : absent[Math.floor(random() * absent.length)]!;
        copyFileSync(join(pool, name), join(seeds, name));
        change = { kind: 'add', page: name };
      } else if (kind === 'remove') {
        const name = here[Math.floor(random() * here.length)]!;
        rmSync(join(seeds, name));
        change = { kind: 'remove', page: name };
      } else if (kind === 'replace') {
        const name = here[Math.floor(random() * here.length)]!;
        writeFileSync(join(seeds, name), revised);
        change = { kind: 'replace', page: name, previous: name };
      } else if (kind === 'edit') {
        const articles = holder.current.articles;
        const a = articles[Math.floor(random() * articles.length)]!;
        edits = structuredClone(edits);
        const by = { id: 1, name: '编辑' };
        const at = new Date().toISOString();
        const roll = random();
        if (roll < 0.4)
          edits.articles[a.id] = { ...edits.articles[a.id], county: { value: '经开区', was: a.county, by, at } };
        else if (roll < 0.7)
          edits.articles[a.id] = {
            ...edits.articles[a.id],
            headline: { value: `${a.headline}（修订）`, was: a.headline, by, at },
          };
        else edits.pages[a.source] = { date: '2023-12-26', edition: '5', by, at };
        writeEdits(dataDir, edits);
        change = { kind: 'edit', articleIds: [a.id] };
      } else {
        const name = here[Math.floor(random() * here.length)]!;
        utimesSync(join(seeds, name), new Date(), new Date(Date.now() + (step + 1) * 60_000));
        change = { kind: 'folder' };
      }
      kinds.add(change.kind);
      const before = holder.current;
      const outcome = await holder.refresh(change);
      expect(outcome.error).toBeUndefined();
      if (updater.last && updater.last.dictionary > 0) reloads++;
      // The casebook was changed in place, not rebuilt.
      expect(liveOf(holder.current)).toBe(liveOf(before));
      const want = await fresh();
      const some = QUESTIONS.filter(() => sample() < 0.25);
      expectSame(holder.current, want, some);
    }
    const read = readIndex(indexDir);
    if (!read.ok) throw new Error(read.reason);
    for (const d of read.index.deltas) {
      const added = new Set(d.articles.map((a) => a.id));
      reindexedOld += d.index.added.ids.filter((id) => !added.has(id)).length;
    }
    expect(kinds).toEqual(new Set(['add', 'remove', 'replace', 'edit', 'folder']));
    expect(reindexedOld).toBeGreaterThan(0);
    expect(read.index.deltas.length).toBe(plan.length);

    // A restart reads the base and every delta: the same casebook.
    const want = await fresh();
    const reopened = openCasebook(options);
    expect(reopened.info.origin).toBe('snapshot');
    expectSame(reopened, want, QUESTIONS);
    expectSame(holder.current, want, QUESTIONS);
    // Some changes came with a new query dictionary, whose segmenter was made between questions.
    expect(reloads).toBeGreaterThan(0);
    await Promise.all([updater.close(), builder.close()]);
  }, 600_000);
});

/** The page files in a folder. */
function readIndexPages(dir: string): string[] {
  return loadCorpus(dir).files.map((f) => f.name);
}

describe('an add that brings an article whose id another article has', () => {
  it('is taken by a full load that gives both their long ids, as a fresh build does', async () => {
    const seeds = tempDir('seeds-coll-');
    const indexDir = tempDir('index-coll-');
    const dataDir = tempDir('data-coll-');
    const pair = join(FIXTURES, 'collision');
    copyFileSync(join(pair, 'syn_000963.txt'), join(seeds, 'syn_000963.txt'));
    const options = { seedsDir: seeds, indexDir, dataDir };
    const updater = new BackgroundUpdater(options);
    const holder = new CasebookHolder(openCasebook(options), updater);
    try {
      const before = holder.current.articles.map((a) => a.id);
      expect(before.every((id) => id.length === 8)).toBe(true);
      copyFileSync(join(pair, 'syn_006874.txt'), join(seeds, 'syn_006874.txt'));
      const outcome = await holder.refresh({ kind: 'add', page: 'syn_006874.txt' });
      expect(outcome.error).toBeUndefined();
      const ids = holder.current.articles.map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => id.length === 12)).toHaveLength(2);
      const fresh = openCasebook({ seedsDir: seeds, indexDir: tempDir('index-coll-fresh-'), dataDir });
      expect(ids).toEqual(fresh.articles.map((a) => a.id));
      for (const a of holder.current.articles.filter((x) => x.id.length === 12))
        expect(holder.current.ask(a.headline, { limit: 10 }).results.map((r) => r.id)).toContain(a.id);
    } finally {
      await updater.close();
    }
  });
});

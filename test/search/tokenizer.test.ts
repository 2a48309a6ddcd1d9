import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCasebook } from '../../src/casebook/casebook.js';
import { BuildThread } from '../../src/casebook/background.js';
import type { DictionarySpec } from '../../src/search/tokenizer.js';
import {
  activeDictionary,
  cutWords,
  dictionarySpec,
  addUserWords,
  prepareQueryDictionary,
  tagWords,
  FULL_DICTIONARY,
  indexTerms,
  loadDictionary,
  queryWords,
  useDictionary,
} from '../../src/search/tokenizer.js';
import { userWords } from '../../src/search/dictionary.js';
import { casebook, FIXTURES, jsonl, PAGES, tempDir } from '../helpers.js';

const Q = '鱼台推选出多少名巷长';

/** A second pages folder: one sample page and a held-out page, so its dictionary differs. */
function otherPages(): string {
  const dir = tempDir('seeds-other-');
  copyFileSync(join(PAGES, '003_e80724abc7e469da.txt'), join(dir, '003_e80724abc7e469da.txt'));
  copyFileSync(join(FIXTURES, 'ingest', '2024-05-21_07.txt'), join(dir, '2024-05-21_07.txt'));
  return dir;
}

/** One worker thread for the file: a build, then segmentation requests. */
const thread = new BuildThread();
async function segmentInWorker(spec: DictionarySpec, texts: string[], mode: 'query' | 'index') {
  const reply = await thread.run({ type: 'segment', spec, texts, mode });
  if (reply.type !== 'segmented') throw new Error(reply.type);
  return reply.words;
}

describe('one owner for jieba’s dictionary', () => {
  afterAll(() => thread.close());
  const first = casebook();
  const before = first.queryWords(Q);
  const answer = first.ask(Q).answer?.text;

  it('the first casebook segments as its own snapshot says', () => {
    expect(before).toContain('巷长');
    expect(answer).toContain('巷长5097名');
  });

  it('building a second casebook in the same thread does not change how the first segments', () => {
    const second = openCasebook({
      seedsDir: otherPages(),
      indexDir: tempDir('index-other-'),
      force: true,
    });
    expect(second.info.origin).toBe('build');
    // What the bug looked like: jieba's full dictionary, as a build loads it, cuts 名巷/长.
    loadDictionary();
    expect(queryWords(Q)).toContain('名巷');
    // The first casebook takes its own dictionary back before segmenting.
    expect(first.queryWords(Q)).toEqual(before);
    expect(first.ask(Q).answer?.text).toBe(answer);
    // …and the second keeps answering with its own.
    expect(second.ask('微山船头党课开展了多少场宣讲').results[0]?.headline).toBe('微山“船头党课”开进湖区渔村');
    expect(first.queryWords(Q)).toEqual(before);
  }, 120_000);

  it('a build in a worker thread leaves this thread’s dictionary alone', async () => {
    first.queryWords(Q);
    const held = activeDictionary();
    expect(held).toBe(first.dictionary?.key);
    const built = await thread.run({
      type: 'build',
      seedsDir: otherPages(),
      indexDir: tempDir('index-worker-'),
      now: Date.now(),
    });
    expect(built).toEqual({
      type: 'built',
      pages: 2,
      articles: expect.any(Number) as unknown,
    });
    expect(activeDictionary()).toBe(held);
    expect(queryWords(Q)).toEqual(before);
  }, 120_000);

  it('both threads segment alike: questions with the query dictionary, articles with the build dictionary', async () => {
    const questions = [
      ...jsonl<{ q: string }>('questions.jsonl'),
      ...jsonl<{ q: string }>('questions-heldout.jsonl'),
    ].map((x) => x.q);
    const spec = first.dictionary!;
    const mainQueries = questions.map((q) => first.queryWords(q));
    const workerQueries = await segmentInWorker(spec, questions, 'query');
    expect(workerQueries).toEqual(mainQueries);

    const texts = [
      ...first.articles.slice(0, 8).map((a) => [a.headline, ...a.paragraphs].join('\n')),
      readFileSync(join(FIXTURES, 'ingest', '2024-05-21_07.txt'), 'utf8'),
    ];
    const words = userWords(first.articles);
    const half = words.slice(0, words.length >> 1).reverse();
    const rest = words.slice(words.length >> 1);
    const build = dictionarySpec(FULL_DICTIONARY, words);
    // This thread gets there from half the words (in reverse order), the missing ones added rather
    // than the file loaded again, as the next build after an add does; the worker loads it afresh.
    useDictionary(dictionarySpec(FULL_DICTIONARY, half));
    const coined = rest.find((w) => cutWords(w).length > 1);
    expect(coined).toBeDefined();
    useDictionary(build);
    expect(cutWords(coined!)).toEqual([coined]);
    const mainTerms = texts.map((t) => indexTerms(t));
    const workerTerms = await segmentInWorker(build, texts, 'index');
    expect(workerTerms).toEqual(mainTerms);
    // A word the next dictionary lacks cannot be taken out: the file is loaded again.
    useDictionary(
      dictionarySpec(
        FULL_DICTIONARY,
        words.filter((w) => w !== coined),
      ),
    );
    expect(cutWords(coined!).length).toBeGreaterThan(1);
    expect(first.queryWords(Q)).toEqual(before);
  }, 120_000);

  it('the query dictionary’s segmenter cuts and tags as jieba does with the same file and user words, before and after words are added', () => {
    const questions = [
      ...jsonl<{ q: string }>('questions.jsonl'),
      ...jsonl<{ q: string }>('questions-heldout.jsonl'),
    ].map((x) => x.q);
    const live = first.dictionary!;
    const spec: DictionarySpec = { key: live.key, file: live.file, words: [...live.words] };
    // Words added later, as an add that brings new quoted coinages does: pieces of the questions.
    const added = [...new Set(questions.map((q) => q.slice(2, 5)).filter((w) => /^\p{Script=Han}{3}$/u.test(w)))]
      .filter((w) => !spec.words.includes(w))
      .slice(0, 12);
    expect(added.length).toBeGreaterThan(5);
    const next = dictionarySpec(spec.file, [...spec.words, ...added].sort(), 'extended');

    // jieba itself, loaded with each dictionary and its words.
    const withJieba = (s: DictionarySpec) => {
      loadDictionary(s.file);
      addUserWords(s.words);
      expect(activeDictionary()).toBeUndefined(); // jieba, not a query segmenter
      return { cut: questions.map((q) => queryWords(q)), tags: questions.map((q) => tagWords(q)) };
    };
    const jieba = withJieba(spec);
    const jiebaNext = withJieba(next);
    expect(jiebaNext.cut).not.toEqual(jieba.cut);

    useDictionary(spec);
    expect(activeDictionary()).toBe(spec.key);
    expect(queryWords(Q)).not.toContain('名巷'); // not the full dictionary jieba holds now
    expect(questions.map((q) => queryWords(q))).toEqual(jieba.cut);
    expect(questions.map((q) => tagWords(q))).toEqual(jieba.tags);
    // The next dictionary's segmenter made in steps, as an add makes it, changes nothing until used.
    const steps = prepareQueryDictionary(next);
    let count = 0;
    while (!steps.next().done) count++;
    expect(count).toBeGreaterThan(0);
    expect(questions.map((q) => queryWords(q))).toEqual(jieba.cut);
    useDictionary(next);
    expect(activeDictionary()).toBe(next.key);
    expect(questions.map((q) => queryWords(q))).toEqual(jiebaNext.cut);
    expect(questions.map((q) => tagWords(q))).toEqual(jiebaNext.tags);
    expect(first.queryWords(Q)).toEqual(before);
  }, 120_000);
});

import { describe, expect, inject, it } from 'vitest';
import MiniSearch from 'minisearch';
import { CaseIndex } from '../../src/search/engine.js';
import { indexTerms } from '../../src/search/tokenizer.js';
import { loadSnapshot } from '../../src/search/snapshot.js';
import { casebook, PAGES } from '../helpers.js';

describe('bulk index build', () => {
  it('gives MiniSearch exactly the state that adding document by document gives', () => {
    const articles = casebook().articles;
    const reference = new MiniSearch({
      idField: 'id',
      fields: ['headline', 'sections', 'body'],
      storeFields: [],
      tokenize: (text: string) => (text ? text.split(' ') : []),
      processTerm: (term: string) => term || null,
    });
    const enc = (text: string) => indexTerms(text).join(' ');
    for (const a of articles)
      reference.add({
        id: a.id,
        headline: enc(a.headline),
        sections: enc(a.sections.join('。')),
        body: enc(a.paragraphs.join('\n')),
      });
    // Built second: the build frees the dictionary word list that indexTerms reads.
    const built = CaseIndex.build(articles);

    const mine = (built as unknown as { mini: MiniSearch }).mini.toJSON();
    const ref = reference.toJSON();
    const sortIndex = (js: typeof ref) => ({ ...js, index: [...js.index].sort((x, y) => (x[0] < y[0] ? -1 : 1)) });
    expect(JSON.parse(JSON.stringify(sortIndex(mine)))).toEqual(JSON.parse(JSON.stringify(sortIndex(ref))));

    for (const q of ['红帆驿站', '第一书记 调解', '党代表 工作室 接待']) {
      const a = (built as unknown as { mini: MiniSearch }).mini.search(q);
      const b = reference.search(q);
      expect(a.map((r) => [r.id as string, r.score])).toEqual(b.map((r) => [r.id as string, r.score]));
    }
  });
});

describe('restoring MiniSearch', () => {
  it('the fast path (protected members, lazy postings) and the public loadJS give the same index', () => {
    const loaded = loadSnapshot(inject('indexDir'), PAGES);
    if (!loaded.ok) throw new Error(loaded.reason);
    const { index: data, articles } = loaded.data;
    const fast = CaseIndex.load(data, articles);
    const open = CaseIndex.load(data, articles, { publicOnly: true });
    expect(fast.restoredBy).toBe('internals');
    expect(open.restoredBy).toBe('loadJS');
    const json = (index: CaseIndex) => (index as unknown as { mini: MiniSearch }).mini.toJSON();
    const sorted = (js: ReturnType<typeof json>) => ({
      ...js,
      index: [...js.index].sort((x, y) => (x[0] < y[0] ? -1 : 1)),
    });
    expect(JSON.parse(JSON.stringify(sorted(json(fast))))).toEqual(JSON.parse(JSON.stringify(sorted(json(open)))));
    for (const words of [['红帆驿站'], ['第一书记', '调解'], ['党代表', '工作室', '接待'], ['干部']]) {
      const terms = fast.expand(words);
      expect(fast.search(terms, { limit: 40 })).toEqual(open.search(terms, { limit: 40 }));
      expect(fast.search(terms, { county: '金乡县' })).toEqual(open.search(terms, { county: '金乡县' }));
    }
  });
});

describe('scoring over MiniSearch internals', () => {
  it('ranks, scores and reports matched terms exactly as MiniSearch search does, for any query', () => {
    const loaded = loadSnapshot(inject('indexDir'), PAGES);
    if (!loaded.ok) throw new Error(loaded.reason);
    const { index: data, articles } = loaded.data;
    const fast = CaseIndex.load(data, articles);
    const open = CaseIndex.load(data, articles, { publicOnly: true });
    const terms = [...fast.terms()].sort();
    const counties = [...new Set(articles.map((a) => a.county ?? ''))];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    // Common terms (long posting lists, many ties) as well as rare ones.
    const common = terms.filter((t) => fast.docFreq(t) > articles.length / 4);
    expect(common.length).toBeGreaterThan(3);
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const n = 1 + Math.floor(random() * 6);
      const query = Array.from({ length: n }, () => ({
        term: pick(random() < 0.4 ? common : terms),
        weight: pick([1, 0.6, 0.35, 2]),
      }));
      const options = {
        limit: pick([1, 3, 20, 100, 400]),
        counties: random() < 0.3 ? [pick(counties), pick(counties)] : undefined,
        boost: random() < 0.3 ? { headline: 2, sections: 1, body: 0.5 } : undefined,
      };
      const a = fast.search(query, options);
      expect(a).toEqual(open.search(query, options));
      compared += a.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

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

import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/types.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { CaseIndex, emptyBatch, segmentDocs, type IndexChange } from '../../src/search/engine.js';
import { userWords } from '../../src/search/dictionary.js';
import { dictionarySpec, FULL_DICTIONARY, indexTerms, useDictionary } from '../../src/search/tokenizer.js';
import { seededRandom } from '../../src/testing/pageRenderer.js';
import { casebook, FIXTURES, PAGES } from '../helpers.js';
import { indexState as state } from './indexState.js';
import { join } from 'node:path';

/** The change that takes `index` (built over `from`) to the articles `to`. */
function change(from: readonly Article[], to: readonly Article[]): IndexChange {
  const before = new Set(from.map((a) => a.id));
  const after = new Set(to.map((a) => a.id));
  const gone = from.filter((a) => !after.has(a.id));
  const come = to.filter((a) => !before.has(a.id));
  return {
    removed: gone.length ? segmentDocs(gone) : emptyBatch(),
    added: come.length ? segmentDocs(come) : emptyBatch(),
    places: come.map((a) => [a.id, { county: a.county ?? '', source: a.source, position: a.position }]),
    order: to.map((a) => a.id),
  };
}

/** Articles in a rebuild's order: page file, then place on the page. */
const pageOrder = (xs: Article[]) =>
  [...xs].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.position - b.position));

const QUERIES = [
  ['红帆驿站'],
  ['第一书记', '调解'],
  ['党代表', '工作室', '接待'],
  ['干部'],
  ['党员'],
  ['船头', '党课'],
];

describe('changing an index in place', () => {
  const all = pageOrder([
    ...casebook().articles,
    ...loadCorpus(join(FIXTURES, 'pages-topics')).articles,
    ...loadCorpus(join(FIXTURES, 'ingest')).articles.filter((a) => a.source.startsWith('2024')),
  ]);
  // One build dictionary for every set, so that only the index code differs.
  useDictionary(dictionarySpec(FULL_DICTIONARY, userWords(all)));

  it('adds and removals in any order give a fresh build’s terms, frequencies, postings, lengths and averages', () => {
    const random = seededRandom(13);
    let current = all.filter(() => random() < 0.5);
    const index = CaseIndex.build(current);
    for (let step = 0; step < 12; step++) {
      // Take out some articles, put back others: pages in the middle as well as at the end.
      const next = pageOrder(all.filter((a) => (current.includes(a) ? random() < 0.8 : random() < 0.3)));
      index.apply(change(current, next));
      current = next;
      const fresh = CaseIndex.build(current);
      expect(state(index)).toEqual(state(fresh));
      for (const words of QUERIES) {
        const terms = fresh.expand(words);
        // Scores to the last bit, ties in page order.
        expect(index.search(terms, { limit: 40 })).toEqual(fresh.search(terms, { limit: 40 }));
        expect(index.search(terms, { county: '金乡县' })).toEqual(fresh.search(terms, { county: '金乡县' }));
      }
      // The term tables, made at the first step and changed term by term since.
      for (const w of ['党代表室', '驿站党建', '调解书记', '网格化'])
        expect(index.closeTerms(w, 20)).toEqual(fresh.closeTerms(w, 20));
      const tails = [...fresh.terms()].filter((t) => t.length >= 3 && random() < 0.05).map((t) => t.slice(1));
      for (const w of ['驿站', '联盟', '工作室', '书记', ...tails])
        expect(index.compounds(w, 50)).toEqual(fresh.compounds(w, 50));
    }
  });

  it('a change prepared in steps is invisible until committed, and refused after another change', () => {
    const first = all.slice(0, 20);
    const index = CaseIndex.build(first);
    const terms = index.expand(['党员', '服务', '驿站']);
    const before = index.search(terms, { limit: 40 });
    const next = pageOrder([...first, ...all.slice(20, 30)]);
    const { order, ...rest } = change(first, next);
    const steps = index.prepareInSteps(rest);
    let step = steps.next();
    let between = 0;
    while (!step.done) {
      // A question between two steps sees the index as it was.
      expect(index.search(terms, { limit: 40 })).toEqual(before);
      between++;
      step = steps.next();
    }
    expect(between).toBeGreaterThan(0);
    // Staged postings are written ahead (under short ids no article has yet), nothing else.
    expect(state(index)).not.toEqual(state(CaseIndex.build(first)));
    expect(state(index, { withoutStaged: true })).toEqual(state(CaseIndex.build(first)));
    index.commit(step.value, order);
    expect(state(index)).toEqual(state(CaseIndex.build(next)));
    expect(index.search(terms, { limit: 40 })).toEqual(CaseIndex.build(next).search(terms, { limit: 40 }));

    // Prepared, then another change lands first: the stale one is refused and changes nothing.
    const more = pageOrder([...next, ...all.slice(30, 35)]);
    const stale = index.prepare(change(next, more));
    index.apply(change(next, pageOrder([...next, ...all.slice(35, 40)])));
    const after = state(index);
    expect(() =>
      index.commit(
        stale,
        more.map((a) => a.id),
      ),
    ).toThrow(/改动/);
    expect(state(index)).toEqual(after);
  });

  it('staged postings never outlive their change: given up, searched past, or refused', () => {
    const first = all.slice(0, 20);
    const a = pageOrder([...first, ...all.slice(20, 26)]);
    const b = pageOrder([...first, ...all.slice(26, 32)]);
    const build = (articles: Article[]) => state(CaseIndex.build(articles));

    // A staging left half done, then another change: only the second's postings are there.
    const index = CaseIndex.build(first);
    const steps = index.prepareInSteps(change(first, a));
    let staged = 0;
    while (!steps.next().done && state(index).terms.every(([, f]) => !JSON.stringify(f).includes('"#'))) staged++;
    expect(staged).toBeGreaterThan(0);
    index.apply(change(first, b));
    expect(state(index)).toEqual(build(b));

    // MiniSearch's own search (terms that repeat once split) takes the staging out; the commit
    // stages again and lands the same change.
    const c = pageOrder([...b, ...all.slice(32, 36)]);
    const { order, ...rest } = change(b, c);
    const prepared = index.prepare(rest);
    expect(state(index)).not.toEqual(build(b));
    const twice = [
      { term: '党员 服务', weight: 1 },
      { term: '党员', weight: 1 },
    ];
    expect(index.search(twice, { limit: 40 })).toEqual(CaseIndex.build(b).search(twice, { limit: 40 }));
    expect(state(index)).toEqual(build(b));
    index.commit(prepared, order);
    expect(state(index)).toEqual(build(c));

    // Taken out half way (MiniSearch's own search between two steps), the staging writes no more;
    // the commit stages it again, once.
    const e = pageOrder([...c, ...all.slice(36, 40)]);
    const { order: eOrder, ...eRest } = change(c, e);
    // Every term's scoring arrays made first, so that staging writes into them too.
    const every = [...index.terms()].map((term) => ({ term, weight: 1 }));
    for (let i = 0; i < every.length; i += 200) index.search(every.slice(i, i + 200), { limit: 1 });
    const eSteps = index.prepareInSteps(eRest);
    let eStep = eSteps.next();
    let searched = false;
    while (!eStep.done) {
      if (!searched && state(index).terms.some(([, f]) => JSON.stringify(f).includes('"#'))) {
        index.search(twice, { limit: 40 });
        expect(state(index)).toEqual(build(c));
        searched = true;
      }
      eStep = eSteps.next();
    }
    expect(searched).toBe(true);
    index.commit(eStep.value, eOrder);
    expect(state(index)).toEqual(build(e));
    const fresh = CaseIndex.build(e);
    for (let i = 0; i < every.length; i += 200) {
      const terms = every.slice(i, i + 200);
      expect(index.search(terms, { limit: 40 })).toEqual(fresh.search(terms, { limit: 40 }));
    }

    // A refused commit takes its staged postings with it.
    const d = pageOrder([...e, ...all.slice(40, 44)]);
    const refused = index.prepare(change(e, d));
    expect(() =>
      index.commit(
        refused,
        d.slice(1).map((x) => x.id),
      ),
    ).toThrow(/顺序/);
    expect(state(index)).toEqual(build(e));
  });

  it('a bad change is refused before anything changes', () => {
    const index = CaseIndex.build(all.slice(0, 10));
    const before = state(index);
    expect(() => index.apply(change(all.slice(10, 15), []))).toThrow(/不在索引中/);
    expect(() => index.apply(change([], all.slice(0, 2)))).toThrow(/已在索引中/);
    // A removal whose postings name a term the index does not have (segmented otherwise).
    const odd = change(all.slice(0, 10), all.slice(1, 10));
    odd.removed = {
      ...odd.removed,
      terms: odd.removed.terms.map((t, i) => (i === odd.removed.terms.length - 1 ? '索引里没有的词' : t)),
    };
    expect(() => index.apply(odd)).toThrow(/不在索引中/);
    // An order that names articles the index will not hold.
    expect(() =>
      index.apply({ ...change(all.slice(0, 10), all.slice(0, 9)), order: all.slice(1, 10).map((a) => a.id) }),
    ).toThrow(/顺序/);
    expect(state(index)).toEqual(before);
  });

  it('ties in score are in page order however the articles were added', () => {
    const pages = loadCorpus(PAGES).articles;
    // The same article text under two page names: every score ties.
    const twin = (a: Article, source: string): Article => ({ ...a, id: `${a.id}-${source}`, source });
    const a = pages[0]!;
    const docs = [twin(a, 'b.txt'), twin(a, 'a.txt'), twin(a, 'c.txt')];
    const index = CaseIndex.build([docs[0]!]);
    index.apply(change([docs[0]!], pageOrder(docs)));
    const terms = index.expand(indexTerms(a.headline).slice(0, 1));
    expect(terms.length).toBe(1);
    expect(index.search(terms).map((h) => h.id)).toEqual(pageOrder(docs).map((d) => d.id));
  });
});

import MiniSearch, { type SearchResult } from 'minisearch';
import type { Article } from '../corpus/types.js';
import { bigrams, indexTerms, releaseBuildMemory } from './tokenizer.js';
import { LazyTermPostings, encodeFlat } from './postings.js';
import { fillRadix, type RadixNode } from './radix.js';

/** What MiniSearch indexes per article: pre-tokenised, space-joined terms. */
interface IndexedDoc {
  id: string;
  headline: string;
  sections: string;
  body: string;
  county: string;
}

const FIELDS = ['headline', 'sections', 'body'] as const;
const BOOST = { headline: 3, sections: 1.5, body: 1 };

/**
 * Text is segmented by us (once, at build time); queries reach MiniSearch as terms joined by
 * spaces, which is all its tokenizer splits on.
 */
const MINISEARCH_OPTIONS = {
  idField: 'id',
  fields: [...FIELDS],
  storeFields: [] as string[],
  tokenize: (text: string) => (text ? text.split(' ') : []),
  processTerm: (term: string) => term || null,
};

export interface QueryTerm {
  term: string;
  weight: number;
}

export interface Hit {
  id: string;
  score: number;
  /** The query terms this article matched. */
  matched: string[];
}

export interface SearchOptions {
  county?: string;
  limit?: number;
}

export interface IndexData {
  /** MiniSearch's own serialisation, less its posting lists. */
  meta: unknown;
  /** Every term. */
  terms: string[];
  /** Number of articles containing each term. */
  df: number[];
  /** Flat: term index, field id, encoded posting list (see postings.ts), …; a term's fields adjacent. */
  postings: (number | string)[];
}

/** The one MiniSearch internal this module touches: the term → field → postings map. */
interface TermIndex {
  get(term: string): Map<number, Map<number, number>> | undefined;
  set(term: string, value: Map<number, Map<number, number>>): unknown;
}

/** MiniSearch's serialisation (its public `AsPlainObject`), as far as this module fills it. */
interface Meta {
  documentCount: number;
  nextId: number;
  documentIds: Record<number, string>;
  fieldIds: Record<string, number>;
  fieldLength: Record<number, number[]>;
  averageFieldLength: number[];
  storedFields: Record<number, never>;
  dirtCount: number;
  index: [];
  serializationVersion: 2;
}

function termIndex(mini: MiniSearch<IndexedDoc>): TermIndex {
  const index = (mini as unknown as { _index?: TermIndex })._index;
  if (!index || typeof index.set !== 'function') throw new Error('MiniSearch 内部结构已变化，无法载入索引');
  return index;
}

/** A MiniSearch index over articles, with a document-frequency table for IDF and fallbacks. */
export class CaseIndex {
  private constructor(
    private readonly mini: MiniSearch<IndexedDoc>,
    private readonly df: Map<string, number>,
    private readonly counties: Map<string, string>,
    private readonly serialize: () => IndexData,
  ) {}

  /**
   * Builds the index in bulk. MiniSearch's `add` walks its radix tree once per word occurrence;
   * here each field's term frequencies are counted first and the index is assembled as a snapshot
   * would be (MiniSearch's own serialisation of the documents, with unique-term field lengths and
   * their running averages exactly as `add` computes them, plus encoded postings), then loaded.
   * Scores are the same as after `add`.
   */
  static build(articles: readonly Article[], onProgress?: (done: number, total: number) => void): CaseIndex {
    const meta: Meta = {
      documentCount: articles.length,
      nextId: articles.length,
      documentIds: {},
      fieldIds: Object.fromEntries(FIELDS.map((f, i) => [f, i])),
      fieldLength: {},
      averageFieldLength: FIELDS.map(() => 0),
      storedFields: {},
      dirtCount: 0,
      index: [],
      serializationVersion: 2,
    };
    // Terms get integer ids; postings are flat [doc, tf, …] lists per field and term, in doc order.
    const ids = new Map<string, number>();
    const terms: string[] = [];
    const docFreq: number[] = [];
    const lastDoc: number[] = [];
    const lists: number[][][] = FIELDS.map(() => []);
    const counties = new Map<string, string>();
    // Term frequencies of one field: counts by term id, and the ids touched, in first-seen order.
    let counts = new Int32Array(1 << 16);
    const touched: number[] = [];
    articles.forEach((a, doc) => {
      const fields = [indexTerms(a.headline), indexTerms(a.sections.join('。')), indexTerms(a.paragraphs.join('\n'))];
      const lengths: number[] = [];
      fields.forEach((words, fieldId) => {
        for (const w of words) {
          let id = ids.get(w);
          if (id === undefined) {
            id = terms.length;
            ids.set(w, id);
            terms.push(w);
            docFreq.push(0);
            lastDoc.push(-1);
            if (id >= counts.length) {
              const grown = new Int32Array(counts.length * 2);
              grown.set(counts);
              counts = grown;
            }
          }
          const seen = counts[id]!;
          counts[id] = seen + 1;
          if (seen === 0) touched.push(id);
        }
        lengths[fieldId] = touched.length;
        meta.averageFieldLength[fieldId] = (meta.averageFieldLength[fieldId]! * doc + touched.length) / (doc + 1);
        const byTerm = lists[fieldId]!;
        for (const id of touched) {
          if (lastDoc[id] !== doc) {
            lastDoc[id] = doc;
            docFreq[id]!++;
          }
          (byTerm[id] ??= []).push(doc, counts[id]!);
          counts[id] = 0;
        }
        touched.length = 0;
      });
      meta.documentIds[doc] = a.id;
      meta.fieldLength[doc] = lengths;
      counties.set(a.id, a.county ?? '');
      if (onProgress && (doc % 500 === 499 || doc === articles.length - 1)) onProgress(doc + 1, articles.length);
    });
    releaseBuildMemory();
    // Each list is encoded once: the same string goes into the snapshot and, lazily decoded, into
    // MiniSearch's term index.
    const postings: (number | string)[] = [];
    for (let id = 0; id < terms.length; id++) {
      lists.forEach((byTerm, fieldId) => {
        const flat = byTerm[id];
        if (flat) postings.push(id, fieldId, encodeFlat(flat));
      });
    }
    const data: IndexData = { meta, terms, df: docFreq, postings };
    return CaseIndex.load(data, articles);
  }

  /**
   * Loads a snapshot. MiniSearch restores everything but the postings through `loadJS`; the
   * postings go straight into its term index, decoded when a query first reaches a term, which
   * skips building millions of `{docId: tf}` objects (and, for terms never queried, any Map at all).
   * (MiniSearch is pinned to 7.2.x for this; if its internals change, loading throws and the
   * start-up job rebuilds.)
   */
  static load(data: IndexData, articles: readonly Article[]): CaseIndex {
    const mini = MiniSearch.loadJS<IndexedDoc>(
      data.meta as Parameters<typeof MiniSearch.loadJS>[0],
      MINISEARCH_OPTIONS,
    );
    const index = termIndex(mini);
    // A term's fields are stored next to each other: one lazy object per term.
    const entries: [string, Map<number, Map<number, number>>][] = [];
    const p = data.postings;
    for (let i = 0; i < p.length;) {
      const term = p[i] as number;
      const from = i;
      while (i < p.length && p[i] === term) i += 3;
      entries.push([data.terms[term]!, new LazyTermPostings(p, from, i)]);
    }
    // The tree is built in one pass when MiniSearch's empty tree is reachable; else term by term.
    const tree = (index as unknown as { _tree?: unknown })._tree;
    if (tree instanceof Map && tree.size === 0) fillRadix(tree as RadixNode<Map<number, Map<number, number>>>, entries);
    else for (const [term, value] of entries) index.set(term, value);
    if (mini.documentCount !== articles.length)
      throw new Error(`索引含 ${mini.documentCount} 篇，文章表含 ${articles.length} 篇`);
    const df = new Map<string, number>();
    data.terms.forEach((key, i) => df.set(key, data.df[i]!));
    return new CaseIndex(mini, df, new Map(articles.map((a) => [a.id, a.county ?? ''])), () => data);
  }

  toData(): IndexData {
    return this.serialize();
  }

  get size(): number {
    return this.mini.documentCount;
  }

  /** Every term the index knows. */
  terms(): IterableIterator<string> {
    return this.df.keys();
  }

  /** Number of articles containing the term. */
  docFreq(term: string): number {
    return this.df.get(term) ?? 0;
  }

  /** Inverse document frequency (BM25 style, always positive). */
  idf(term: string): number {
    const n = this.size;
    const d = this.docFreq(term);
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  }

  /**
   * Query terms for words: a word the index knows stands for itself; an unknown long word is
   * replaced by its known bigrams (`三龄两历` → 三龄, 龄两, 两历), at a lower weight.
   */
  expand(words: readonly string[]): QueryTerm[] {
    const out = new Map<string, number>();
    for (const w of words) {
      if (this.docFreq(w) > 0) out.set(w, Math.max(out.get(w) ?? 0, 1));
      else for (const b of bigrams(w)) if (this.docFreq(b) > 0) out.set(b, Math.max(out.get(b) ?? 0, 0.6));
    }
    return [...out].map(([term, weight]) => ({ term, weight }));
  }

  /**
   * The terms worth scoring: a word found in more than a fifth of the articles, with less than half
   * the IDF of the query's most distinctive word, barely moves the ranking but dominates the work,
   * so it is dropped when the query also has distinctive words. A query of common words only keeps
   * them all. (Figures, quotes and list coverage still see every word.)
   */
  selective(terms: readonly QueryTerm[]): QueryTerm[] {
    if (terms.length < 2) return [...terms];
    const best = Math.max(...terms.map((t) => this.idf(t.term)));
    const common = (t: QueryTerm) => this.docFreq(t.term) > this.size * 0.2 && this.idf(t.term) < best * 0.5;
    const kept = terms.filter((t) => !common(t));
    return kept.length > 0 ? kept : [...terms];
  }

  search(terms: readonly QueryTerm[], options: SearchOptions = {}): Hit[] {
    if (terms.length === 0) return [];
    const weights = new Map(terms.map((t) => [t.term, t.weight]));
    const county = options.county;
    const results: SearchResult[] = this.mini.search([...weights.keys()].join(' '), {
      boost: BOOST,
      combineWith: 'OR',
      prefix: false,
      fuzzy: false,
      boostTerm: (term) => weights.get(term) ?? 1,
      filter: county ? (r) => this.counties.get(r.id as string) === county : undefined,
    });
    return results.slice(0, options.limit ?? 20).map((r) => ({
      id: r.id as string,
      score: r.score,
      matched: r.queryTerms,
    }));
  }

  /**
   * Known terms that share characters with a word the index does not know, for "did you mean":
   * at least two characters (one for a two-character word), most shared first, then most common.
   */
  closeTerms(word: string, limit = 5): string[] {
    const chars = new Set([...word].filter((c) => /\p{Script=Han}/u.test(c)));
    if (chars.size === 0) return [];
    const need = Math.min(2, chars.size);
    const found: [string, number, number][] = [];
    for (const [term, df] of this.df) {
      if (term.length < 2 || term === word) continue;
      let shared = 0;
      for (const c of new Set(term)) if (chars.has(c)) shared++;
      if (shared >= need) found.push([term, shared, df]);
    }
    return found
      .sort((a, b) => b[1] - a[1] || b[2] - a[2] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([t]) => t);
  }
}

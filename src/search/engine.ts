import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from 'minisearch';
import type { Article } from '../corpus/types.js';
import { bigrams, indexTerms, releaseBuildMemory } from './tokenizer.js';
import { LazyTermPostings, PostingTableBuilder, type PostingTable } from './postings.js';
import { fillRadix } from './radix.js';

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
export const MINISEARCH_OPTIONS: Options<IndexedDoc> = {
  idField: 'id',
  fields: [...FIELDS],
  storeFields: [],
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

export interface ExpandWeights {
  bigramWeight?: number;
  subwordWeight?: number;
  singleChar?: number;
}

export interface SearchOptions {
  /** Only cases of this county. */
  county?: string;
  /** Only cases of these counties. */
  counties?: readonly string[];
  limit?: number;
  /** Field boosts (default headline 3, sections 1.5, body 1). */
  boost?: { headline: number; sections: number; body: number };
}

export interface IndexData {
  /** MiniSearch's own serialisation, less its posting lists (`index` is empty). */
  meta: AsPlainObject;
  /** Every term. */
  terms: string[];
  /** Number of articles containing each term. */
  df: number[];
  /** Every posting list, by term index. */
  postings: PostingTable;
}

/** A term's postings as MiniSearch keeps them: field id → document short id → term frequency. */
type FieldTermData = Map<number, Map<number, number>>;

/** This MiniSearch's internals are not the ones CaseMiniSearch was written for (7.2). */
export class MiniSearchInternalsError extends Error {
  override name = 'MiniSearchInternalsError';
}

/**
 * MiniSearch restored from our serialisation through its protected members, as `loadJS` does,
 * except that the term index's tree is built in one pass (fillRadix) over posting lists that stay
 * encoded until a query first reaches a term: no `{docId: tf}` object per posting, and no Map at
 * all for a term never queried. Before writing anything it checks that the members it writes are
 * there, and afterwards that MiniSearch reads them; a MiniSearch whose internals changed raises
 * MiniSearchInternalsError and CaseIndex takes the public `loadJS` instead.
 */
class CaseMiniSearch extends MiniSearch<IndexedDoc> {
  private constructor() {
    super(MINISEARCH_OPTIONS);
  }

  static restore(meta: AsPlainObject, terms: [string, FieldTermData][]): CaseMiniSearch {
    const mini = new CaseMiniSearch();
    mini.checkInternals(meta);
    mini._documentCount = meta.documentCount;
    mini._nextId = meta.nextId;
    mini._documentIds = numericMap(meta.documentIds as Record<string, string>);
    mini._idToShortId = new Map();
    for (const [shortId, id] of mini._documentIds) mini._idToShortId.set(id, shortId);
    mini._fieldLength = numericMap(meta.fieldLength);
    mini._avgFieldLength = meta.averageFieldLength;
    mini._storedFields = numericMap(meta.storedFields as Record<string, Record<string, unknown>>);
    mini._dirtCount = meta.dirtCount ?? 0;
    // The fresh, empty term index: its tree is filled in one pass (see radix.ts).
    fillRadix<FieldTermData>(mini._index._tree, terms);
    mini.checkRestored(meta, terms[0]?.[0]);
    return mini;
  }

  /** The members written above exist on a fresh instance, with the kinds of value 7.2 keeps there. */
  private checkInternals(meta: AsPlainObject): void {
    const fresh = [
      this._index instanceof Object && this._index._tree instanceof Map && this._index._tree.size === 0,
      this._documentIds instanceof Map,
      this._idToShortId instanceof Map,
      this._fieldLength instanceof Map,
      this._storedFields instanceof Map,
      Array.isArray(this._avgFieldLength),
      typeof this._documentCount === 'number',
      typeof this._nextId === 'number',
      typeof this._dirtCount === 'number',
      JSON.stringify(this._fieldIds) === JSON.stringify(meta.fieldIds),
    ];
    const broken = fresh.indexOf(false);
    if (broken >= 0)
      throw new MiniSearchInternalsError(`MiniSearch 的内部结构与 7.2 版不同（第 ${broken + 1} 项检查）`);
  }

  /** MiniSearch reads what was written: its public counts, and a term found through search. */
  private checkRestored(meta: AsPlainObject, term: string | undefined): void {
    const ok =
      this.documentCount === meta.documentCount &&
      (term === undefined || this.search(term, { prefix: false, fuzzy: false }).length > 0);
    if (!ok) throw new MiniSearchInternalsError('MiniSearch 没有读到载入的索引');
  }
}

function numericMap<V>(object: Record<string, V>): Map<number, V> {
  const map = new Map<number, V>();
  for (const key of Object.keys(object)) map.set(parseInt(key, 10), object[key]!);
  return map;
}

/** How a CaseIndex got its MiniSearch. */
export type RestoredBy =
  /** CaseMiniSearch: the fast path through MiniSearch 7.2's protected members. */
  | 'internals'
  /** MiniSearch's public loadJS, with every posting list decoded (slower; the same index). */
  | 'loadJS';

export interface LoadOptions {
  /** Skip the fast path (to compare both). */
  publicOnly?: boolean;
}

/** MiniSearch's public serialisation of the term index: every posting list decoded. */
function serializedIndex(data: IndexData): AsPlainObject['index'] {
  const index: AsPlainObject['index'] = [];
  const { postings } = data;
  postings.forEachTerm((term, from, to) => {
    const fields: AsPlainObject['index'][number][1] = {};
    for (let i = from; i < to; i++) fields[postings.field(i)] = Object.fromEntries(postings.decode(i));
    index.push([data.terms[term]!, fields]);
  });
  return index;
}

/** A MiniSearch index over articles, with a document-frequency table for IDF and fallbacks. */
export class CaseIndex {
  private constructor(
    private readonly mini: MiniSearch<IndexedDoc>,
    private readonly df: Map<string, number>,
    private readonly counties: Map<string, string>,
    private readonly serialize: () => IndexData,
    /** How MiniSearch was restored: through its internals (the fast path) or its public loadJS. */
    readonly restoredBy: RestoredBy,
  ) {}

  /**
   * Builds the index in bulk. MiniSearch's `add` walks its radix tree once per word occurrence;
   * here each field's term frequencies are counted first and the index is assembled as a snapshot
   * would be (MiniSearch's own serialisation of the documents, with unique-term field lengths and
   * their running averages exactly as `add` computes them, plus encoded postings), then loaded.
   * Scores are the same as after `add`.
   */
  static build(articles: readonly Article[], onProgress?: (done: number, total: number) => void): CaseIndex {
    const meta: AsPlainObject = {
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
    const postings = new PostingTableBuilder();
    for (let id = 0; id < terms.length; id++) {
      lists.forEach((byTerm, fieldId) => {
        const flat = byTerm[id];
        if (flat) postings.add(id, fieldId, flat);
      });
    }
    const data: IndexData = { meta, terms, df: docFreq, postings: postings.finish(terms.length) };
    return CaseIndex.load(data, articles);
  }

  /**
   * Loads a snapshot (or a build's data). CaseMiniSearch restores MiniSearch with each term's
   * posting lists left encoded until a query first reaches the term; if MiniSearch's internals
   * are not 7.2's, MiniSearch's public `loadJS` gets the same index with every list decoded
   * (slower, same answers), and `restoredBy` says so.
   */
  static load(data: IndexData, articles: readonly Article[], options: LoadOptions = {}): CaseIndex {
    let mini: MiniSearch<IndexedDoc> | undefined;
    let restoredBy: RestoredBy = 'internals';
    if (!options.publicOnly) {
      const terms: [string, FieldTermData][] = [];
      data.postings.forEachTerm((term, from, to) =>
        terms.push([data.terms[term]!, new LazyTermPostings(data.postings, from, to)]),
      );
      try {
        mini = CaseMiniSearch.restore(data.meta, terms);
      } catch (err) {
        if (!(err instanceof MiniSearchInternalsError)) throw err;
      }
    }
    if (!mini) {
      restoredBy = 'loadJS';
      mini = MiniSearch.loadJS<IndexedDoc>({ ...data.meta, index: serializedIndex(data) }, MINISEARCH_OPTIONS);
    }
    if (mini.documentCount !== articles.length)
      throw new Error(`索引含 ${mini.documentCount} 篇，文章表含 ${articles.length} 篇`);
    const df = new Map<string, number>();
    data.terms.forEach((key, i) => df.set(key, data.df[i]!));
    return new CaseIndex(mini, df, new Map(articles.map((a) => [a.id, a.county ?? ''])), () => data, restoredBy);
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
   * replaced by its known bigrams (`三龄两历` → 三龄, 龄两, 两历) at `bigramWeight`. A known word of
   * three or more characters also brings its known bigrams at `subwordWeight` (`网格化` finds a
   * case that says `网格`), and a single character counts `singleChar` (it is part of many words).
   */
  expand(
    words: readonly string[],
    { bigramWeight = 0.6, subwordWeight = 0, singleChar = 1 }: ExpandWeights = {},
  ): QueryTerm[] {
    const out = new Map<string, number>();
    const add = (term: string, weight: number) => {
      if (weight > 0 && this.docFreq(term) > 0) out.set(term, Math.max(out.get(term) ?? 0, weight));
    };
    for (const w of words) {
      if (this.docFreq(w) > 0) {
        add(w, [...w].length === 1 ? singleChar : 1);
        for (const b of bigrams(w)) add(b, subwordWeight);
      } else {
        for (const b of bigrams(w)) add(b, bigramWeight);
      }
    }
    return [...out].map(([term, weight]) => ({ term, weight }));
  }

  /**
   * The terms worth scoring: a word found in more than a fifth of the articles, with less than half
   * the IDF of the query's most distinctive word, barely moves the ranking but dominates the work,
   * so it is dropped when the query also has distinctive words. A query of common words only keeps
   * them all. (Figures, quotes and list coverage still see every word.)
   */
  selective(terms: readonly QueryTerm[], commonShare = 0.2, commonIdf = 0.5): QueryTerm[] {
    if (terms.length < 2) return [...terms];
    const best = Math.max(...terms.map((t) => this.idf(t.term)));
    const common = (t: QueryTerm) =>
      this.docFreq(t.term) > this.size * commonShare && this.idf(t.term) < best * commonIdf;
    const kept = terms.filter((t) => !common(t));
    return kept.length > 0 ? kept : [...terms];
  }

  search(terms: readonly QueryTerm[], options: SearchOptions = {}): Hit[] {
    if (terms.length === 0) return [];
    const weights = new Map(terms.map((t) => [t.term, t.weight]));
    const only = options.counties?.length ? options.counties : options.county ? [options.county] : [];
    const counties = only.length ? new Set(only) : undefined;
    const results: SearchResult[] = this.mini.search([...weights.keys()].join(' '), {
      boost: options.boost ?? BOOST,
      combineWith: 'OR',
      prefix: false,
      fuzzy: false,
      boostTerm: (term) => weights.get(term) ?? 1,
      filter: counties ? (r) => counties.has(this.counties.get(r.id as string) ?? '') : undefined,
    });
    return results.slice(0, options.limit ?? 20).map((r) => ({
      id: r.id as string,
      score: r.score,
      matched: r.queryTerms,
    }));
  }

  /**
   * Known terms that end with a word (`驿站` → 老兵驿站, 红心驿站; `党建联盟` → 链上党建联盟): the
   * corpus's coinages put their head noun last, so a case named by one is found by its head. The
   * suffix table is built on first use (one pass over the terms); at most `limit`, most common first.
   */
  compounds(word: string, limit = 20): string[] {
    if (!this.suffixes) {
      const table = new Map<string, string[]>();
      for (const term of this.df.keys()) {
        const chars = [...term];
        if (chars.length < 3 || chars.length > 12 || !/^\p{Script=Han}+$/u.test(term)) continue;
        for (let at = 1; at <= chars.length - 2; at++) {
          const tail = chars.slice(at).join('');
          const list = table.get(tail);
          if (list) list.push(term);
          else table.set(tail, [term]);
        }
      }
      this.suffixes = table;
    }
    return [...(this.suffixes.get(word) ?? [])].sort((a, b) => this.docFreq(b) - this.docFreq(a)).slice(0, limit);
  }

  private suffixes: Map<string, string[]> | undefined;

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

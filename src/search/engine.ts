import { allSteps } from './steps.js';
import MiniSearch, { type AsPlainObject, type Options, type SearchResult } from 'minisearch';
import type { Article } from '../corpus/types.js';
import { bigrams, cutWords, termRule } from './tokenizer.js';
import { applyPosting, LazyTermPostings, PostingLog, PostingTableBuilder, type PostingTable } from './postings.js';
import { fillRadix, radixGet } from './radix.js';
import { topK } from './topk.js';

/** What MiniSearch indexes per article: pre-tokenised, space-joined terms. */
interface IndexedDoc {
  id: string;
  headline: string;
  sections: string;
  body: string;
  county: string;
}

const FIELDS = ['headline', 'sections', 'body'] as const;

/** How many fields an article is indexed in (FIELDS). */
export const FIELD_COUNT = FIELDS.length;
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

/**
 * Articles segmented for the index, the unit that a build, an add and a removal work on: each
 * article's distinct terms per field with their frequencies, as posting lists over the batch.
 */
export interface DocBatch {
  /** The articles' ids, in the order given (a posting's document is an index into this). */
  ids: string[];
  /** Every term of the batch. */
  terms: string[];
  /** Number of the batch's articles containing each term. */
  df: number[];
  /** Posting lists by term and field; documents are indexes into `ids`, ascending. */
  postings: PostingTable;
  /** Per article, the number of distinct terms in each field (MiniSearch's field lengths). */
  fieldLength: number[][];
}

/** Where an article stands in a rebuild's order: its page file, then its place on the page. */
export interface DocPlace {
  county: string;
  source: string;
  position: number;
}

/**
 * One change to an index: articles taken out (segmented as they were indexed), articles put in,
 * articles whose county or place changed, and the order of every article afterwards (a rebuild's
 * order: page file name, then position), in which MiniSearch's running field-length averages are
 * recomputed so that they equal a fresh build's to the last bit.
 */
export interface IndexChange {
  removed: DocBatch;
  added: DocBatch;
  /** The county and place of every added article, and of kept articles whose county changed. */
  places: [string, DocPlace][];
  /** Every article id after the change, in rebuild order; omitted while several changes are applied in a row. */
  order?: readonly string[];
}

/** A change checked and looked up, not yet made (see `CaseIndex.prepare`). */
export interface PreparedChange {
  readonly change: Omit<IndexChange, 'order'>;
  /** The index's version when prepared: a commit after any other change is refused. */
  readonly version: number;
  readonly found: LookedUpChange;
}

/** A term's postings as MiniSearch keeps them: field id → document short id → term frequency. */
type FieldTermData = Map<number, Map<number, number>>;
type TermData = FieldTermData | undefined;

/** One field's postings of a term: documents (short ids) and term frequencies. */
interface PostingArrays {
  /** Room for more (see `stagePosting`): only the first `filled` entries are postings. */
  docs: Int32Array;
  tfs: Int32Array;
  /** The postings questions see; those after them, up to `filled`, are staged for a commit (see CaseMiniSearch.stage). */
  length: number;
  filled: number;
}

/**
 * Writes a staged posting after a field's arrays' postings (made when the field had none), growing
 * them by half when full; it counts in `length` once its change is committed.
 */
function stagePosting(lists: (PostingArrays | undefined)[], field: number, doc: number, tf: number): void {
  let list = lists[field];
  if (!list) list = lists[field] = { docs: new Int32Array(4), tfs: new Int32Array(4), length: 0, filled: 0 };
  else if (list.filled === list.docs.length) {
    const room = Math.ceil(list.filled * 1.5) + 4;
    const docs = new Int32Array(room);
    const tfs = new Int32Array(room);
    docs.set(list.docs);
    tfs.set(list.tfs);
    list.docs = docs;
    list.tfs = tfs;
  }
  list.docs[list.filled] = doc;
  list.tfs[list.filled++] = tf;
}

/** A batch as the index holds it before a change (see `CaseMiniSearch.lookUp`), by the batch's term and list. */
interface LookedUpBatch {
  /** Each term's postings in the index (undefined: a term it does not have, or that the change's removal takes out). */
  data: TermData[];
  /** Each term's document frequency after the change (0 or less: the term leaves the index). */
  df: number[];
  /** Each posting list decoded: `[doc, tf, doc, tf, …]`. */
  lists: number[][];
}

/** A change (removed and added batch) as the index holds it before the change. */
export interface LookedUpChange {
  removed: LookedUpBatch;
  added: LookedUpBatch;
  /** The removed articles' short ids. */
  removedIds: number[];
  /** Terms the index does not have yet. */
  come: string[];
  /** Terms no article will have after the change. */
  gone: string[];
}

/** Terms or posting lists looked up between two yields of `CaseMiniSearch.lookUp`. */
const LOOKUP_STEP = 256;

/** County masks kept by CaseIndex between changes (the sets of counties questions were limited to). */
const COUNTY_MASKS_KEPT = 64;

/**
 * An added batch's postings written ahead of its commit (see `CaseMiniSearch.stage`), under the
 * short ids the commit will give its articles: from `first`, the next short id when staged, on.
 */
interface Staged {
  batch: DocBatch;
  change: LookedUpChange;
  first: number;
  /** Each term's postings as they will be after the commit: the index's own, or (`fresh`) new ones. */
  data: FieldTermData[];
  fresh: boolean[];
  /** Whether every term was staged (a staging left unfinished is undone, then done again, at the commit). */
  done: boolean;
}

/** What `CaseMiniSearch.scoreAll` found: matching articles (short ids) and their scores. */
interface ScoredDocs {
  docs: number[];
  scores: Float64Array;
  /** The terms the `i`th article of `docs` matched, in query order. */
  matched: (i: number) => string[];
}

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

  /** The short id of an article, if indexed. */
  shortId(id: string): number | undefined {
    return this._idToShortId.get(id);
  }

  /**
   * A change looked up in the index without changing it, LOOKUP_STEP terms or lists at a time
   * (yielding between them, so that a caller can answer questions meanwhile): each term's postings
   * as the index holds them and its document frequency after the change, each posting list
   * decoded, the removed articles' short ids, and the terms that come into or leave the index.
   * `removeDocs` and `addDocs` then only write.
   */
  *lookUp(removed: DocBatch, added: DocBatch, df: ReadonlyMap<string, number>): Generator<void, LookedUpChange> {
    const tree = this._index._tree;
    let steps = 0;
    const out: LookedUpChange = {
      removed: { data: [], df: [], lists: [] },
      added: { data: [], df: [], lists: [] },
      removedIds: removed.ids.map((id) => this._idToShortId.get(id)!),
      come: [],
      gone: [],
    };
    // What the removal leaves of each of its terms.
    const left = new Map<string, number>();
    for (const { term: t } of removed.postings.byTerm()) {
      const term = removed.terms[t]!;
      // Checked here, before anything changes: removeDocs then only writes.
      const data = radixGet<FieldTermData>(tree, term);
      if (!data) throw new Error(`要移除的词 ${term} 不在索引中`);
      out.removed.data[t] = data;
      left.set(term, (out.removed.df[t] = (df.get(term) ?? 0) - removed.df[t]!));
      if (++steps % LOOKUP_STEP === 0) yield;
    }
    for (const { term: t } of added.postings.byTerm()) {
      const term = added.terms[t]!;
      const before = df.get(term) ?? 0;
      const base = left.get(term) ?? before;
      // A term the removal took out comes back as a new one.
      out.added.data[t] = base > 0 ? radixGet<FieldTermData>(tree, term) : undefined;
      out.added.df[t] = base + added.df[t]!;
      if (before === 0) out.come.push(term);
      if (++steps % LOOKUP_STEP === 0) yield;
    }
    const staying = new Set(added.terms);
    for (const [term, n] of left) if (n <= 0 && !staying.has(term)) out.gone.push(term);
    for (const [batch, found] of [
      [removed, out.removed],
      [added, out.added],
    ] as const)
      for (let i = 0; i < batch.postings.size; i++) {
        found.lists.push(batch.postings.decodeFlat(i));
        if (++steps % LOOKUP_STEP === 0) yield;
      }
    return out;
  }

  /**
   * Writes an added batch's postings, as looked up (`lookUp`), ahead of its commit, a few hundred
   * postings between two yields: into each term's posting maps (a new term's in maps of its own,
   * put in the term index by the commit) and after the postings of its arrays. They are under
   * short ids from `_nextId` on, which no question sees before the commit moves `_nextId` past
   * them (`listsOf` and scoring read only the postings below it), so `addDocs` then only has to
   * make them count. One staging at a time: an earlier one not committed is undone first.
   */
  *stage(batch: DocBatch, change: LookedUpChange): Generator<void, void> {
    this.unstage();
    const s: Staged = { batch, change, first: this._nextId, data: [], fresh: [], done: false };
    this.staged = s;
    const { postings } = batch;
    let written = 0;
    for (const { term: t, from, to } of postings.byTerm()) {
      const fresh = !change.added.data[t];
      const data = change.added.data[t] ?? new Map<number, Map<number, number>>();
      const arrays = fresh ? undefined : this.lists.get(data);
      for (let i = from; i < to; i++) {
        const field = postings.field(i);
        const list = change.added.lists[i]!;
        for (let j = 0; j < list.length; j += 2) {
          applyPosting(data, field, s.first + list[j]!, list[j + 1]!);
          if (arrays) stagePosting(arrays, field, s.first + list[j]!, list[j + 1]!);
        }
        written += list.length / 2;
      }
      s.data[t] = data;
      s.fresh[t] = fresh;
      if (written >= LOOKUP_STEP) {
        written = 0;
        yield;
        // Taken out meanwhile (see `unstage`): write no more; the commit stages it again.
        if (this.staged !== s) return;
      }
    }
    s.done = true;
  }

  private staged: Staged | undefined;

  /**
   * Takes out the postings of a staging that was not committed (a change given up, or one that
   * MiniSearch's own search must not see: see CaseIndex.search); with `change`, only its staging.
   */
  unstage(change?: LookedUpChange): void {
    const s = this.staged;
    if (!s || (change && s.change !== change)) return;
    this.staged = undefined;
    s.batch.postings.forEachTerm((t, from, to) => {
      const data = s.data[t];
      if (!data || s.fresh[t]) return;
      // The arrays are made again from the maps when a question next reaches the term.
      this.lists.delete(data);
      for (let i = from; i < to; i++) {
        const field = s.batch.postings.field(i);
        const list = s.change.added.lists[i]!;
        for (let j = 0; j < list.length; j += 2) applyPosting(data, field, s.first + list[j]!, 0);
      }
    });
  }

  /**
   * Takes a batch of indexed articles out, as looked up (`lookUp`) before any other change: their
   * postings (a term no article contains any more leaves the term index and `df`), ids and field
   * lengths.
   */
  removeDocs(batch: DocBatch, df: Map<string, number>, change: LookedUpChange): void {
    const found = change.removed;
    const shortIds = change.removedIds;
    const { postings } = batch;
    postings.forEachTerm((t, from, to) => {
      const term = batch.terms[t]!;
      const data = found.data[t]!;
      this.lists.delete(data);
      for (let i = from; i < to; i++) {
        const field = postings.field(i);
        const list = found.lists[i]!;
        for (let j = 0; j < list.length; j += 2) applyPosting(data, field, shortIds[list[j]!]!, 0);
      }
      const left = found.df[t]!;
      if (left > 0) df.set(term, left);
      else {
        df.delete(term);
        this._index.delete(term);
      }
    });
    batch.ids.forEach((id, i) => {
      const shortId = shortIds[i]!;
      // The tables by short id keep the slot, with no id (no posting refers to it any more).
      if (this.idTable) this.idTable[shortId] = '';
      this._documentIds.delete(shortId);
      this._idToShortId.delete(id);
      this._fieldLength.delete(shortId);
    });
    this._documentCount -= batch.ids.length;
  }

  /**
   * Puts a batch of segmented articles in, as looked up (`lookUp`) before the change, each with
   * the next short id, as `add` would. Its postings were written by `stage` (here, if they were
   * not): this makes them count.
   */
  addDocs(batch: DocBatch, df: Map<string, number>, change: LookedUpChange): void {
    let s = this.staged;
    if (!s || !s.done || s.change !== change || s.first !== this._nextId) {
      allSteps(this.stage(batch, change));
      s = this.staged!;
    }
    this.staged = undefined;
    const found = change.added;
    const shortIds = batch.ids.map((id, i) => {
      const shortId = this._nextId++;
      if (shortId !== s.first + i) throw new Error('暂存的倒排与文章编号不符');
      this._documentIds.set(shortId, id);
      this._idToShortId.set(id, shortId);
      this._fieldLength.set(shortId, [...batch.fieldLength[i]!]);
      if (this.idTable) this.idTable[shortId] = id;
      return shortId;
    });
    this.growLengthTable(batch.fieldLength, shortIds);
    this._documentCount += batch.ids.length;
    batch.postings.forEachTerm((t) => {
      const term = batch.terms[t]!;
      const data = s.data[t]!;
      if (s.fresh[t]) this._index.set(term, data);
      // Staged postings, at the end of the arrays (where a new article's are in the maps too: its
      // short id is new), now count.
      const arrays = this.lists.get(data);
      if (arrays) for (const list of arrays) if (list) list.length = list.filled;
      df.set(term, found.df[t]!);
    });
  }

  /**
   * Every article that has any of `terms`, scored exactly as MiniSearch's OR search (no prefix, no
   * fuzzy) scores it: per term, per field in field order, `termBoost · fieldBoost · BM25`, summed
   * per term and then over terms in query order, times the number of distinct terms matched. The
   * same arithmetic in the same order, so the same doubles; but over typed arrays, with no result
   * object per posting and no sort (`search` builds and sorts one object per matching article,
   * most of an answer's time on a large casebook). Terms must be distinct. With `allowed` (by
   * short id), only those articles are scored (a county's cases), the others skipped unscored.
   */
  scoreAll(
    terms: readonly string[],
    termBoost: readonly number[],
    fieldBoost: readonly number[],
    allowed?: Uint8Array,
  ): ScoredDocs {
    const size = this._nextId;
    if (this.scratch.total.length < size) {
      const grown = Math.max(size, this.scratch.total.length * 2);
      this.scratch = {
        total: new Float64Array(grown),
        current: new Float64Array(grown),
        seen: new Int32Array(grown),
        slot: new Int32Array(grown),
      };
    }
    const { total, current, seen, slot } = this.scratch;
    const lengths = this.lengthTable();
    const fields = fieldBoost.length;
    const { k, b, d } = this._options.searchOptions.bm25;
    const documents = this._documentCount;
    const found: TermData[] = terms.map((term) => radixGet<FieldTermData>(this._index._tree, term));
    // seen[doc]: the last term that reached the article, plus one (0: none yet). slot[doc]: its
    // place in `docs`, plus one.
    const docs: number[] = [];
    const quality: number[] = [];
    // Which terms reached each article, a bit per term (while the terms fit in the bits).
    const bits = terms.length <= 31;
    const reached: number[] = [];
    const termDocs: number[] = [];
    for (let t = 0; t < found.length; t++) {
      const data = found[t];
      if (!data) continue;
      termDocs.length = 0;
      const mark = t + 1;
      const byField = this.listsOf(data, fields);
      for (let field = 0; field < fields; field++) {
        const list = byField[field];
        if (!list) continue;
        const weight = termBoost[t]! * fieldBoost[field]!;
        const matching = list.length;
        const idf = Math.log(1 + (documents - matching + 0.5) / (matching + 0.5));
        const avg = this._avgFieldLength[field]!;
        const { docs: listDocs, tfs } = list;
        for (let i = 0; i < list.length; i++) {
          const doc = listDocs[i]!;
          if (allowed && allowed[doc] === 0) continue;
          const tf = tfs[i]!;
          const length = lengths[doc * fields + field]!;
          const raw = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / avg)));
          if (seen[doc] !== mark) {
            seen[doc] = mark;
            current[doc] = weight * raw;
            termDocs.push(doc);
          } else current[doc] = current[doc]! + weight * raw;
        }
      }
      for (const doc of termDocs) {
        const at = slot[doc]!;
        if (at === 0) {
          slot[doc] = docs.push(doc);
          quality.push(1);
          if (bits) reached.push(1 << t);
          total[doc] = current[doc]!;
        } else {
          quality[at - 1]!++;
          if (bits) reached[at - 1]! |= 1 << t;
          total[doc] = total[doc]! + current[doc]!;
        }
      }
    }
    const scores = new Float64Array(docs.length);
    for (let i = 0; i < docs.length; i++) scores[i] = total[docs[i]!]! * quality[i]!;
    for (const doc of docs) seen[doc] = slot[doc] = 0;
    return {
      docs,
      scores,
      matched: bits
        ? (i) => terms.filter((_, t) => (reached[i]! & (1 << t)) !== 0)
        : (i) => terms.filter((_, t) => found[t] && fieldBoost.some((_, f) => found[t]!.get(f)?.has(docs[i]!))),
    };
  }

  private scratch = {
    total: new Float64Array(0),
    current: new Float64Array(0),
    seen: new Int32Array(0),
    slot: new Int32Array(0),
  };

  /**
   * A term's posting lists as flat arrays, one per field (kept until a change touches the term):
   * scoring walks arrays instead of iterating MiniSearch's Maps.
   */
  private listsOf(data: FieldTermData, fields: number): (PostingArrays | undefined)[] {
    let lists = this.lists.get(data);
    if (lists) return lists;
    lists = [];
    for (let field = 0; field < fields; field++) {
      const freqs = data.get(field);
      if (!freqs) {
        lists.push(undefined);
        continue;
      }
      const docs = new Int32Array(freqs.size);
      const tfs = new Int32Array(freqs.size);
      // The postings questions see first; then any staged for a commit (see `stage`).
      const visible = this._nextId;
      let i = 0;
      freqs.forEach((tf, doc) => {
        if (doc >= visible) return;
        docs[i] = doc;
        tfs[i++] = tf;
      });
      const length = i;
      if (length < freqs.size)
        freqs.forEach((tf, doc) => {
          if (doc < visible) return;
          docs[i] = doc;
          tfs[i++] = tf;
        });
      lists.push({ docs, tfs, length, filled: i });
    }
    this.lists.set(data, lists);
    return lists;
  }

  /** Article ids by short id ('' where none), made on first use and kept up to date by changes. */
  ids(): readonly string[] {
    if (!this.idTable) {
      const table: string[] = new Array<string>(this._nextId).fill('');
      for (const [doc, id] of this._documentIds) table[doc] = id as string;
      this.idTable = table;
    }
    return this.idTable;
  }

  private idTable: string[] | undefined;

  private readonly lists = new WeakMap<FieldTermData, (PostingArrays | undefined)[]>();

  /**
   * Puts added articles' field lengths in the table of lengths, when made already, growing it by
   * half when full (a removed article's slot stays: no posting refers to it).
   */
  private growLengthTable(fieldLength: readonly (readonly number[])[], shortIds: readonly number[]): void {
    let table = this.lengthsByDoc;
    if (!table) return;
    const fields = this._avgFieldLength.length;
    if (this._nextId * fields > table.length) {
      const grown = new Float64Array(Math.ceil(this._nextId * 1.5) * fields);
      grown.set(table);
      table = this.lengthsByDoc = grown;
    }
    shortIds.forEach((doc, i) => {
      for (let f = 0; f < fields; f++) table[doc * fields + f] = fieldLength[i]![f]!;
    });
  }

  /** Every article's field lengths in one array (short id × field), made on first use and kept up to date by changes. */
  private lengthTable(): Float64Array {
    if (this.lengthsByDoc) return this.lengthsByDoc;
    const fields = this._avgFieldLength.length;
    const table = new Float64Array(this._nextId * fields);
    for (const [doc, lengths] of this._fieldLength)
      for (let f = 0; f < fields; f++) table[doc * fields + f] = lengths[f]!;
    return (this.lengthsByDoc = table);
  }

  private lengthsByDoc: Float64Array | undefined;

  /** Field lengths of an article, by id. */
  lengths(id: string): number[] {
    return this._fieldLength.get(this._idToShortId.get(id)!)!;
  }

  setAverages(averages: readonly number[]): void {
    averages.forEach((avg, field) => (this._avgFieldLength[field] = avg));
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

/**
 * Segments articles for the index: each field's terms (see `indexTerms`) counted into term
 * frequencies, one posting list per term and field over the batch, and the number of distinct
 * terms per field. Builds and adds go through here alike, so an added article is indexed exactly
 * as a build would index it.
 */
export function segmentDocs(
  articles: readonly Article[],
  onProgress?: (done: number, total: number) => void,
): DocBatch {
  // One slot per distinct word of the batch, found with one lookup per word occurrence: the
  // word's rule (termRule), its term id (in first-counted order, as indexTerms' output would
  // give), and its counts. Postings go to one log, grouped by term and field at the end.
  const slots = new Map<string, TermSlot>();
  const terms: TermSlot[] = [];
  const fieldLength: number[][] = [];
  const slotOf = (w: string): TermSlot => {
    let slot = slots.get(w);
    if (slot === undefined) {
      const rule = termRule(w);
      slot = new TermSlot(w, rule.keep, rule.subwords);
      slots.set(w, slot);
    }
    return slot;
  };
  // Every posting as it is counted, in doc order: no list per term for the collector to trace.
  const log = new PostingLog();
  // The slots counted in the field at hand, in first-counted order.
  const touched: TermSlot[] = [];
  const count = (slot: TermSlot) => {
    if (slot.count++ > 0) return;
    if (slot.id < 0) slot.id = terms.push(slot) - 1;
    touched.push(slot);
  };
  // A field's bigrams, once each, counted after its words (as indexTerms emits them).
  const subwords: TermSlot[] = [];
  let mark = 0;
  for (let doc = 0; doc < articles.length; doc++) {
    const a = articles[doc]!;
    const texts = [a.headline, a.sections.join('。'), a.paragraphs.join('\n')];
    const lengths: number[] = [];
    for (let fieldId = 0; fieldId < texts.length; fieldId++) {
      mark++;
      const words = cutWords(texts[fieldId]!);
      for (let i = 0; i < words.length; i++) {
        const slot = slotOf(words[i]!);
        if (!slot.keep) continue;
        count(slot);
        if (slot.subwords.length === 0) continue;
        const subs = (slot.subs ??= slot.subwords.map(slotOf));
        for (const sub of subs)
          if (sub.mark !== mark) {
            sub.mark = mark;
            subwords.push(sub);
          }
      }
      for (const sub of subwords) count(sub);
      subwords.length = 0;
      lengths.push(touched.length);
      for (const slot of touched) {
        if (slot.lastDoc !== doc) {
          slot.lastDoc = doc;
          slot.df++;
        }
        log.push(slot.id * FIELDS.length + fieldId, doc, slot.count);
        slot.count = 0;
      }
      touched.length = 0;
    }
    fieldLength.push(lengths);
    if (onProgress && (doc % 500 === 499 || doc === articles.length - 1)) onProgress(doc + 1, articles.length);
  }
  return {
    ids: articles.map((a) => a.id),
    terms: terms.map((t) => t.term),
    df: terms.map((t) => t.df),
    postings: log.table(terms.length, FIELDS.length),
    fieldLength,
  };
}

const HAN_ONLY = /^\p{Script=Han}+$/u;
const HAN_CHAR = /^\p{Script=Han}$/u;
const ASTRAL = /[\uD800-\uDBFF]/;

/**
 * Lookup tables over the index's terms: the coinages that end with a word (`驿站` → 老兵驿站; a
 * term's tails of two or more characters, for terms of 3–12 Han characters), and the terms that
 * hold each character. Kept up to date term by term as articles come and go.
 */
class TermTables {
  readonly suffixes = new Map<string, string[]>();
  readonly byChar = new Map<string, string[]>();

  constructor(terms: Iterable<string>) {
    for (const t of terms) this.add(t);
  }

  /** A term new to the index (each term is added once). */
  add(term: string): void {
    this.each(term, (table, key) => {
      const list = table.get(key);
      if (list) list.push(term);
      else table.set(key, [term]);
    });
  }

  remove(term: string): void {
    this.each(term, (table, key) => {
      const list = table.get(key);
      const at = list ? list.indexOf(term) : -1;
      if (at >= 0) list!.splice(at, 1);
      if (list?.length === 0) table.delete(key);
    });
  }

  private each(term: string, visit: (table: Map<string, string[]>, key: string) => void): void {
    const han = HAN_ONLY.test(term);
    // Han characters of the basic plane (nearly all): one code unit each.
    const chars = han && !ASTRAL.test(term) ? term : [...term];
    for (const c of new Set(chars)) if (han || HAN_CHAR.test(c)) visit(this.byChar, c);
    if (!han || chars.length < 3 || chars.length > 12) return;
    for (let at = 1; at <= chars.length - 2; at++)
      visit(this.suffixes, typeof chars === 'string' ? chars.slice(at) : chars.slice(at).join(''));
  }
}

/** One distinct word of a batch being segmented (see segmentDocs). */
class TermSlot {
  /** Term id in the batch, -1 until first counted. */
  id = -1;
  /** The subwords' slots, once needed. */
  subs: TermSlot[] | undefined = undefined;
  /** Occurrences in the field being counted. */
  count = 0;
  /** The last field whose bigrams included this one. */
  mark = -1;
  df = 0;
  lastDoc = -1;

  constructor(
    readonly term: string,
    readonly keep: boolean,
    readonly subwords: readonly string[],
  ) {}
}

/** An empty batch (nothing removed, or nothing added). */
export function emptyBatch(): DocBatch {
  return { ids: [], terms: [], df: [], postings: new PostingTableBuilder().finish(0), fieldLength: [] };
}

/** Several batches as one: their articles one after the other, their terms united. */
export function mergeBatches(batches: readonly DocBatch[]): DocBatch {
  const used = batches.filter((b) => b.ids.length > 0);
  if (used.length === 0) return emptyBatch();
  if (used.length === 1) return used[0]!;
  const ids = new Map<string, number>();
  const terms: string[] = [];
  const df: number[] = [];
  // Postings in document order, documents offset batch by batch.
  const log = new PostingLog();
  let offset = 0;
  for (const batch of used) {
    const { postings } = batch;
    postings.forEachTerm((t, from, to) => {
      const term = batch.terms[t]!;
      let id = ids.get(term);
      if (id === undefined) {
        id = terms.push(term) - 1;
        ids.set(term, id);
        df.push(0);
      }
      df[id]! += batch.df[t]!;
      for (let i = from; i < to; i++) {
        const key = id * FIELDS.length + postings.field(i);
        for (const [doc, tf] of postings.decode(i)) log.push(key, doc + offset, tf);
      }
    });
    offset += batch.ids.length;
  }
  return {
    ids: used.flatMap((b) => b.ids),
    terms,
    df,
    postings: log.table(terms.length, FIELDS.length),
    fieldLength: used.flatMap((b) => b.fieldLength),
  };
}

/**
 * MiniSearch's running average of each field's length over articles in the given order, exactly
 * as `add` (and a build) computes it: `(avg * k + length) / (k + 1)`, article by article.
 */
export function runningAverages(
  lengths: (i: number) => readonly number[],
  from: number,
  to: number,
  start: readonly number[],
  out?: Float64Array,
): number[] {
  const avg = [...start];
  for (let k = from; k < to; k++) {
    const l = lengths(k);
    for (let f = 0; f < avg.length; f++) avg[f] = (avg[f]! * k + l[f]!) / (k + 1);
    if (out) out.set(avg, k * avg.length);
  }
  return avg;
}

/** A MiniSearch index over articles, with a document-frequency table for IDF and fallbacks. */
export class CaseIndex {
  /** Rebuild order of the articles and the running averages after each (computed on first change). */
  private order: readonly string[] | undefined;
  private prefix: Float64Array | undefined;

  private constructor(
    private readonly mini: MiniSearch<IndexedDoc>,
    private readonly df: Map<string, number>,
    private readonly counties: Map<string, string>,
    /** Each article's page and position: ties in score are ordered as pages are. */
    private readonly places: Map<string, { source: string; position: number }>,
    private readonly serialize: () => IndexData,
    /** How MiniSearch was restored: through its internals (the fast path) or its public loadJS. */
    readonly restoredBy: RestoredBy,
    initialOrder: readonly string[],
  ) {
    this.order = initialOrder;
  }

  /**
   * Builds the index in bulk. MiniSearch's `add` walks its radix tree once per word occurrence;
   * here each field's term frequencies are counted first (segmentDocs) and the index is assembled
   * as a snapshot would be (MiniSearch's own serialisation of the documents, with unique-term field
   * lengths and their running averages exactly as `add` computes them, plus encoded postings),
   * then loaded. Scores are the same as after `add`.
   */
  static build(articles: readonly Article[], onProgress?: (done: number, total: number) => void): CaseIndex {
    const batch = segmentDocs(articles, onProgress);
    const meta: AsPlainObject = {
      documentCount: articles.length,
      nextId: articles.length,
      documentIds: Object.fromEntries(batch.ids.map((id, doc) => [doc, id])),
      fieldIds: Object.fromEntries(FIELDS.map((f, i) => [f, i])),
      fieldLength: Object.fromEntries(batch.fieldLength.map((l, doc) => [doc, l])),
      averageFieldLength: runningAverages(
        (k) => batch.fieldLength[k]!,
        0,
        articles.length,
        FIELDS.map(() => 0),
      ),
      storedFields: {},
      dirtCount: 0,
      index: [],
      serializationVersion: 2,
    };
    const data: IndexData = { meta, terms: batch.terms, df: batch.df, postings: batch.postings };
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
    return new CaseIndex(
      mini,
      df,
      new Map(articles.map((a) => [a.id, a.county ?? ''])),
      new Map(articles.map((a) => [a.id, { source: a.source, position: a.position }])),
      () => data,
      restoredBy,
      articles.map((a) => a.id),
    );
  }

  /** Whether `apply` can change this index in place (MiniSearch restored through its internals). */
  get updatable(): boolean {
    return this.mini instanceof CaseMiniSearch;
  }

  /**
   * Changes the index in place: the removed articles' postings, ids and lengths out, the added
   * ones in (each with a new short id, as MiniSearch's `add` gives), counties and places updated,
   * and, when the change gives the new order, the field-length averages recomputed in that order
   * from the first article whose place changed. The result answers exactly as a fresh build over
   * the same articles: the same terms, document frequencies, postings, field lengths and averages
   * (short ids differ, and nothing reads them but MiniSearch). The change is checked before
   * anything is touched; a bad one throws and leaves the index as it was. The same as `prepare`
   * and then `commit`.
   */
  apply(change: IndexChange): void {
    this.commit(this.prepare(change), change.order);
  }

  /**
   * The first half of `apply`, which changes nothing questions see: the change checked, every term
   * and article it touches looked up, its postings decoded and the added ones staged (written
   * ahead under short ids no question reads yet: see CaseMiniSearch.stage). Questions may be
   * answered between `prepare` and `commit` (they see the index as it was); the commit is then a
   * map operation or two per term. A prepared change can be committed only before any other
   * change; preparing another undoes its staging.
   */
  prepare(change: Omit<IndexChange, 'order'>): PreparedChange {
    return allSteps(this.prepareInSteps(change));
  }

  /** `prepare` in steps of a fraction of a millisecond, so that questions can be answered between them. */
  *prepareInSteps(change: Omit<IndexChange, 'order'>): Generator<void, PreparedChange> {
    const mini = this.updatableMini();
    const removed = new Set(change.removed.ids);
    for (const id of change.removed.ids)
      if (mini.shortId(id) === undefined) throw new Error(`要移除的文章 ${id} 不在索引中`);
    for (const id of change.added.ids)
      if (mini.shortId(id) !== undefined && !removed.has(id)) throw new Error(`要加入的文章 ${id} 已在索引中`);
    const added = new Set(change.added.ids);
    if (removed.size !== change.removed.ids.length || added.size !== change.added.ids.length)
      throw new Error('更新中有重复的文章');
    for (const batch of [change.removed, change.added])
      if (batch.fieldLength.length !== batch.ids.length) throw new Error('更新中的文章长度表不完整');
    const version = this.version;
    const found = yield* mini.lookUp(change.removed, change.added, this.df);
    if (version !== this.version) throw new Error('索引在这次更新准备期间被改动过');
    yield* mini.stage(change.added, found);
    if (version !== this.version) throw new Error('索引在这次更新准备期间被改动过');
    return { change, version, found };
  }

  /**
   * The second half of `apply`: a prepared change made, with `order` the order of every article
   * afterwards (see IndexChange). Throws, changing nothing, if the index changed since `prepare`
   * or `order` does not fit.
   */
  commit(prepared: PreparedChange, order?: readonly string[]): void {
    const mini = this.updatableMini();
    let from: number;
    try {
      from = this.checked(mini, prepared, order);
    } catch (err) {
      // Refused: the change's staged postings go too.
      mini.unstage(prepared.found);
      throw err;
    }
    const { change, found } = prepared;
    this.version++;
    mini.removeDocs(change.removed, this.df, found);
    for (const id of change.removed.ids) {
      this.counties.delete(id);
      this.places.delete(id);
    }
    mini.addDocs(change.added, this.df, found);
    // Terms that came or went: the tables of `compounds` and `closeTerms` follow.
    for (const t of found.gone) this.termTables?.remove(t);
    for (const t of found.come) this.termTables?.add(t);
    for (const [id, place] of change.places) {
      this.counties.set(id, place.county);
      this.places.set(id, { source: place.source, position: place.position });
    }
    if (order) this.reorder(order, from);
    else this.order = undefined;
    const counties = this.countyByDoc;
    if (counties) {
      for (const doc of found.removedIds) counties[doc] = '';
      for (const [id, place] of change.places) counties[mini.shortId(id)!] = place.county;
    }
  }

  /**
   * Checks that a prepared change can be committed with `order` (see `commit`), and gives the first
   * place in `order` from which the averages are recomputed.
   */
  private checked(mini: CaseMiniSearch, prepared: PreparedChange, order?: readonly string[]): number {
    if (prepared.version !== this.version) throw new Error('索引在这次更新准备好之后又被改动过');
    const { change } = prepared;
    const removed = new Set(change.removed.ids);
    const added = new Set(change.added.ids);
    let from = order ? this.firstChange(order) : 0;
    // An article indexed again keeps its place but may change its lengths: averages from there on.
    const again = change.added.ids.filter((id) => removed.has(id));
    if (order && again.length > 0) {
      const ids = new Set(again);
      const at = order.findIndex((id) => ids.has(id));
      if (at >= 0) from = Math.min(from, at);
    }
    if (order) {
      const count = mini.documentCount - removed.size + added.size;
      for (let k = from; k < order.length; k++) {
        const id = order[k]!;
        if (!added.has(id) && (removed.has(id) || mini.shortId(id) === undefined))
          throw new Error(`更新后的文章顺序有误：${id} 不在索引中`);
      }
      if (order.length !== count) throw new Error(`更新后的文章顺序有误：${order.length} 篇，索引中 ${count} 篇`);
    }
    return from;
  }

  /** Changes made since the index was loaded: a prepared change is committed only at its version. */
  private version = 0;

  private updatableMini(): CaseMiniSearch {
    const mini = this.mini;
    if (!(mini instanceof CaseMiniSearch))
      throw new MiniSearchInternalsError('索引不能就地更新（MiniSearch 经公开接口载入）');
    return mini;
  }

  /**
   * Where `order` first differs from the order the averages were last computed in: averages up to
   * there still hold. 0 when they were never kept (no change since the index was loaded).
   */
  private firstChange(order: readonly string[]): number {
    const old = this.order;
    if (!old || !this.prefix) return 0;
    const n = Math.min(old.length, order.length);
    let from = 0;
    while (from < n && old[from] === order[from]) from++;
    return from;
  }

  /**
   * Recomputes the field-length averages for articles now in `order`, from `from` on (an added
   * page at the end costs only its own articles).
   */
  private reorder(order: readonly string[], from: number): void {
    const mini = this.mini as CaseMiniSearch;
    const fields = FIELDS.length;
    const prefix = new Float64Array(order.length * fields);
    if (from > 0) prefix.set(this.prefix!.subarray(0, from * fields));
    const start = from > 0 ? Array.from(prefix.subarray((from - 1) * fields, from * fields)) : FIELDS.map(() => 0);
    const averages = runningAverages((k) => mini.lengths(order[k]!), from, order.length, start, prefix);
    mini.setAverages(order.length > 0 ? averages : FIELDS.map(() => 0));
    this.order = [...order];
    this.prefix = prefix;
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

  /**
   * Articles that have any of the terms, best first, ties in page order: scored over MiniSearch's
   * postings by `CaseMiniSearch.scoreAll` (the top `limit` kept by a heap), or by MiniSearch's own
   * `search` when it was restored through its public API or a term repeats; both give the same.
   */
  search(terms: readonly QueryTerm[], options: SearchOptions = {}): Hit[] {
    if (terms.length === 0) return [];
    const weights = new Map(terms.map((t) => [t.term, t.weight]));
    const only = options.counties?.length ? options.counties : options.county ? [options.county] : [];
    const counties = only.length ? new Set(only) : undefined;
    const boost = options.boost ?? BOOST;
    const limit = options.limit ?? 20;
    // The query MiniSearch would see: the terms joined by spaces and split again.
    const query = [...weights.keys()].join(' ').split(' ').filter(Boolean);
    if (this.mini instanceof CaseMiniSearch && new Set(query).size === query.length) {
      const ids = this.mini.ids();
      const allowed = counties ? this.countyMask(counties, ids) : undefined;
      const scored = this.mini.scoreAll(
        query,
        query.map((t) => weights.get(t) ?? 1),
        FIELDS.map((f) => boost[f] || 1),
        allowed,
      );
      const { docs, scores } = scored;
      // Places in `docs`, pushed one by one: `map` makes a holey array once optimized and a packed
      // one before, and topK (inlined here) was deoptimized at every switch between the two, on
      // about a third of the questions, each time recompiled on V8's background threads.
      const places: number[] = [];
      for (let i = 0; i < docs.length; i++) places.push(i);
      const best = topK(
        places,
        limit,
        (i, j) => scores[j]! - scores[i]! || this.pageOrder(ids[docs[i]!]!, ids[docs[j]!]!),
      );
      return best.map((i) => ({ id: ids[docs[i]!]!, score: scores[i]!, matched: scored.matched(i) }));
    }
    // MiniSearch's own search would take staged postings for removed ones (see CaseMiniSearch.stage).
    if (this.mini instanceof CaseMiniSearch) this.mini.unstage();
    const results: SearchResult[] = this.mini.search(query.join(' '), {
      boost,
      combineWith: 'OR',
      prefix: false,
      fuzzy: false,
      boostTerm: (term) => weights.get(term) ?? 1,
      filter: counties ? (r) => counties.has(this.counties.get(r.id as string) ?? '') : undefined,
    });
    return this.pageOrderTies(results, limit).map((r) => ({
      id: r.id as string,
      score: r.score,
      matched: r.queryTerms,
    }));
  }

  /**
   * Known terms that end with a word (`驿站` → 老兵驿站, 红心驿站; `党建联盟` → 链上党建联盟): the
   * corpus's coinages put their head noun last, so a case named by one is found by its head. The
   * suffix table is made on first use and kept up to date as articles come and go; at most
   * `limit`, most common first, ties by the term.
   */
  compounds(word: string, limit = 20): string[] {
    return [...(this.tables().suffixes.get(word) ?? [])]
      .sort((a, b) => this.docFreq(b) - this.docFreq(a) || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, limit);
  }

  /** The term tables, made on first use (one pass over the terms), then kept up to date by `apply`. */
  private tables(): TermTables {
    return (this.termTables ??= new TermTables(this.df.keys()));
  }

  private termTables: TermTables | undefined;

  /**
   * The first `limit` results, with each run of equal scores in page order (page file name, then
   * place on the page), so that ties never depend on the order articles were added in.
   */
  private pageOrderTies(results: SearchResult[], limit: number): SearchResult[] {
    for (let i = 0; i < results.length && i < limit;) {
      let j = i + 1;
      while (j < results.length && results[j]!.score === results[i]!.score) j++;
      if (j - i > 1)
        results.splice(i, j - i, ...results.slice(i, j).sort((a, b) => this.pageOrder(a.id as string, b.id as string)));
      i = j;
    }
    return results.slice(0, limit);
  }

  /** Each article's county by short id (made on first use from the table of ids, and kept up to date by changes). */
  private docCounties(ids: readonly string[]): readonly string[] {
    return (this.countyByDoc ??= ids.map((id) => (id ? (this.counties.get(id) ?? '') : '')));
  }

  private countyByDoc: string[] | undefined;

  /**
   * Which articles (by short id) are in `counties`: a county's questions come again and again, so
   * each set's mask is kept until the index changes (at most COUNTY_MASKS_KEPT of them).
   */
  private countyMask(counties: ReadonlySet<string>, ids: readonly string[]): Uint8Array {
    if (this.masks.version !== this.version || this.masks.byKey.size >= COUNTY_MASKS_KEPT)
      this.masks = { version: this.version, byKey: new Map() };
    const key = [...counties].sort().join('\n');
    let mask = this.masks.byKey.get(key);
    if (!mask) {
      const county = this.docCounties(ids);
      mask = new Uint8Array(ids.length);
      for (let doc = 0; doc < ids.length; doc++) if (counties.has(county[doc]!)) mask[doc] = 1;
      this.masks.byKey.set(key, mask);
    }
    return mask;
  }

  private masks = { version: -1, byKey: new Map<string, Uint8Array>() };

  /** Page order of two articles: page file name, then place on the page. */
  private pageOrder(a: string, b: string): number {
    const x = this.places.get(a)!;
    const y = this.places.get(b)!;
    return x.source < y.source ? -1 : x.source > y.source ? 1 : x.position - y.position;
  }

  /**
   * Known terms that share characters with a word the index does not know, for "did you mean":
   * at least two characters (one for a two-character word), most shared first, then most common.
   */
  closeTerms(word: string, limit = 5): string[] {
    const chars = new Set([...word].filter((c) => HAN_CHAR.test(c)));
    if (chars.size === 0) return [];
    const need = Math.min(2, chars.size);
    // Only terms sharing a character can qualify: counted from each character's terms.
    const shared = new Map<string, number>();
    const { byChar } = this.tables();
    for (const c of chars) for (const term of byChar.get(c) ?? []) shared.set(term, (shared.get(term) ?? 0) + 1);
    const found: [string, number, number][] = [];
    for (const [term, n] of shared)
      if (n >= need && term.length >= 2 && term !== word) found.push([term, n, this.docFreq(term)]);
    return found
      .sort((a, b) => b[1] - a[1] || b[2] - a[2] || a[0].localeCompare(b[0]) || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([t]) => t);
  }
}

/**
 * A compact text encoding for posting lists: document ids ascending, each as the gap from the
 * previous one, followed by its term frequency, every number as a little-endian base-32 varint.
 * Continuation digits are `0`…`O`, final digits `_`…`~`: no quote or backslash, so JSON keeps the
 * string as it is, and decoding is one pass over char codes with no intermediate objects.
 */
const CONT = 48; // '0'
const TERM = 95; // '_'

function push(out: number[], n: number): void {
  while (n >= 32) {
    out.push(CONT + (n & 31));
    n = Math.floor(n / 32);
  }
  out.push(TERM + n);
}

/** Encodes a flat `[docId, tf, docId, tf, …]` list whose ids ascend (as a build produces them). */
export function encodeFlat(flat: ArrayLike<number>): string {
  const codes: number[] = [];
  let previous = 0;
  for (let i = 0; i < flat.length; i += 2) {
    push(codes, flat[i]! - previous);
    push(codes, flat[i + 1]!);
    previous = flat[i]!;
  }
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCharCode(...codes.slice(i, i + 8192));
  return out;
}

/** Decodes `text[start, end)` into the `Map<docId, tf>` that MiniSearch keeps per term and field. */
export function decodePostings(text: string, start = 0, end = text.length): Map<number, number> {
  return decodeList(text, start, end, new Map<number, number>());
}

/** Decodes `text[start, end)` into `out`: a map doc id → tf, or a flat `[docId, tf, …]` list. */
function decodeList<T extends Map<number, number> | number[]>(text: string, start = 0, end = text.length, out: T): T {
  const flat = Array.isArray(out) ? out : undefined;
  const map = flat ? undefined : (out as Map<number, number>);
  let value = 0;
  let scale = 1;
  let doc = 0;
  let expectDoc = true;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= TERM) {
      value += (c - TERM) * scale;
      if (expectDoc) doc += value;
      else if (flat) flat.push(doc, value);
      else map!.set(doc, value);
      expectDoc = !expectDoc;
      value = 0;
      scale = 1;
    } else {
      value += (c - CONT) * scale;
      scale *= 32;
    }
  }
  return out;
}

export class PostingsError extends Error {
  override name = 'PostingsError';
}

/** A term's entries in a PostingTable: `[from, to)`, its fields adjacent. */
export interface TermEntries {
  /** The term's index in the index's term list. */
  term: number;
  from: number;
  to: number;
}

/**
 * Every posting list of an index: one per term and field that has any, ordered by term with a
 * term's fields adjacent. The lists are encoded (see encodeFlat) one after the other in one ASCII
 * `blob`; `directory` holds four uint32s per list: term index, field id, and the list's start and
 * end in the blob. A build produces this table, the snapshot stores it as it is, and a load hands
 * each term's lists to MiniSearch as one LazyTermPostings.
 */
export class PostingTable {
  private constructor(
    /** (term index, field id, start, end) per list. */
    readonly directory: Uint32Array,
    readonly blob: string,
  ) {}

  /**
   * The table over a snapshot's directory and blob, checked: every list inside the blob, term
   * indexes below `terms` and in order, so that a damaged file fails here and not at a query.
   */
  static from(directory: Uint32Array, blob: string, terms: number): PostingTable {
    if (directory.length % 4 !== 0) throw new PostingsError('倒排表目录长度不对');
    let previous = 0;
    for (let j = 0; j < directory.length; j += 4) {
      const term = directory[j]!;
      const start = directory[j + 2]!;
      const end = directory[j + 3]!;
      if (term < previous || term >= terms || start > end || end > blob.length)
        throw new PostingsError(`倒排表第 ${j / 4} 项损坏`);
      previous = term;
    }
    return new PostingTable(directory, blob);
  }

  /** Number of posting lists. */
  get size(): number {
    return this.directory.length / 4;
  }

  term(i: number): number {
    return this.directory[i * 4]!;
  }

  field(i: number): number {
    return this.directory[i * 4 + 1]!;
  }

  /** List `i`, encoded. */
  list(i: number): string {
    return this.blob.slice(this.directory[i * 4 + 2], this.directory[i * 4 + 3]);
  }

  /** List `i`, decoded: doc id → term frequency. */
  decode(i: number): Map<number, number> {
    return decodePostings(this.blob, this.directory[i * 4 + 2], this.directory[i * 4 + 3]);
  }

  /** List `i`, decoded as `[docId, tf, docId, tf, …]`. */
  decodeFlat(i: number): number[] {
    return decodeList(this.blob, this.directory[i * 4 + 2], this.directory[i * 4 + 3], []);
  }

  /** Calls `fn` for each term that has lists, with its entries `[from, to)`, in term order. */
  forEachTerm(fn: (term: number, from: number, to: number) => void): void {
    const d = this.directory;
    const n = d.length / 4;
    for (let i = 0; i < n;) {
      const term = d[i * 4]!;
      const from = i;
      while (i < n && d[i * 4] === term) i++;
      fn(term, from, i);
    }
  }

  /** Each term that has lists, with its entries. */
  byTerm(): TermEntries[] {
    const out: TermEntries[] = [];
    this.forEachTerm((term, from, to) => out.push({ term, from, to }));
    return out;
  }
}

/** Collects posting lists in term order, as a build produces them. */
export class PostingTableBuilder {
  private readonly entries: number[] = [];
  private readonly lists: string[] = [];
  private length = 0;

  /** Adds the `[docId, tf, …]` list of a term and field; terms in ascending order. */
  add(term: number, field: number, flat: ArrayLike<number>): void {
    const list = encodeFlat(flat);
    this.entries.push(term, field, this.length, this.length + list.length);
    this.lists.push(list);
    this.length += list.length;
  }

  finish(terms: number): PostingTable {
    return PostingTable.from(Uint32Array.from(this.entries), this.lists.join(''), terms);
  }
}

/**
 * Postings collected in document order as (term · fields + field, doc, tf) triples in one growing
 * typed array, then grouped by term and field (a stable counting sort, so each list stays in
 * document order) into a PostingTable. A build's millions of postings live outside the heap the
 * garbage collector traces, instead of in a list per term.
 */
export class PostingLog {
  private data = new Int32Array(1 << 16);
  private length = 0;

  push(key: number, doc: number, tf: number): void {
    if (this.length + 3 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = key;
    this.data[this.length++] = doc;
    this.data[this.length++] = tf;
  }

  /** The table of every (term, field) list, terms `0 … terms - 1` in order. */
  table(terms: number, fields: number): PostingTable {
    const { data } = this;
    const n = this.length / 3;
    const keys = terms * fields;
    const start = new Int32Array(keys + 1);
    for (let i = 0; i < n; i++) start[data[i * 3]! + 1]!++;
    for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
    const next = start.slice(0, keys);
    const flat = new Int32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const at = next[data[i * 3]!]!++;
      flat[at * 2] = data[i * 3 + 1]!;
      flat[at * 2 + 1] = data[i * 3 + 2]!;
    }
    const builder = new PostingTableBuilder();
    for (let k = 0; k < keys; k++)
      if (start[k + 1]! > start[k]!)
        builder.add(Math.floor(k / fields), k % fields, flat.subarray(start[k]! * 2, start[k + 1]! * 2));
    return builder.finish(terms);
  }
}

/**
 * Sets (tf > 0) or removes (tf 0) one posting in a term's field → document → frequency map, as
 * MiniSearch keeps it: a field with no document left is dropped. On a LazyTermPostings not yet
 * decoded, the change waits until it is.
 */
export function applyPosting(data: Map<number, Map<number, number>>, field: number, doc: number, tf: number): void {
  if (data instanceof LazyTermPostings && data.pending(field, doc, tf)) return;
  let docs = data.get(field);
  if (tf > 0) {
    if (!docs) data.set(field, (docs = new Map<number, number>()));
    docs.set(doc, tf);
  } else if (docs) {
    docs.delete(doc);
    if (docs.size === 0) data.delete(field);
  }
}

/**
 * A term's posting lists, field by field, decoded together when a query first reaches the term:
 * one object per term at load instead of a Map per term and a list per field. Postings added or
 * removed before then (adds and removals of articles, deltas at load) wait in a flat list and are
 * applied, in order, right after the decode.
 */
export class LazyTermPostings extends Map<number, Map<number, number>> {
  private table: PostingTable | undefined;
  /** Changes waiting for the decode: (field, doc, tf) triples, tf 0 meaning removal. */
  private waiting: number[] | undefined;

  constructor(
    table: PostingTable,
    private readonly from: number,
    private readonly to: number,
  ) {
    super();
    this.table = table;
  }

  /** Queues a change if the lists are still encoded (true), else leaves it to the caller (false). */
  pending(field: number, doc: number, tf: number): boolean {
    if (!this.table) return false;
    (this.waiting ??= []).push(field, doc, tf);
    return true;
  }

  private load(): void {
    const table = this.table;
    if (!table) return;
    this.table = undefined;
    for (let i = this.from; i < this.to; i++) super.set(table.field(i), table.decode(i));
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting)
      for (let i = 0; i < waiting.length; i += 3) applyPosting(this, waiting[i]!, waiting[i + 1]!, waiting[i + 2]!);
  }

  override get size(): number {
    this.load();
    return super.size;
  }
  override get(key: number): Map<number, number> | undefined {
    this.load();
    return super.get(key);
  }
  override has(key: number): boolean {
    this.load();
    return super.has(key);
  }
  override set(key: number, value: Map<number, number>): this {
    this.load();
    return super.set(key, value);
  }
  override delete(key: number): boolean {
    this.load();
    return super.delete(key);
  }
  override clear(): void {
    this.table = undefined;
    this.waiting = undefined;
    super.clear();
  }
  override keys(): MapIterator<number> {
    this.load();
    return super.keys();
  }
  override values(): MapIterator<Map<number, number>> {
    this.load();
    return super.values();
  }
  override entries(): MapIterator<[number, Map<number, number>]> {
    this.load();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[number, Map<number, number>]> {
    this.load();
    return super[Symbol.iterator]();
  }
  override forEach(
    fn: (value: Map<number, number>, key: number, map: Map<number, Map<number, number>>) => void,
    thisArg?: unknown,
  ): void {
    this.load();
    super.forEach(fn, thisArg);
  }
}

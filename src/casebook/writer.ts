/**
 * The writing side of incremental adds. A CasebookWriter holds what a change needs besides the
 * index itself: the pages and articles, each term's document frequency, the user words with the
 * articles that quote them, the query dictionary's kept words, the editors' corrections applied,
 * and the manifest of the index on disk. `update` turns a change of the pages folder or of the
 * corrections into one delta: it parses only the pages that changed, segments only their
 * articles (and the old articles that contain a user word that came or went), writes the delta
 * segment and commits it, and returns it for the answering side to apply. It runs in the build
 * thread (background.ts) and, for the start-up job's catch-up, in the main thread.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../logger.js';
import { loadPage } from '../corpus/load.js';
import type { Article } from '../corpus/types.js';
import { countyNames } from '../corpus/registry.js';
import { applyEdits, editsKey, readEdits, type CasebookEdits } from '../ingest/edits.js';
import {
  emptyBatch,
  FIELD_COUNT,
  mergeBatches,
  runningAverages,
  segmentDocs,
  type DocBatch,
  type IndexData,
} from '../search/engine.js';
import { PostingTableBuilder } from '../search/postings.js';
import { QueryDictionary } from '../search/jiebaDictionary.js';
import { quotedWords } from '../search/dictionary.js';
import {
  dictionarySpec,
  extendDictionary,
  FULL_DICTIONARY,
  useDictionary,
  type DictionarySpec,
} from '../search/tokenizer.js';
import {
  appendDelta,
  dictionaryPath,
  folderChanges,
  newCommit,
  readIndex,
  removeOrphans,
  seedsHashOf,
  writeCompacted,
  type DeltaData,
  type Manifest,
  type PageEntry,
  type SnapshotData,
  type StoredIndex,
} from '../search/snapshot.js';
import { PageSet, type PageView } from './pages.js';
import type { PageChange } from './holder.js';

/** When the deltas are folded into a new base. */
export interface CompactionPolicy {
  /** More delta segments than this… */
  maxDeltas: number;
  /** …or deltas together larger than this share of the base (in bytes). */
  maxShare: number;
}

export const COMPACTION_DEFAULTS: Readonly<CompactionPolicy> = { maxDeltas: 32, maxShare: 0.25 };

export interface WriterOptions {
  seedsDir: string;
  indexDir: string;
  dataDir?: string;
  log?: Logger;
  now?: () => Date;
  compaction?: Partial<CompactionPolicy>;
}

/** How the query dictionary changed: what the answering side must do to segment like a rebuild. */
export interface DictionaryChange {
  /** The query dictionary's file and SHA-1 (the file changes only when its kept words do). */
  file: string;
  hash: string;
  /** Every user word, sorted. */
  words: string[];
}

/** One committed change. */
export interface WriterUpdate {
  /** The commit the change applies to, and the delta (whose `commit` is the new one). */
  from: string;
  delta: DeltaData;
  manifest: Manifest;
  /** The delta segment as written. */
  bytes: Buffer;
  /** Absent when the query dictionary and the user words are unchanged. */
  dictionary?: DictionaryChange;
  /** Whether a compaction is due. */
  compact: boolean;
}

export class WriterError extends Error {
  override name = 'WriterError';
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const sameText = (a: Article, b: Article) =>
  a.headline === b.headline && sameList(a.sections, b.sections) && sameList(a.paragraphs, b.paragraphs);
const sameArticle = (a: Article, b: Article) =>
  sameText(a, b) &&
  a.source === b.source &&
  a.date === b.date &&
  a.edition === b.edition &&
  a.position === b.position &&
  a.dateline === b.dateline &&
  a.county === b.county &&
  sameList(a.reporters, b.reporters);

const sameBatch = (a: DocBatch, b: DocBatch) =>
  sameList(a.terms, b.terms) &&
  a.df.every((x, i) => x === b.df[i]) &&
  JSON.stringify(a.fieldLength) === JSON.stringify(b.fieldLength) &&
  a.postings.blob === b.postings.blob &&
  a.postings.directory.every((x, i) => x === b.postings.directory[i]);

/** What the editors' corrections change, per page and per article (values only, as editsKey). */
function editValues(edits: CasebookEdits) {
  const pages = new Map(Object.entries(edits.pages).map(([n, p]) => [n, `${p.date}|${p.edition}`]));
  const articles = new Map(
    Object.entries(edits.articles).map(([id, f]) => [
      id,
      JSON.stringify([f.headline?.value ?? null, !!f.headline, f.county?.value ?? null, !!f.county]),
    ]),
  );
  return { pages, articles };
}

/**
 * Finds the articles whose indexed text contains a word. Every article's text is kept in one
 * string, with a bitmap per character of the articles that hold it: a word is looked for only in
 * the articles that hold all of its characters (a new quoted coinage is usually in none), rather
 * than across the whole text, which at 10k articles is 12 million characters read again for every
 * word an add brings. Articles added since it was built are searched one by one.
 */
export class TextScan {
  private text = '';
  private starts: number[] = [];
  private ids: string[] = [];
  /** The articles in `text`. */
  private base = new Set<string>();
  /** Each UTF-16 code unit's slot in `bits`, or -1 when no article holds it. */
  private slots = new Int32Array(0x10000).fill(-1);
  /** One bitmap of articles (by position in `ids`) per slot, `width` 32-bit words each. */
  private bits = new Uint32Array(0);
  private width = 0;
  private readonly tail = new Map<string, string>();
  private readonly dead = new Set<string>();

  constructor(private readonly all: () => Iterable<Article>) {
    this.rebuild();
  }

  static textOf(a: Article): string {
    return `${a.headline}\u0000${a.sections.join('。')}\u0000${a.paragraphs.join('\n')}`;
  }

  private rebuild(): void {
    const parts: string[] = [];
    this.starts = [];
    this.ids = [];
    let at = 0;
    for (const a of this.all()) {
      const t = TextScan.textOf(a);
      this.starts.push(at);
      this.ids.push(a.id);
      parts.push(t);
      at += t.length + 1;
    }
    this.starts.push(at);
    this.base = new Set(this.ids);
    this.text = parts.join('\u0001');
    this.tail.clear();
    this.dead.clear();
    this.slots.fill(-1);
    this.width = Math.ceil(parts.length / 32);
    // Every code unit's slot first, so that the bitmaps are made once, at their size.
    let used = 0;
    for (const t of parts)
      for (let k = 0; k < t.length; k++) {
        const unit = t.charCodeAt(k);
        if (this.slots[unit]! < 0) this.slots[unit] = used++;
      }
    this.bits = new Uint32Array(this.width * used);
    parts.forEach((t, i) => {
      const word = i >>> 5;
      const bit = 1 << (i & 31);
      for (let k = 0; k < t.length; k++) this.bits[this.slots[t.charCodeAt(k)]! * this.width + word]! |= bit;
    });
  }

  /** An article gone: its text is searched no more. */
  remove(id: string): void {
    this.tail.delete(id);
    if (this.base.has(id)) this.dead.add(id);
  }

  /** An article come, or changed: its text as it is now is searched one by one. */
  add(a: Article): void {
    // The text it had when the scan was built is no longer its text.
    if (this.base.has(a.id)) this.dead.add(a.id);
    this.tail.set(a.id, TextScan.textOf(a));
    if (this.tail.size + this.dead.size > Math.max(64, this.ids.length / 4)) this.rebuild();
  }

  /** Ids of the articles containing any of `words`. */
  find(words: readonly string[]): Set<string> {
    const found = new Set<string>();
    for (const w of words) {
      for (const i of this.holdingAll(w)) {
        const id = this.ids[i]!;
        if (!this.dead.has(id) && this.text.slice(this.starts[i], this.starts[i + 1]! - 1).includes(w)) found.add(id);
      }
      for (const [id, t] of this.tail) if (t.includes(w)) found.add(id);
    }
    return found;
  }

  /** The articles (positions in `ids`) that hold every code unit of `w`. */
  private holdingAll(w: string): number[] {
    const out: number[] = [];
    const slots: number[] = [];
    for (const unit of new Set(Array.from({ length: w.length }, (_, k) => w.charCodeAt(k)))) {
      const slot = this.slots[unit]!;
      if (slot < 0) return out;
      slots.push(slot * this.width);
    }
    for (let word = 0; word < this.width; word++) {
      let m = 0xffffffff;
      for (const base of slots) m &= this.bits[base + word]!;
      for (; m !== 0; m &= m - 1) {
        const i = word * 32 + (31 - Math.clz32(m & -m));
        if (i < this.ids.length) out.push(i);
      }
    }
    return out;
  }
}

export class CasebookWriter {
  private readonly log: Logger;
  private readonly policy: CompactionPolicy;
  private readonly countyWords = new Set(countyNames());
  private readonly quoted = new Map<string, number>();
  private readonly words: Set<string>;
  private readonly query: QueryDictionary;
  private scan: TextScan | undefined;
  private spec: DictionarySpec;

  private constructor(
    private readonly o: WriterOptions,
    private manifest: Manifest,
    private readonly pages: PageSet,
    private readonly df: Map<string, number>,
    userWords: readonly string[],
    private edits: CasebookEdits,
    /** Sizes of the base and of the deltas so far, for the compaction policy. */
    private baseBytes: number,
    private deltaBytes: number,
  ) {
    this.log = o.log ?? silentLogger;
    this.policy = { ...COMPACTION_DEFAULTS, ...o.compaction };
    this.words = new Set(userWords);
    for (const a of pages.byId.values())
      for (const w of quotedWords(a)) this.quoted.set(w, (this.quoted.get(w) ?? 0) + 1);
    this.query = new QueryDictionary([...df.keys(), ...this.words]);
    this.spec = dictionarySpec(FULL_DICTIONARY, this.sortedWords());
  }

  /** Opens the index in `indexDir` (or one already read) for writing. */
  static open(o: WriterOptions, stored?: StoredIndex): CasebookWriter {
    let index = stored;
    if (!index) {
      const read = readIndex(o.indexDir);
      if (!read.ok) throw new WriterError(read.reason);
      index = read.index;
    }
    const { base, deltas, manifest } = index;
    const pages = PageSet.fromBase(base);
    const df = new Map<string, number>();
    base.index.terms.forEach((t, i) => df.set(t, base.index.df[i]!));
    const words = new Set(base.userWords);
    let edits = base.edits ?? { version: 1, pages: {}, articles: {} };
    for (const d of deltas) {
      pages.applyDelta(d);
      adjust(df, d.index.removed, -1);
      adjust(df, d.index.added, 1);
      for (const w of d.userWords.removed) words.delete(w);
      for (const w of d.userWords.added) words.add(w);
      if (d.edits) edits = d.edits;
    }
    const size = (file: string) => {
      try {
        return statSync(join(o.indexDir, file)).size;
      } catch {
        return 0;
      }
    };
    const baseBytes = size(manifest.base ?? 'snapshot.bin');
    const deltaBytes = (manifest.deltas ?? []).reduce((n, d) => n + size(d.file), 0);
    const writer = new CasebookWriter(o, manifest, pages, df, [...words], edits, baseBytes, deltaBytes);
    removeOrphans(o.indexDir, manifest);
    return writer;
  }

  /** Loads what a change needs before one comes: jieba's build dictionary and the text scan. */
  warm(): void {
    useDictionary(this.spec);
    this.scan ??= new TextScan(() => this.pages.byId.values());
  }

  /** The commit the writer stands on. */
  get commit(): string {
    return this.manifest.commit;
  }

  /**
   * What the casebook at this commit computes its topics from: its articles in casebook order, and
   * its query dictionary (the file's path and hash, and the user words), as the answering side's
   * LiveCasebook has them (see BackgroundUpdater.topics).
   */
  topicSource(): { articles: Article[]; dictionary: { file: string; hash: string; words: string[] } } {
    return {
      articles: this.pages.lists().articles,
      dictionary: {
        file: dictionaryPath(this.o.indexDir, this.manifest),
        hash: this.manifest.dictionaryHash,
        words: this.sortedWords(),
      },
    };
  }

  /**
   * Counts the quoted coinages of articles that leave and come, and compares them with the user
   * words the dictionary holds (county names stay): the words to add and to take out, sorted.
   * Its loops over every word are kept out of `update`, which is then too cold for V8 to compile
   * it whole (a few hundred milliseconds of a core, again after each deoptimization).
   */
  private userWordChanges(leave: readonly Article[], come: readonly Article[]): { added: string[]; removed: string[] } {
    const count = (a: Article, by: number) => {
      for (const w of quotedWords(a)) {
        const n = (this.quoted.get(w) ?? 0) + by;
        if (n > 0) this.quoted.set(w, n);
        else this.quoted.delete(w);
      }
    };
    for (const a of leave) count(a, -1);
    for (const a of come) count(a, 1);
    const added: string[] = [];
    const removed: string[] = [];
    for (const w of this.quoted.keys()) if (!this.words.has(w)) added.push(w);
    for (const w of this.words) if (!this.quoted.has(w) && !this.countyWords.has(w)) removed.push(w);
    return { added: added.sort(), removed: removed.sort() };
  }

  private sortedWords(): string[] {
    return [...this.words].sort();
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  private readEdits(): CasebookEdits {
    const { edits, problem } = readEdits(this.o.dataDir);
    if (problem) this.log.warn(`${problem}，本次不应用编辑的修订`);
    return edits;
  }

  /** The pages a change may concern: named ones, or (for `folder`) every page that differs. */
  private candidates(changes: readonly PageChange[], edits: CasebookEdits): { look: Set<string>; forced: Set<string> } {
    const look = new Set<string>();
    const forced = new Set<string>();
    if (changes.length === 0 || changes.some((c) => c.kind === 'folder')) {
      const diff = folderChanges(this.o.seedsDir, this.pages.files());
      for (const n of [...diff.changed, ...diff.removed, ...diff.touched.map((t) => t.name)]) look.add(n);
    }
    for (const c of changes) {
      if (c.kind === 'add' || c.kind === 'remove') look.add(c.page);
      else if (c.kind === 'replace') look.add(c.page).add(c.previous);
      else if (c.kind === 'edit') for (const p of c.pages ?? []) look.add(p);
    }
    // Pages whose corrections or dates changed are parsed again, whatever their files say.
    if (editsKey(edits) !== editsKey(this.edits)) {
      const before = editValues(this.edits);
      const after = editValues(edits);
      for (const name of new Set([...before.pages.keys(), ...after.pages.keys()]))
        if (before.pages.get(name) !== after.pages.get(name)) forced.add(name);
      for (const id of new Set([...before.articles.keys(), ...after.articles.keys()])) {
        if (before.articles.get(id) === after.articles.get(id)) continue;
        const source = this.pages.byId.get(id)?.source;
        if (source) forced.add(source);
      }
      for (const n of forced) look.add(n);
    }
    return { look, forced };
  }

  /**
   * Brings the index up to the pages folder and the corrections: one delta, committed, or
   * undefined when nothing changed. `changes` name the pages to look at; `folder` (or none) looks
   * at every page.
   */
  update(changes: readonly PageChange[]): WriterUpdate | undefined {
    const edits = this.readEdits();
    const key = editsKey(edits);
    const { look, forced } = this.candidates(changes, edits);

    // The pages' new views.
    const views: PageView[] = [];
    const removedPages: string[] = [];
    for (const name of [...look].sort()) {
      const old = this.pages.get(name);
      if (!existsSync(join(this.o.seedsDir, name))) {
        if (old) removedPages.push(name);
        continue;
      }
      if (old && !forced.has(name)) {
        try {
          const st = statSync(join(this.o.seedsDir, name));
          if (st.size === old.file.size && st.mtimeMs === old.file.mtimeMs) continue;
        } catch {
          // Read it below, which says what is wrong.
        }
      }
      const loaded = loadPage(this.o.seedsDir, name);
      if (old && !forced.has(name) && loaded.file.hash === old.file.hash) {
        if (loaded.file.size !== old.file.size || loaded.file.mtimeMs !== old.file.mtimeMs)
          views.push({ ...old, file: loaded.file });
        continue;
      }
      applyEdits(loaded.articles, edits);
      views.push({
        file: loaded.file,
        ok: loaded.ok,
        articles: loaded.articles,
        captions: loaded.captions,
        warnings: loaded.warnings,
      });
    }
    if (views.length === 0 && removedPages.length === 0 && key === editsKey(this.edits)) return undefined;

    // Which articles go, come, change text (indexed again) or change only their metadata.
    const gone: Article[] = [];
    const come: Article[] = [];
    const changedOld: Article[] = [];
    const changedNew: Article[] = [];
    const updated: Article[] = [];
    for (const name of removedPages) gone.push(...this.pages.get(name)!.articles);
    for (const [i, view] of views.entries()) {
      const old = this.pages.get(view.file.name);
      const before = new Map((old?.articles ?? []).map((a) => [a.id, a]));
      const articles = view.articles.map((a) => {
        const was = before.get(a.id);
        before.delete(a.id);
        if (!was) come.push(a);
        else if (!sameText(was, a)) {
          changedOld.push(was);
          changedNew.push(a);
        } else if (sameArticle(was, a)) return was;
        else updated.push(a);
        return a;
      });
      gone.push(...before.values());
      views[i] = { ...view, articles };
    }

    // User words that come or go with them.
    const { added: wordsAdded, removed: wordsRemoved } = this.userWordChanges(
      [...gone, ...changedOld],
      [...come, ...changedNew],
    );

    // Old articles that contain a word that came or went segment differently now.
    const reindexed = new Set([...gone, ...changedOld].map((a) => a.id));
    const affected: Article[] = [];
    if (wordsAdded.length || wordsRemoved.length) {
      this.scan ??= new TextScan(() => this.pages.byId.values());
      const kept = new Map(updated.map((a) => [a.id, a]));
      for (const id of this.scan.find([...wordsAdded, ...wordsRemoved])) {
        if (reindexed.has(id)) continue;
        affected.push(kept.get(id) ?? this.pages.byId.get(id)!);
      }
    }

    // Segment what goes with the dictionary it was indexed with, what comes with the new one.
    useDictionary(this.spec);
    const goneBatch = segmentDocs([...gone, ...changedOld]);
    const affectedBefore = affected.map((a) => segmentDocs([a]));
    for (const w of wordsRemoved) this.words.delete(w);
    for (const w of wordsAdded) this.words.add(w);
    const spec = dictionarySpec(FULL_DICTIONARY, this.sortedWords());
    if (wordsRemoved.length) useDictionary(spec);
    else if (wordsAdded.length) extendDictionary(this.spec, spec, wordsAdded);
    this.spec = spec;
    const comeBatch = segmentDocs([...come, ...changedNew]);
    const affectedAfter = affected.map((a) => segmentDocs([a]));
    const moved = affected.flatMap((_, i) => (sameBatch(affectedBefore[i]!, affectedAfter[i]!) ? [] : [i]));
    const removedBatch = mergeBatches([goneBatch, ...moved.map((i) => affectedBefore[i]!)]);
    const addedBatch = mergeBatches([comeBatch, ...moved.map((i) => affectedAfter[i]!)]);

    // Document frequencies, and the query dictionary's kept words with them.
    adjust(this.df, removedBatch, -1, (t) => this.query.remove(t));
    adjust(this.df, addedBatch, 1, undefined, (t) => this.query.add(t));
    for (const w of wordsRemoved) this.query.remove(w);
    for (const w of wordsAdded) this.query.add(w);
    let dictionaryText: string | undefined;
    if (this.query.changed) {
      const text = this.query.text();
      if (sha1(text) !== this.manifest.dictionaryHash) dictionaryText = text;
    }

    // The delta, committed.
    for (const name of removedPages) this.pages.delete(name);
    for (const v of views) this.pages.set(v);
    const comeIds = new Set([...come, ...changedNew].map((a) => a.id));
    const delta: DeltaData = {
      commit: newCommit(),
      builtAt: this.now().toISOString(),
      pages: views.map((v): PageEntry => ({
        file: v.file,
        ok: v.ok,
        articles: v.articles.map((a) => a.id),
        captions: [...v.captions],
        warnings: [...v.warnings],
      })),
      removedPages,
      articles: [...come, ...changedNew, ...updated],
      removedArticles: gone.map((a) => a.id).filter((id) => !comeIds.has(id)),
      index: { removed: removedBatch.ids.length ? removedBatch : emptyBatch(), added: addedBatch },
      userWords: { added: wordsAdded, removed: wordsRemoved },
      ...(key !== editsKey(this.edits) ? { edits } : {}),
    };
    const from = this.manifest.commit;
    const lists = this.pages.lists();
    const { manifest, bytes } = appendDelta(
      this.o.indexDir,
      this.manifest,
      delta,
      {
        commit: delta.commit,
        seedsHash: seedsHashOf([...this.pages.files().values()]),
        builtAt: new Date(delta.builtAt),
        edits: key,
        pages: lists.pages.length,
        articles: lists.articles.length,
      },
      dictionaryText,
    );
    this.manifest = manifest;
    this.edits = edits;
    this.deltaBytes += bytes.length;
    if (this.scan) {
      for (const a of [...gone, ...changedOld]) this.scan.remove(a.id);
      for (const a of [...come, ...changedNew]) this.scan.add(a);
    }
    const dictionary: DictionaryChange | undefined =
      dictionaryText !== undefined || wordsAdded.length || wordsRemoved.length
        ? {
            file: dictionaryPath(this.o.indexDir, manifest),
            hash: manifest.dictionaryHash,
            words: this.sortedWords(),
          }
        : undefined;
    return { from, delta, manifest, bytes, dictionary, compact: this.compactionDue() };
  }

  private compactionDue(): boolean {
    const deltas = this.manifest.deltas?.length ?? 0;
    return deltas > this.policy.maxDeltas || (deltas > 0 && this.deltaBytes > this.baseBytes * this.policy.maxShare);
  }

  /**
   * Folds the deltas into a new base: the same casebook, its articles numbered in page order as
   * a build numbers them. Answers do not change; the next start reads one segment.
   */
  compact(): Manifest {
    const read = readIndex(this.o.indexDir);
    if (!read.ok) throw new WriterError(read.reason);
    if (read.index.manifest.commit !== this.manifest.commit) throw new WriterError('索引已被其他进程改动');
    const lists = this.pages.lists();
    const data: SnapshotData = {
      ...lists,
      userWords: this.sortedWords(),
      index: mergeIndex(read.index, lists.articles),
      files: [...this.pages.files().values()],
      edits: this.edits,
    };
    this.manifest = writeCompacted(this.o.indexDir, this.manifest, data);
    this.baseBytes = statSync(join(this.o.indexDir, this.manifest.base!)).size;
    this.deltaBytes = 0;
    return this.manifest;
  }
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Adds a batch's document frequencies to `df` (sign 1) or takes them out (-1). */
function adjust(
  df: Map<string, number>,
  batch: DocBatch,
  sign: 1 | -1,
  gone?: (term: string) => void,
  came?: (term: string) => void,
): void {
  batch.terms.forEach((t, i) => {
    const before = df.get(t) ?? 0;
    const after = before + sign * batch.df[i]!;
    if (after > 0) df.set(t, after);
    else df.delete(t);
    if (before === 0 && after > 0) came?.(t);
    if (before > 0 && after <= 0) gone?.(t);
  });
}

/**
 * The index a build over `articles` would make, from a base and its deltas: every posting list
 * replayed segment by segment (removals, then additions) into tables by article and field,
 * documents renumbered in page order.
 */
export function mergeIndex(index: StoredIndex, articles: readonly Article[]): IndexData {
  const { base, deltas } = index;
  const doc = new Map(articles.map((a, i) => [a.id, i]));
  const baseIds = base.index.meta.documentIds as Record<string, string>;
  const lengths = new Map<string, number[]>();
  for (const [short, id] of Object.entries(baseIds))
    lengths.set(id, (base.index.meta.fieldLength as Record<string, number[]>)[short]!);
  for (const d of deltas) d.index.added.ids.forEach((id, i) => lengths.set(id, d.index.added.fieldLength[i]!));

  // Each segment's lists by term: where to find a term's entries.
  const byTerm = (batch: { terms: string[]; postings: { forEachTerm: DocBatch['postings']['forEachTerm'] } }) => {
    const out = new Map<string, [number, number]>();
    batch.postings.forEachTerm((t, from, to) => out.set(batch.terms[t]!, [from, to]));
    return out;
  };
  const baseTerms = byTerm(base.index);
  const deltaTerms = deltas.map((d) => ({ removed: byTerm(d.index.removed), added: byTerm(d.index.added) }));
  // Each segment's terms, and which segments have lists of each term.
  const inSegments = new Map<string, number[]>();
  deltaTerms.forEach((d, k) => {
    for (const t of new Set([...d.removed.keys(), ...d.added.keys()])) {
      const list = inSegments.get(t);
      if (list) list.push(k);
      else inSegments.set(t, [k]);
    }
  });
  const order: string[] = [...baseTerms.keys()];
  const seen = new Set(order);
  for (const d of deltaTerms)
    for (const t of d.added.keys())
      if (!seen.has(t)) {
        seen.add(t);
        order.push(t);
      }

  // Articles by their number after the merge; -1 for one gone for good (a segment removes all its
  // postings).
  const key = (id: string) => doc.get(id) ?? -1;
  const baseDoc = new Int32Array(base.index.meta.nextId);
  for (const [short, id] of Object.entries(baseIds)) baseDoc[Number(short)] = key(id);
  // Scratch tables for replaying one term (see below), by article number × field.
  const replay = {
    turn: 0,
    seen: new Int32Array(articles.length * FIELD_COUNT),
    tf: new Int32Array(articles.length * FIELD_COUNT),
  };
  // Each segment's articles by their number after the merge.
  const local = deltas.map((d) => ({ removed: d.index.removed.ids.map(key), added: d.index.added.ids.map(key) }));

  const terms: string[] = [];
  const df: number[] = [];
  const postings = new PostingTableBuilder();
  for (const term of order) {
    const range = baseTerms.get(term);
    const segments = inSegments.get(term);
    // Every posting of the term replayed in order, the last one for an article and field winning
    // (tf 0: removed), in tables by article and field.
    const turn = ++replay.turn;
    const slots: number[] = [];
    const put = (field: number, n: number, tf: number) => {
      if (n < 0) return; // an article gone for good: a later segment removes it
      const slot = n * FIELD_COUNT + field;
      if (replay.seen[slot] !== turn) {
        replay.seen[slot] = turn;
        slots.push(slot);
      }
      replay.tf[slot] = tf;
    };
    if (range)
      for (let i = range[0]; i < range[1]; i++) {
        const flat = base.index.postings.decodeFlat(i);
        const field = base.index.postings.field(i);
        for (let j = 0; j < flat.length; j += 2) put(field, baseDoc[flat[j]!]!, flat[j + 1]!);
      }
    for (const k of segments ?? [])
      for (const [which, sign] of [
        ['removed', 0],
        ['added', 1],
      ] as const) {
        const r = deltaTerms[k]![which].get(term);
        if (!r) continue;
        const batch = deltas[k]!.index[which];
        const docs = local[k]![which];
        for (let i = r[0]; i < r[1]; i++) {
          const flat = batch.postings.decodeFlat(i);
          const field = batch.postings.field(i);
          for (let j = 0; j < flat.length; j += 2) put(field, docs[flat[j]!]!, sign * flat[j + 1]!);
        }
      }
    // In article order, each field's list sorted by article; an article counts once in `df`.
    const sorted = Int32Array.from(slots).sort();
    const lists: number[][] = [];
    let count = 0;
    let last = -1;
    for (const slot of sorted) {
      const tf = replay.tf[slot]!;
      if (tf <= 0) continue;
      const n = Math.floor(slot / FIELD_COUNT);
      (lists[slot % FIELD_COUNT] ??= []).push(n, tf);
      if (n !== last) count++;
      last = n;
    }
    if (count === 0) continue;
    const id = terms.push(term) - 1;
    df.push(count);
    lists.forEach((flat, field) => postings.add(id, field, flat));
  }

  const averages = runningAverages((k) => lengths.get(articles[k]!.id)!, 0, articles.length, [0, 0, 0]);
  const meta = {
    ...base.index.meta,
    documentCount: articles.length,
    nextId: articles.length,
    documentIds: Object.fromEntries(articles.map((a, i) => [i, a.id])),
    fieldLength: Object.fromEntries(articles.map((a, i) => [i, lengths.get(a.id)!])),
    averageFieldLength: articles.length ? averages : [0, 0, 0],
    dirtCount: 0,
  };
  return { meta, terms, df, postings: postings.finish(terms.length) };
}

import jieba from 'nodejieba';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isIndexStopword, isQueryStopword } from './stopwords.js';
import { FULL_DICTIONARY, HMM_MODEL, inFullDictionary, releaseFullDictionary } from './jiebaDictionary.js';
import { JiebaTable, Segmenter } from './segmenter.js';
import { allSteps } from './steps.js';

export { FULL_DICTIONARY, prunedDictionary } from './jiebaDictionary.js';

/** Bumped whenever tokenisation changes, so that old snapshots are rebuilt. */
export const TOKENIZER_VERSION = 5;

const WORD = /[\p{Script=Han}\p{L}\p{N}]/u;
const HAN = /^\p{Script=Han}+$/u;

const inserted = new Set<string>();
/** The key of the DictionarySpec this thread's jieba holds; undefined after any other load or insert. */
let active: string | undefined;
/** The segmenter of the query dictionary this thread segments with (instead of its jieba), and its key. */
let current: { key: string; segmenter: Segmenter } | undefined;
/** The file `useDictionary` last loaded (`inserted` holds the words added since); undefined after any other load. */
let loadedFile: string | undefined;

/**
 * The keyword-extraction tables (a 6 MB IDF file) are never used here, so one-line stand-ins are
 * loaded instead (the user dictionary stand-in makes 的 a user word, as it always has).
 */
const STUBS = { userDict: '的\n', idfDict: '的 1.0\n', stopWordDict: '的\n' };

/**
 * Loads jieba with a dictionary (the full one by default). Words added with `addUserWords` are
 * forgotten by a load and must be added again.
 */
export function loadDictionary(dict: string = FULL_DICTIONARY): void {
  // jieba reads every file during load, so the stand-ins live only that long.
  const dir = mkdtempSync(join(tmpdir(), 'jieba-'));
  try {
    const stubs = { user: join(dir, 'user.utf8'), idf: join(dir, 'idf.utf8'), stop: join(dir, 'stop.utf8') };
    writeFileSync(stubs.user, STUBS.userDict);
    writeFileSync(stubs.idf, STUBS.idfDict);
    writeFileSync(stubs.stop, STUBS.stopWordDict);
    jieba.load({
      dict,
      hmmDict: HMM_MODEL,
      userDict: stubs.user,
      idfDict: stubs.idf,
      stopWordDict: stubs.stop,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  inserted.clear();
  active = undefined;
  current = undefined;
  loadedFile = undefined;
}

/**
 * Recent cuts of short texts (questions and the fragments their analysis cuts again), by dictionary
 * key: a question's words are asked for more than once. Bounded (the oldest goes first); a cut with
 * no known dictionary is not kept.
 */
const recentCuts = new Map<string, readonly string[]>();
const RECENT_CUTS = 512;
const RECENT_CUT_LENGTH = 64;

/** jieba's `cut` with this thread's dictionary (its query dictionary's segmenter, or jieba itself). */
function cut(text: string, hmm: boolean): readonly string[] {
  const dictionary = text.length <= RECENT_CUT_LENGTH ? activeDictionary() : undefined;
  if (dictionary === undefined) return cutNow(text, hmm);
  const key = `${dictionary}\u0000${hmm ? 1 : 0}\u0000${text}`;
  let words = recentCuts.get(key);
  if (words) return words;
  words = cutNow(text, hmm);
  if (recentCuts.size >= RECENT_CUTS) recentCuts.delete(recentCuts.keys().next().value!);
  recentCuts.set(key, words);
  return words;
}

function cutNow(text: string, hmm: boolean): string[] {
  return current ? current.segmenter.cut(text, hmm) : jieba.cut(text, hmm);
}

/** jieba's part-of-speech tags with this thread's dictionary (or its query dictionary's segmenter). */
export function tagWords(text: string): { word: string; tag: string }[] {
  return current ? current.segmenter.tag(text) : jieba.tag(text);
}

/**
 * Adds words to jieba's dictionary (county and town names, quoted coinages such as 红帆驿站),
 * so they come out whole. jieba's dictionary is process-wide; adding a word twice is a no-op.
 */
export function addUserWords(words: Iterable<string>): void {
  for (const w of words) {
    if (inserted.has(w) || w.length < 2) continue;
    jieba.insertWord(w);
    inserted.add(w);
    active = undefined;
    current = undefined;
  }
}

/** jieba's cut of a text (HMM on), every token, with the dictionary this thread segments with. */
export function segment(text: string): readonly string[] {
  return cut(text, true);
}

/** jieba words (HMM on, so `1200` and unknown words stay whole), lowercased, words only. */
export function cutWords(text: string): string[] {
  const out: string[] = [];
  for (const t of cut(text, true)) {
    const c = t.charCodeAt(0);
    // Most tokens are Han words: no regex and no case to fold.
    if (c >= 0x4e00 && c <= 0x9fff) out.push(t);
    else if (WORD.test(t)) out.push(/[A-Z]/.test(t) ? t.toLowerCase() : t);
  }
  return out;
}

/** Character bigrams of a Han word of three or more characters: `调解室` → 调解, 解室. */
export function bigrams(word: string): string[] {
  const chars = [...word];
  if (chars.length < 3 || !HAN.test(word)) return [];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** Frees the full dictionary's word list once building is done (see releaseFullDictionary). */
export function releaseBuildMemory(): void {
  releaseFullDictionary();
}

/**
 * Index terms of a text: every word, plus the bigrams of long words that jieba's dictionary does
 * not know (the corpus's coinages and places, words found by the HMM), so that a short query
 * (`调解`, `蒜都`) matches inside them (`第一书记调解室`, `霞满蒜都`). A dictionary word such as
 * `工作室` is left whole: jieba splits text the same way for queries, and its bigrams would only
 * inflate the index. A bigram is emitted once per text, as a fallback match.
 */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  const subwords = new Set<string>();
  for (const w of cutWords(text)) {
    const rule = termRule(w);
    if (!rule.keep) continue;
    out.push(w);
    for (const b of rule.subwords) subwords.add(b);
  }
  for (const b of subwords) out.push(b);
  return out;
}

/**
 * What indexing does with one word jieba gives (see `indexTerms`): whether it is a term, and the
 * bigrams it adds once per text. A function of the word alone, so a build may work it out once
 * per distinct word.
 */
export function termRule(word: string): { keep: boolean; subwords: string[] } {
  if (word.length <= 2 && isIndexStopword(word)) return { keep: false, subwords: [] };
  return { keep: true, subwords: word.length >= 3 && !inFullDictionary(word) ? bigrams(word) : [] };
}

/** Query words with question words and function words removed, in order, unique. */
export function queryWords(text: string): string[] {
  return [...new Set(cutWords(text).filter((w) => !isQueryStopword(w)))];
}

/**
 * What a thread segments with: a dictionary file plus user words, named by `key`. jieba keeps one
 * dictionary per thread, so this module is its one owner: a casebook keeps the spec it answers
 * with and calls `useDictionary` before segmenting a question. Opening or building another
 * casebook in the same thread then never changes how an open one segments.
 *
 * The full dictionary (builds) is jieba's own. A query dictionary (any other file: a pinned copy
 * of a snapshot's pruned one) is segmented by a Segmenter made from it (segmenter.ts), which cuts
 * as jieba would; the most recent few are kept, so casebooks taking turns cost nothing.
 */
export interface DictionarySpec {
  key: string;
  /** The dictionary file: `FULL_DICTIONARY` or a pinned copy of a snapshot's pruned one. */
  file: string;
  words: readonly string[];
}

/** Query dictionaries' segmenters, by spec key, the most recently used last. */
const segmenters = new Map<string, Segmenter>();
const SEGMENTERS_KEPT = 4;
/** Their dictionary files read, by text (user words change far more often than the file). */
const tables = new Map<string, JiebaTable>();
const TABLES_KEPT = 2;

/** Whether a spec is a query dictionary's, segmented by a Segmenter rather than jieba. */
const isQuerySpec = (spec: DictionarySpec) => spec.file !== FULL_DICTIONARY;

/** Keeps `value` under `key` as the most recently used of at most `size`. */
function keep<T>(map: Map<string, T>, size: number, key: string, value: T): T {
  map.delete(key);
  map.set(key, value);
  while (map.size > size) map.delete(map.keys().next().value!);
  return value;
}

/** The words a spec's user words put into jieba's dictionary (see addUserWords). */
const insertable = (words: readonly string[]) => words.filter((w) => w.length >= 2);

/**
 * Makes the segmenter of a query dictionary's spec and keeps it (without making this thread
 * segment with it), in steps of about a millisecond: an add does this between questions before
 * its casebook, which answers with `spec`, is swapped in.
 */
export function* prepareQueryDictionary(spec: DictionarySpec): Generator<void, void> {
  if (!isQuerySpec(spec) || segmenters.has(spec.key)) return;
  const text = readFileSync(spec.file, 'utf8');
  // After an add, the dictionary is the last one read with a few lines more: made from that.
  const last = [...tables.values()].pop();
  const table =
    tables.get(text) ??
    (last ? yield* JiebaTable.deriveInSteps(last, text) : undefined) ??
    (yield* JiebaTable.readInSteps(text, STUBS.userDict));
  keep(tables, TABLES_KEPT, text, table);
  yield;
  keep(segmenters, SEGMENTERS_KEPT, spec.key, new Segmenter(table, insertable(spec.words)));
}

function segmenterFor(spec: DictionarySpec): Segmenter {
  const kept = segmenters.get(spec.key);
  if (kept) return keep(segmenters, SEGMENTERS_KEPT, spec.key, kept);
  allSteps(prepareQueryDictionary(spec));
  return segmenters.get(spec.key)!;
}

/**
 * Makes this thread segment with `spec` (a no-op when it already does). A query dictionary's
 * segmenter is made (or found among those kept); the full dictionary is loaded into jieba, unless
 * jieba already holds it with a subset of the spec's words (the next build after a page was
 * added), when the missing words are added instead of loading the file again (a second): every
 * user word gets the same weight, so the order of insertion does not change any cut.
 */
export function useDictionary(spec: DictionarySpec): void {
  const key = spec.key;
  if (current?.key === key) return;
  if (isQuerySpec(spec)) {
    current = { key, segmenter: segmenterFor(spec) };
    return;
  }
  current = undefined;
  if (active === key) return;
  if (loadedFile !== spec.file || !isSubset(inserted, spec.words)) {
    loadDictionary(spec.file);
    loadedFile = spec.file;
  }
  addUserWords(spec.words);
  active = key;
}

function isSubset(words: ReadonlySet<string>, of: readonly string[]): boolean {
  if (words.size > of.length) return false;
  const all = new Set(of);
  for (const w of words) if (!all.has(w)) return false;
  return true;
}

/**
 * Makes this thread's jieba go from `from` to `to`: the full dictionary with more user words
 * (`added`), inserted in place instead of a reload when jieba holds `from`. A user word weighs the
 * same whenever it is inserted (the median weight of the file's words), so the result is what a
 * load of `to` gives. Otherwise `to` is used as `useDictionary` would.
 */
export function extendDictionary(from: DictionarySpec, to: DictionarySpec, added: readonly string[]): void {
  if (!current && active === from.key && !isQuerySpec(to)) {
    addUserWords(added);
    active = to.key;
    return;
  }
  useDictionary(to);
}

/** The key of the dictionary this thread segments with, if it was chosen through `useDictionary`. */
export function activeDictionary(): string | undefined {
  return current ? current.key : active;
}

/**
 * A spec for a dictionary file and user words. `fileHash` identifies the file's content (a
 * snapshot's dictionary hash); the full dictionary needs none.
 */
export function dictionarySpec(file: string, words: readonly string[], fileHash = 'full'): DictionarySpec {
  const key = createHash('sha1').update(fileHash).update('\0').update(words.join('\n')).digest('hex');
  return { key, file, words };
}

let pinned: string | undefined;

/**
 * A private copy of a dictionary file, named by its hash, that lives as long as this thread: the
 * snapshot's own file is replaced by the next build, while a casebook still open on the old one
 * must be able to load it again.
 */
export function pinDictionary(path: string, hash: string): string {
  if (!pinned) {
    const dir = mkdtempSync(join(tmpdir(), 'jieba-pinned-'));
    pinned = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const copy = join(pinned, `${hash}.utf8`);
  if (!existsSync(copy)) {
    copyFileSync(path, copy);
    if (createHash('sha1').update(readFileSync(copy)).digest('hex') !== hash) {
      rmSync(copy, { force: true });
      throw new Error('查询词典在读取时被替换');
    }
  }
  return copy;
}

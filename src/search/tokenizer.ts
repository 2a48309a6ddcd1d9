import jieba from 'nodejieba';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FUNCTION_WORDS, QUESTION_WORDS, isIndexStopword, isQueryStopword } from './stopwords.js';

/** Bumped whenever tokenisation changes, so that old snapshots are rebuilt. */
export const TOKENIZER_VERSION = 5;

const WORD = /[\p{Script=Han}\p{L}\p{N}]/u;
const HAN = /^\p{Script=Han}+$/u;

const inserted = new Set<string>();
/** The key of the DictionarySpec this thread's jieba holds; undefined after any other load or insert. */
let active: string | undefined;

const DICT_DIR = join(dirname(createRequire(import.meta.url).resolve('nodejieba')), 'submodules', 'cppjieba', 'dict');
/** jieba's full dictionary (350k words): what index builds segment with. */
export const FULL_DICTIONARY = join(DICT_DIR, 'jieba.dict.utf8');

/**
 * Loads jieba with a dictionary (the full one by default). The keyword-extraction tables
 * (a 6 MB IDF file) are never used here, so one-line stand-ins are loaded instead. Words added
 * with `addUserWords` are forgotten by a load and must be added again.
 */
export function loadDictionary(dict: string = FULL_DICTIONARY): void {
  // jieba reads every file during load, so the stand-ins live only that long.
  const dir = mkdtempSync(join(tmpdir(), 'jieba-'));
  try {
    const stubs = { idf: join(dir, 'idf.utf8'), stop: join(dir, 'stop.utf8') };
    writeFileSync(stubs.idf, '的 1.0\n');
    writeFileSync(stubs.stop, '的\n');
    jieba.load({
      dict,
      hmmDict: join(DICT_DIR, 'hmm_model.utf8'),
      userDict: stubs.stop,
      idfDict: stubs.idf,
      stopWordDict: stubs.stop,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  inserted.clear();
  active = undefined;
}

/**
 * jieba's dictionary cut down to what a query can use: the words the index knows, the question and
 * function words, and the single characters found in any of them. Frequencies are kept, and the
 * removed words' total frequency stays in one unused entry (as does the rarest word), so every
 * kept word keeps its weight. Words the index does not know can no longer compete for a stretch
 * of a question (`金乡党代表` now gives 金乡/党代表, not 金/乡党/代表); they would match nothing
 * anyway. Loading it takes tens of milliseconds instead of a second, and a fraction of the memory.
 */
export function prunedDictionary(known: Iterable<string>): string {
  const keep = new Set<string>([...known, ...QUESTION_WORDS, ...FUNCTION_WORDS]);
  // Single characters matter only where they can take part in a known word or stand alone in one.
  const chars = new Set<string>();
  for (const word of keep) for (const c of word) chars.add(c);
  const out: string[] = [];
  let removed = 0;
  let rarest: [string, number] | undefined;
  for (const line of readFileSync(FULL_DICTIONARY, 'utf8').split('\n')) {
    if (!line) continue;
    const [word = '', freq = '0'] = line.split(' ');
    const f = Number(freq);
    if (!rarest || f < rarest[1]) rarest = [line, f];
    if (keep.has(word) || ([...word].length === 1 && chars.has(word))) out.push(line);
    else removed += f;
  }
  if (rarest && !out.includes(rarest[0])) {
    out.push(rarest[0]);
    removed -= rarest[1];
  }
  out.push(`〇〇〇〇〇〇〇〇 ${Math.max(1, removed)} x`);
  return out.join('\n') + '\n';
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
  }
}

/** jieba words (HMM on, so `1200` and unknown words stay whole), lowercased, words only. */
export function cutWords(text: string): string[] {
  const out: string[] = [];
  for (const t of jieba.cut(text, true)) {
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

let dictionaryWords: Set<string> | undefined;

/** Whether jieba's full dictionary has the (three or more character) word; read once per build. */
function inDictionary(word: string): boolean {
  if (!dictionaryWords) {
    dictionaryWords = new Set();
    const text = readFileSync(FULL_DICTIONARY, 'utf8');
    for (let start = 0; start < text.length;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const space = text.indexOf(' ', start);
      if (space >= start + 3 && space < end) dictionaryWords.add(text.slice(start, space));
      start = end + 1;
    }
  }
  return dictionaryWords.has(word);
}

/** Frees the dictionary word list once building is done. */
export function releaseBuildMemory(): void {
  dictionaryWords = undefined;
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
    if (w.length <= 2 && isIndexStopword(w)) continue;
    out.push(w);
    if (w.length >= 3 && !inDictionary(w)) for (const b of bigrams(w)) subwords.add(b);
  }
  for (const b of subwords) out.push(b);
  return out;
}

/** Query words with question words and function words removed, in order, unique. */
export function queryWords(text: string): string[] {
  return [...new Set(cutWords(text).filter((w) => !isQueryStopword(w)))];
}

/**
 * What a thread's jieba holds: a dictionary file plus user words, named by `key`. jieba keeps one
 * dictionary per thread, so this module is its one owner: a casebook keeps the spec it answers
 * with and calls `useDictionary` before segmenting a question. Opening or building another
 * casebook in the same thread then never changes how an open one segments; it only costs a
 * reload (tens of milliseconds for a pruned dictionary) when two casebooks take turns.
 */
export interface DictionarySpec {
  key: string;
  /** The dictionary file: `FULL_DICTIONARY` or a pinned copy of a snapshot's pruned one. */
  file: string;
  words: readonly string[];
}

/** Makes this thread's jieba hold `spec` (a no-op when it already does). */
export function useDictionary(spec: DictionarySpec): void {
  if (active === spec.key) return;
  loadDictionary(spec.file);
  addUserWords(spec.words);
  active = spec.key;
}

/** The key of the dictionary this thread's jieba holds, if it was loaded through `useDictionary`. */
export function activeDictionary(): string | undefined {
  return active;
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

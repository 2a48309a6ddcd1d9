/**
 * jieba's full dictionary as data: read and split once per thread (builds, the query dictionary
 * and the bigram rule all consult it), and the query dictionary pruned from it, kept up to date as
 * words come and go instead of being recomputed from the 5 MB file at every change.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FUNCTION_WORDS, QUESTION_WORDS } from './stopwords.js';

const DICT_DIR = join(dirname(createRequire(import.meta.url).resolve('nodejieba')), 'submodules', 'cppjieba', 'dict');
/** jieba's full dictionary (350k words): what index builds segment with. */
export const FULL_DICTIONARY = join(DICT_DIR, 'jieba.dict.utf8');
/** jieba's HMM model, loaded with every dictionary. */
export const HMM_MODEL = join(DICT_DIR, 'hmm_model.utf8');

/** The full dictionary's lines, split. */
export interface FullDictionary {
  lines: string[];
  words: string[];
  freqs: Float64Array;
  /** Line numbers of each word (a word may appear on more than one line). */
  byWord: Map<string, number | number[]>;
  /** The first line with the smallest frequency: it fixes jieba's minimum weight. */
  rarest: number;
  /** Every line's frequency, summed. */
  total: number;
}

let full: FullDictionary | undefined;
let retained = false;

/** The full dictionary, read and split on first use in this thread. */
export function fullDictionary(): FullDictionary {
  if (full) return full;
  const lines = readFileSync(FULL_DICTIONARY, 'utf8').split('\n').filter(Boolean);
  const words = new Array<string>(lines.length);
  const freqs = new Float64Array(lines.length);
  const byWord = new Map<string, number | number[]>();
  let rarest = -1;
  let total = 0;
  lines.forEach((line, i) => {
    const space = line.indexOf(' ');
    const end = line.indexOf(' ', space + 1);
    const word = line.slice(0, space);
    const f = Number(line.slice(space + 1, end < 0 ? undefined : end));
    words[i] = word;
    freqs[i] = f;
    total += f;
    if (rarest < 0 || f < freqs[rarest]!) rarest = i;
    const seen = byWord.get(word);
    if (seen === undefined) byWord.set(word, i);
    else if (typeof seen === 'number') byWord.set(word, [seen, i]);
    else seen.push(i);
  });
  full = { lines, words, freqs, byWord, rarest, total };
  return full;
}

/** Whether jieba's full dictionary has the word. */
export function inFullDictionary(word: string): boolean {
  return fullDictionary().byWord.has(word);
}

/**
 * Frees the full dictionary (tens of MB) after a build in a process that goes on answering;
 * a no-op while retained (tests and the writer thread, which use it again and again).
 */
export function releaseFullDictionary(): void {
  if (!retained) full = undefined;
}

/** Keeps the full dictionary for the life of this thread. */
export function retainFullDictionary(): void {
  retained = true;
}

const isSingle = (word: string) => word.length === 1 || (word.length === 2 && [...word].length === 1);

/**
 * The query dictionary: jieba's dictionary cut down to what a query can use: the words the index
 * knows, the question and function words, and the single characters found in any of them.
 * Frequencies are kept, and the removed words' total frequency stays in one unused entry (as does
 * the rarest word), so every kept word keeps its weight. Words the index does not know can no
 * longer compete for a stretch of a question (`金乡党代表` gives 金乡/党代表, not 金/乡党/代表);
 * they would match nothing anyway. Its segmenter (segmenter.ts) is made in a few milliseconds.
 *
 * Known words are counted (an index term and a user word may be the same word), so that adds and
 * removals keep it exactly as a fresh computation over the same words would make it; `text()`
 * writes it in the full dictionary's line order, the same bytes either way.
 */
export class QueryDictionary {
  private readonly known = new Map<string, number>();
  /** For each character, how many known words contain it. */
  private readonly chars = new Map<string, number>();
  private readonly dict = fullDictionary();
  /** The full dictionary's lines that are kept, ascending, and their total frequency. */
  private readonly lines: number[] = [];
  private keptFrequency = 0;
  private dirty = true;

  constructor(known: Iterable<string>) {
    for (const w of [...QUESTION_WORDS, ...FUNCTION_WORDS]) this.add(w);
    for (const w of known) this.add(w);
  }

  /** Counts a known word once more (an index term, a user word). */
  add(word: string): void {
    const n = this.known.get(word) ?? 0;
    if (n > 0) {
      this.known.set(word, n + 1);
      return;
    }
    const was = this.kept(word);
    this.known.set(word, 1);
    this.toggle(word, was);
    for (const c of new Set(word)) {
      const m = this.chars.get(c) ?? 0;
      if (m > 0) {
        this.chars.set(c, m + 1);
        continue;
      }
      const before = this.kept(c);
      this.chars.set(c, 1);
      this.toggle(c, before);
    }
  }

  /** Counts a known word once less. */
  remove(word: string): void {
    const n = this.known.get(word);
    if (n === undefined) throw new Error(`查询词典中没有“${word}”`);
    if (n > 1) {
      this.known.set(word, n - 1);
      return;
    }
    this.known.delete(word);
    this.toggle(word, true);
    for (const c of new Set(word)) {
      const m = this.chars.get(c)!;
      if (m > 1) {
        this.chars.set(c, m - 1);
        continue;
      }
      const before = this.kept(c);
      this.chars.delete(c);
      this.toggle(c, before);
    }
  }

  /** Whether the kept lines changed since the last `text()`. */
  get changed(): boolean {
    return this.dirty;
  }

  private kept(word: string): boolean {
    return this.known.has(word) || (isSingle(word) && this.chars.has(word));
  }

  /** Keeps or drops a word's lines after a change that may have moved it (it was kept: `was`). */
  private toggle(word: string, was: boolean): void {
    const now = this.kept(word);
    if (now === was) return;
    const entry = this.dict.byWord.get(word);
    if (entry === undefined) return;
    for (const line of typeof entry === 'number' ? [entry] : entry) {
      let lo = 0;
      let hi = this.lines.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.lines[mid]! < line) lo = mid + 1;
        else hi = mid;
      }
      if (now) this.lines.splice(lo, 0, line);
      else this.lines.splice(lo, 1);
      this.keptFrequency += now ? this.dict.freqs[line]! : -this.dict.freqs[line]!;
    }
    this.dirty = true;
  }

  /** The dictionary file's text. */
  text(): string {
    const { lines, words, freqs, rarest, total } = this.dict;
    const out = this.lines.map((i) => lines[i]!);
    let removed = total - this.keptFrequency;
    if (!this.kept(words[rarest]!)) {
      out.push(lines[rarest]!);
      removed -= freqs[rarest]!;
    }
    out.push(`〇〇〇〇〇〇〇〇 ${Math.max(1, removed)} x`);
    this.dirty = false;
    return out.join('\n') + '\n';
  }
}

/** The query dictionary for a set of known words (see QueryDictionary). */
export function prunedDictionary(known: Iterable<string>): string {
  return new QueryDictionary(known).text();
}

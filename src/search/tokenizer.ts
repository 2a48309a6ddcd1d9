import jieba from 'nodejieba';
import { isIndexStopword, isQueryStopword } from './stopwords.js';

/** Bumped whenever tokenisation changes, so that old snapshots are rebuilt. */
export const TOKENIZER_VERSION = 2;

const WORD = /[\p{Script=Han}\p{L}\p{N}]/u;
const HAN = /^\p{Script=Han}+$/u;

const inserted = new Set<string>();

/**
 * Adds words to jieba's dictionary (county and town names, quoted coinages such as 红帆驿站),
 * so they come out whole. jieba's dictionary is process-wide; adding a word twice is a no-op.
 */
export function addUserWords(words: Iterable<string>): void {
  for (const w of words) {
    if (inserted.has(w) || w.length < 2) continue;
    jieba.insertWord(w);
    inserted.add(w);
  }
}

/** jieba words (HMM on, so `1200` and unknown words stay whole), lowercased, words only. */
export function cutWords(text: string): string[] {
  const out: string[] = [];
  for (const t of jieba.cut(text, true)) {
    if (WORD.test(t)) out.push(t.toLowerCase());
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

/**
 * Index terms of a text: every word, plus the bigrams of long Han words, so that a short query
 * (`调解`, `蒜都`) matches inside a longer word (`第一书记调解室`, `霞满蒜都`). A bigram is emitted
 * once per text: it is a fallback match, and repeating it would only inflate the posting lists.
 */
export function indexTerms(text: string): string[] {
  const out: string[] = [];
  const subwords = new Set<string>();
  for (const w of cutWords(text)) {
    if (isIndexStopword(w)) continue;
    out.push(w);
    if (w.length >= 3) for (const b of bigrams(w)) subwords.add(b);
  }
  for (const b of subwords) out.push(b);
  return out;
}

/** Query words with question words and function words removed, in order, unique. */
export function queryWords(text: string): string[] {
  return [...new Set(cutWords(text).filter((w) => !isQueryStopword(w)))];
}

/**
 * MiniSearch keeps terms in a radix tree whose nodes look children up one by one; Chinese terms
 * give nodes thousands of children. Spelling each non-ASCII term in hex code units (a 16-letter
 * alphabet) keeps nodes small and makes building and loading several times faster.
 */
export function encodeTerm(term: string): string {
  let out = encoded.get(term);
  if (out !== undefined) return out;
  if (/^[\x00-\x7f]*$/.test(term)) out = term;
  else {
    out = '~';
    for (let i = 0; i < term.length; i++) out += term.charCodeAt(i).toString(16).padStart(4, '0');
  }
  if (encoded.size < 1_000_000) encoded.set(term, out);
  return out;
}

/** Encodings are looked up far more often than new terms appear. */
const encoded = new Map<string, string>();

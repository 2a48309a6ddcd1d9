/**
 * jieba's segmenter, as nodejieba runs it (cppjieba's MixSegment: the most probable path over the
 * dictionary's words, then the HMM over runs of characters left single), in JavaScript, for the
 * query dictionary. The query dictionary is small (a few thousand words, see QueryDictionary), so
 * a Segmenter is made from its text in a few milliseconds and lives with the casebook that answers
 * with it: an add that changes the dictionary makes a new one between two questions, where jieba
 * would have to load it again (its HMM model three times over, about 0.1 s of a core) in a thread
 * of its own. Questions are segmented in the answering thread with no round trip to another one.
 *
 * It follows cppjieba's code step by step (DictTrie, MPSegment, HMMSegment, MixSegment, PosTagger)
 * so that it cuts and tags as nodejieba does with the same dictionary and user words; a test
 * compares the two over pages and questions. One difference cannot be ruled out: the weights are
 * logarithms, and V8's Math.log can differ from the C library's log in the last bit (35 of the
 * 5,202 weights of the 10k bench's query dictionary do); a cut could differ only where two paths
 * weigh the same to the last bit, and a check of 400k strings built from overlapping words found
 * none. Builds still segment articles with nodejieba and the full dictionary (350k words), which
 * this does not replace.
 */
import { readFileSync } from 'node:fs';
import { HMM_MODEL } from './jiebaDictionary.js';
import { allSteps } from './steps.js';

/** Words put in the table per step of `JiebaTable.readInSteps`. */
const STEP = 1024;
/** cppjieba's MIN_DOUBLE: the weight of what cannot happen. */
const MIN_DOUBLE = -3.14e100;
/** cppjieba's MAX_WORD_LENGTH, in characters. */
const MAX_WORD_LENGTH = 512;
/** cppjieba's separators (space, tab, newline, ，and 。): each one is a range of its own. */
const SEPARATORS = new Set([0x20, 0x09, 0x0a, 0xff0c, 0x3002]);
/** The HMM's states, in the model's order: a word's Begin, End, Middle, or a Single. */
const STATES = 4;
const E = 1;
const S = 3;

/** A dictionary word's weight (log of its share of the total frequency) and tag. */
interface Unit {
  weight: number;
  tag: string;
}

/** jieba's HMM: start and transition log probabilities, and each state's emission ones by code point. */
interface HmmModel {
  start: Float64Array;
  /** [from * STATES + to] */
  trans: Float64Array;
  emit: Map<number, number>[];
}

let hmm: HmmModel | undefined;

/** jieba's HMM model, read once per thread (as cppjieba's HMMModel reads it). */
function hmmModel(): HmmModel {
  if (hmm) return hmm;
  const lines = readFileSync(HMM_MODEL, 'utf8')
    .split('\n')
    .map((l) => l.replace(/^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g, '')) // limonp's Trim: ASCII spaces only
    .filter((l) => l !== '' && !l.startsWith('#'));
  const numbers = (line: string) => line.split(' ').map(Number);
  const start = Float64Array.from(numbers(lines[0]!));
  const trans = Float64Array.from(lines.slice(1, 1 + STATES).flatMap(numbers));
  const emit = lines.slice(1 + STATES, 1 + 2 * STATES).map((line) => {
    const map = new Map<number, number>();
    for (const pair of line.split(',')) {
      const colon = pair.lastIndexOf(':');
      map.set(pair.slice(0, colon).codePointAt(0)!, Number(pair.slice(colon + 1)));
    }
    return map;
  });
  if (start.length !== STATES || trans.length !== STATES * STATES || emit.length !== STATES)
    throw new Error('jieba 的 HMM 模型文件不完整');
  hmm = { start, trans, emit };
  return hmm;
}

/** A text as code points, with each one's UTF-16 offset (and the end's). */
interface Runes {
  text: string;
  cps: number[];
  offsets: number[];
}

function runesOf(text: string): Runes {
  const cps: number[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    cps.push(cp);
    offsets.push(i);
    i += cp > 0xffff ? 2 : 1;
  }
  offsets.push(text.length);
  return { text, cps, offsets };
}

/** How many code points a string has. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) n--;
    }
  }
  return n;
}

/** Words found, as [start, end) ranges of code points. */
type Ranges = number[];

/**
 * A dictionary file and its user dictionary as cppjieba's DictTrie holds them once loaded, before
 * any word is inserted: each word's weight and tag, and the weights that words inserted later get.
 * It depends on the files alone, so the segmenters of every user-word list over the same file
 * share one.
 */
export class JiebaTable {
  /** The longest word (in characters) starting with each character. */
  readonly longest: Map<number, number>;
  /** Single characters of the user dictionary file: the HMM leaves them alone. */
  readonly userSingles = new Set<number>();
  /** The weight of a character the dictionary lacks, and of a word inserted later (the median). */
  minWeight = MIN_DOUBLE;
  median = MIN_DOUBLE;
  /** What `derive` needs: the dictionary's lines, their total frequency, their weights in order. */
  private lines = new Set<string>();
  private sum = 0;
  private sorted: Float64Array = new Float64Array(0);
  /** Whether a word is on two lines of the dictionary (the later one counts: order matters). */
  private repeats = false;
  private userDict = '';
  private readonly userWords = new Set<string>();

  private constructor(
    readonly units = new Map<string, Unit>(),
    longest = new Map<number, number>(),
  ) {
    this.longest = longest;
  }

  /**
   * Reads `dictionary`, the text of a jieba dictionary file (`word freq tag` lines), and
   * `userDict`, the text of the user dictionary file loaded with it, in steps of `STEP` words.
   */
  static *readInSteps(dictionary: string, userDict: string): Generator<void, JiebaTable> {
    const t = new JiebaTable();
    // DictTrie::LoadDict, CalcFreqSum, CalculateWeight and SetStaticWordWeights.
    const lines = dictionary.split('\n').filter((l) => l !== '');
    const words: string[] = [];
    const freqs: number[] = [];
    const tags: string[] = [];
    let sum = 0;
    for (let i = 0; i < lines.length; i++) {
      const cols = lines[i]!.split(' ');
      if (cols.length !== 3) throw new Error(`jieba 词典行格式不对：${lines[i]}`);
      words.push(cols[0]!);
      freqs.push(Number(cols[1]));
      tags.push(cols[2]!);
      sum += freqs[i]!;
      if (i % STEP === STEP - 1) yield;
    }
    if (words.length === 0) throw new Error('jieba 词典是空的');
    yield;
    const weights = new Float64Array(freqs.map((f) => Math.log(f / sum)));
    const sorted = weights.slice().sort();
    t.minWeight = sorted[0]!;
    t.median = sorted[sorted.length >> 1]!;
    yield;
    // Later lines take a word over, as they do in the trie.
    for (let i = 0; i < words.length; i++) {
      if (t.units.has(words[i]!)) t.repeats = true;
      t.insert(words[i]!, weights[i]!, tags[i]!);
      if (i % STEP === STEP - 1) yield;
    }
    t.lines = new Set(lines);
    t.sum = sum;
    t.sorted = sorted;
    t.insertUserDict(userDict);
    return t;
  }

  /** DictTrie::LoadUserDict: a word, a word and tag, or a word, frequency and tag. */
  private insertUserDict(userDict: string): void {
    this.userDict = userDict;
    for (const line of userDict.split('\n')) {
      // limonp's Split drops a trailing empty field; the frequency is read with atoi.
      const cols = line.split(' ');
      if (cols.length > 1 && cols[cols.length - 1] === '') cols.pop();
      if (line === '' || cols.length > 3) continue;
      const weight = cols.length === 3 ? Math.log((parseInt(cols[1]!, 10) || 0) / this.sum) : this.median;
      this.insert(cols[0]!, weight, cols.length === 1 ? '' : cols[cols.length - 1]!);
      this.userWords.add(cols[0]!);
      if (codePoints(cols[0]!) === 1) this.userSingles.add(cols[0]!.codePointAt(0)!);
    }
  }

  /**
   * The table of `dictionary` made from `from`, the table of another version of the same query
   * dictionary (before an add) with the same user dictionary: only the lines that differ are read,
   * so an add costs its own lines, not all 5–7 thousand. A query dictionary keeps its total
   * frequency (jiebaDictionary.ts), so every other word keeps its weight; the median and the
   * least weight are taken from the weights kept in order. Undefined where that could differ from
   * reading it whole: a total that changed (every weight would), a word on two lines or in the
   * user dictionary, a line that is not `word freq tag`.
   */
  static derive(from: JiebaTable, dictionary: string): JiebaTable | undefined {
    return allSteps(JiebaTable.deriveInSteps(from, dictionary));
  }

  /** `derive` in steps of about a millisecond. */
  static *deriveInSteps(from: JiebaTable, dictionary: string): Generator<void, JiebaTable | undefined> {
    if (from.repeats) return undefined;
    const lines = dictionary.split('\n').filter((l) => l !== '');
    yield;
    const now = new Set(lines);
    if (lines.length === 0 || now.size !== lines.length) return undefined;
    yield;
    type Line = { word: string; freq: number; tag: string; weight: number };
    const read = (line: string): Line | undefined => {
      const cols = line.split(' ');
      const freq = Number(cols[1]);
      if (cols.length !== 3 || Number.isNaN(freq) || from.userWords.has(cols[0]!)) return undefined;
      return { word: cols[0]!, freq, tag: cols[2]!, weight: Math.log(freq / from.sum) };
    };
    const removed: Line[] = [];
    for (const line of from.lines) {
      if (now.has(line)) continue;
      const r = read(line);
      if (!r) return undefined;
      removed.push(r);
    }
    const added: Line[] = [];
    for (const line of lines) {
      if (from.lines.has(line)) continue;
      const r = read(line);
      if (!r) return undefined;
      added.push(r);
    }
    let sum = from.sum;
    for (const r of removed) sum -= r.freq;
    for (const r of added) sum += r.freq;
    if (sum !== from.sum) return undefined;
    const gone = new Set(removed.map((r) => r.word));
    const come = new Set(added.map((r) => r.word));
    if (come.size !== added.length || added.some((r) => from.units.has(r.word) && !gone.has(r.word))) return undefined;
    yield;
    const sorted = mergeSorted(
      from.sorted,
      Float64Array.from(removed.map((r) => r.weight)).sort(),
      Float64Array.from(added.map((r) => r.weight)).sort(),
    );
    if (!sorted) return undefined;
    yield;
    const t = new JiebaTable(new Map(from.units), new Map(from.longest));
    t.lines = now;
    t.sum = sum;
    t.sorted = sorted;
    t.minWeight = sorted[0]!;
    t.median = sorted[sorted.length >> 1]!;
    for (const r of removed) t.units.delete(r.word);
    for (const r of added) t.insert(r.word, r.weight, r.tag);
    // A word that left may have been its first character's longest.
    const firsts = new Set([...gone].filter((w) => !come.has(w)).map((w) => w.codePointAt(0)!));
    if (firsts.size > 0) {
      for (const c of firsts) t.longest.delete(c);
      for (const word of t.units.keys()) if (firsts.has(word.codePointAt(0)!)) t.reach(word);
    }
    t.insertUserDict(from.userDict);
    return t;
  }

  /** `readInSteps` at once. */
  static read(dictionary: string, userDict: string): JiebaTable {
    return allSteps(JiebaTable.readInSteps(dictionary, userDict));
  }

  private insert(word: string, weight: number, tag: string): void {
    if (word === '') return;
    this.units.set(word, { weight, tag });
    this.reach(word);
  }

  /** Makes `longest` of the word's first character reach the word's length. */
  private reach(word: string): void {
    const first = word.codePointAt(0)!;
    const length = Math.min(MAX_WORD_LENGTH, codePoints(word));
    if ((this.longest.get(first) ?? 0) < length) this.longest.set(first, length);
  }
}

/**
 * `from` (ascending) without the values of `drop` and with those of `put` (both ascending), still
 * ascending; undefined if a value of `drop` is not in `from`.
 */
function mergeSorted(from: Float64Array, drop: Float64Array, put: Float64Array): Float64Array | undefined {
  const out = new Float64Array(from.length - drop.length + put.length);
  let i = 0;
  let j = 0;
  let k = 0;
  let o = 0;
  while (i < from.length || k < put.length) {
    if (i < from.length && j < drop.length && from[i] === drop[j]) {
      i++;
      j++;
    } else if (k < put.length && (i >= from.length || put[k]! < from[i]!)) out[o++] = put[k++]!;
    else if (i < from.length) out[o++] = from[i++]!;
  }
  return j === drop.length && o === out.length ? out : undefined;
}

/** Words inserted with nodejieba's `insertWord`: the table's median weight, tag `x`. */
const INSERTED_TAG = 'x';

/**
 * jieba's cut and tag over a table (a dictionary file and user dictionary) and the words
 * inserted after it was loaded, kept sorted and looked up by binary search rather than put into a
 * map: a change to the user words (an add) makes a new segmenter at no cost beyond the list.
 */
export class Segmenter {
  private readonly table: JiebaTable;
  /** Inserted words, sorted (code unit order), searched by prefix as a trie would be walked. */
  private readonly inserted: readonly string[];
  private readonly hmm = hmmModel();

  /** `inserted`: words added after the table was loaded, as nodejieba's `insertWord` adds them. */
  constructor(table: JiebaTable, inserted: readonly string[]) {
    this.table = table;
    // Words reach jieba in UTF-8, lone surrogates as U+FFFD, as text does (see `cut`).
    const words = inserted.some(hasSurrogate) ? inserted.map(wellFormed) : inserted;
    this.inserted = isSorted(words) ? words : [...words].sort();
  }

  /** The segmenter of a dictionary file's text, its user dictionary's and words inserted after. */
  static make(dictionary: string, userDict: string, inserted: readonly string[]): Segmenter {
    return new Segmenter(JiebaTable.read(dictionary, userDict), inserted);
  }

  /** A word's weight and tag, or undefined when it is no word (inserted words first, as they override). */
  private unit(word: string): Unit | undefined {
    const i = lowerBound(this.inserted, word, 0, this.inserted.length);
    if (this.inserted[i] === word) return { weight: this.table.median, tag: INSERTED_TAG };
    return this.table.units.get(word);
  }

  /** The words of `text`, as nodejieba's `cut(text, hmm)` gives them. */
  cut(text: string, hmm: boolean): string[] {
    const r = runesOf(wellFormed(text));
    const ranges: Ranges = [];
    // PreFilter: a separator is a range of its own.
    let begin = 0;
    for (let i = 0; i <= r.cps.length; i++) {
      if (i < r.cps.length && !SEPARATORS.has(r.cps[i]!)) continue;
      if (begin < i) this.cutRange(r, begin, i, hmm, ranges);
      if (i < r.cps.length) this.cutRange(r, i, i + 1, hmm, ranges);
      begin = i + 1;
    }
    const out: string[] = [];
    for (let k = 0; k < ranges.length; k += 2) out.push(r.text.slice(r.offsets[ranges[k]!], r.offsets[ranges[k + 1]!]));
    return out;
  }

  /** nodejieba's `tag(text)`: the words (HMM on) and their tags. */
  tag(text: string): { word: string; tag: string }[] {
    return this.cut(text, true).map((word) => {
      const unit = this.unit(word);
      return { word, tag: unit && unit.tag !== '' ? unit.tag : specialTag(word) };
    });
  }

  /** MixSegment::Cut over one range. */
  private cutRange(r: Runes, begin: number, end: number, hmm: boolean, out: Ranges): void {
    const words = this.mostProbable(r, begin, end);
    if (!hmm) {
      for (const at of words) out.push(at);
      return;
    }
    for (let k = 0; k < words.length; k += 2) {
      const start = words[k]!;
      if (words[k + 1]! - start > 1 || this.table.userSingles.has(r.cps[start]!)) {
        out.push(start, words[k + 1]!);
        continue;
      }
      // A run of single characters (not the user dictionary's) goes to the HMM.
      let j = k;
      while (j < words.length && words[j + 1]! - words[j]! === 1 && !this.table.userSingles.has(r.cps[words[j]!]!))
        j += 2;
      this.hmmCut(r.cps, start, words[j - 2]! + 1, out);
      k = j - 2;
    }
  }

  /** MPSegment::Cut: the most probable path through the words found (DictTrie::Find, CalcDP, CutByDag). */
  private mostProbable(r: Runes, begin: number, end: number): Ranges {
    const n = end - begin;
    const best = new Float64Array(n);
    const length = new Int32Array(n);
    const { units, longest, minWeight, median } = this.table;
    const inserted = this.inserted;
    for (let i = n - 1; i >= 0; i--) {
      const at = begin + i;
      let weight = MIN_DOUBLE;
      let chosen = 1;
      const most = Math.min(n - i, MAX_WORD_LENGTH);
      const inTable = longest.get(r.cps[at]!) ?? 1;
      // The inserted words starting with the stretch so far: [lo, hi).
      let lo = 0;
      let hi = inserted.length;
      for (let len = 1; len <= most && (len <= inTable || lo < hi); len++) {
        const word = r.text.slice(r.offsets[at], r.offsets[at + len]);
        let unitWeight: number | undefined;
        if (lo < hi) {
          lo = lowerBound(inserted, word, lo, hi);
          hi = prefixEnd(inserted, word, lo, hi);
          if (lo < hi && inserted[lo] === word) unitWeight = median;
        }
        if (unitWeight === undefined && len <= inTable) unitWeight = units.get(word)?.weight;
        // The single character is always a way on, a word or not; a longer stretch only if a word.
        if (unitWeight === undefined && len > 1) continue;
        let val = 0.0;
        if (i + len < n) val += best[i + len]!;
        val += unitWeight ?? minWeight;
        if (val > weight) {
          weight = val;
          chosen = len;
        }
      }
      best[i] = weight;
      length[i] = chosen;
    }
    const out: Ranges = [];
    for (let i = 0; i < n; i += length[i]!) out.push(begin + i, begin + i + length[i]!);
    return out;
  }

  /** HMMSegment::Cut: ASCII letters (with digits) and numbers whole, the rest by the HMM. */
  private hmmCut(cps: number[], begin: number, end: number, out: Ranges): void {
    let left = begin;
    let right = begin;
    while (right !== end) {
      if (cps[right]! < 0x80) {
        if (left !== right) this.viterbi(cps, left, right, out);
        left = right;
        right = letters(cps, left, end);
        if (right === left) right = numbers(cps, left, end);
        if (right === left) right = left + 1;
        out.push(left, right);
        left = right;
      } else right++;
    }
    if (left !== right) this.viterbi(cps, left, right, out);
  }

  /** HMMSegment::InternalCut: the most probable B/E/M/S states, a word ending at each E or S. */
  private viterbi(cps: number[], begin: number, end: number, out: Ranges): void {
    const { start, trans, emit } = this.hmm;
    const X = end - begin;
    const weight = new Float64Array(X * STATES);
    const path = new Int32Array(X * STATES);
    for (let y = 0; y < STATES; y++) {
      weight[y * X] = start[y]! + (emit[y]!.get(cps[begin]!) ?? MIN_DOUBLE);
      path[y * X] = -1;
    }
    for (let x = 1; x < X; x++) {
      for (let y = 0; y < STATES; y++) {
        const now = x + y * X;
        weight[now] = MIN_DOUBLE;
        path[now] = E;
        const emitProb = emit[y]!.get(cps[begin + x]!) ?? MIN_DOUBLE;
        for (let preY = 0; preY < STATES; preY++) {
          const tmp = weight[x - 1 + preY * X]! + trans[preY * STATES + y]! + emitProb;
          if (tmp > weight[now]) {
            weight[now] = tmp;
            path[now] = preY;
          }
        }
      }
    }
    let stat = weight[X - 1 + E * X]! >= weight[X - 1 + S * X]! ? E : S;
    const status = new Int32Array(X);
    for (let x = X - 1; x >= 0; x--) {
      status[x] = stat;
      stat = path[x + stat * X]!;
    }
    let left = begin;
    for (let i = 0; i < X; i++) {
      if (status[i]! % 2 === 1) {
        out.push(left, begin + i + 1);
        left = begin + i + 1;
      }
    }
  }
}

const isSorted = (words: readonly string[]) => words.every((w, i) => i === 0 || words[i - 1]! <= w);

/** The first index in [lo, hi) of sorted `words` whose word is not below `word`. */
function lowerBound(words: readonly string[], word: string, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (words[mid]! < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The end of the words starting with `prefix` in [lo, hi) of sorted `words`, where `lo` is the first not below it. */
function prefixEnd(words: readonly string[], prefix: string, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (words[mid]!.startsWith(prefix)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lone surrogates as U+FFFD, as they reach jieba in UTF-8. */
const wellFormed = (text: string) => text.replace(/\p{Surrogate}/gu, '\uFFFD');
const hasSurrogate = (text: string) => /[\uD800-\uDFFF]/.test(text);

const isLetter = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** HMMSegment::SequentialLetterRule: a letter, then letters and digits. */
function letters(cps: number[], begin: number, end: number): number {
  if (!isLetter(cps[begin]!)) return begin;
  let i = begin + 1;
  while (i !== end && (isLetter(cps[i]!) || isDigit(cps[i]!))) i++;
  return i;
}

/** HMMSegment::NumbersRule: a digit, then digits and points. */
function numbers(cps: number[], begin: number, end: number): number {
  if (!isDigit(cps[begin]!)) return begin;
  let i = begin + 1;
  while (i !== end && (isDigit(cps[i]!) || cps[i] === 0x2e)) i++;
  return i;
}

/** PosTagger::SpecialRule: the tag of a word the dictionary has no tag for. */
function specialTag(word: string): string {
  const cps = runesOf(word).cps;
  const half = Math.floor(cps.length / 2);
  let m = 0;
  let eng = 0;
  for (let i = 0; i < cps.length && eng < half; i++) {
    if (cps[i]! < 0x80) {
      eng++;
      if (isDigit(cps[i]!)) m++;
    }
  }
  if (eng === 0) return 'x';
  if (m === eng) return 'm';
  return 'eng';
}

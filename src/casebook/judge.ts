import type { Article } from '../corpus/types.js';
import type { CaseIndex } from '../search/engine.js';
import { bigrams } from '../search/tokenizer.js';
import type { AnswerOptions } from './defaults.js';
import type { Candidate } from './retrieve.js';

/** A candidate with how much of the question it covers. */
export interface Judged extends Candidate {
  /** Share of the question's weight the case covers (0–1). */
  coverage: number;
  /** Whether the case is on point: it covers enough and is not far down the ranking. */
  onPoint: boolean;
}

interface Texts {
  /** Headline, lead and section leads: where a case says what it is about. */
  topic: string;
  body: string;
}

const texts = new WeakMap<Article, Texts>();

function textsOf(a: Article): Texts {
  let t = texts.get(a);
  if (!t) {
    t = { topic: [a.headline, a.lead, ...a.sections].join('\n'), body: a.paragraphs.join('\n') };
    texts.set(a, t);
  }
  return t;
}

function occurrences(text: string, word: string, max = 2): number {
  let n = 0;
  for (let at = text.indexOf(word); at >= 0 && n < max; at = text.indexOf(word, at + word.length)) n++;
  return n;
}

/**
 * Stage 3: does a case answer the question? Judged by coverage, not by rank: each topic word of
 * the question weighs its IDF (a word the index does not know weighs `unknownWord` of the highest
 * IDF, a one-character word `singleChar` of its own), and a case covers a word fully when its
 * headline, lead or section leads hold it or its body uses it twice, `passingMention` when the body
 * mentions it once, and by its known bigrams (at `bigramWeight`) when the word itself is absent.
 * A question about something the casebook lacks (`彩礼`) is then covered poorly by every case,
 * however the cases rank against each other.
 */
export class Judge {
  private readonly weights: [string, number][];
  private readonly total: number;

  constructor(
    words: readonly string[],
    private readonly index: CaseIndex,
    private readonly o: AnswerOptions,
  ) {
    const highest = index.idf('\u0000');
    this.weights = words.map((w) => {
      const known = index.docFreq(w) > 0;
      const base = known ? index.idf(w) : o.unknownWord * highest;
      return [w, [...w].length === 1 ? base * o.singleChar : base];
    });
    this.total = this.weights.reduce((s, [, w]) => s + w, 0);
  }

  /** The question's words with their weights. */
  get words(): readonly [string, number][] {
    return this.weights;
  }

  /** How much of one word a case covers (0–1). */
  covers(article: Article, word: string): number {
    const t = textsOf(article);
    if (t.topic.includes(word)) return 1;
    const n = occurrences(t.body, word);
    if (n >= 2) return 1;
    if (n === 1) return this.o.passingMention;
    if (this.index.docFreq(word) > 0) return 0;
    const parts = bigrams(word);
    if (parts.length === 0) return 0;
    const found = parts.filter((b) => t.topic.includes(b) || t.body.includes(b)).length;
    return (found / parts.length) * this.o.bigramWeight;
  }

  /** Share of the question's weight a case covers. */
  coverage(article: Article): number {
    if (this.total === 0) return 0;
    let got = 0;
    for (const [w, weight] of this.weights) got += weight * this.covers(article, w);
    return got / this.total;
  }

  /** Every candidate judged, in retrieval order. */
  judge(candidates: readonly Candidate[]): Judged[] {
    const top = candidates[0]?.score ?? 0;
    return candidates.map((c) => {
      const coverage = this.coverage(c.article);
      return { ...c, coverage, onPoint: coverage >= this.o.onPoint && c.score >= top * this.o.scoreFloor };
    });
  }
}

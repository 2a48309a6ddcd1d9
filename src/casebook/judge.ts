import type { Article } from '../corpus/types.js';
import type { CaseIndex } from '../search/engine.js';
import { bigrams } from '../search/tokenizer.js';
import type { AnswerOptions } from './defaults.js';
import type { Candidate } from './retrieve.js';

/** A coverage unit: a question word, or a single character joined to its neighbour (`老党员`). */
interface Unit {
  text: string;
  parts: string[];
  weights: number[];
  weight: number;
}

/**
 * Coverage and usage already worked out during one question, by the judge's units and the case:
 * a question judges its first candidates again when it widens, with the same words.
 */
export type JudgeMemo = Map<string, Map<Article, { coverage: number; usage: number }>>;

/** A candidate with how much of the question it covers. */
export interface Judged extends Candidate {
  /** Share of the question's weight the case covers (0–1). */
  coverage: number;
  /** Whether the case is on point: it covers enough of the question. */
  onPoint: boolean;
}

interface Texts {
  /** Headline, lead and section leads: where a case says what it is about. */
  topic: string;
  /** The paragraphs joined by line breaks. */
  body: string;
  /** Where each paragraph starts in `body`. */
  starts: number[];
  headline: string;
  lead: string;
  sections: string;
}

const texts = new WeakMap<Article, Texts>();

function textsOf(a: Article): Texts {
  let t = texts.get(a);
  if (!t) {
    const starts: number[] = [];
    let at = 0;
    for (const p of a.paragraphs) {
      starts.push(at);
      at += p.length + 1;
    }
    t = {
      topic: [a.headline, a.lead, ...a.sections].join('\n'),
      body: a.paragraphs.join('\n'),
      starts,
      headline: a.headline,
      lead: a.lead,
      sections: a.sections.join('\n'),
    };
    texts.set(a, t);
  }
  return t;
}

/**
 * Which passages (the headline and one paragraph) of a case hold a word: every one when the
 * headline does, else those whose paragraph does (a flag per paragraph), or none.
 */
type Passages = true | Uint8Array | undefined;

/**
 * A word's passages, found in one scan of the body rather than a search of each paragraph: a
 * word holds no line break, so each place it is found lies within one paragraph.
 */
function passagesWith(t: Texts, word: string): Passages {
  if (word === '' || t.headline.includes(word)) return true;
  let flags: Uint8Array | undefined;
  let k = 0;
  for (let at = t.body.indexOf(word); at >= 0; at = t.body.indexOf(word, at + word.length)) {
    while (k + 1 < t.starts.length && t.starts[k + 1]! <= at) k++;
    (flags ??= new Uint8Array(t.starts.length))[k] = 1;
  }
  return flags;
}

const inPassage = (passages: Passages, k: number) => passages === true || passages?.[k] === 1;

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
 * mentions it once, and by its bigrams (at `bigramWeight`) when a long word itself is absent.
 * A question about something the casebook lacks (`彩礼`) is then covered poorly by every case,
 * however the cases rank against each other.
 */
export class Judge {
  /** Coverage units: the question's words, a single character joined to its neighbour (`老党员`). */
  private readonly units: Unit[];
  private readonly total: number;
  /** This judge's part of the question's memo: judges with equal units judge a case alike. */
  private readonly measured: Map<Article, { coverage: number; usage: number }> | undefined;

  /**
   * `articles`: the cases being judged; a single character joins its neighbour as a phrase only
   * when one of them uses the phrase (`老党员`, not `建驿站`).
   */
  constructor(
    words: readonly string[],
    private readonly index: CaseIndex,
    private readonly o: AnswerOptions,
    articles: readonly Article[] = [],
    memo?: JudgeMemo,
  ) {
    const highest = index.idf('\u0000');
    const weight = (w: string) => {
      const base = Math.pow(index.docFreq(w) > 0 ? index.idf(w) : o.unknownWord * highest, o.idfPower);
      return [...w].length === 1 ? base * o.singleChar : base;
    };
    // jieba splits `老党员` into 老 + 党员; the phrase is what the question is about.
    const units: Unit[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const next = words[i + 1];
      const used = (p: string) => articles.some((a) => textsOf(a).topic.includes(p) || textsOf(a).body.includes(p));
      if ([...w].length === 1 && next && [...next].length > 1 && used(w + next)) {
        units.push({
          text: w + next,
          parts: [w, next],
          weights: [weight(w), weight(next)],
          weight: weight(w) + weight(next),
        });
        i++;
      } else units.push({ text: w, parts: [w], weights: [weight(w)], weight: weight(w) });
    }
    this.units = units;
    this.total = units.reduce((s, u) => s + u.weight, 0);
    if (memo) {
      const key = JSON.stringify(units.map((u) => [u.text, u.parts, u.weights]));
      this.measured = memo.get(key);
      if (!this.measured) memo.set(key, (this.measured = new Map<Article, { coverage: number; usage: number }>()));
    }
  }

  /** The question's coverage units with their weights. */
  get words(): readonly [string, number][] {
    return this.units.map((u) => [u.text, u.weight]);
  }

  /** A word's bigrams, worked out once per judge (they are asked for per case and paragraph). */
  private bigramsOf(word: string): string[] {
    let parts = this.bigramCache.get(word);
    if (!parts) this.bigramCache.set(word, (parts = bigrams(word)));
    return parts;
  }

  private readonly bigramCache = new Map<string, string[]>();

  /** How much of one word a case covers (0–1). */
  covers(article: Article, word: string): number {
    const t = textsOf(article);
    if (t.topic.includes(word)) return 1;
    const n = occurrences(t.body, word);
    if (n >= 2) return 1;
    if (n === 1) return this.o.passingMention;
    // A long word the case does not use whole may still be there in parts (`网格化` → 网格).
    const parts = this.bigramsOf(word);
    if (parts.length === 0) return 0;
    const found = parts.filter((b) => t.topic.includes(b) || t.body.includes(b)).length;
    return (found / parts.length) * this.o.bigramWeight;
  }

  /** How much of a unit a case covers: the phrase, else its parts (by weight) at `phraseParts`. */
  private coversUnit(article: Article, unit: { text: string; parts: string[]; weights: number[] }): number {
    const whole = this.covers(article, unit.text);
    if (unit.parts.length === 1 || whole >= 1) return whole;
    let got = 0;
    unit.parts.forEach((p, i) => (got += unit.weights[i]! * this.covers(article, p)));
    const all = unit.weights.reduce((a, b) => a + b, 0);
    return Math.max(whole, all > 0 ? (got / all) * this.o.phraseParts : 0);
  }

  /**
   * Share of the question's weight a case covers: across the whole case (with passing mentions
   * discounted), mixed with the best single passage (its headline and one paragraph), so that a
   * case whose words are scattered over unrelated paragraphs counts for less than one that
   * discusses what was asked in one place.
   */
  coverage(article: Article): number {
    if (this.total === 0) return 0;
    let whole = 0;
    // A unit the case does not hold at all (its cover is 0) is in none of its passages either:
    // only the units it holds are looked for paragraph by paragraph.
    const held: number[] = [];
    for (let i = 0; i < this.units.length; i++) {
      const cover = this.coversUnit(article, this.units[i]!);
      whole += this.units[i]!.weight * cover;
      if (cover > 0) held.push(i);
    }
    let passage = 0;
    if (held.length > 0) {
      const t = textsOf(article);
      const places = held.map((i) => {
        const u = this.units[i]!;
        const phrase = u.parts.length > 1;
        return {
          unit: u,
          text: passagesWith(t, u.text),
          parts: phrase ? u.parts.map((p) => passagesWith(t, p)) : [],
          grams: phrase ? [] : this.bigramsOf(u.text).map((b) => passagesWith(t, b)),
        };
      });
      for (let k = 0; k < article.paragraphs.length; k++) {
        let got = 0;
        for (const place of places) got += place.unit.weight * this.passageShare(place, k);
        passage = Math.max(passage, got);
      }
    }
    const mix = this.o.passageWeight;
    return ((1 - mix) * whole + mix * passage) / this.total;
  }

  /**
   * How much of a unit passage `k` holds: the unit whole, else its parts (by weight) at
   * `phraseParts`, or a single word's bigrams at `bigramWeight`.
   */
  private passageShare(place: { unit: Unit; text: Passages; parts: Passages[]; grams: Passages[] }, k: number): number {
    if (inPassage(place.text, k)) return 1;
    const { unit } = place;
    if (unit.parts.length > 1) {
      let got = 0;
      let all = 0;
      for (let i = 0; i < unit.parts.length; i++) {
        if (inPassage(place.parts[i], k)) got += unit.weights[i]!;
        all += unit.weights[i]!;
      }
      return all > 0 ? (got / all) * this.o.phraseParts : 0;
    }
    if (place.grams.length === 0) return 0;
    let found = 0;
    for (const g of place.grams) if (inPassage(g, k)) found++;
    return (found / place.grams.length) * this.o.bigramWeight;
  }

  /**
   * How central the question's topic is to a case (0–1), for deciding which cases a list or a
   * comparison includes: each word counts by where the case uses it (headline 1; section leads,
   * lead and each body mention add their `centrality` shares), a long word the case does not use
   * whole by its best known part (`网格化` → 网格) at `centralPart`. A case that mentions the topic
   * once in passing (`可通过微信小程序查询`) is on the list only when nothing else is.
   */
  centrality(article: Article): number {
    if (this.total === 0) return 0;
    let got = 0;
    for (const u of this.units) got += u.weight * this.centralUnit(article, u);
    return got / this.total;
  }

  /** A long word's known pieces with their weights, once per word. */
  private readonly pieces = new Map<string, { p: string; w: number }[]>();

  private centralUnit(article: Article, unit: { text: string; parts: string[] }): number {
    const whole = this.centralWord(article, unit.text);
    if (whole >= 1) return whole;
    if (unit.parts.length > 1) {
      // A phrase with a two-character word (`小程序`, `老党员`) must be used whole: `操作程序` is no
      // 小程序. A longer word is specific alone (`建` + 党建联盟 → 党建联盟).
      const long = unit.parts.reduce((a, b) => ([...b].length > [...a].length ? b : a));
      return [...long].length >= 3 ? Math.max(whole, this.centralUnit(article, { text: long, parts: [long] })) : whole;
    }
    // `网格化管理`, `党建联盟`: the known words it is made of, each by its weight, at `centralPart`.
    let pieces = this.pieces.get(unit.text);
    if (!pieces) {
      pieces = knownPieces(unit.text, this.index).map((p) => ({ p, w: Math.pow(this.index.idf(p), this.o.idfPower) }));
      this.pieces.set(unit.text, pieces);
    }
    if (pieces.length === 0) return whole;
    let got = 0;
    let all = 0;
    for (const { p, w } of pieces) {
      got += w * this.centralWord(article, p);
      all += w;
    }
    return Math.max(whole, all > 0 ? (got / all) * this.o.centralPart : 0);
  }

  private centralWord(article: Article, word: string): number {
    const t = textsOf(article);
    if (t.headline.includes(word)) return 1;
    const c = this.o.centrality;
    let got = 0;
    if (t.sections.includes(word)) got += c.sections;
    if (t.lead.includes(word)) got += c.lead;
    got += Math.min(occurrences(t.body, word, 10) * c.mention, c.mentions);
    // A paragraph that keeps returning to the word is a section about it (`一张红网…网格…网格员…`).
    if (article.paragraphs.some((p) => occurrences(p, word, c.paragraph) >= c.paragraph)) got += c.sections;
    return Math.min(1, got);
  }

  /**
   * How often a case uses the question's words (each counted up to five times, by weight): breaks
   * ties between cases that cover the question equally. Read from the text, not from the index's
   * scores, so ranking does not depend on which words the index scored.
   */
  private usage(article: Article): number {
    const t = textsOf(article);
    let got = 0;
    for (const u of this.units)
      got += u.weight * (occurrences(t.topic, u.text, 5) * 2 + occurrences(t.body, u.text, 5));
    return got;
  }

  /**
   * Every candidate judged, best first: by coverage, then by how often it uses the question's
   * words, then in retrieval order. Retrieval only finds the candidates: a case that covers the
   * whole question goes before one that repeats a part of it many times.
   */
  judge(candidates: readonly Candidate[]): Judged[] {
    const rows = candidates.map((c, order) => {
      const { coverage, usage } = this.measure(c.article);
      return {
        order,
        usage,
        judged: {
          article: c.article,
          score: c.score,
          matched: c.matched,
          coverage,
          onPoint: coverage >= this.o.onPoint,
        },
      };
    });
    rows.sort((a, b) => b.judged.coverage - a.judged.coverage || b.usage - a.usage || a.order - b.order);
    const judged: Judged[] = rows.map((r) => r.judged);
    if (judged.length > 0 && this.standsOut(judged)) judged[0] = { ...judged[0]!, onPoint: true };
    return judged;
  }

  /** A case's coverage and usage, worked out once per question when the judge has a memo. */
  private measure(article: Article): { coverage: number; usage: number } {
    let m = this.measured?.get(article);
    if (!m) {
      m = { coverage: this.coverage(article), usage: this.usage(article) };
      this.measured?.set(article, m);
    }
    return m;
  }

  /**
   * A long question (`standOut.words` units or more: several clauses, specific sub-aspects) is
   * seldom covered whole by any case, though one case may clearly be about its core: the best case
   * is then on point when it covers at least `standOut.floor` and `standOut.ratio` times what the
   * runner-up covers, and the question's words are what it is about: its `centrality` (headline,
   * lead, section leads, repeated mentions) reaches `standOut.central`. A question on something
   * the casebook lacks, padded with generic words (`基层`, `党员`, `数据`), is covered about equally
   * by many cases, or by one that only mentions its words here and there, so none stands out.
   */
  private standsOut(sorted: readonly { article: Article; coverage: number }[]): boolean {
    const s = this.o.standOut;
    const [best, next] = sorted;
    if (!best || best.coverage >= this.o.onPoint || this.units.length < s.words) return false;
    if (best.coverage < s.floor || best.coverage < s.ratio * (next?.coverage ?? 0)) return false;
    return this.centrality(best.article) >= s.central;
  }
}

/** The fewest known words of two or more characters a word is made of (single characters left out). */
export function knownPieces(word: string, index: CaseIndex): string[] {
  const chars = [...word];
  const best: (string[] | undefined)[] = [[]];
  // Fewest pieces, then the more common ones (`网格`+化 before 网+`格化`: the index also holds bigrams).
  const score = (xs: string[]) => {
    const long = xs.filter((x) => [...x].length > 1);
    const df = long.reduce((s, x) => s + index.docFreq(x), 0);
    return long.length * 10 - xs.length + df / (df + index.size);
  };
  for (let end = 1; end <= chars.length; end++) {
    for (let start = 0; start < end; start++) {
      const prev = best[start];
      if (!prev || (start === 0 && end === chars.length)) continue;
      const piece = chars.slice(start, end).join('');
      if (end - start > 1 && index.docFreq(piece) === 0) continue;
      const next = [...prev, piece];
      const current = best[end];
      if (!current || score(next) > score(current)) best[end] = next;
    }
  }
  return (best[chars.length] ?? []).filter((p) => [...p].length > 1);
}

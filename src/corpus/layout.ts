/**
 * Reading one article's layout: where the body ends, which lines after it are the headline and
 * which are photo captions.
 *
 * The page prints the body first, then the headline (a kicker, a title of one or two lines, a
 * deck), with captions and furniture anywhere around it. Every possible reading is scored on
 * several signals, and the likeliest wins:
 * - position: the body ends on a closed sentence; what follows it is the headline and captions,
 *   each caption's text standing right before its credit;
 * - the kicker above: a short line naming a place (`经开区马集镇`) is a kicker, not a headline on
 *   its own, and not the body's last line;
 * - line measure: caption lines share their own measure; a headline line is not a wrapped body
 *   line; a line set like the body's column after a closed sentence is body;
 * - punctuation: headlines carry no `。；` and rarely a comma; a title deck may end in `！` or `？`
 *   (`小山村如何走上共富路？`), which alone does not make it body text;
 * - what follows: a headline directly followed by a caption, a caption directly followed by a
 *   headline, blank lines only between kicker and title.
 * When the best reading beats the runner-up by less than `doubtMargin`, the article carries a
 * doubt, reported as a warning.
 */
import type { Credit } from './credits.js';
import { findCounties } from './registry.js';
import { endsSentence } from './text.js';

/** Every weight of the layout reading, in score points. */
export const LAYOUT_DEFAULTS = {
  /** Body-end candidates tried, counting back from the segment's end. */
  candidates: 6,
  /** Most headline lines a reading may have (kicker, two title lines, deck, and slack). */
  maxHeadlineLines: 6,
  /** An article with no headline. */
  noHeadline: -10,
  /** Each headline line beyond four. */
  extraHeadlineLine: -3,
  /** A headline line with `。；` inside, or ending in `。，、；`. */
  sentenceInHeadline: -4,
  /** A headline line with a comma inside. */
  commaInHeadline: -1.5,
  /** A headline line after the first that ends with a colon (only kickers do). */
  colonAfterKicker: -2,
  /** A blank line inside the headline other than right after the kicker (a third block). */
  blankInHeadline: -4,
  /** A headline line longer than this many characters. */
  longHeadlineChars: 36,
  longHeadline: -3,
  /** A one-line headline that only names a place (a kicker without its title). */
  placeOnlyHeadline: -4,
  /** A one-line headline this short or shorter. */
  tinyHeadlineChars: 6,
  tinyHeadline: -2,
  /** A kicker above the title. */
  kicker: 1,
  /** A deck (`——…`) as the first headline line. */
  deckFirst: -2,
  /** A headline line opening like a caption (`图为`; after the first line, also a place or `近日`). */
  captionInHeadline: -3,
  /** A credit with no caption text. */
  emptyCaption: -3,
  /** A caption whose first line stands alone above a blank line. */
  loneCaptionOpening: -2,
  /** A caption whose first line has no punctuation while the next opens like a caption: a title line left behind. */
  strandedTitle: -2,
  /** A headline directly followed by caption text, with no blank line between. */
  headlineRunsIntoCaption: -1,
  /** Blank lines inside a caption's text (counted once). */
  blankInCaption: -2,
  /** A caption line off the caption's measure by more than `measureSlack` ems; counted twice at most. */
  offMeasure: -1,
  measureSlack: 1.5,
  /** Caption text with no punctuation and at most 20 characters (a headline's shape). */
  bareCaption: -2,
  /** Caption text shorter than 8 characters. */
  shortCaption: -1.5,
  /** Caption text opening like a caption: a place, `图为`, `近日`. */
  captionOpening: 0.5,
  /** A short line in the body with no closing stop next to blank lines (a kicker or title). */
  orphanInBody: -3,
  /** The body's last line is a lone line ending in `！`/`？` with no other punctuation. */
  deckAsBodyEnd: -2.5,
  /** Each last headline line set at the measure of the caption it runs into. */
  wrappedHeadline: -1,
  /** A reading that beats the runner-up by less than this is reported as a doubt. */
  doubtMargin: 1.5,
};

/** A caption: its text lines (segment line indexes) and its credit. */
export interface CaptionLayout {
  lines: number[];
  credit: Credit;
}

/** One reading of an article segment. */
export interface ArticleLayout {
  /** Last body line, or -1 when there is none. */
  bodyEnd: number;
  /** Body lines that belong to captions set inside the body. */
  bodyCaptions: CaptionLayout[];
  headline: number[];
  captions: CaptionLayout[];
  score: number;
}

export interface LayoutJudgement {
  best: ArticleLayout;
  /** The runner-up, when it reads the headline differently and scores within `doubtMargin`. */
  doubt?: ArticleLayout;
}

/** What the judgement needs to know about a line, worked out once and only when needed. */
interface LineFacts {
  width: number;
  /** `。` or `；` inside: never a headline line. */
  stop: boolean;
  /** Ends in `。，、；` (a wrapped or closed sentence), or holds two commas. */
  sentence: boolean;
  commas: number;
  /** Holds any of `，。、；！？`. */
  punctuated: boolean;
  colonEnd: boolean;
  /** Closes a sentence. */
  closes: boolean;
  /** A lone title line ending in `！`/`？`, no other punctuation. */
  deck: boolean;
}

/** One scored reading, before it is spelt out: body end, the run holding the headline and its length. */
interface Reading {
  b: number;
  /** Index of the run holding the headline (-1: none), and how many of its lines. */
  run: number;
  length: number;
  score: number;
}

/**
 * Reads a segment: `lines` from the body's first line to the next article (furniture blanked),
 * `credits` with line indexes relative to it, `column` the body's width in ems and `widths` the
 * lines' widths in ems, measured the same way.
 */
export function judgeLayout(
  lines: readonly string[],
  credits: readonly Credit[],
  column: number,
  widths: ArrayLike<number>,
  o = LAYOUT_DEFAULTS,
): LayoutJudgement {
  return new Judge(lines, credits, column, widths, o).judge();
}

const CAPTION_OPENING = /^(?:图为|近日|日前|近年来|今年以来|\d{1,2}月\d{1,2}日)/u;
const BODY_PUNCTUATION = /[，。、；：！？]/u;
const SENTENCE_PUNCTUATION = /[，。、；]/u;

class Judge {
  private readonly creditAt: (Credit | undefined)[];
  private readonly facts: (LineFacts | undefined)[];
  private readonly places = new Map<number, boolean>();
  private readonly openings = new Map<number, boolean>();
  private readonly captionScores = new Map<string, number>();
  private readonly runsAt = new Map<number, number[][]>();

  constructor(
    private readonly lines: readonly string[],
    private readonly credits: readonly Credit[],
    private readonly column: number,
    private readonly widths: ArrayLike<number>,
    private readonly o: typeof LAYOUT_DEFAULTS,
  ) {
    this.creditAt = new Array<Credit | undefined>(lines.length).fill(undefined);
    for (const c of credits) for (let i = c.start; i <= c.end; i++) this.creditAt[i] = c;
    this.facts = new Array<LineFacts | undefined>(lines.length);
  }

  judge(): LayoutJudgement {
    const { lines, o } = this;
    const candidates: number[] = [];
    for (let i = lines.length - 1; i >= 0 && candidates.length < o.candidates; i--) {
      if (lines[i] && !this.creditAt[i] && endsSentence(lines[i]!)) candidates.push(i);
    }
    if (candidates.length === 0) candidates.push(-1);
    const plain = this.plainReading(candidates[0]!);
    if (plain) return { best: plain };

    const zoneStart = candidates[candidates.length - 1]!;
    const readings = candidates.flatMap((b) => this.readingsAt(b, zoneStart));
    if (readings.length === 0) readings.push({ b: candidates[0]!, run: -1, length: 0, score: o.noHeadline });
    readings.sort((x, y) => y.score - x.score);
    const best = readings[0]!;
    const bestHeadline = this.headlineText(best);
    const runnerUp = readings.find((r) => this.headlineText(r) !== bestHeadline);
    const doubt = runnerUp && best.score - runnerUp.score < o.doubtMargin ? this.spell(runnerUp) : undefined;
    return { best: this.spell(best), doubt };
  }

  /** Every reading with the body ending on line `b`, scored. */
  private readingsAt(b: number, zoneStart: number): Reading[] {
    const { o } = this;
    const runs = this.runs(b);
    const last = runs.length - 1;
    const after = runs[last]!;
    // After the last credit there is only the headline, or nothing.
    if (after.length > this.headlineRoom(after)) return [];
    const inBody = new Set(this.creditsUpTo(b).flatMap((c) => bodyCaption(this.lines, c).lines));
    const base = this.bodyScore(b, zoneStart, inBody);
    const tailCredits = this.creditsAfter(b);
    // The captions' scores when the headline takes the first `length` lines of run `headlineRun`.
    const captions = (headlineRun: number, length: number) => {
      let s = 0;
      for (let j = 0; j < last; j++) s += this.captionScore(runs[j]!, j === headlineRun ? length : 0, tailCredits[j]!);
      return s;
    };
    if (after.length > 0) {
      return [
        { b, run: last, length: after.length, score: base + this.headlineScore(after) + captions(-1, 0) },
        { b, run: -1, length: 0, score: base + 2 * o.noHeadline + captions(-1, 0) },
      ];
    }
    const readings: Reading[] = [{ b, run: -1, length: 0, score: base + o.noHeadline + captions(-1, 0) }];
    for (let r = 0; r < last; r++) {
      const run = runs[r]!;
      const room = this.headlineRoom(run);
      for (let z = 1; z <= room; z++) {
        readings.push({ b, run: r, length: z, score: base + this.headlineScore(run.slice(0, z)) + captions(r, z) });
      }
    }
    return readings;
  }

  private creditsUpTo(b: number): Credit[] {
    return this.credits.filter((c) => c.start <= b);
  }

  private creditsAfter(b: number): Credit[] {
    return this.credits.filter((c) => c.start > b);
  }

  private headlineLines(r: Reading): number[] {
    return r.run < 0 ? [] : this.runs(r.b)[r.run]!.slice(0, r.length);
  }

  private headlineText(r: Reading): string {
    return this.headlineLines(r)
      .map((i) => this.lines[i])
      .join(' ');
  }

  /** A scored reading spelt out as lines: body end, captions in the body, headline, captions after it. */
  private spell(r: Reading): ArticleLayout {
    const runs = this.runs(r.b);
    const captions = this.creditsAfter(r.b).map((credit, j) => {
      const text = j === r.run ? runs[j]!.slice(r.length) : runs[j]!;
      return { lines: credit.head ? [...text, credit.start] : text, credit };
    });
    const bodyCaptions = this.creditsUpTo(r.b).map((c) => bodyCaption(this.lines, c));
    return { bodyEnd: r.b, bodyCaptions, headline: this.headlineLines(r), captions, score: r.score };
  }

  /**
   * The common case, read without weighing alternatives: the body's last line closes with `。`
   * and what follows is one to four plain lines (no credit, no `，。、；`). With no credit after
   * it, those lines are the headline or nothing; any earlier body end would put the `。` line into
   * the headline. Either loses by far more than the doubt margin.
   */
  private plainReading(b: number): ArticleLayout | undefined {
    const { lines } = this;
    if (b < 0 || !lines[b]!.endsWith('。') || this.credits.some((c) => c.start > b)) return undefined;
    const headline: number[] = [];
    for (let i = b + 1; i < lines.length; i++) {
      const t = lines[i]!;
      if (!t) continue;
      if (headline.length === 4 || SENTENCE_PUNCTUATION.test(t)) return undefined;
      headline.push(i);
    }
    if (headline.length === 0 || (headline.length === 1 && this.placeOnly(headline[0]!))) return undefined;
    const bodyCaptions = this.credits.filter((c) => c.start <= b).map((c) => bodyCaption(lines, c));
    return { bodyEnd: b, bodyCaptions, headline, captions: [], score: this.headlineScore(headline) };
  }

  private fact(i: number): LineFacts {
    return (this.facts[i] ??= lineFacts(this.lines[i]!, this.widths[i]!));
  }

  private placeOnly(i: number): boolean {
    let v = this.places.get(i);
    if (v === undefined) this.places.set(i, (v = placeOnly(this.lines[i]!)));
    return v;
  }

  /** No punctuation, or only a deck's closing `！`/`？`. */
  private titleLike(i: number): boolean {
    const f = this.fact(i);
    return !f.punctuated || f.deck;
  }

  private opensCaption(i: number): boolean {
    let v = this.openings.get(i);
    if (v === undefined) this.openings.set(i, (v = opensCaption(this.lines[i]!)));
    return v;
  }

  /**
   * Runs of text lines after body line `b`, split at the credits that follow it: runs[j] stands
   * before the j-th of those credits; the last run follows the last credit.
   */
  private runs(b: number): number[][] {
    const known = this.runsAt.get(b);
    if (known) return known;
    const runs: number[][] = [[]];
    this.runsAt.set(b, runs);
    for (let i = b + 1; i < this.lines.length; i++) {
      const c = this.creditAt[i];
      if (c) {
        if (i === c.start) runs.push([]);
        continue;
      }
      if (this.lines[i] !== '') runs[runs.length - 1]!.push(i);
    }
    return runs;
  }

  /** How many lines from the start of a run can be headline: no `。；`, at most `maxHeadlineLines`. */
  private headlineRoom(run: readonly number[]): number {
    let z = 0;
    while (z < run.length && z < this.o.maxHeadlineLines && !this.fact(run[z]!).stop) z++;
    return z;
  }

  private headlineScore(h: readonly number[]): number {
    const { o, lines } = this;
    if (h.length === 0) return o.noHeadline;
    let s = 0;
    if (h.length > 4) s += o.extraHeadlineLine * (h.length - 4);
    for (let k = 0; k < h.length; k++) {
      const i = h[k]!;
      const f = this.fact(i);
      const t = lines[i]!;
      if (k > 1 && lines[i - 1] === '') s += o.blankInHeadline;
      if (f.sentence) s += o.sentenceInHeadline;
      else if (f.commas === 1) s += o.commaInHeadline;
      if (k > 0 && f.colonEnd) s += o.colonAfterKicker;
      if (t.length > o.longHeadlineChars) s += o.longHeadline;
      if (t.startsWith('图为') || (k > 0 && this.opensCaption(i))) s += o.captionInHeadline;
      if (k === 0 && t.startsWith('——')) s += o.deckFirst;
    }
    // A headline running straight into a caption; its last lines set at the caption's measure
    // read as the caption's own first lines.
    const after = h[h.length - 1]! + 1;
    if (after < lines.length && lines[after] !== '') {
      s += o.headlineRunsIntoCaption;
      const credit = this.creditAt[after];
      if (!credit || (credit.start === after && credit.head)) {
        const measure = this.fact(after).width;
        for (let k = h.length - 1; k >= 0 && Math.abs(this.fact(h[k]!).width - measure) <= 0.5; k--) {
          s += o.wrappedHeadline;
          if (k > 0 && h[k - 1] !== h[k]! - 1) break;
        }
      }
    }
    const first = lines[h[0]!]!;
    if (h.length === 1) {
      if (this.placeOnly(h[0]!)) s += o.placeOnlyHeadline;
      else if (first.replace(/\s/g, '').length <= o.tinyHeadlineChars) s += o.tinyHeadline;
    } else if (this.placeOnly(h[0]!) || (first.length <= 10 && !this.fact(h[0]!).punctuated)) s += o.kicker;
    return s;
  }

  /** The score of the caption made of `run` from `from` on, plus its credit's own text. */
  private captionScore(run: readonly number[], from: number, credit: Credit): number {
    const key = `${credit.start}:${run[from] ?? -1}`;
    let v = this.captionScores.get(key);
    if (v === undefined) {
      v = this.scoreCaption(from === 0 ? run : run.slice(from), credit);
      this.captionScores.set(key, v);
    }
    return v;
  }

  private scoreCaption(own: readonly number[], credit: Credit): number {
    const { o, lines } = this;
    const head = credit.head;
    let length = head.length;
    let punctuated = /[，。、；！？]/u.test(head);
    for (const i of own) {
      length += lines[i]!.length;
      punctuated ||= this.fact(i).punctuated;
    }
    if (length === 0) return o.emptyCaption;
    let s = 0;
    for (let k = 1; k < own.length; k++) {
      if (lines[own[k]! - 1] === '') {
        s += o.blankInCaption;
        break;
      }
    }
    if (own.length >= 2 && lines[own[0]! + 1] === '') s += o.loneCaptionOpening;
    // The caption's lines share a measure (OCR'd captions are loosely justified, so the median of
    // all but the last line, with slack); the first line may be indented, the last may be short.
    const all = head ? [...own, credit.start] : own;
    if (all.length >= 3) {
      const ws = all.map((i) => this.fact(i).width);
      const inner = ws.slice(0, -1).sort((x, y) => x - y);
      const measure = inner[Math.floor(inner.length / 2)]!;
      let off = 0;
      for (let k = 0; k < all.length - 1; k++) {
        const w = ws[k]!;
        const indented = k === 0 && Math.abs(measure - 2 - w) <= o.measureSlack;
        if (Math.abs(measure - w) > o.measureSlack && !indented) off++;
      }
      if (ws[ws.length - 1]! > measure + o.measureSlack) off++;
      s += o.offMeasure * Math.min(off, 2);
    }
    if (!punctuated && length <= 20) s += o.bareCaption;
    if (length < 8) s += o.shortCaption;
    const opening = own.length ? this.opensCaption(own[0]!) : opensCaption(head);
    if (opening) s += o.captionOpening;
    else {
      // Title lines left at the top of the caption: the caption proper opens below them.
      for (let k = 1; k <= own.length && k <= 4 && this.titleLike(own[k - 1]!); k++) {
        if (k < own.length ? this.opensCaption(own[k]!) : head !== '' && opensCaption(head)) {
          s += o.strandedTitle;
          break;
        }
      }
    }
    return s;
  }

  /**
   * The body reading's own evidence: lines kept in the body between the earliest candidate and
   * `b` that look like a kicker or title (short, no closing stop, blank lines around), and a
   * last line that is a lone `！`/`？` deck.
   */
  private bodyScore(b: number, zoneStart: number, inCaption: ReadonlySet<number>): number {
    const { lines, column, o } = this;
    if (b < 0) return 0;
    let s = 0;
    const blank = (i: number) => i < 0 || lines[i] === '';
    // Blocks (between blank lines) of short lines without punctuation: a kicker or headline.
    let blockStart = -1;
    let titleBlock = true;
    for (let i = Math.max(zoneStart + 1, 0); i <= b + 1; i++) {
      const t = i <= b ? lines[i]! : '';
      if (t === '' || this.creditAt[i] || inCaption.has(i)) {
        if (blockStart >= 0 && titleBlock && blank(blockStart - 1)) s += o.orphanInBody;
        blockStart = -1;
        titleBlock = true;
        continue;
      }
      if (blockStart < 0) blockStart = i;
      // Most body lines carry punctuation: no need to look closer.
      if (!titleBlock || BODY_PUNCTUATION.test(t)) titleBlock = false;
      else {
        const f = this.fact(i);
        if (f.width >= column - 1 || (f.closes && !f.deck)) titleBlock = false;
      }
    }
    const last = this.fact(b);
    if (last.deck && last.width < column - 1) {
      const before = b > 0 ? lines[b - 1]! : '';
      if (before === '' || !/[，。；]/u.test(before)) s += o.deckAsBodyEnd;
    }
    return s;
  }
}

/** Text that opens the way captions do: with a place, `图为`, `近日`, a date. */
function opensCaption(text: string): boolean {
  return CAPTION_OPENING.test(text) || findCounties(text.slice(0, 8))[0]?.index === 0;
}

/** The facts of one line, in one pass over its characters. */
function lineFacts(text: string, width: number): LineFacts {
  let commas = 0;
  let stopInside = false;
  let punctuated = false;
  let otherPunctuation = false;
  const n = text.length;
  for (let k = 0; k < n; k++) {
    const ch = text[k]!;
    switch (ch) {
      case '，':
      case ',':
        commas++;
        punctuated = otherPunctuation = true;
        break;
      case '。':
      case '；':
      case ';':
        if (k < n - 1 || ch !== '。') stopInside = true;
        punctuated = otherPunctuation = true;
        break;
      case '、':
        punctuated = otherPunctuation = true;
        break;
      case '！':
      case '？':
        punctuated = true;
        break;
    }
  }
  const last = n ? text[n - 1]! : '';
  return {
    width,
    stop: stopInside,
    sentence: '。，、；,;'.includes(last) && last !== '' ? true : commas >= 2,
    commas,
    punctuated,
    colonEnd: last === '：' || last === ':',
    closes: n > 0 && endsSentence(text),
    deck: (last === '！' || last === '？' || last === '!' || last === '?') && !otherPunctuation,
  };
}

/**
 * A caption set inside the body: the credit's own text, else the block of lines right before it
 * (across at most one blank line), up to the blank line above it.
 */
function bodyCaption(lines: readonly string[], c: Credit): CaptionLayout {
  const out: number[] = [];
  let i = c.start - 1;
  if (!c.head && i >= 0 && lines[i] === '') i--;
  for (; i >= 0 && lines[i] !== ''; i--) out.unshift(i);
  if (c.head) out.push(c.start);
  return { lines: out, credit: c };
}

const PLACE_ONLY_SLACK = 1;

/** A line that only names places (`经开区马集镇`, `微山县：`). */
function placeOnly(line: string): boolean {
  const bare = line.replace(/[\s：:]/gu, '');
  const named = findCounties(bare).reduce((n, m) => n + m.name.length, 0);
  return named > 0 && named >= bare.length - PLACE_ONLY_SLACK;
}

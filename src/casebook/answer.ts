import type { Article, Figure } from '../corpus/types.js';
import { splitSentences } from '../corpus/text.js';
import {
  CHANGE_WORDS,
  classMeasure,
  dimensionOf,
  halfWidthDigits,
  hasChangeWord,
  hasOutcomeWord,
  QUANTITY_NOUNS,
  type Dimension,
} from '../corpus/vocabulary.js';
import type { CaseIndex } from '../search/engine.js';
import type { FigureAsk } from './analyse.js';
import type { AnswerOptions } from './defaults.js';
import type { Judged } from './judge.js';
import { keyFigures, leadPoint } from './present.js';

/**
 * Stage 4: the answer itself, for the kinds that have one: the figure a quantity question asks
 * for, the counties a list question asks for, the side-by-side blocks of a comparison.
 */

// Kept here for the modules that read them from the answer stage (bot views, topics).
export { leadPoint, summarize } from './present.js';

/** The quoted clause that answers a quantity question, with its source. */
export interface FigureAnswer {
  /** The clause, verbatim, containing the figure. */
  text: string;
  /** The figure itself (`586批次`). */
  figure: string;
  /** The part of the question it answers (`落地资金多少`). */
  asked: string;
  id: string;
  headline: string;
  county: string | null;
}

/** A county whose cases match a list question, with its best case. */
export interface CountyCase {
  county: string;
  id: string;
  headline: string;
}

/** One case in a comparison. */
export interface CompareEntry {
  county: string;
  id: string;
  headline: string;
  /** The approach in one line: the lead's point. */
  approach: string;
  /** The section leads, all of them. */
  sections: string[];
  /** Two or three key figures, each the verbatim clause that holds it. */
  figures: string[];
}

/** An increment (`每月增加5元`), not a level (`售价提高到12元`, `增至`). */
const CHANGE_BEFORE = new RegExp(`(${CHANGE_WORDS.join('|')})了?$`, 'u');
const CHANGE_IN = new RegExp(CHANGE_WORDS.join('|'), 'u');

/** How well a figure's measure word fits what was asked (0 = not at all). */
function unitFit(ask: FigureAsk, f: Figure, o: AnswerOptions, after: string): number {
  const chinese = !/^[近约逾]?\d/.test(f.text);
  const dim = dimensionOf(f.unit);
  // `几大类`, `几个方面`: only a count of the same kind (`6大类`, `三个方面`, `5大方面`), never
  // of people or things.
  if (ask.classOf) {
    if (classMeasure(f.unit) === ask.classOf) return 1;
    if (f.unit === '个' && classMeasure(wordAfter(after)) === ask.classOf) return 1;
    return 0;
  }
  if (ask.measure) {
    if (f.unit === ask.measure) return 1;
    // `多少场` is answered by `680余场次`, `几批` by `9批次`: the same count, by occasion.
    if (f.unit === `${ask.measure}次` || ask.measure === `${f.unit}次`) return o.sameDimension;
    if (!dim || dim !== dimensionOf(ask.measure)) return 0;
    if (dim === 'count') return ask.measure === '个' || f.unit === '个' ? o.genericCount : 0;
    return o.sameDimension;
  }
  if (ask.dimension) return dim === ask.dimension ? 1 : 0;
  return chinese ? 0.5 : 1;
}

/** The class noun right after a figure (`三个方面推进` → 方面), longest known first. */
function wordAfter(text: string): string {
  for (let len = 4; len >= 1; len--) if (classMeasure(text.slice(0, len))) return text.slice(0, len);
  return '';
}

/** The word at a position of a text: the longest the index knows (up to six characters), else one character. */
function wordAt(text: string, at: number, known: (w: string) => boolean): string {
  for (let len = 6; len > 1; len--) {
    const w = text.slice(at, at + len);
    if (w.length === len && known(w)) return w;
  }
  return text.slice(at, at + 1);
}

/** The known word of two or more characters that ends at `at` (longest first), or ''. */
function wordBefore(text: string, at: number, known: (w: string) => boolean): string {
  for (let len = 6; len > 1; len--) {
    const w = text.slice(Math.max(0, at - len), at);
    if (w.length === len && known(w)) return w;
  }
  return '';
}

/** The stretch of a clause between enumeration commas (`、`) that holds the figure. */
function segmentOf(clause: string, figure: string): string {
  const at = clause.indexOf(figure);
  if (at < 0) return clause;
  const from = clause.lastIndexOf('、', at) + 1;
  const to = clause.indexOf('、', at + figure.length);
  return clause.slice(from, to < 0 ? clause.length : to);
}

/** The clause a figure stands in, with a short lead-in when it needs one (`截至目前，…`). */
function answerText(article: Article, f: Figure): string {
  const clauses = halfWidthDigits(article.paragraphs[f.paragraph] ?? '')
    .split(/[，,；;：:。！？!?]/u)
    .map((c) => c.trim());
  const i = clauses.indexOf(f.clause);
  const before = i > 0 ? clauses[i - 1]! : '';
  return before && ([...f.clause].length < 10 || [...before].length <= 6) ? `${before}，${f.clause}` : f.clause;
}

/** Dimensions that measure a thing's size, not a count of its members. */
const PHYSICAL: ReadonlySet<Dimension> = new Set(['area', 'length', 'weight']);

/**
 * The thing a size is asked of: the last word asked before the question word that is neither a
 * quantity noun (`党员活动室面积多少` → 党员活动室) nor a place.
 */
function thingSized(ask: FigureAsk, places: readonly string[]): string | undefined {
  const asked = ask.text.search(/几|多少|多大/u);
  let best: { w: string; at: number } | undefined;
  for (const w of ask.focus) {
    const at = ask.text.indexOf(w);
    if (at < 0 || at >= asked || quantityWord(w) || places.some((p) => p.includes(w))) continue;
    if (!best || at > best.at) best = { w, at };
  }
  return best?.w;
}

/** A word that says how much, not of what: a quantity noun (`建筑面积`), an outcome or change word (`累计`). */
function quantityWord(w: string): boolean {
  return QUANTITY_NOUNS.some(([re]) => re.test(w)) || hasOutcomeWord(w) || hasChangeWord(w);
}

/**
 * The figure that answers one quantity asked, from the best on-point cases, or null when none
 * fits: its measure word must fit the one asked (`unitFit`) and the words asked about must stand
 * around it (`figureFit`: in its clause, else its sentence, else its paragraph). Words that name
 * the case itself (in its headline) or a place say which case, not which figure, and are left out.
 */
export function figureAnswer(
  ask: FigureAsk,
  cases: readonly Judged[],
  places: readonly string[],
  index: CaseIndex,
  o: AnswerOptions,
  taken: Set<string> = new Set(),
): FigureAnswer | null {
  const top = cases[0]?.score ?? 0;
  const highest = index.idf('\u0000');
  const lexicon = (w: string) => index.docFreq(w) > 0;
  const weight = (w: string) => {
    const base = index.docFreq(w) > 0 ? index.idf(w) : o.unknownWord * highest;
    return [...w].length === 1 ? base * o.singleChar : base;
  };
  // The thing whose size is asked (`活动场所有多少平方米`): an area, a length or a weight belongs to
  // the thing measured.
  const thing = PHYSICAL.has(ask.dimension ?? 'count') ? thingSized(ask, places) : undefined;
  let best: { f: Figure; article: Article; score: number } | undefined;
  for (const c of cases.slice(0, o.figureCases)) {
    const rank = top > 0 ? Math.pow(c.score / top, o.rankPower) : 1;
    const text = `${c.article.headline}\n${c.article.paragraphs.join('\n')}`;
    // Words that name the case (in its headline) or a place say which case, not which figure.
    const own = ask.focus.filter((w) => !c.article.headline.includes(w) && !places.some((p) => p.includes(w)));
    const focus = (own.length ? own : ask.focus).map((w) => ({
      w,
      wt: weight(w),
      present: text.includes(w) || (!lexicon(w) && w.length > 1 && [...w].every((ch) => text.includes(ch))),
    }));
    const present = focus.filter((x) => x.present);
    const presentWeight = present.reduce((s, x) => s + x.wt, 0);
    // Words the case never uses cannot place a figure; they only make the fit less sure (words
    // the index does not know at all less so: they may be a question's glue, `点建`).
    const absentWeight = focus
      .filter((x) => !x.present)
      .reduce((s, x) => s + x.wt * (lexicon(x.w) ? 1 : o.singleChar), 0);
    const absent = absentWeight > 0 ? absentWeight / (absentWeight + presentWeight) : 0;
    const sure = 1 - o.absentWords * absent;
    const head = ask.head && text.includes(ask.head) ? ask.head : undefined;
    // The question counts its head noun itself: `几个第一书记`, `多少名网格员`, `多少党员`.
    const countsHead =
      !!head && new RegExp(`(?:几|多少).?${head.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}`, 'u').test(ask.text);
    const sized = countsHead ? undefined : thing;
    const others = present.filter((x) => x.w !== head);
    const othersWeight = others.reduce((s, x) => s + x.wt, 0);
    const sentences = c.article.paragraphs.map((p) => splitSentences(halfWidthDigits(p)));
    for (const f of c.article.figures) {
      if (taken.has(`${c.article.id}|${f.clause}|${f.text}`)) continue;
      const unit = unitFit(ask, f, o, f.clause.slice(f.clause.indexOf(f.text) + f.text.length));
      if (unit === 0) continue;
      const paragraph = sentences[f.paragraph] ?? [];
      const k = Math.max(
        0,
        paragraph.findIndex((s) => s.includes(f.clause)),
      );
      const sentence = paragraph[k] ?? f.clause;
      // Several figures in one clause (`推选单元长2391名、楼长786名`): a word in another item counts
      // less; words in the first item may be shared by all (`推选`).
      const segment = segmentOf(f.clause, f.text);
      const firstSegment = f.clause.split('、')[0]!;
      const place = (w: string): number => {
        if (!text.includes(w)) {
          // An unknown stretch of the question (`代办点建了` → 点建) whose characters all stand
          // near the figure counts at half.
          const chars = [...w];
          return chars.length > 1 && !lexicon(w) ? Math.min(...chars.map((ch) => place(ch))) / 2 : 0;
        }
        if (segment.includes(w) || firstSegment.includes(w)) return 1;
        if (f.clause.includes(w)) return o.inClause;
        if (sentence.includes(w)) return o.inSentence;
        // The sentences before set the topic (`发挥好党校分校作用。…培训9600余人次`), nearest first.
        let best = 0;
        paragraph.forEach((s, j) => {
          if (!s.includes(w)) return;
          best = Math.max(
            best,
            j < k ? Math.max(o.inParagraph, o.inSentence * Math.pow(o.nearDecay, k - j)) : o.inParagraph,
          );
        });
        return best;
      };
      const headPlace = head ? place(head) : 0;
      let located = 0;
      for (const x of others) located += x.wt * place(x.w);
      const rest = othersWeight > 0 ? located / othersWeight : head ? headPlace : 1;
      // The counted word, where the case uses it, weighs `headWeight`; the other words the rest.
      const fit = (head ? o.headWeight * headPlace + (1 - o.headWeight) * rest : rest) * sure;
      if (process.env.FIGDEBUG)
        console.error(
          '   ',
          c.article.headline.slice(0, 8),
          f.text,
          'unit',
          unit,
          'fit',
          fit.toFixed(2),
          'sure',
          sure.toFixed(2),
          'head',
          head,
          headPlace,
          f.clause,
        );
      if (fit < o.figureFit) continue;
      const at = f.clause.indexOf(f.text);
      // Asked to count a noun (`几个第一书记`), a figure whose clause lacks it and which plainly
      // counts a word of its own (`活动场所31个`, `宣讲1180次`) answers another question.
      if (countsHead && head && headPlace < o.inClause && at >= 0) {
        const after = wordAt(f.clause, at + f.text.length, lexicon);
        if (wordBefore(f.clause, at, lexicon) || (after.length > 1 && after !== head)) continue;
      }
      // Asked to measure a thing (`活动场所有多少平方米`), a figure whose clause lacks it and which
      // measures a thing of its own (`硬化村内地面249880.9平方米`) answers another question.
      if (sized && at >= 0 && place(sized) < o.inClause) {
        const named = wordBefore(f.clause, at, lexicon);
        if (named && !ask.focus.includes(named) && !quantityWord(named)) continue;
      }
      const before = f.clause.slice(0, Math.max(0, at));
      let score = rank * unit * fit;
      // `100道题`: the counted noun right after the figure (as a whole word, not `4种题型`).
      if (!ask.measure && head && at >= 0 && wordAt(f.clause, at + f.text.length, lexicon) === head)
        score *= o.headNext;
      if (ask.wantsChange) score *= CHANGE_IN.test(f.clause) ? 1 : o.changePenalty;
      else if (CHANGE_BEFORE.test(before)) score *= o.changePenalty;
      if (!best || score > best.score) best = { f, article: c.article, score };
    }
  }
  if (!best) return null;
  const { f, article } = best;
  taken.add(`${article.id}|${f.clause}|${f.text}`);
  return {
    text: answerText(article, f),
    figure: f.text,
    asked: ask.text,
    id: article.id,
    headline: article.headline,
    county: article.county,
  };
}

/** Every quantity asked, each answered from the cases (one figure is never the answer twice). */
export function figureAnswers(
  asks: readonly FigureAsk[],
  cases: readonly Judged[],
  places: readonly string[],
  index: CaseIndex,
  o: AnswerOptions,
): (FigureAnswer | null)[] {
  const taken = new Set<string>();
  return asks.map((ask) => figureAnswer(ask, cases, places, index, o, taken));
}

/** The counties whose cases are on point, each with its best case, best first. */
export function countySet(cases: readonly Judged[]): CountyCase[] {
  const out = new Map<string, CountyCase>();
  for (const c of cases) {
    const county = c.article.county;
    if (!c.onPoint || !county || out.has(county)) continue;
    out.set(county, { county, id: c.article.id, headline: c.article.headline });
  }
  return [...out.values()];
}

/** One comparison entry for a case. */
export function compareEntry(article: Article, o: AnswerOptions): CompareEntry {
  return {
    county: article.county ?? '',
    id: article.id,
    headline: article.headline,
    approach: leadPoint(article.lead, 80),
    sections: [...article.sections],
    figures: keyFigures(article, o.keyFigures).map((f) => f.clause),
  };
}

/**
 * A comparison: every on-point case, grouped by county (counties in the order of their best case,
 * at most `casesPerCounty` each), and the counties named that have none.
 */
export function comparison(
  cases: readonly Judged[],
  named: readonly string[],
  o: AnswerOptions,
): { entries: CompareEntry[]; missing: string[] } {
  const byCounty = new Map<string, Article[]>();
  for (const c of cases) {
    const county = c.article.county;
    if (!c.onPoint || !county || (named.length > 0 && !named.includes(county))) continue;
    const list = byCounty.get(county) ?? [];
    if (list.length < o.casesPerCounty) list.push(c.article);
    byCounty.set(county, list);
  }
  const entries = [...byCounty.values()].flat().map((a) => compareEntry(a, o));
  return { entries, missing: named.filter((c) => !byCounty.has(c)) };
}

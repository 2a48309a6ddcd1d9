import type { Article, Figure } from '../corpus/types.js';
import { splitSentences } from '../corpus/text.js';
import { dimensionOf, halfWidthDigits, hasChangeWord } from '../corpus/vocabulary.js';
import type { CaseIndex, QueryTerm } from '../search/engine.js';

/**
 * Stage 5 helpers: how a case is shown. A summary (the lead's point and every section lead), the
 * sentences that best match the question (never one already shown as the lead or a section
 * lead), and the case's key figures (its outcomes before its structural counts).
 */

const TIME_OPENER = /^(今年以来|近年来|去年以来|近期|近日|日前|目前|本轮派驻以来|派驻以来|[^，。]{0,12}以来)，/u;

/** The lead trimmed to its point: its first sentence without a time opener, at most ~90 characters. */
export function leadPoint(lead: string, max = 90): string {
  let s = splitSentences(lead)[0] ?? lead;
  s = s.replace(TIME_OPENER, '');
  if ([...s].length <= max) return s;
  const cut = [...s].slice(0, max).join('');
  const at = Math.max(cut.lastIndexOf('，'), cut.lastIndexOf('；'));
  return (at > max / 2 ? cut.slice(0, at) : cut) + '……';
}

/**
 * Summaries and ranked figures made so far, by article: what they come from (lead, sections,
 * paragraphs) never changes once an article is parsed (corrections touch only its headline, county
 * and date).
 */
const summaries = new WeakMap<Article, string>();
const rankedFigures = new WeakMap<Article, Figure[]>();

/** Lead point plus every section lead as a bullet (none is dropped). */
export function summarize(article: Article): string {
  let summary = summaries.get(article);
  if (summary === undefined) {
    summary = [leadPoint(article.lead), ...article.sections.map((s) => `• ${s}`)].join('\n');
    summaries.set(article, summary);
  }
  return summary;
}

/** Where each query term occurs in a text, by plain substring search. */
export function termHits(
  text: string,
  terms: readonly QueryTerm[],
  index: CaseIndex,
): { at: number; len: number; w: number }[] {
  const hits: { at: number; len: number; w: number }[] = [];
  for (const t of terms) {
    // A single character matches inside too many words to locate anything.
    if (t.term.length < 2) continue;
    let at = text.indexOf(t.term);
    while (at >= 0) {
      hits.push({ at, len: t.term.length, w: t.weight * index.idf(t.term) });
      at = text.indexOf(t.term, at + t.term.length);
    }
  }
  return hits;
}

/** Shortens a long sentence to the clauses around its best match. */
function window(sentence: string, terms: readonly QueryTerm[], index: CaseIndex, max = 110): string {
  if ([...sentence].length <= max) return sentence;
  const clauses = sentence.split(/(?<=[，；])/u);
  let best = 0;
  let bestScore = -1;
  clauses.forEach((c, i) => {
    const s = termHits(c, terms, index).reduce((sum, h) => sum + h.w, 0);
    if (s > bestScore) [best, bestScore] = [i, s];
  });
  let from = best;
  let to = best + 1;
  const len = () => [...clauses.slice(from, to).join('')].length;
  while (len() < max * 0.7 && (from > 0 || to < clauses.length)) {
    if (to < clauses.length) to++;
    if (len() < max * 0.7 && from > 0) from--;
  }
  const text = clauses
    .slice(from, to)
    .join('')
    .replace(/[，；]$/u, '');
  return `${from > 0 ? '……' : ''}${text}${to < clauses.length ? '……' : ''}`;
}

/** Text with trailing punctuation and ellipses dropped, for comparing what is already shown. */
const core = (s: string) => s.replace(/^……|……$|[。！？，；]$/gu, '');

/** Whether a sentence repeats something already shown (the lead's point, a section lead). */
function repeats(sentence: string, shown: readonly string[]): boolean {
  const c = core(sentence);
  return shown.some((s) => {
    const d = core(s);
    return d.length > 0 && (c.includes(d) || d.includes(c));
  });
}

/**
 * The sentences of an article that best match the question, best first, numbers verbatim; none
 * repeats the lead's point, a section lead or any text in `shown`. Query words are found by
 * substring search, so answering needs no segmentation of the article.
 */
export function quotes(
  article: Article,
  terms: readonly QueryTerm[],
  index: CaseIndex,
  limit = 2,
  shown: readonly string[] = [],
): string[] {
  const already = [leadPoint(article.lead), ...article.sections, ...shown];
  const weighted = terms
    .filter((t) => t.term.length >= 2)
    .map((t) => ({ term: t.term, w: t.weight * index.idf(t.term) }));
  const scored = article.paragraphs
    .flatMap((p) => splitSentences(halfWidthDigits(p)))
    .map((text, order) => {
      let score = 0;
      for (const t of weighted) if (text.includes(t.term)) score += t.w;
      // Sentences with figures are what people quote in reports.
      if (score > 0 && /\d/.test(text)) score *= 1.15;
      return { text, score, order };
    })
    .filter((x) => x.score > 0 && !repeats(x.text, already))
    .sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, limit).map((x) => window(x.text, terms, index));
}

/** Time-like units say how long, not how much: no key figure. */
const NOT_KEY_DIMENSIONS = new Set(['time', 'age', 'score']);
/** A sentence that reports a result: `截至目前…`, `累计…`, `已…`, `…达到…`. */
const OUTCOME_SENTENCE = /截至|目前|以来|累计|共计|总计|达到|实现|完成|办结|[共已]/u;

/**
 * The two or three figures that tell a case's outcome: figures in result sentences (`截至目前，已
 * 回引303名优秀人才…，落地资金7310万元`) and changes (`提高12.6个百分点`) before structural counts
 * (`组建5个党建联盟小组`); Chinese-numeral counts (`四个档次`), durations, ages and scores never.
 * One figure per clause, in article order among equals.
 */
export function keyFigures(article: Article, n = 3): Figure[] {
  const out: Figure[] = [];
  const clauses = new Set<string>();
  for (const f of ranked(article)) {
    if (clauses.has(f.clause)) continue;
    clauses.add(f.clause);
    out.push(f);
    if (out.length === n) break;
  }
  return out.sort((a, b) => article.figures.indexOf(a) - article.figures.indexOf(b));
}

/** An article's figures that can be key, best first (see keyFigures), worked out once per article. */
function ranked(article: Article): Figure[] {
  const known = rankedFigures.get(article);
  if (known) return known;
  const sentences = article.paragraphs.map((p) => splitSentences(halfWidthDigits(p)));
  const list = article.figures
    .map((f, order) => {
      if (!/^[近约逾]?\d/.test(f.text) || NOT_KEY_DIMENSIONS.has(dimensionOf(f.unit) ?? '')) return undefined;
      const sentence = sentences[f.paragraph]?.find((s) => s.includes(f.clause)) ?? f.clause;
      let score = 0;
      if (OUTCOME_SENTENCE.test(sentence)) score += 2;
      if (hasChangeWord(f.clause)) score += 1;
      // Money and large counts are what reports cite; a handful of committees is structure.
      if (dimensionOf(f.unit) === 'money' || f.unit === '%' || f.value >= 100) score += 1;
      return { f, score, order };
    })
    .filter((x): x is { f: Figure; score: number; order: number } => x !== undefined)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((x) => x.f);
  rankedFigures.set(article, list);
  return list;
}

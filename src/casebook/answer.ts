import type { Article, Figure } from '../corpus/types.js';
import { splitSentences } from '../corpus/text.js';
import type { CaseIndex, QueryTerm } from '../search/engine.js';
import type { Question } from './question.js';

/** The quoted clause that answers a 多少/几 question, with its source. */
export interface FigureAnswer {
  /** The clause, verbatim, containing the figure. */
  text: string;
  figure: string;
  id: string;
  headline: string;
  county: string | null;
}

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

/** Lead point plus the section leads as bullets. */
export function summarize(article: Article): string {
  const bullets = article.sections.map((s) => `• ${s}`);
  return [leadPoint(article.lead), ...bullets].join('\n');
}

/** Where each query term occurs in a text, by plain substring search. */
function termHits(
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

interface Sentence {
  text: string;
  paragraph: number;
}

function sentencesOf(article: Article): Sentence[] {
  return article.paragraphs.flatMap((p, paragraph) => splitSentences(p).map((text) => ({ text, paragraph })));
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

/**
 * The sentences of an article that best match the question, best first, numbers verbatim.
 * Query words are found by substring search, so answering needs no segmentation of the article.
 */
export function quotes(article: Article, terms: readonly QueryTerm[], index: CaseIndex, limit = 2): string[] {
  const weighted = terms
    .filter((t) => t.term.length >= 2)
    .map((t) => ({ term: t.term, w: t.weight * index.idf(t.term) }));
  const scored = sentencesOf(article)
    .map((s, order) => {
      let score = 0;
      for (const t of weighted) if (s.text.includes(t.term)) score += t.w;
      // Sentences with figures are what people quote in reports.
      if (score > 0 && /\d/.test(s.text)) score *= 1.15;
      return { s, score, order };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, limit).map((x) => window(x.s.text, terms, index));
}

const CHANGE_BEFORE = /(增加|提高|增长|减少|下降|增至|降至)[了到]?$/u;

/**
 * The figure that answers a count question. Each figure in the best few articles is scored by
 * whether its unit is the one asked for, and by how close the asked-about words stand to it
 * (`推选出多少名巷长` prefers `巷长5097名` to `单元长2391名` in the same sentence).
 */
export function figureAnswer(
  question: Question,
  ranked: readonly { article: Article; score: number }[],
  terms: readonly QueryTerm[],
  index: CaseIndex,
): FigureAnswer | null {
  if (ranked.length === 0) return null;
  const top = ranked[0]!.score;
  const focus = new Set(question.focus);
  let best: { f: Figure; article: Article; score: number } | undefined;

  for (const { article, score } of ranked.slice(0, 3)) {
    const rankWeight = Math.max(0.05, score / top);
    const sentences = article.paragraphs.map((p) => splitSentences(p));
    for (const f of article.figures) {
      const inParagraph = sentences[f.paragraph] ?? [];
      const k = inParagraph.findIndex((s) => s.includes(f.clause));
      const sentence = inParagraph[k] ?? f.clause;
      const clauseAt = sentence.indexOf(f.clause);
      const at = sentence.indexOf(f.text, Math.max(0, clauseAt));
      if (at < 0) continue;
      const unit = question.units.length === 0 ? 1 : question.units.includes(f.unit) ? 2 : 0.15;
      // Each asked-for word counts once, at its occurrence closest to the figure.
      const closest = new Map<string, number>();
      const inClause = new Set<string>();
      for (const h of termHits(sentence, terms, index)) {
        const gap = h.at + h.len <= at ? at - (h.at + h.len) : Math.max(0, h.at - (at + f.text.length));
        const sameClause = !/[，；、]/u.test(sentence.slice(Math.min(h.at, at), Math.max(h.at, at)));
        const term = sentence.slice(h.at, h.at + h.len);
        if (sameClause) inClause.add(term);
        const score = (h.w * (focus.has(term) ? 1.5 : 1) * (sameClause ? 1.5 : 1)) / (1 + gap / 6);
        closest.set(term, Math.max(closest.get(term) ?? 0, score));
      }
      let match = [...closest.values()].reduce((a, b) => a + b, 0);
      // A clause that holds several of the asked-for words is about what was asked.
      match *= 1 + 0.5 * Math.max(0, inClause.size - 1);
      // What the paragraph is about: words asked for that stand in the two sentences before,
      // or in the paragraph's opening sentence, count at a discount.
      const seen = new Set(closest.keys());
      const context: [string, number][] = [
        [inParagraph[k - 1] ?? '', 0.5],
        [inParagraph[k - 2] ?? '', 0.25],
        [k > 2 ? inParagraph[0]! : '', 0.4],
      ];
      for (const [text, discount] of context) {
        for (const t of terms) {
          if (seen.has(t.term) || !text.includes(t.term)) continue;
          seen.add(t.term);
          match += t.weight * index.idf(t.term) * discount * (focus.has(t.term) ? 2 : 1);
        }
      }
      let s = rankWeight * unit * (0.1 + match);
      // An increment (`每月增加5元`) is rarely what is asked unless the question asks about a change.
      if (!question.wantsChange && CHANGE_BEFORE.test(sentence.slice(0, at))) s *= 0.25;
      if (!best || s > best.score) best = { f, article, score: s };
    }
  }
  if (!best || best.score < 0.5) return null;
  const { f, article } = best;
  const clauses = (article.paragraphs[f.paragraph] ?? '').split(/[，,；;：:。！？!?]/u).map((c) => c.trim());
  const i = clauses.indexOf(f.clause);
  // A short clause before it (`截至目前`, `今年以来`) or a very short figure clause needs its lead-in.
  const before = i > 0 ? clauses[i - 1]! : '';
  const text = before && ([...f.clause].length < 10 || [...before].length <= 6) ? `${before}，${f.clause}` : f.clause;
  return { text, figure: f.text, id: article.id, headline: article.headline, county: article.county };
}

/** Share of the query's weight (by IDF) that an article's text mentions. */
export function mentions(article: Article, terms: readonly QueryTerm[], index: CaseIndex): number {
  const text = `${article.headline}\n${article.paragraphs.join('\n')}`;
  return coverage(
    terms.filter((t) => text.includes(t.term)).map((t) => t.term),
    terms,
    index,
  );
}

/** Share of the query's weight (by IDF) that an article matched. */
export function coverage(matched: readonly string[], terms: readonly QueryTerm[], index: CaseIndex): number {
  const all = terms.reduce((sum, t) => sum + t.weight * index.idf(t.term), 0);
  if (all === 0) return 0;
  const got = new Set(matched);
  return terms.filter((t) => got.has(t.term)).reduce((sum, t) => sum + t.weight * index.idf(t.term), 0) / all;
}

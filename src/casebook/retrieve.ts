import type { Article } from '../corpus/types.js';
import type { CaseIndex, QueryTerm } from '../search/engine.js';
import type { AnswerOptions } from './defaults.js';

/** A case retrieval found, with its score and the query terms it matched. */
export interface Candidate {
  article: Article;
  score: number;
  matched: string[];
}

export interface RetrieveContext {
  index: CaseIndex;
  article: (id: string) => Article | undefined;
}

/** The question's topic words as index terms: unknown words stand in as their known bigrams. */
export function queryTerms(words: readonly string[], index: CaseIndex, o: AnswerOptions): QueryTerm[] {
  return index.expand(words, {
    bigramWeight: o.bigramWeight,
    subwordWeight: o.subwordWeight,
    singleChar: o.singleChar,
  });
}

/**
 * Stage 2: the cases that share words with the question, ranked by MiniSearch (BM25 over
 * headline, section leads and body), within `counties` when given. With `skipCommonWords`, words
 * found in most articles are left out of the scoring (not out of judging or answering).
 */
export function retrieve(
  terms: readonly QueryTerm[],
  counties: readonly string[],
  ctx: RetrieveContext,
  o: AnswerOptions,
): Candidate[] {
  const scored = o.skipCommonWords ? ctx.index.selective(terms, o.commonShare, o.commonIdf) : [...terms];
  if (scored.length === 0) return [];
  return ctx.index
    .search(scored, { counties, limit: o.candidates, boost: o.boost })
    .map((h) => ({ article: ctx.article(h.id)!, score: h.score, matched: h.matched }));
}

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

/**
 * The question's topic words as index terms: unknown words stand in as their known bigrams; with
 * `subwords`, known long words also bring theirs (`网格化` → 网格), for a second try.
 */
export function queryTerms(
  words: readonly string[],
  index: CaseIndex,
  o: AnswerOptions,
  subwords = false,
  compounds = false,
): QueryTerm[] {
  const terms = index.expand(words, {
    bigramWeight: o.bigramWeight,
    subwordWeight: subwords ? o.subwordWeight : 0,
    singleChar: o.singleChar,
  });
  if (!compounds || o.compoundWeight <= 0) return terms;
  // A list or a request is after every case of a kind: `驿站` also finds 老兵驿站 and 红心驿站, the
  // coinages that end with it (generic words, in most articles, bring none).
  const known = new Set(terms.map((t) => t.term));
  for (const w of words) {
    if ([...w].length < 2 || index.docFreq(w) >= o.genericShare * index.size) continue;
    for (const c of index.compounds(w, o.compoundLimit)) {
      if (known.has(c)) continue;
      known.add(c);
      terms.push({ term: c, weight: o.compoundWeight });
    }
  }
  return terms;
}

/**
 * Stage 2: the cases that share words with the question, best BM25 first (MiniSearch over
 * headline, section leads and body), within `counties` when given. The judge ranks them, so this
 * stage only has to find them.
 *
 * The speed-up (`skipCommonWords`): words found in many articles (`党员`, `工作`) have the longest
 * posting lists and barely tell cases apart. They are left out of the search when the question's
 * other words alone already find a full set of candidates; otherwise the search uses every word,
 * so no case that only they would find is lost.
 */
export function retrieve(
  terms: readonly QueryTerm[],
  counties: readonly string[],
  ctx: RetrieveContext,
  o: AnswerOptions,
): Candidate[] {
  if (terms.length === 0) return [];
  const search = (scored: readonly QueryTerm[]) =>
    ctx.index
      .search(scored, { counties, limit: o.candidates, boost: o.boost })
      .map((h) => ({ article: ctx.article(h.id)!, score: h.score, matched: h.matched }));
  if (o.skipCommonWords) {
    const selective = ctx.index.selective(terms, o.commonShare, o.commonIdf);
    if (selective.length < terms.length) {
      const found = search(selective);
      if (found.length >= o.candidates) return found;
    }
  }
  return search(terms);
}

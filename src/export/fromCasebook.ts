/**
 * 素材汇编 from what the bot shows: an answer (any AskResult, comparisons included), a county's
 * cases, a topic's cases. The bot's 导出Word, `/export` and `npm run export` all come here, so they
 * write the same document.
 */
import type { Article } from '../corpus/types.js';
import { citation } from '../corpus/citation.js';
import type { Casebook } from '../casebook/casebook.js';
import type { Topic } from '../casebook/topics.js';
import { answerArticleIds, answerFor, topicArticles, type AnswerShape } from '../casebook/lists.js';
import type { Compilation } from './compilation.js';
import { compilationCase } from './fromArticle.js';

export interface MadeOptions {
  /** When the document is made. */
  madeAt: Date;
  /** The zone its date is written in (default Asia/Shanghai). */
  timeZone?: string;
}

/**
 * An answer's cases, in the answer's order, each with the sentences that answered the question.
 * A case no longer in the casebook is left out.
 */
export function answerCompilation(
  result: AnswerShape,
  article: (id: string) => Article | undefined,
  made: MadeOptions,
): Compilation {
  const quotes = new Map(result.results.map((r) => [r.id, r.quotes]));
  const cases = answerArticleIds(result)
    .map((id) => article(id))
    .filter((a): a is Article => a !== undefined)
    .map((a) => compilationCase(a, { citation: citation(a), quotes: quotes.get(a.id) ?? [] }));
  return { title: result.query, madeAt: made.madeAt, timeZone: made.timeZone, cases };
}

/** A list of cases (a county's, a topic's) under a title, each with its approach and figures. */
export function casesCompilation(title: string, articles: readonly Article[], made: MadeOptions): Compilation {
  return {
    title,
    madeAt: made.madeAt,
    timeZone: made.timeZone,
    cases: articles.map((a) => compilationCase(a, { citation: citation(a) })),
  };
}

/** The 素材汇编 of the answer to a question, as the bot's answer lists it (see casebook/lists.ts). */
export function questionCompilation(
  casebook: Casebook,
  question: string,
  topics: readonly Topic[] | undefined,
  made: MadeOptions,
): Compilation {
  return answerCompilation(answerFor(casebook, question, topics), (id) => casebook.article(id), made);
}

/** The 素材汇编 of a county's cases, in page order. */
export function countyCompilation(casebook: Casebook, county: string, made: MadeOptions): Compilation {
  return casesCompilation(county, casebook.byCounty(county), made);
}

/** The 素材汇编 of a topic's cases (only `county`'s when given). */
export function topicCompilation(
  casebook: Pick<Casebook, 'article'>,
  topic: Topic,
  county: string | undefined,
  made: MadeOptions,
): Compilation {
  const title = county ? `${topic.name}（${county}）` : topic.name;
  return casesCompilation(title, topicArticles(casebook, topic, county), made);
}

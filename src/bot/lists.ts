/**
 * The bot's lists of cases: an answer to a question, a county's cases, a topic's cases. Each is a
 * paginated list (keyboards/pagedList.ts) that also knows the cases it numbers (for `第二个的全文`),
 * its Word 素材汇编 (导出Word, `/export`), and how to narrow it to one county (`只看金乡`) or turn it
 * into a comparison (`比较一下`). Features share these lists instead of importing each other.
 */
import type { Article } from '../corpus/types.js';
import { findCounties, resolveCounty } from '../corpus/registry.js';
import type { ResultItem } from '../casebook/casebook.js';
import { answerArticleIds, answerFor, topicArticles } from '../casebook/lists.js';
import { casebookTopics, computedTopics, topicByKey, type Topic } from '../casebook/topics.js';
import type { SavedKind } from '../db/savedQueries.js';
import type { Compilation } from '../export/compilation.js';
import { countyCompilation, questionCompilation, topicCompilation, type MadeOptions } from '../export/fromCasebook.js';
import type { BotDeps } from './deps.js';
import { pagedList, type PagedList } from './keyboards/pagedList.js';
import { fullTextButton } from './keyboards/cases.js';
import { copyButtons } from './keyboards/copy.js';
import { answerView } from './views/answer.js';
import { countyView } from './views/county.js';
import { keyFigures } from './views/cases.js';
import { TOPIC_GONE, topicView } from './views/topics.js';

/** Longer questions are searched by their first this many characters. */
export const MAX_QUESTION = 300;

export type ListDeps = Pick<BotDeps, 'casebook' | 'queries'>;

/** A list and what replies to it can ask of it. */
export interface CaseList extends PagedList {
  /** The cases the list numbers for `query`, in order; undefined when the list is gone. */
  articles(query: string): Article[] | undefined;
  /** The list as a Word 素材汇编; undefined when the list is gone. */
  compilation(query: string, made: MadeOptions): Compilation | undefined;
  /** The same list for one county only: the list and query to send. */
  narrow(query: string, county: string): { kind: SavedKind; query: string } | undefined;
  /** A question comparing the counties on what the list is about; undefined when that makes no sense. */
  comparison(query: string): string | undefined;
}

export interface CaseLists {
  ask: CaseList;
  county: CaseList;
  topic: CaseList;
  /** The list of a saved query's kind. */
  of(kind: SavedKind): CaseList;
}

/** `各县`, `各县区`, `各地`…: the counties as a whole, which a comparison has and one county lacks. */
const ALL_COUNTIES = /各(县市区|县区|区县|县市|县|区|地|市)/gu;
const COMPARE_WORDS = /^(请|帮我)?(比较|对比|比一比)(一下|下)?[，,：:\s]*/u;

/** A question without the counties it names, `各县` or `比较一下`: what it is about. */
function subjectOf(question: string): string {
  let text = question;
  for (const m of findCounties(question).reverse()) text = text.slice(0, m.index) + text.slice(m.index + m.name.length);
  return text
    .replace(ALL_COUNTIES, '')
    .replace(COMPARE_WORDS, '')
    .replace(/^[的，,、\s]+/u, '')
    .trim();
}

/** `只看金乡` on a question: the question about that county only (`金乡县 平时考核的做法`). */
export function narrowQuestion(question: string, county: string): string {
  const subject = subjectOf(question);
  return subject ? `${county} ${subject}` : county;
}

/** `比较一下` on a question: the question across counties (`比较一下各县平时考核的做法`). */
export function comparisonQuestion(question: string): string | undefined {
  const subject = subjectOf(question);
  return subject ? `比较一下各县${subject}` : undefined;
}

/** A topic list's query: the topic's key, and a county when narrowed (`0123456789 金乡县`). */
function topicQuery(query: string): { key: string; county?: string } | undefined {
  const m = /^([0-9a-f]{10})(?: (\S+))?$/u.exec(query);
  if (!m) return undefined;
  const county = m[2] ? resolveCounty(m[2]) : undefined;
  return { key: m[1]!, county };
}

/** The query of a topic's list. */
export function topicListQuery(topic: Pick<Topic, 'key'>, county?: string): string {
  return county ? `${topic.key} ${county}` : topic.key;
}

/** The quotes with figures an answer page shows, for copy buttons: the answer, then each case's. */
function answerQuotes(
  deps: ListDeps,
  answer: { text: string; id: string } | null,
  items: readonly ResultItem[],
): { text: string; page: Article }[] {
  const quotes: { text: string; page: Article }[] = [];
  // A quote with one of the article's figures in it (as the parser reads them: `1200余人`, `70余万元`).
  const add = (id: string, text: string) => {
    const article = deps.casebook.article(id);
    if (article?.figures.some((f) => /^\d/u.test(f.text) && text.includes(f.text)))
      quotes.push({ text, page: article });
  };
  if (answer) add(answer.id, answer.text);
  for (const item of items) for (const q of item.quotes) add(item.id, q);
  return quotes;
}

/** The key figures of the cards shown, for copy buttons. */
function cardQuotes(articles: readonly Article[]): { text: string; page: Article }[] {
  return articles.flatMap((a) => keyFigures(a).map((f) => ({ text: f.clause, page: a })));
}

export function caseLists(deps: ListDeps): CaseLists {
  /** An answer: the topics are used only when already computed, so an answer never waits for them. */
  const answer = (question: string) => answerFor(deps.casebook, question, computedTopics(deps.casebook.articles));
  const topicOf = (query: string): { topic: Topic; county?: string } | undefined => {
    const q = topicQuery(query);
    const topic = q && topicByKey(casebookTopics(deps.casebook), q.key);
    return topic && { topic, county: q.county };
  };
  const byCounty = (county: string) => deps.casebook.byCounty(county);
  const articlesOf = (ids: readonly string[]) =>
    ids.map((id) => deps.casebook.article(id)).filter((a): a is Article => a !== undefined);

  const ask: CaseList = {
    ...pagedList(deps.queries, {
      kind: 'ask',
      exportable: true,
      render: (question, page) => {
        const result = answer(question);
        const view = answerView(result, page, [...question.trim()].length > MAX_QUESTION);
        const shown = view.list.page === 0 ? result.answer : null;
        return { ...view, copies: copyButtons(answerQuotes(deps, shown, view.list.items)) };
      },
      itemButton: (r, n) => fullTextButton(r.id, n),
    }),
    articles: (question) => articlesOf(answerArticleIds(answer(question))),
    compilation: (question, made) =>
      questionCompilation(deps.casebook, question, computedTopics(deps.casebook.articles), made),
    narrow: (question, county) => ({ kind: 'ask', query: narrowQuestion(question, county) }),
    comparison: (question) => comparisonQuestion(question),
  };

  const county: CaseList = {
    ...pagedList(deps.queries, {
      kind: 'county',
      exportable: true,
      render: (name, page) => {
        const view = countyView(name, byCounty(name), page);
        return { ...view, copies: copyButtons(cardQuotes(view.list.items)) };
      },
      itemButton: (a, n) => fullTextButton(a.id, n),
    }),
    articles: byCounty,
    compilation: (name, made) => countyCompilation(deps.casebook, name, made),
    narrow: (_name, other) => ({ kind: 'county', query: other }),
    comparison: () => undefined,
  };

  const topic: CaseList = {
    ...pagedList(deps.queries, {
      kind: 'topic',
      exportable: true,
      render: (query, page) => {
        const found = topicOf(query);
        if (!found) return { text: TOPIC_GONE, list: { items: [], page: 0, pages: 1, offset: 0 } };
        const view = topicView(
          found.topic,
          topicArticles(deps.casebook, found.topic, found.county),
          page,
          found.county,
        );
        return { ...view, copies: copyButtons(cardQuotes(view.list.items)) };
      },
      itemButton: (a, n) => fullTextButton(a.id, n),
    }),
    articles: (query) => {
      const found = topicOf(query);
      return found && topicArticles(deps.casebook, found.topic, found.county);
    },
    compilation: (query, made) => {
      const found = topicOf(query);
      return found && topicCompilation(deps.casebook, found.topic, found.county, made);
    },
    narrow: (query, county) => {
      const found = topicQuery(query);
      return found && { kind: 'topic', query: topicListQuery(found, county) };
    },
    comparison: (query) => {
      const found = topicOf(query);
      return found && `比较一下各县${found.topic.name}的做法`;
    },
  };

  const lists = { ask, county, topic };
  return { ...lists, of: (kind) => lists[kind] };
}

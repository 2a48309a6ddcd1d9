/**
 * What the bot's lists and the Word export hold, in one place so that a list, its 导出Word and
 * `npm run export` always agree: the answer to a question (with the cases of a topic it names), a
 * county's cases, a topic's cases.
 */
import type { Article } from '../corpus/types.js';
import type { AskResult, Casebook } from './casebook.js';
import { topicByKey, topicInText, type Topic } from './topics.js';

/** Cases in an answer (shown a page at a time, exported whole). */
export const ANSWER_LIMIT = 15;

/** The answer a list shows for a question; `topics` when computed (see `casebookTopics`). */
export function answerFor(casebook: Casebook, question: string, topics?: readonly Topic[]): AskResult {
  return casebook.ask(question, { limit: ANSWER_LIMIT, topics });
}

/** A topic's cases in corpus order, only `county`'s when given. */
export function topicArticles(casebook: Pick<Casebook, 'article'>, topic: Topic, county?: string | null): Article[] {
  return topic.caseIds
    .map((id) => casebook.article(id))
    .filter((a): a is Article => a !== undefined && (!county || a.county === county));
}

/**
 * The topic a name stands for: a topic's name or one of its grouped phrases exactly, else the topic
 * a text names (`网格化的案例`), else (for a key from a button) the topic with that key.
 */
export function findTopic(list: readonly Topic[], name: string): Topic | undefined {
  const text = name.trim();
  if (!text) return undefined;
  return (
    list.find((t) => t.name === text) ??
    list.find((t) => t.phrases.includes(text)) ??
    topicInText(list, text) ??
    topicByKey(list, text)
  );
}

/** The cases an answer lists, in its order: a comparison's (when the engine gives one), then the rest. */
export function answerArticleIds(result: AnswerShape): string[] {
  const ids = [...(result.compare ?? []).map((c) => c.id), ...result.results.map((r) => r.id)];
  return [...new Set(ids)];
}

/**
 * The parts of an answer that lists and exports read. Any AskResult fits; a comparison's entries
 * (`compare`, one per county's case) come first when the engine gives them.
 */
export interface AnswerShape {
  query: string;
  results: readonly { id: string; quotes: readonly string[] }[];
  compare?: readonly { id: string }[] | null;
}

import { Composer, type Context } from 'grammy';
import { casebookTopics, topicByKey } from '../../casebook/topics.js';
import { findTopic } from '../../casebook/lists.js';
import type { BotDeps } from '../deps.js';
import { onCallback } from '../callbackData.js';
import { answerCallback, replyHtml } from '../send.js';
import { topicsKeyboard } from '../keyboards/topics.js';
import { caseLists, topicListQuery } from '../lists.js';
import { topicsText } from '../views/topics.js';
import { clip, escapeHtml } from '../views/html.js';

export type TopicsDeps = Pick<BotDeps, 'casebook' | 'queries'>;

/** What an old topic button answers once its topic is gone. */
export const TOPIC_EXPIRED = '已过期：案例库更新后专题已重新提炼，请重新发送 /topics';

/**
 * /topics: the themes drawn from the casebook (src/casebook/topics.ts) as buttons with their number
 * of cases; a topic's cases a page at a time, with 导出Word. `/topics 名称` opens one directly.
 */
export function topicsFeature(deps: TopicsDeps): Composer<Context> {
  const c = new Composer<Context>();
  const list = caseLists(deps).topic;
  const picker = () => {
    const topics = casebookTopics(deps.casebook);
    return { text: topicsText(topics, deps.casebook.articles.length), keyboard: topicsKeyboard(topics) };
  };

  c.command('topics', async (ctx) => {
    const name = ctx.match.trim();
    if (name) {
      const topic = findTopic(casebookTopics(deps.casebook), name);
      if (topic) return list.reply(ctx, topicListQuery(topic)).then(() => undefined);
      const { text, keyboard } = picker();
      return void (await replyHtml(ctx, `没有找到“${escapeHtml(clip(name, 20))}”这个专题。\n\n${text}`, keyboard));
    }
    const { text, keyboard } = picker();
    await replyHtml(ctx, text, keyboard);
  });

  onCallback(c, 'topic', async (ctx, { key }) => {
    const topic = topicByKey(casebookTopics(deps.casebook), key);
    if (!topic) return answerCallback(ctx, TOPIC_EXPIRED);
    await answerCallback(ctx);
    await list.reply(ctx, topicListQuery(topic));
  });
  c.use(list.pageButtons);
  return c;
}

import { Composer, type Context } from 'grammy';
import type { Article } from '../../corpus/types.js';
import { computedTopics } from '../../casebook/topics.js';
import type { BotDeps } from '../deps.js';
import { INLINE_HINT_PAYLOAD } from '../deepLinks.js';
import { INLINE_RESULTS, inlineCard } from '../views/inline.js';
import { clip } from '../views/html.js';

export type InlineDeps = Pick<BotDeps, 'casebook'>;

/**
 * How long Telegram may cache an inline answer, in seconds: short, so that a page added shows up
 * soon. Answers are also personal (`is_personal`): one user's results (which depend on access) are
 * never shown to another.
 */
export const INLINE_CACHE_SECONDS = 30;

/**
 * Inline mode: `@机器人 金乡 党代表` in any chat offers up to 10 matching cases as cards (headline,
 * county tag, the approach in a line, two key figures, citation, 全文 and copy buttons). Access is
 * checked before this (access.ts): only members of the allowed chats and editors get here.
 */
export function inlineFeature(deps: InlineDeps): Composer<Context> {
  const c = new Composer<Context>();
  c.on('inline_query', async (ctx) => {
    const query = ctx.inlineQuery.query.trim();
    const personal = { cache_time: INLINE_CACHE_SECONDS, is_personal: true };
    if (!query) {
      await ctx.answerInlineQuery([], {
        ...personal,
        button: { text: '输入县区或关键词，如：金乡 党代表', start_parameter: INLINE_HINT_PAYLOAD },
      });
      return;
    }
    const casebook = deps.casebook;
    const result = casebook.ask(query, { limit: INLINE_RESULTS, topics: computedTopics(casebook.articles) });
    const articles = result.results
      .map((r) => casebook.article(r.id))
      .filter((a): a is Article => a !== undefined)
      .slice(0, INLINE_RESULTS);
    if (articles.length === 0) {
      await ctx.answerInlineQuery([], {
        ...personal,
        button: { text: `没有找到“${clip(query, 16)}”的案例，点此私聊提问`, start_parameter: INLINE_HINT_PAYLOAD },
      });
      return;
    }
    await ctx.answerInlineQuery(
      articles.map((a) => inlineCard(a, ctx.me.username)),
      personal,
    );
  });
  return c;
}

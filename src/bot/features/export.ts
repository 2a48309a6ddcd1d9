import { Composer, type Context } from 'grammy';
import { resolveCounty } from '../../corpus/registry.js';
import { ARTICLE_ID } from '../../corpus/page.js';
import { casebookTopics } from '../../casebook/topics.js';
import type { BotDeps } from '../deps.js';
import { onCallback } from '../callbackData.js';
import { answerCallback, EXPIRED, replyHtml } from '../send.js';
import { replyCompilation } from '../documents.js';
import { CASE_LIST_KINDS, caseLists, topicListQuery } from '../lists.js';
import { casesCompilation } from '../../export/fromCasebook.js';
import type { SavedQuery } from '../../db/savedQueries.js';

/** A case's 编号 as `/export` takes it (upper or lower case). */
const CASE_ID = new RegExp(`^${ARTICLE_ID}$`, 'i');

export type ExportDeps = Pick<BotDeps, 'casebook' | 'queries' | 'timeZone' | 'now'>;

const USAGE = [
  '用法：',
  '/export 问题 —— 把这个问题的答案导出为 Word 素材汇编，例如 /export 平时考核',
  '/export 金乡 —— 导出一个县区的全部案例',
  '/export 编号 —— 导出一篇案例（编号见每篇案例下方）',
  '/export 专题名 —— 导出一个专题的案例（专题见 /topics）',
  '也可以点答案下面的“📄 导出Word”，或回复答案“导出”。',
].join('\n');

/**
 * 导出Word: the 📄 导出Word button under every answer and list, and /export (a question, a county,
 * a topic, or, sent as a reply, the list replied to). The document is the list's 素材汇编
 * (src/export/), sent with sendDocument.
 */
export function exportFeature(deps: ExportDeps): Composer<Context> {
  const c = new Composer<Context>();
  const lists = caseLists(deps);
  const made = () => ({ madeAt: deps.now?.() ?? new Date(), timeZone: deps.timeZone });
  const exportSaved = (ctx: Context, saved: SavedQuery) =>
    replyCompilation(ctx, lists.of(saved.kind)?.compilation(saved.text, made()));

  c.command('export', async (ctx) => {
    const arg = ctx.match.trim();
    if (!arg) {
      const replied = ctx.msg?.reply_to_message;
      const repliedTo = replied && deps.queries.byMessage(ctx.chat.id, replied.message_id);
      // A reply to /pages or /fixes exports nothing of its own: those are not lists of cases.
      const saved =
        (repliedTo && lists.of(repliedTo.kind) ? repliedTo : undefined) ??
        (ctx.chat.type === 'private' ? deps.queries.latest(ctx.chat.id, CASE_LIST_KINDS) : undefined);
      if (saved) return exportSaved(ctx, saved);
      return void (await replyHtml(ctx, USAGE));
    }
    // A case's 编号, a county or a topic named exactly exports its cases; anything else is a question.
    const byId = CASE_ID.test(arg) ? deps.casebook.article(arg.toLowerCase()) : undefined;
    if (byId) return replyCompilation(ctx, casesCompilation(byId.headline, [byId], made()));
    const county = resolveCounty(arg);
    if (county) return replyCompilation(ctx, lists.county.compilation(county, made()));
    const topic = casebookTopics(deps.casebook).find((t) => t.name === arg || t.phrases.includes(arg));
    if (topic) return replyCompilation(ctx, lists.topic.compilation(topicListQuery(topic), made()));
    await replyCompilation(ctx, lists.ask.compilation(arg, made()));
  });

  onCallback(c, 'export', async (ctx, { query }) => {
    const saved = deps.queries.get(query);
    if (!saved || saved.chatId !== ctx.chat?.id) return answerCallback(ctx, EXPIRED);
    await answerCallback(ctx, '正在生成 Word 文档…');
    await exportSaved(ctx, saved);
  });
  return c;
}

import { Composer, type Context } from 'grammy';
import { resolveCounty } from '../../corpus/registry.js';
import type { SavedQuery } from '../../db/savedQueries.js';
import type { BotDeps } from '../deps.js';
import { replyHtml } from '../send.js';
import { inGroup } from '../addressing.js';
import { replyCompilation } from '../documents.js';
import { caseLists } from '../lists.js';
import { fullText } from '../views/cases.js';
import { EXAMPLES } from '../keyboards/examples.js';

/**
 * Follow-ups: a reply to one of the bot's answers or lists that refines it without retyping the
 * question. In private chats the phrases apply to the last list without the reply gesture.
 */
export type FollowUp =
  /** `只看金乡`: the same list for one county. */
  | { kind: 'county'; county: string }
  /** `第二个的全文`: the n-th case of the list (as numbered), in full. */
  | { kind: 'open'; number: number }
  /** `还有吗`: the next page, as a new message. */
  | { kind: 'more' }
  /** `导出`: the list as a Word 素材汇编. */
  | { kind: 'export' }
  /** `比较一下`: the counties compared on what the list is about. */
  | { kind: 'compare' };

const DIGIT: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** `2`, `二`, `十二`, `二十`, `二十三`; undefined for anything else. */
export function readNumber(text: string): number | undefined {
  if (/^\d{1,3}$/u.test(text)) return Number(text);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/u.exec(text);
  if (!m || !text) return undefined;
  const [, tens, ten, ones] = m;
  if (!ten) return tens && !ones ? DIGIT[tens] : undefined;
  return (tens ? DIGIT[tens]! : 1) * 10 + (ones ? DIGIT[ones]! : 0);
}

// Each phrase is matched whole (after the polite openings and closing marks are dropped), so a
// question that merely starts like one (`比较一下各县平时考核的做法`, `还有哪些县建了红帆驿站`,
// `第一书记怎么驻村`) is a new question, never a follow-up.
const POLITE_OPENING = /^(请你?|麻烦你?|帮我|给我|那就?|好的?[，,、]?|嗯[，,、]?)/u;
const CLOSING = /[。！!？?~～…\s,.，、]+$/u;
const ONLY_COUNTY =
  /^(?:只|仅|就)(?:看|要|显示|保留|留|列|查|说)?(?:一下)?(\p{Script=Han}{2,6}?)(?:的)?(?:案例|做法|经验|情况|材料|典型)?(?:呢|吧)?$/u;
const OPEN_CASE =
  /^(打开|展开|查看|看看?|看一下|给我看|发)?第([一二两三四五六七八九十\d]{1,3})(个|篇|条|项|家|则|份)?(?:案例)?(?:的)?(全文|原文|详情|详细内容|具体内容|内容|文章)?$/u;
const MORE =
  /^(还有吗|还有没有|还有呢|还有别的吗|还有其[他它]的?吗|还有多的吗|更多的?|再来点|再来一些|再来几个|再多点|下一页|下页|继续|接着说?|后面的?呢|往下|翻页)$/u;
const EXPORT =
  /^(导出|导出来|导出一下|下载|导出(为|成)?(word|文档|word文档|素材|汇编|素材汇编)|(下载|生成|转成|出)(word|文档|word文档)|word)$/u;
const COMPARE =
  /^(比较|对比|比一比|比较一下|对比一下|比较下|对比下|做个比较|做个对比|横向比较|横向对比|(各县|各县区)(比较|对比)(一下)?|(比较|对比)(一下)?各县区?)$/u;

/** The follow-up a message asks for, or undefined when it is a new question (or anything else). */
export function parseFollowUp(text: string): FollowUp | undefined {
  const t = text
    .trim()
    .replace(CLOSING, '')
    .replace(POLITE_OPENING, '')
    .replace(/(吧|呀|啊)$/u, '')
    .toLowerCase();
  if (!t || t.length > 20) return undefined;
  if (MORE.test(t)) return { kind: 'more' };
  if (EXPORT.test(t)) return { kind: 'export' };
  if (COMPARE.test(t)) return { kind: 'compare' };
  const open = OPEN_CASE.exec(t);
  // `第二` alone could be anything; a verb, a measure word or 全文 makes it a case.
  if (open && (open[1] || open[3] || open[4])) {
    const n = readNumber(open[2]!);
    if (n !== undefined && n >= 1) return { kind: 'open', number: n };
  }
  const only = ONLY_COUNTY.exec(t);
  const county = only && resolveCounty(only[1]!);
  if (county) return { kind: 'county', county };
  return undefined;
}

export type FollowUpDeps = Pick<BotDeps, 'casebook' | 'queries' | 'timeZone' | 'now'>;

const HOW_TO_REPLY =
  '请长按（或右键）要继续的那条答案，选“回复”，再发送“还有吗”“导出”“只看金乡”“第二个的全文”或“比较一下”。';

/**
 * Replies that refine an answer or list: 只看金乡, 第二个的全文, 还有吗, 导出, 比较一下. The list
 * replied to is found by (chat, message id) in SQLite, so this works after a restart.
 */
export function followUpFeature(deps: FollowUpDeps): Composer<Context> {
  const c = new Composer<Context>();
  const lists = caseLists(deps);

  c.on('message:text', async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith('/')) return next();
    const replied = ctx.message.reply_to_message;
    const toBot = replied?.from?.id === ctx.me.id;
    const mention = new RegExp(`@${ctx.me.username}\\b`, 'i');
    const group = inGroup(ctx);
    // In groups only what is said to the bot: a reply to it, or an @mention.
    const said = !group || toBot ? text : mention.test(text) ? text.replace(mention, ' ') : undefined;
    const followUp = said === undefined ? undefined : parseFollowUp(said);
    if (!followUp) return next();

    let saved: SavedQuery | undefined = toBot ? deps.queries.byMessage(ctx.chat.id, replied.message_id) : undefined;
    if (!saved && !group) saved = deps.queries.latest(ctx.chat.id);
    if (!saved) {
      await replyHtml(
        ctx,
        group
          ? toBot
            ? `这条消息不是答案或案例列表（或已超过 30 天）。${HOW_TO_REPLY}`
            : HOW_TO_REPLY
          : `还没有可以继续的答案。请先提问，例如：${EXAMPLES[0]}`,
      );
      return;
    }
    await act(ctx, saved, followUp);
  });

  async function act(ctx: Context, saved: SavedQuery, followUp: FollowUp): Promise<void> {
    const list = lists.of(saved.kind);
    switch (followUp.kind) {
      case 'more': {
        const pages = list.pageCount(saved.text);
        if (saved.page + 1 >= pages) {
          const count = list.articles(saved.text)?.length ?? 0;
          await replyHtml(ctx, `没有更多了：这个列表共 ${count} 个案例，都已列出。`);
          return;
        }
        await list.reply(ctx, saved.text, saved.page + 1);
        return;
      }
      case 'open': {
        const articles = list.articles(saved.text);
        const article = articles?.[followUp.number - 1];
        if (!article) {
          await replyHtml(
            ctx,
            articles?.length
              ? `这个列表只有 ${articles.length} 个案例，没有第 ${followUp.number} 个。`
              : '这个列表已过期或没有案例，请重新提问。',
          );
          return;
        }
        for (const part of fullText(article)) await replyHtml(ctx, part);
        return;
      }
      case 'export':
        await replyCompilation(
          ctx,
          list.compilation(saved.text, { madeAt: deps.now?.() ?? new Date(), timeZone: deps.timeZone }),
        );
        return;
      case 'county': {
        const target = list.narrow(saved.text, followUp.county);
        if (!target) {
          await replyHtml(ctx, '这个列表已过期，请重新提问。');
          return;
        }
        await lists.of(target.kind).reply(ctx, target.query);
        return;
      }
      case 'compare': {
        const question = list.comparison(saved.text);
        if (!question) {
          await replyHtml(
            ctx,
            '一个县区的案例列表没有可比较的对象。请对某个问题的答案回复“比较一下”，比较各县区的做法。',
          );
          return;
        }
        await lists.ask.reply(ctx, question);
        return;
      }
    }
  }
  return c;
}

import { Composer, InlineKeyboard, type Context } from 'grammy';
import type { Article } from '../../corpus/types.js';
import type { BotDeps } from '../deps.js';
import { caseCard, escapeHtml, fullText } from '../format.js';
import { cb } from '../callbacks.js';
import { answerCallback, EXPIRED, replyHtml } from '../send.js';
import { summarize } from '../../casebook/answer.js';

/** Sends an article in full, split at paragraph boundaries under Telegram's limit. */
export async function sendFullText(ctx: Context, article: Article): Promise<void> {
  for (const part of fullText(article)) await replyHtml(ctx, part);
}

/** The buttons under a single case: read it in full, or see another. */
export function caseKeyboard(article: Article): InlineKeyboard {
  return new InlineKeyboard().text('阅读全文', cb.full(article.id)).text('换一篇', cb.random());
}

/** A case with its summary and the section leads, and 全文 / 换一篇 buttons. */
export function caseMessage(article: Article): { text: string; keyboard: InlineKeyboard } {
  const bullets = summarize(article).split('\n').slice(1).map(escapeHtml);
  const text = [caseCard(article), ...bullets].join('\n');
  return { text, keyboard: caseKeyboard(article) };
}

export function articleFeature(deps: BotDeps): Composer<Context> {
  const c = new Composer<Context>();
  const random = deps.random ?? Math.random;

  c.command('case', async (ctx) => {
    const id = ctx.match.trim().toLowerCase();
    const article = deps.casebook.article(id);
    if (!id)
      return void (await replyHtml(
        ctx,
        '请在 /case 后面写上案例编号，例如 /case ' + (deps.casebook.articles[0]?.id ?? ''),
      ));
    if (!article)
      return void (await replyHtml(
        ctx,
        `没有编号为“${escapeHtml(id.slice(0, 20))}”的案例。编号见每个案例下方，也可以直接提问。`,
      ));
    await sendFullText(ctx, article);
  });

  c.callbackQuery(/^f:/, async (ctx) => {
    const article = deps.casebook.article(ctx.callbackQuery.data.slice(2));
    if (!article) return answerCallback(ctx, EXPIRED);
    await answerCallback(ctx);
    await sendFullText(ctx, article);
  });

  const sendRandom = async (ctx: Context) => {
    const article = deps.casebook.random(random);
    if (!article) return void (await replyHtml(ctx, '案例库还是空的。'));
    const m = caseMessage(article);
    await replyHtml(ctx, `🎲 随机案例\n\n${m.text}`, m.keyboard);
  };
  c.command('random', sendRandom);
  c.callbackQuery('r', async (ctx) => {
    await answerCallback(ctx);
    await sendRandom(ctx);
  });
  return c;
}

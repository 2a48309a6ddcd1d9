import { Composer, type Context } from 'grammy';
import type { BotDeps } from '../deps.js';
import { onCallback } from '../callbackData.js';
import { answerCallback, EXPIRED, replyHtml } from '../send.js';
import { caseKeyboard } from '../keyboards/cases.js';
import { caseText, fullText } from '../views/cases.js';
import { clip, escapeHtml } from '../views/html.js';
import type { Article } from '../../corpus/types.js';
import { parseStartPayload } from '../deepLinks.js';

export type ArticleDeps = Pick<BotDeps, 'casebook' | 'random'>;

/** Sends an article in full, split at paragraph boundaries under Telegram's limit. */
async function sendFullText(ctx: Context, article: Article): Promise<void> {
  for (const part of fullText(article)) await replyHtml(ctx, part);
}

/**
 * Single cases: /case, the 全文 buttons and the 全文 links of inline cards (`/start case_<id>`)
 * (the whole article), /random and 换一篇.
 */
export function articleFeature(deps: ArticleDeps): Composer<Context> {
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
        `没有编号为“${escapeHtml(clip(id, 20))}”的案例。编号见每个案例下方，也可以直接提问。`,
      ));
    await sendFullText(ctx, article);
  });

  c.command('start', async (ctx, next) => {
    const payload = parseStartPayload(ctx.match);
    if (payload?.kind !== 'case') return next();
    const article = deps.casebook.article(payload.id);
    if (!article)
      return void (await replyHtml(ctx, '这个案例已不在案例库中（版面可能被替换或删除）。可以直接提问查找。'));
    await sendFullText(ctx, article);
  });

  onCallback(c, 'full', async (ctx, { id }) => {
    const article = deps.casebook.article(id);
    if (!article) return answerCallback(ctx, EXPIRED);
    await answerCallback(ctx);
    await sendFullText(ctx, article);
  });

  const sendRandom = async (ctx: Context) => {
    const article = deps.casebook.random(random);
    if (!article) return void (await replyHtml(ctx, '案例库还是空的。'));
    await replyHtml(ctx, `🎲 随机案例\n\n${caseText(article)}`, caseKeyboard(article));
  };
  c.command('random', sendRandom);
  onCallback(c, 'random', async (ctx) => {
    await answerCallback(ctx);
    await sendRandom(ctx);
  });
  return c;
}

import { Composer, InlineKeyboard, type Context } from 'grammy';
import type { BotDeps } from '../deps.js';
import { cb } from '../callbacks.js';
import { answerCallback, EXPIRED, replyHtml } from '../send.js';
import { answerQuestion, EXAMPLES } from './ask.js';
import { inGroup } from '../addressing.js';

export function helpText(deps: BotDeps, group: boolean, username: string): string {
  const n = deps.casebook.articles.length;
  const how = group ? `在群里，请用 /ask 加问题，或 @${username} 提问，或直接回复我的消息。` : '直接发问题给我就行。';
  return [
    '📚 <b>济宁党建典型经验案例库</b>',
    `收录《济宁日报》党建版面的 ${n} 篇典型经验，答案附原文数字，可直接引用到材料里。`,
    how,
    [
      '<b>常用命令</b>',
      '/ask 问题 —— 提问，例如 /ask 金乡党代表工作室接待了多少党员群众',
      '/county 县区 —— 某县区的全部案例，例如 /county 金乡',
      '/random —— 随机看一篇',
      '/case 编号 —— 阅读全文（编号见案例下方）',
      '/subscribe 09:00 —— 每天定时推送一篇案例（/subscription 查看，/unsubscribe 取消）',
      '/stats —— 案例库统计',
    ].join('\n'),
    '点下面的例子试试：',
  ].join('\n\n');
}

export function examplesKeyboard(): InlineKeyboard {
  const kb = new InlineKeyboard();
  EXAMPLES.forEach((q, i) => kb.text(q, cb.example(i)).row());
  return kb;
}

export function helpFeature(deps: BotDeps): Composer<Context> {
  const c = new Composer<Context>();
  c.command(['start', 'help'], (ctx) =>
    replyHtml(ctx, helpText(deps, inGroup(ctx), ctx.me.username), examplesKeyboard()),
  );
  c.callbackQuery(/^e:\d+$/, async (ctx) => {
    const question = EXAMPLES[Number(ctx.callbackQuery.data.slice(2))];
    if (!question) return answerCallback(ctx, EXPIRED);
    await answerCallback(ctx);
    await answerQuestion(ctx, deps, question);
  });
  return c;
}

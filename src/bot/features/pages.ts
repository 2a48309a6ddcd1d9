import { Composer, GrammyError, type Context } from 'grammy';
import type { BotDeps } from '../deps.js';
import { parseCallback } from '../callbacks.js';
import { answerCallback, EXPIRED } from '../send.js';
import { renderAnswer } from './ask.js';
import { renderCounty } from './county.js';

/**
 * The ‹ i/N › buttons: the query behind them is looked up in SQLite (so they survive restarts)
 * and the message is edited in place. Unknown ids and out-of-range pages are "expired".
 */
export function pagesFeature(deps: BotDeps): Composer<Context> {
  const c = new Composer<Context>();
  c.callbackQuery(/^p:/, async (ctx) => {
    const data = parseCallback(ctx.callbackQuery.data);
    const saved = data?.type === 'page' ? deps.queries.get(data.query) : undefined;
    if (!saved || data?.type !== 'page' || saved.chatId !== ctx.chat?.id) return answerCallback(ctx, EXPIRED);
    let view: { text: string; keyboard: ReturnType<typeof renderCounty>['keyboard']; pages: number };
    if (saved.kind === 'ask') {
      const r = renderAnswer(deps, saved.text, data.page, saved.id);
      view = { text: r.view.text, keyboard: r.keyboard(), pages: r.view.pages };
    } else {
      view = renderCounty(deps, saved.text, data.page, saved.id);
    }
    if (data.page >= view.pages) return answerCallback(ctx, EXPIRED);
    await answerCallback(ctx);
    try {
      await ctx.editMessageText(view.text, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        reply_markup: view.keyboard,
      });
    } catch (err) {
      if (!(err instanceof GrammyError && /not modified/.test(err.description))) throw err;
    }
  });
  c.callbackQuery('x', (ctx) => answerCallback(ctx));
  return c;
}

import { Composer, type Context } from 'grammy';
import { onCallback } from '../callbackData.js';
import { answerCallback, EXPIRED, replyHtml } from '../send.js';
import { inGroup } from '../addressing.js';
import { EXAMPLES } from '../keyboards/examples.js';

/**
 * What no other feature took: buttons that do nothing are answered quietly, any other button
 * (forged, old, or from a list that expired) as expired; messages get polite hints in private
 * chats and silence in groups.
 */
export function fallbackFeature(): Composer<Context> {
  const c = new Composer<Context>();
  onCallback(c, 'noop', (ctx) => answerCallback(ctx));
  c.on('callback_query', (ctx) => answerCallback(ctx, EXPIRED));
  c.on('message', async (ctx) => {
    const text = ctx.message.text;
    if (text?.startsWith('/')) {
      // `/cmd@OtherBot` is for another bot; only our own unknown commands get a hint.
      const target = /^\/[^\s@]+@(\S+)/.exec(text)?.[1];
      if (target && target.toLowerCase() !== ctx.me.username.toLowerCase()) return;
      if (!inGroup(ctx) || target) await replyHtml(ctx, '没有这个命令。发送 /help 查看用法，或直接提问。');
      return;
    }
    if (inGroup(ctx)) {
      if (ctx.message.reply_to_message?.from?.id === ctx.me.id)
        await replyHtml(ctx, '我只能回答文字问题，请用文字提问。');
      return;
    }
    await replyHtml(ctx, `我只能回答文字问题。请直接输入问题，例如：${EXAMPLES[0]}`);
  });
  return c;
}

import { Composer, type Api, type Context } from 'grammy';
import type { Casebook } from '../../casebook/casebook.js';
import type { Clock } from '../../daily/clock.js';
import { DeliveryError } from '../../daily/queue.js';
import type { DailyJob, Transport } from '../../daily/scheduler.js';
import { DEFAULT_TIME, parseTime } from '../../daily/schedule.js';
import type { BotDeps, DailyDeps } from '../deps.js';
import { replyHtml } from '../send.js';
import { inGroup } from '../addressing.js';
import { classify } from '../telegramErrors.js';
import { caseKeyboard } from '../keyboards/cases.js';
import { dailyText, subscriptionText } from '../views/daily.js';
import { clip, escapeHtml } from '../views/html.js';

/**
 * The daily case study in the chat: /subscribe, /subscription and /unsubscribe, and the transport
 * that delivers the scheduler's jobs as messages. The schedule, the store and the queue are the
 * domain's (src/daily/).
 */

export type DailyFeatureDeps = Pick<BotDeps, 'casebook' | 'adminUserIds' | 'timeZone' | 'log'> & { daily: DailyDeps };

const ADMIN = new Set(['creator', 'administrator']);

/**
 * In groups only administrators (or the bot's ADMIN_USER_IDS) may change the subscription;
 * `unknown` when Telegram could not be asked.
 */
async function mayManage(ctx: Context, deps: DailyFeatureDeps): Promise<boolean | 'unknown'> {
  if (!inGroup(ctx)) return true;
  const user = ctx.from?.id;
  if (user === undefined) return false;
  if (deps.adminUserIds.includes(user)) return true;
  try {
    return ADMIN.has((await ctx.getChatMember(user)).status);
  } catch (err) {
    deps.log.warn(`查询管理员身份失败：${(err as Error).message}`);
    return 'unknown';
  }
}

const UNKNOWN_ADMIN = '暂时无法确认您的管理员身份（Telegram 接口出错），请稍后再试。';

export function dailyFeature(deps: DailyFeatureDeps): Composer<Context> {
  const c = new Composer<Context>();
  const { store, scheduler, clock } = deps.daily;

  const status = (chatId: number): string => {
    const sub = store.get(chatId);
    const ids = deps.casebook.articles.map((a) => a.id);
    return subscriptionText(
      sub,
      sub?.active ? scheduler.nextSlot(sub) : undefined,
      clock.now(),
      sub?.active ? store.remaining(chatId, ids) : 0,
    );
  };

  c.command('subscribe', async (ctx) => {
    const arg = ctx.match.trim();
    const time = arg ? parseTime(arg) : DEFAULT_TIME;
    if (!time) {
      await replyHtml(
        ctx,
        `时间格式不对：“${escapeHtml(clip(arg, 20))}”。请用 24 小时制的 时:分，例如 /subscribe 09:00 或 /subscribe 18:30。`,
      );
      return;
    }
    const may = await mayManage(ctx, deps);
    if (may !== true) {
      await replyHtml(
        ctx,
        may === 'unknown' ? UNKNOWN_ADMIN : '只有群管理员可以订阅或修改每日推送。发送 /subscription 可以查看当前设置。',
      );
      return;
    }
    const msg = ctx.msg;
    store.upsert({
      chatId: ctx.chat.id,
      threadId: msg?.is_topic_message ? (msg.message_thread_id ?? null) : null,
      time,
      timeZone: deps.timeZone,
      createdBy: ctx.from?.id ?? null,
    });
    scheduler.reschedule();
    await replyHtml(ctx, `✅ 已订阅。\n${status(ctx.chat.id)}`);
  });

  c.command('unsubscribe', async (ctx) => {
    const may = await mayManage(ctx, deps);
    if (may !== true) {
      await replyHtml(ctx, may === 'unknown' ? UNKNOWN_ADMIN : '只有群管理员可以取消每日推送。');
      return;
    }
    const stopped = store.deactivate(ctx.chat.id);
    scheduler.reschedule();
    await replyHtml(ctx, stopped ? '已取消每日案例推送。随时可以用 /subscribe 重新订阅。' : '本会话没有订阅每日案例。');
  });

  c.command('subscription', (ctx) => replyHtml(ctx, status(ctx.chat.id)));
  return c;
}

/** Delivers daily cases through a bot's API (looked up late: the bot is built after the scheduler). */
export function telegramTransport(api: () => Api, casebook: Casebook, timeZone: string, clock: Clock): Transport {
  return {
    async send(job: DailyJob) {
      const article = casebook.article(job.articleId);
      if (!article) throw new DeliveryError('other', `案例 ${job.articleId} 已不在案例库中`);
      try {
        const sent = await api().sendMessage(job.chatId, dailyText(article, clock.now(), timeZone), {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          reply_markup: caseKeyboard(article),
          ...(job.threadId ? { message_thread_id: job.threadId } : {}),
        });
        return sent.message_id;
      } catch (err) {
        throw classify(err);
      }
    },
  };
}

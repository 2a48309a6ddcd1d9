import { Composer, type Context } from 'grammy';
import type { BotDeps } from '../deps.js';
import { escapeHtml } from '../format.js';
import { replyHtml } from '../send.js';
import { inGroup } from '../addressing.js';
import { DEFAULT_TIME, describeSlot, parseTime } from '../../daily/schedule.js';

const ADMIN = new Set(['creator', 'administrator']);

/** In groups only administrators (or the bot's ADMIN_USER_IDS) may change the subscription. */
async function mayManage(ctx: Context, deps: BotDeps): Promise<boolean> {
  if (!inGroup(ctx)) return true;
  const user = ctx.from?.id;
  if (user === undefined) return false;
  if (deps.adminUserIds.includes(user)) return true;
  try {
    return ADMIN.has((await ctx.getChatMember(user)).status);
  } catch (err) {
    deps.log.warn(`查询管理员身份失败：${(err as Error).message}`);
    return false;
  }
}

export function subscribeFeature(deps: BotDeps): Composer<Context> {
  const c = new Composer<Context>();
  const daily = deps.daily;
  if (!daily) return c;
  const { store, scheduler } = daily;

  const status = (chatId: number): string => {
    const sub = store.get(chatId);
    if (!sub?.active) return '本会话还没有订阅每日案例。发送 /subscribe 09:00 订阅（时间可改）。';
    const now = daily.clock.now();
    const next = describeSlot(scheduler.nextSlot(sub), now, sub.timeZone);
    const left = store.remaining(
      chatId,
      deps.casebook.articles.map((a) => a.id),
    );
    return [
      `📬 每天 <b>${escapeHtml(sub.time)}</b>（${escapeHtml(sub.timeZone)}）推送一篇案例${sub.threadId ? '到本话题' : ''}。`,
      `下一次：${escapeHtml(next)}`,
      `本轮还有 ${left} 篇没推送过，推完后重新洗牌。`,
    ].join('\n');
  };

  c.command('subscribe', async (ctx) => {
    const arg = ctx.match.trim();
    const time = arg ? parseTime(arg) : DEFAULT_TIME;
    if (!time) {
      await replyHtml(
        ctx,
        `时间格式不对：“${escapeHtml(arg.slice(0, 20))}”。请用 24 小时制的 时:分，例如 /subscribe 09:00 或 /subscribe 18:30。`,
      );
      return;
    }
    if (!(await mayManage(ctx, deps))) {
      await replyHtml(ctx, '只有群管理员可以订阅或修改每日推送。发送 /subscription 可以查看当前设置。');
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
    if (!(await mayManage(ctx, deps))) {
      await replyHtml(ctx, '只有群管理员可以取消每日推送。');
      return;
    }
    const stopped = store.deactivate(ctx.chat.id);
    scheduler.reschedule();
    await replyHtml(ctx, stopped ? '已取消每日案例推送。随时可以用 /subscribe 重新订阅。' : '本会话没有订阅每日案例。');
  });

  c.command('subscription', (ctx) => replyHtml(ctx, status(ctx.chat.id)));
  return c;
}

import type { Context, MiddlewareFn } from 'grammy';
import type { BotDeps } from './deps.js';
import { INLINE_HINT_PAYLOAD } from './deepLinks.js';

const MEMBER = new Set(['creator', 'administrator', 'member', 'restricted']);
const CACHE_MS = 10 * 60 * 1000;

/**
 * The allowlist. With ALLOWED_CHAT_IDS set, only those chats are served, plus private chats and
 * inline queries of their members and of ADMIN_USER_IDS. Others get one polite refusal, then
 * silence (inline queries: an empty answer with a hint).
 */
export function accessControl(deps: BotDeps): MiddlewareFn<Context> {
  const allowed = new Set(deps.allowedChatIds);
  const admins = new Set(deps.adminUserIds);
  const memberCache = new Map<number, { ok: boolean; at: number }>();

  /**
   * Whether the user is in one of the allowed groups; `unknown` when a group could not be asked
   * (an API error), which is neither cached nor taken for a refusal.
   */
  async function membership(ctx: Context, userId: number): Promise<'member' | 'outsider' | 'unknown'> {
    const hit = memberCache.get(userId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.ok ? 'member' : 'outsider';
    let failed = false;
    for (const chatId of allowed) {
      try {
        const m = await ctx.api.getChatMember(chatId, userId);
        if (MEMBER.has(m.status)) {
          memberCache.set(userId, { ok: true, at: Date.now() });
          return 'member';
        }
      } catch (err) {
        failed = true;
        deps.log.warn(`查询群成员失败（群 ${chatId}）：${(err as Error).message}`);
      }
    }
    if (failed) return 'unknown';
    memberCache.set(userId, { ok: false, at: Date.now() });
    return 'outsider';
  }

  /**
   * Inline queries come from a user in any chat: members of the allowed chats and editors get
   * results, anyone else an empty, personal answer whose button says why.
   */
  async function inline(ctx: Context, userId: number, next: () => Promise<void>): Promise<void> {
    if (admins.has(userId)) return next();
    const status = await membership(ctx, userId);
    if (status === 'member') return next();
    const text =
      status === 'unknown' ? '暂时无法确认您的工作群成员身份，请稍后再试' : '本机器人仅供指定工作群的成员使用';
    await ctx
      .answerInlineQuery([], {
        cache_time: 10,
        is_personal: true,
        button: { text, start_parameter: INLINE_HINT_PAYLOAD },
      })
      .catch(() => {});
  }

  return async (ctx, next) => {
    if (allowed.size === 0) return next();
    if (ctx.inlineQuery) return inline(ctx, ctx.inlineQuery.from.id, next);
    const chat = ctx.chat;
    if (!chat) return; // updates without a chat carry nothing to answer
    if (chat.type !== 'private' && allowed.has(chat.id)) return next();
    const user = ctx.from?.id;
    let status: Awaited<ReturnType<typeof membership>> = 'outsider';
    if (chat.type === 'private' && user !== undefined) {
      if (admins.has(user)) return next();
      status = await membership(ctx, user);
      if (status === 'member') return next();
    }

    if (status === 'unknown') {
      // Telegram could not tell us: not a refusal, so nothing is recorded and the next message asks again.
      const text = '暂时无法确认您是否为工作群成员（Telegram 接口出错），请稍后再试。';
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text }).catch(() => {});
      else await ctx.reply(text).catch(() => {});
      return;
    }

    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: '本机器人仅供指定的工作群使用。' }).catch(() => {});
      return;
    }
    if (deps.refusals.first(chat.id)) {
      deps.log.info(`拒绝未授权的会话 ${chat.id}（${chat.type}）`);
      await ctx
        .reply('您好！本机器人仅供指定的组织工作群及其成员使用，暂不能为这里提供服务。如需开通，请联系管理员。')
        .catch(() => {});
    }
  };
}

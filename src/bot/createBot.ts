import { Bot, type ApiClientOptions, type Composer, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { sequentialize } from '@grammyjs/runner';
import type { BotDeps } from './deps.js';
import { accessControl } from './access.js';
import { isUnreachableChat } from './telegramErrors.js';
import { answerCallback } from './send.js';
import { helpFeature } from './features/help.js';
import { countyFeature } from './features/county.js';
import { askFeature } from './features/ask.js';
import { articleFeature } from './features/article.js';
import { statsFeature } from './features/stats.js';
import { dailyFeature } from './features/daily.js';
import { fallbackFeature } from './features/fallback.js';
import { topicsFeature } from './features/topics.js';
import { exportFeature } from './features/export.js';
import { followUpFeature } from './features/followup.js';
import { inlineFeature } from './features/inline.js';

export interface CreateBotOptions {
  /** Given in tests and the console, so that no getMe call is made. */
  botInfo?: UserFromGetMe;
  /** Another Bot API server (a local one, or the test emulator). */
  apiRoot?: string;
  /** grammY client options (API root and proxy agent: `clientOptions` in proxy.ts); wins over `apiRoot`. */
  client?: ApiClientOptions;
  /** Extra feature composers, installed before the free-text handler. */
  features?: Composer<Context>[];
}

/**
 * The bot: access control, then one Composer per feature, all over injected deps, so that the
 * console chat, the tests and production run the very same handlers. Features do not know each
 * other: they share the callback data, keyboards and views.
 */
export function createBot(token: string, deps: BotDeps, options: CreateBotOptions = {}): Bot {
  const bot = new Bot(token, {
    botInfo: options.botInfo,
    client: options.client ?? (options.apiRoot ? { apiRoot: options.apiRoot } : undefined),
  });
  // One chat's updates are handled in order; different chats run concurrently under the runner.
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  // Errors stop at this boundary (for the runner, webhooks and handleUpdate alike): logged, the
  // user told politely where possible, and the bot goes on.
  const guarded = bot.errorBoundary((err) => {
    deps.log.error({ err: err.error }, `处理更新 ${err.ctx.update.update_id} 时出错`);
    if (err.ctx.chat && !isUnreachableChat(err.error)) {
      err.ctx.reply('抱歉，处理这条消息时出了点问题，请稍后再试。').catch(() => {});
    }
  });
  // A button on an inline message has no chat to answer in (and is no chat's to allow): the press
  // is answered, so that its spinner stops, and goes no further.
  guarded.on('callback_query', (ctx, next) =>
    ctx.callbackQuery.message ? next() : answerCallback(ctx, '请在与机器人的对话中使用这个按钮。'),
  );
  guarded.use(accessControl(deps));
  guarded.use(
    helpFeature(deps),
    countyFeature(deps),
    articleFeature(deps),
    statsFeature(deps),
    topicsFeature(deps),
    exportFeature(deps),
    inlineFeature(deps),
    ...(deps.daily ? [dailyFeature({ ...deps, daily: deps.daily })] : []),
    ...(options.features ?? []),
  );
  // Last: replies that refine an answer (还有吗, 导出…), then free text is a question, and anything
  // still unanswered gets the fallback.
  guarded.use(followUpFeature(deps), askFeature(deps), fallbackFeature());
  bot.catch((err) => deps.log.error({ err: err.error }, `处理更新 ${err.ctx.update.update_id} 时出错`));
  return bot;
}

import { Bot, GrammyError, type ApiClientOptions, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { sequentialize } from '@grammyjs/runner';
import type { BotDeps } from './deps.js';
import { accessControl } from './access.js';
import { helpFeature } from './features/help.js';
import { countyFeature } from './features/county.js';
import { askFeature } from './features/ask.js';
import { articleFeature } from './features/article.js';
import { statsFeature } from './features/stats.js';
import { pagesFeature } from './features/pages.js';
import { fallbackFeature } from './features/fallback.js';
import { subscribeFeature } from './features/subscribe.js';
import type { Composer } from 'grammy';

/** The command menu, registered with setMyCommands. */
export const COMMANDS = [
  { command: 'ask', description: '提问，如：金乡党代表工作室接待了多少人' },
  { command: 'county', description: '按县区浏览案例，如：/county 金乡' },
  { command: 'random', description: '随机看一篇案例' },
  { command: 'case', description: '按编号阅读全文' },
  { command: 'subscribe', description: '订阅每日案例，如：/subscribe 09:00' },
  { command: 'subscription', description: '查看每日案例订阅' },
  { command: 'unsubscribe', description: '取消每日案例' },
  { command: 'stats', description: '案例库统计' },
  { command: 'help', description: '使用说明' },
];

export interface CreateBotOptions {
  /** Given in tests and the console, so that no getMe call is made. */
  botInfo?: UserFromGetMe;
  /** Another Bot API server (a local one, or the test emulator). */
  apiRoot?: string;
  /** grammY client options (API root and proxy agent: `clientOptions` in proxy.ts); wins over `apiRoot`. */
  client?: ApiClientOptions;
  /** Extra feature composers (e.g. subscriptions), installed before the free-text handler. */
  features?: Composer<Context>[];
}

/**
 * The bot: access control, then one Composer per feature, all over injected deps, so that the
 * console chat, the tests and production run the very same handlers.
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
    if (err.ctx.chat && !(err.error instanceof GrammyError && err.error.error_code === 403)) {
      err.ctx.reply('抱歉，处理这条消息时出了点问题，请稍后再试。').catch(() => {});
    }
  });
  guarded.use(accessControl(deps));
  guarded.use(
    helpFeature(deps),
    countyFeature(deps),
    articleFeature(deps),
    statsFeature(deps),
    pagesFeature(deps),
    subscribeFeature(deps),
  );
  for (const f of options.features ?? []) guarded.use(f);
  guarded.use(askFeature(deps), fallbackFeature(deps));
  bot.catch((err) => deps.log.error({ err: err.error }, `处理更新 ${err.ctx.update.update_id} 时出错`));
  return bot;
}

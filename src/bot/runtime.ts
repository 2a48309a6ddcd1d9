import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { GrammyError, HttpError, webhookCallback, type Bot } from 'grammy';
import type { Transformer } from 'grammy';
import { run } from '@grammyjs/runner';
import { autoRetry } from '@grammyjs/auto-retry';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { editorMenuCommands, menuCommands } from './commands.js';

const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

/**
 * An empty getUpdates answer that came back early (a server that ignores the long-poll timeout,
 * or a network hiccup) waits out the rest of `minMs`, so an idle poll loop does not spin.
 */
export function pacePolling(minMs = 1000): Transformer {
  return async (prev, method, payload, signal) => {
    const started = Date.now();
    const res = await prev(method, payload, signal);
    if (method === 'getUpdates' && res.ok && Array.isArray(res.result) && res.result.length === 0) {
      const wait = minMs - (Date.now() - started);
      if (wait > 0)
        await sleep(wait, undefined, { signal: signal as globalThis.AbortSignal | undefined }).catch(() => {});
    }
    return res;
  };
}

/** getMe with retries on network errors; a rejected token is fatal with a clear message. */
async function init(bot: Bot, log: Logger): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await bot.init();
      return;
    } catch (err) {
      if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
        throw new Error('Telegram 拒绝了 BOT_TOKEN（无效或已被撤销），请到 @BotFather 重新获取', { cause: err });
      }
      const wait = Math.min(60, 2 ** attempt);
      log.warn(
        `连接 Telegram 失败（${err instanceof HttpError ? '网络错误' : (err as Error).message}），${wait} 秒后重试`,
      );
      await sleep(wait * 1000);
    }
  }
}

/**
 * Editors' commands (/date, /fix, /fixes, /removepage) in the menu of each editor's private chat
 * only (BotCommandScopeChat; in a private chat the chat id is the user id). Telegram refuses this
 * for an editor who has never started a chat with the bot: logged, and the commands still work.
 */
export async function setEditorMenus(bot: Bot, editors: readonly number[], log: Logger): Promise<void> {
  for (const id of editors) {
    try {
      await bot.api.setMyCommands(editorMenuCommands(), { scope: { type: 'chat', chat_id: id } });
    } catch (err) {
      log.warn(
        `为编辑 ${id} 注册编辑命令菜单失败（对方可能还没和机器人对话过，命令仍可用）：${(err as Error).message}`,
      );
    }
  }
}

export interface Running {
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The shortest time between two empty getUpdates answers (see pacePolling); default 1 s. */
  pollFloorMs?: number;
}

/** Starts the bot on Telegram: long polling with the runner, or a webhook server. */
export async function startTelegram(
  bot: Bot,
  config: Config,
  log: Logger,
  options: StartOptions = {},
): Promise<Running> {
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 300 }));
  bot.api.config.use(pacePolling(options.pollFloorMs));
  await init(bot, log);
  const me = bot.botInfo;
  log.info(`已登录为 @${me.username}（${me.id}）`);
  log.info(
    me.can_read_all_group_messages
      ? '隐私模式已关闭（can_read_all_group_messages=true）：群里的所有消息都会送达本机器人。' +
          (config.answerAllGroupMessages
            ? '已开启 ANSWER_ALL_GROUP_MESSAGES，会回答群里像问题的消息。'
            : '仍只回答 /ask、@提及和对机器人消息的回复。')
      : '隐私模式已开启（can_read_all_group_messages=false）：群成员需用 /ask、@机器人 或回复机器人的消息来提问。' +
          (config.answerAllGroupMessages
            ? '注意：ANSWER_ALL_GROUP_MESSAGES 需要在 @BotFather 关闭隐私模式后才会生效。'
            : ''),
  );
  try {
    await bot.api.setMyCommands(menuCommands());
  } catch (err) {
    log.warn(`注册命令菜单失败（不影响使用）：${(err as Error).message}`);
  }
  await setEditorMenus(bot, config.adminUserIds, log);

  if (config.webhook) {
    const { url, secret, host, port } = config.webhook;
    const handle = webhookCallback(bot, 'http', { secretToken: secret });
    const server = createServer((req, res) => {
      if (req.method !== 'POST') {
        res.writeHead(405).end();
        return;
      }
      handle(req, res).catch((err: unknown) => {
        log.error({ err }, 'webhook 处理失败');
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
    log.info(`webhook 模式：监听 ${host}:${port}，Telegram 推送到 ${new URL(url).origin}`);
    return { stop: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  await bot.api.deleteWebhook().catch((err: unknown) => log.warn(`删除 webhook 失败：${(err as Error).message}`));
  const runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } } });
  log.info('长轮询模式：开始接收消息');
  return { stop: () => (runner.isRunning() ? runner.stop() : Promise.resolve()) };
}

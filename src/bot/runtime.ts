import { setTimeout as sleep } from 'node:timers/promises';
import { GrammyError, HttpError, type Bot } from 'grammy';
import type { Transformer } from 'grammy';
import { run } from '@grammyjs/runner';
import { autoRetry } from '@grammyjs/auto-retry';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { menuCommands } from './commands.js';
import { describeEndpoint, failureReason, networkReason, scrubbed } from './proxy.js';
import { startWebhookServer } from './webhook.js';

const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'inline_query', 'my_chat_member'] as const;

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

export interface StartOptions {
  /** Aborts the start-up (getMe retries) and stops waiting; a signal handler sets it. */
  signal?: AbortSignal;
  /** After this long without an answer to getMe, say so (default 4 s). */
  slowAfterMs?: number;
  /** One getMe attempt gives up after this long (default 30 s). */
  attemptTimeoutMs?: number;
  /** Waits between getMe attempts, the last repeated (default 2, 4, 8, 16, 32, 60 s). */
  retryDelaysMs?: readonly number[];
}

const RETRY_DELAYS_MS = [2000, 4000, 8000, 16_000, 32_000, 60_000];

/**
 * getMe until it answers. Every failure is logged at once with the API root and proxy (never the
 * token) and the wait before the next attempt; a slow first answer is reported too. A rejected
 * token is fatal with a clear message.
 */
async function init(bot: Bot, config: Config, log: Logger, options: StartOptions): Promise<void> {
  const where = describeEndpoint(config.telegram);
  const delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  log.info(`正在连接 Telegram Bot API：${where}`);
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    const slow = setTimeout(
      () => log.warn(`Telegram Bot API 还没有应答：${where}；仍在等待（第 ${attempt} 次尝试）…`),
      options.slowAfterMs ?? 4000,
    );
    const attemptMs = options.attemptTimeoutMs ?? 30_000;
    const timeout = AbortSignal.timeout(attemptMs);
    const signals = [timeout];
    if (options.signal) signals.push(options.signal);
    let failure: unknown;
    try {
      // getMe directly: bot.init() would retry network errors silently, forever.
      bot.botInfo = await bot.api.getMe(AbortSignal.any(signals) as Parameters<Bot['api']['getMe']>[0]);
    } catch (err) {
      failure = err;
    } finally {
      clearTimeout(slow);
    }
    options.signal?.throwIfAborted();
    if (failure === undefined) {
      if (attempt > 1) log.info(`已连上 Telegram Bot API（第 ${attempt} 次尝试）`);
      return;
    }
    if (failure instanceof GrammyError && (failure.error_code === 401 || failure.error_code === 404)) {
      throw new Error('Telegram 拒绝了 BOT_TOKEN（无效或已被撤销），请到 @BotFather 重新获取', { cause: failure });
    }
    const reason =
      failure instanceof GrammyError
        ? `Bot API 返回 ${failure.error_code}`
        : timeout.aborted
          ? `${formatSeconds(attemptMs)}内没有应答`
          : failureReason(config.telegram, failure);
    const wait = delays[Math.min(attempt - 1, delays.length - 1)]!;
    log.warn(
      `无法连接 Telegram Bot API：${where}：${reason}；${formatSeconds(wait)}后第 ${attempt + 1} 次尝试。` +
        (config.telegram.proxy.url
          ? '请检查代理是否可用。'
          : '如在中国大陆，请设置 HTTPS_PROXY 或 ALL_PROXY（见 README）。'),
    );
    await sleep(wait, undefined, { signal: options.signal });
  }
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} 毫秒` : `${Math.round(ms / 100) / 10} 秒`;
}

/**
 * Logs a run of failed API calls after start-up (auto-retry retries network errors and 5xx
 * answers silently): the first failure at once, then at most once a minute while they go on,
 * and the recovery.
 */
export function connectivityLog(config: Config, log: Logger, everyMs = 60_000): Transformer {
  let failingSince: number | undefined;
  let failures = 0;
  let lastLog = 0;
  const failed = (method: string, reason: string) => {
    const now = Date.now();
    failures++;
    if (failingSince === undefined || now - lastLog >= everyMs) {
      log.warn(
        `与 Telegram Bot API 的连接中断：${describeEndpoint(config.telegram)}：${reason}` +
          `（${method}，已失败 ${failures} 次，自动退避重试中）`,
      );
      lastLog = now;
    }
    failingSince ??= now;
  };
  return async (prev, method, payload, signal) => {
    try {
      const res = await prev(method, payload, signal);
      if (!res.ok && res.error_code >= 500) {
        failed(method, `Bot API 返回 ${res.error_code}`);
        return res;
      }
      if (failingSince !== undefined) {
        log.info(
          `已恢复与 Telegram Bot API 的连接（中断约 ${formatSeconds(Date.now() - failingSince)}，失败 ${failures} 次）`,
        );
        failingSince = undefined;
        failures = 0;
      }
      return res;
    } catch (err) {
      if (!(err instanceof HttpError) || signal?.aborted) throw err;
      failed(method, failureReason(config.telegram, err));
      throw err;
    }
  };
}

export interface Running {
  stop(): Promise<void>;
  /** Settles when long polling ends by itself (e.g. another instance took over: 409). */
  ended: Promise<Error | undefined>;
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
  bot.api.config.use(pacePolling(options.pollFloorMs));
  await init(bot, config, log, options);
  // Installed after getMe, which reports its own failures; the connectivity log sits inside
  // auto-retry, so it sees every attempt.
  bot.api.config.use(connectivityLog(config, log));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 300 }));
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

  if (config.webhook) {
    const { url, secret, host, port } = config.webhook;
    const webhook = await startWebhookServer(bot, { secret, host, port, log });
    await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] });
    log.info(`webhook 模式：监听 ${host}:${webhook.port}，Telegram 推送到 ${new URL(url).origin}`);
    return { stop: () => webhook.close(), ended: new Promise(() => {}) };
  }

  await bot.api.deleteWebhook().catch((err: unknown) => log.warn(`删除 webhook 失败：${(err as Error).message}`));
  const runner = run(bot, {
    runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true },
  });
  log.info('长轮询模式：开始接收消息');
  const ended = (runner.task() ?? Promise.resolve()).then(
    () => undefined,
    (err: unknown) => {
      const conflict = err instanceof GrammyError && err.error_code === 409;
      log.error(
        conflict
          ? '长轮询被 Telegram 终止（409）：另有一个进程在用同一个 BOT_TOKEN 接收消息，或设置了 webhook。请只运行一个实例。'
          : `长轮询意外停止：${err instanceof HttpError ? networkReason(err) : scrubbed(String((err as Error)?.message ?? err))}`,
      );
      return err instanceof Error ? err : new Error(String(err));
    },
  );
  return { stop: () => (runner.isRunning() ? runner.stop() : Promise.resolve()), ended };
}

/**
 * Entry point. Reads the configuration, runs the start-up job (database, index snapshot or build),
 * then serves Telegram, or, without BOT_TOKEN, opens a console chat over the same bot
 * (`npm start -- --admin` makes the console user an editor).
 *
 * SIGTERM, SIGINT or SIGHUP stop it within a second: polling is aborted, the database closed, and
 * the process exits even if an update is still being handled. Run it as `node --v8-pool-size=1
 * --import tsx src/main.ts` (deploy/ and `npm start` do; see NODE_FLAGS in config.ts) so that a
 * service manager's signal reaches it directly.
 */
import 'dotenv/config';
import { loadConfig, type Config } from './config.js';
import { openApp, type App } from './app.js';
import { createLogger, exitOnStartupError } from './logger.js';
import { createBot } from './bot/createBot.js';
import { startTelegram, type Running } from './bot/runtime.js';
import { consoleHarness } from './console/open.js';
import { runRepl } from './console/repl.js';
import { CONSOLE_USER, PRIVATE_CHAT } from './testing/harness.js';
import { folderNotifier } from './bot/features/upload.js';

/** Time given to a graceful stop before the process exits anyway. */
const STOP_DEADLINE_MS = 800;

const log = createLogger();
let config: Config;
let app: App;
try {
  config = loadConfig();
  // The console user as an editor (ADMIN_USER_IDS), to try adding pages without Telegram.
  if (!config.botToken && process.argv.includes('--admin'))
    config = { ...config, adminUserIds: [...config.adminUserIds, CONSOLE_USER.id] };
  app = openApp(config, log);
} catch (err) {
  exitOnStartupError(err, log);
}
// Only the running bot watches the pages folder; the other commands read it once and exit.
app.watchPages();

if (!config.botToken) {
  console.log(
    '未设置 BOT_TOKEN，打开本地控制台聊天（与 Telegram 中的机器人是同一套处理程序）。输入 /help 开始，输入数字按按钮，Ctrl+D 退出。',
  );
  app.warmTopics();
  const harness = consoleHarness(app.deps);
  app.ingest.onFolderEvent(folderNotifier(() => harness.bot.api, config.adminUserIds, log));
  app.startDaily(harness.bot.api);
  await runRepl(harness, PRIVATE_CHAT);
  app.close();
} else {
  const bot = createBot(config.botToken, app.deps, { telegram: config.telegram });
  const stopping = new AbortController();
  let running: Running | undefined;
  const shutdown = (why: string, code = 0) => {
    if (stopping.signal.aborted) return;
    stopping.abort();
    log.info(`${why}，正在停止…`);
    setTimeout(() => {
      log.warn('未能在限定时间内停止，强制退出');
      process.exit(code);
    }, STOP_DEADLINE_MS).unref();
    void (running?.stop() ?? Promise.resolve())
      .catch(() => {})
      .finally(() => {
        app.close();
        process.exit(code);
      });
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => shutdown(`收到 ${signal}`));
  try {
    running = await startTelegram(bot, config, log, { signal: stopping.signal });
  } catch (err) {
    // A signal during start-up: shutdown() is already on its way out.
    if (!stopping.signal.aborted) exitOnStartupError(err, log);
  }
  if (running && !stopping.signal.aborted) {
    app.startDaily(bot.api);
    // Editors hear about pages dropped into the pages folder, in their private chats.
    app.ingest.onFolderEvent(folderNotifier(() => bot.api, config.adminUserIds, log));
    void running.ended.then((err) => {
      if (err) shutdown('长轮询已停止', 1);
    });
  }
}

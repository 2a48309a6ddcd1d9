/**
 * Entry point. Reads the configuration, runs the start-up job (index snapshot or build), then
 * serves Telegram, or, without BOT_TOKEN, opens a console chat over the same bot
 * (`npm start -- --admin` makes the console user an editor).
 */
import 'dotenv/config';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openApp } from './app.js';
import { createLogger } from './logger.js';
import { createBot } from './bot/createBot.js';
import { startTelegram } from './bot/runtime.js';
import { consoleHarness } from './console/open.js';
import { runRepl } from './console/repl.js';
import { CONSOLE_USER, PRIVATE_CHAT } from './testing/harness.js';
import { folderNotifier } from './bot/features/upload.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}

// The console user as an editor (ADMIN_USER_IDS), to try adding pages without Telegram.
if (!config.botToken && process.argv.includes('--admin'))
  config = { ...config, adminUserIds: [...config.adminUserIds, CONSOLE_USER.id] };

const log = createLogger();
const app = openApp(config, log);
// Only the running bot watches the pages folder; the other commands read it once and exit.
app.watchPages();

if (!config.botToken) {
  console.log(
    '未设置 BOT_TOKEN，打开本地控制台聊天（与 Telegram 中的机器人是同一套处理程序）。输入 /help 开始，输入数字按按钮，Ctrl+D 退出。',
  );
  const harness = consoleHarness(app.deps);
  app.ingest.onFolderEvent(folderNotifier(() => harness.bot.api, config.adminUserIds, log));
  app.startDaily(harness.bot.api);
  await runRepl(harness, PRIVATE_CHAT);
  app.close();
} else {
  const bot = createBot(config.botToken, app.deps, { apiRoot: config.apiRoot });
  const running = await startTelegram(bot, config, log).catch((err: Error) => {
    log.error(err.message);
    process.exit(1);
  });
  app.startDaily(bot.api);
  // Editors hear about pages dropped into the pages folder, in their private chats.
  app.ingest.onFolderEvent(folderNotifier(() => bot.api, config.adminUserIds, log));
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`收到 ${signal}，正在停止…`);
    await running.stop().catch(() => {});
    app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

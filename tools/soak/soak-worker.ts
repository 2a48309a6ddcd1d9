/**
 * The soak test's bot process: the real app (casebook, SQLite, scheduler, outgoing queue) sending
 * daily cases to the Bot API at TELEGRAM_API_ROOT. It runs until killed.
 */
import { Bot } from 'grammy';
import { loadConfig } from '../../src/config.js';
import { openApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';

const log = createLogger({ level: 'info' }).child({ worker: true });
const config = loadConfig();
const app = openApp(config, log);
const bot = new Bot(config.botToken!, { client: { apiRoot: config.apiRoot } });
app.startDaily(bot.api);
console.error('[worker] 已启动');
process.on('SIGTERM', () => {
  app.close();
  process.exit(0);
});
setInterval(() => {}, 1 << 30);

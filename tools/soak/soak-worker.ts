/**
 * The soak test's bot process: the real app (casebook, SQLite, scheduler, outgoing queue) sending
 * daily cases to the Bot API at TELEGRAM_API_ROOT. It runs until killed.
 */
import { Bot } from 'grammy';
import { loadConfig, type Config } from '../../src/config.js';
import { openApp, type App } from '../../src/app.js';
import { createLogger, exitOnStartupError } from '../../src/logger.js';
import { clientOptions } from '../../src/bot/proxy.js';

const log = createLogger({ level: 'info' }).child({ worker: true });
let config: Config;
let app: App;
try {
  config = loadConfig();
  app = openApp(config, log);
} catch (err) {
  exitOnStartupError(err, log);
}
const bot = new Bot(config.botToken!, { client: clientOptions(config.telegram) });
app.startDaily(bot.api);
log.info('[worker] 已启动');
process.on('SIGTERM', () => {
  app.close();
  process.exit(0);
});
setInterval(() => {}, 1 << 30);

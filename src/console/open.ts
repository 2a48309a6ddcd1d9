import { createBot } from '../bot/createBot.js';
import type { BotDeps } from '../bot/deps.js';
import { ChatHarness, CONSOLE_BOT } from '../testing/harness.js';

/**
 * The real bot, wired to the harness instead of Telegram. Documents sent with `/upload` are
 * downloaded by the bot's own code (getFile, then the file's path) through the harness's file route.
 */
export function consoleHarness(deps: BotDeps): ChatHarness {
  const files: { harness?: ChatHarness } = {};
  const bot = createBot('0:console', deps, {
    botInfo: CONSOLE_BOT,
    fetchFile: (path, options) => files.harness!.fetchFile(path, options),
  });
  files.harness = new ChatHarness(bot);
  return files.harness;
}

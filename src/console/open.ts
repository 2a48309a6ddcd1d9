import { createBot } from '../bot/createBot.js';
import type { BotDeps } from '../bot/deps.js';
import { ChatHarness, CONSOLE_BOT } from '../testing/harness.js';

/** The real bot, wired to the harness instead of Telegram. */
export function consoleHarness(deps: BotDeps): ChatHarness {
  return new ChatHarness(createBot('0:console', deps, { botInfo: CONSOLE_BOT }));
}

import type { Casebook } from '../search/casebook.js';
import type { Refusals, SavedQueries } from '../state/savedQueries.js';
import type { SubscriptionStore } from '../subscriptions/store.js';
import type { DailyScheduler } from '../subscriptions/scheduler.js';
import type { Clock } from '../subscriptions/clock.js';

/** The daily case study: its store, scheduler and clock. */
export interface DailyDeps {
  store: SubscriptionStore;
  scheduler: DailyScheduler;
  clock: Clock;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

/** Everything the bot's features need, injected so that tests and the console share the bot. */
export interface BotDeps {
  casebook: Casebook;
  queries: SavedQueries;
  refusals: Refusals;
  log: Logger;
  /** Chats served; empty serves all. */
  allowedChatIds: readonly number[];
  adminUserIds: readonly number[];
  /** Answer every question-like group message (privacy mode off). */
  answerAllGroupMessages: boolean;
  timeZone: string;
  random?: () => number;
  /** Daily subscriptions; without them /subscribe and friends are not offered. */
  daily?: DailyDeps;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export function consoleLogger(prefix = ''): Logger {
  return {
    info: (m) => console.error(`${prefix}${m}`),
    warn: (m) => console.error(`${prefix}警告：${m}`),
    error: (m, err) => console.error(`${prefix}错误：${m}`, err instanceof Error ? err.message : err ?? ''),
  };
}

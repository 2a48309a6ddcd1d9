import type { Casebook } from '../casebook/casebook.js';
import type { Refusals, SavedQueries } from '../db/savedQueries.js';
import type { SubscriptionStore } from '../daily/store.js';
import type { DailyScheduler } from '../daily/scheduler.js';
import type { Clock } from '../daily/clock.js';
import type { Logger } from '../logger.js';

/** The daily case study: its store, scheduler and clock. */
export interface DailyDeps {
  store: SubscriptionStore;
  scheduler: DailyScheduler;
  clock: Clock;
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
  /** The time, for dates written into exports (default: the system clock). */
  now?: () => Date;
  /** Daily subscriptions; without them /subscribe and friends are not offered. */
  daily?: DailyDeps;
}

import type { Api } from 'grammy';
import type { Config } from './config.js';
import { openCasebook, type Casebook } from './casebook/casebook.js';
import { openDatabase, type Db } from './db/db.js';
import { Refusals, SavedQueries } from './db/savedQueries.js';
import { indexDir, seedsDir } from './config.js';
import type { BotDeps } from './bot/deps.js';
import type { Logger } from './logger.js';
import { progressBar } from './logger.js';
import { SubscriptionStore } from './daily/store.js';
import { OutgoingQueue } from './daily/queue.js';
import { DailyScheduler } from './daily/scheduler.js';
import { systemClock, type Clock } from './daily/clock.js';
import { telegramTransport } from './bot/daily.js';

export interface App {
  casebook: Casebook;
  db: Db;
  deps: BotDeps;
  /** Connects the daily deliveries to a bot's API and starts the scheduler. */
  startDaily(api: Api): void;
  close(): void;
}

/** The start-up job and state: casebook (snapshot or build), SQLite, daily scheduler, bot deps. */
export function openApp(config: Config, log: Logger, clock: Clock = systemClock): App {
  // The database first: a problem there is reported before a long index build, not after.
  const db = openDatabase(config.dataDir, { log });
  const casebook = openCasebook({
    seedsDir: seedsDir(),
    indexDir: indexDir(),
    log,
    onProgress: progressBar('建立索引'),
  });
  const queries = new SavedQueries(db);
  queries.prune();
  let api: Api | undefined;
  const store = new SubscriptionStore(db, () => clock.now().getTime());
  const scheduler = new DailyScheduler({
    store,
    clock,
    queue: new OutgoingQueue({ clock, log }),
    transport: telegramTransport(() => api!, casebook, config.timeZone, clock),
    articleIds: () => casebook.articles.map((a) => a.id),
    catchUpMs: config.catchUpHours * 3600 * 1000,
    log,
  });
  const deps: BotDeps = {
    casebook,
    queries,
    refusals: new Refusals(db),
    log,
    allowedChatIds: config.allowedChatIds,
    adminUserIds: config.adminUserIds,
    answerAllGroupMessages: config.answerAllGroupMessages,
    timeZone: config.timeZone,
    daily: { store, scheduler, clock },
  };
  return {
    casebook,
    db,
    deps,
    startDaily(botApi) {
      api = botApi;
      scheduler.start();
    },
    close() {
      scheduler.stop();
      db.close();
    },
  };
}

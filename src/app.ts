import type { Api } from 'grammy';
import type { Config } from './config.js';
import { openCasebook, type Casebook } from './search/casebook.js';
import { openDatabase, type Db } from './state/db.js';
import { Refusals, SavedQueries } from './state/savedQueries.js';
import { indexDir, seedsDir } from './paths.js';
import type { BotDeps, Logger } from './bot/deps.js';
import { progressBar } from './progress.js';
import { SubscriptionStore } from './subscriptions/store.js';
import { OutgoingQueue } from './subscriptions/queue.js';
import { DailyScheduler } from './subscriptions/scheduler.js';
import { systemClock, type Clock } from './subscriptions/clock.js';
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
  const casebook = openCasebook({
    seedsDir: seedsDir(),
    indexDir: indexDir(),
    log: (m) => (m.startsWith('警告') ? log.warn(m.replace(/^警告：/, '')) : log.info(m)),
    onProgress: progressBar('建立索引'),
  });
  const db = openDatabase(config.dataDir);
  const queries = new SavedQueries(db);
  queries.prune();
  let api: Api | undefined;
  const store = new SubscriptionStore(db, () => clock.now().getTime());
  const scheduler = new DailyScheduler({
    store,
    clock,
    queue: new OutgoingQueue({ clock, log: (m) => log.warn(m) }),
    transport: telegramTransport(() => api!, casebook, config.timeZone, clock),
    articleIds: () => casebook.articles.map((a) => a.id),
    catchUpMs: config.catchUpHours * 3600 * 1000,
    log: (m) => log.info(m),
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

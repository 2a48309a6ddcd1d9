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
import { telegramTransport } from './bot/features/daily.js';
import { CasebookHolder } from './casebook/holder.js';
import { BackgroundUpdater, keepTopics } from './casebook/incremental.js';
import { IngestService } from './ingest/service.js';
import { PageWatcher } from './ingest/watcher.js';
import { casebookTopics } from './casebook/topics.js';

export interface App {
  /** The current casebook (holder.current). */
  readonly casebook: Casebook;
  /** The current casebook, swapped atomically when pages or edits change. */
  holder: CasebookHolder;
  /** Adding, dating, fixing and removing pages. */
  ingest: IngestService;
  db: Db;
  deps: BotDeps;
  /** Watches the pages folder (npm start only): dropped-in pages are added once stable. */
  watchPages(): PageWatcher;
  /**
   * Computes the current casebook's topics now in this thread (about a second per thousand
   * articles), unless they are there already. The app has the build thread compute them after it
   * opens and after every swap (keepTopics); answers use topics once they are there. The console
   * calls this before its first exchange.
   */
  warmTopics(): void;
  /** Connects the daily deliveries to a bot's API and starts the scheduler. */
  startDaily(api: Api): void;
  close(): void;
}

/** The start-up job and state: casebook (snapshot or build), SQLite, daily scheduler, bot deps. */
export function openApp(config: Config, log: Logger, clock: Clock = systemClock): App {
  // The database first: a problem there is reported before a long index build, not after.
  const db = openDatabase(config.dataDir, { log });
  const folders = { seedsDir: seedsDir(), indexDir: indexDir(), dataDir: config.dataDir };
  const updater = new BackgroundUpdater({ ...folders, log, now: () => clock.now() });
  const holder = new CasebookHolder(
    openCasebook({ ...folders, log, onProgress: progressBar('建立索引') }),
    updater,
    log,
  );
  const ingest = new IngestService({
    ...folders,
    db,
    holder,
    editors: config.adminUserIds,
    timeZone: config.timeZone,
    now: () => clock.now(),
    log,
  });
  let watcher: PageWatcher | undefined;
  const warmTopics = () => {
    const casebook = holder.current;
    try {
      const started = performance.now();
      const topics = casebookTopics(casebook);
      log.debug(`专题：${topics.length} 个（${Math.round(performance.now() - started)} ms）`);
    } catch (err) {
      log.warn(`专题提炼失败（/topics 暂不可用）：${(err as Error).message}`);
    }
  };
  // At start and after each swap, in the build thread (this thread only where it cannot), never
  // inside a request: answers read topics only once they are there (see bot/lists.ts).
  keepTopics(holder, updater, {
    log,
    computeHere: (casebook) => {
      if (holder.current === casebook) warmTopics();
    },
    onInstalled: (_, topics, ms) => log.debug(`专题：${topics.length} 个（后台线程，${Math.round(ms)} ms）`),
  });
  const queries = new SavedQueries(db);
  queries.prune();
  let api: Api | undefined;
  const store = new SubscriptionStore(db, () => clock.now().getTime());
  const scheduler = new DailyScheduler({
    store,
    clock,
    queue: new OutgoingQueue({ clock, log }),
    transport: { send: (job) => telegramTransport(() => api!, holder.current, config.timeZone, clock).send(job) },
    articleIds: () => holder.current.articles.map((a) => a.id),
    catchUpMs: config.catchUpHours * 3600 * 1000,
    log,
  });
  const deps: BotDeps = {
    get casebook() {
      return holder.current;
    },
    queries,
    refusals: new Refusals(db),
    log,
    allowedChatIds: config.allowedChatIds,
    adminUserIds: config.adminUserIds,
    answerAllGroupMessages: config.answerAllGroupMessages,
    timeZone: config.timeZone,
    now: () => clock.now(),
    daily: { store, scheduler, clock },
    ingest,
  };
  return {
    get casebook() {
      return holder.current;
    },
    holder,
    ingest,
    db,
    deps,
    warmTopics,
    watchPages() {
      watcher ??= new PageWatcher({ dir: folders.seedsDir, clock, log, onChanges: (c) => ingest.takeFolderChanges(c) });
      watcher.start();
      return watcher;
    },
    startDaily(botApi) {
      api = botApi;
      scheduler.start();
    },
    close() {
      void watcher?.stop();
      scheduler.stop();
      db.close();
    },
  };
}

import type { Config } from './config.js';
import { openCasebook, type Casebook } from './search/casebook.js';
import { openDatabase, type Db } from './state/db.js';
import { Refusals, SavedQueries } from './state/savedQueries.js';
import { indexDir, seedsDir } from './paths.js';
import type { BotDeps, Logger } from './bot/deps.js';
import { progressBar } from './progress.js';

export interface App {
  casebook: Casebook;
  db: Db;
  deps: BotDeps;
}

/** The start-up job and state: casebook (snapshot or build), SQLite, and the bot's deps. */
export function openApp(config: Config, log: Logger): App {
  const casebook = openCasebook({
    seedsDir: seedsDir(),
    indexDir: indexDir(),
    log: (m) => (m.startsWith('警告') ? log.warn(m.replace(/^警告：/, '')) : log.info(m)),
    onProgress: progressBar('建立索引'),
  });
  const db = openDatabase(config.dataDir);
  const queries = new SavedQueries(db);
  queries.prune();
  const deps: BotDeps = {
    casebook,
    queries,
    refusals: new Refusals(db),
    log,
    allowedChatIds: config.allowedChatIds,
    adminUserIds: config.adminUserIds,
    answerAllGroupMessages: config.answerAllGroupMessages,
    timeZone: config.timeZone,
  };
  return { casebook, db, deps };
}

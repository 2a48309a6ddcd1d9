import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records the last one applied.
 * Never edit a released migration: add the next one.
 */
const MIGRATIONS: string[] = [
  // 1: result pages behind inline buttons, and chats refused by the allowlist.
  `CREATE TABLE saved_queries (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     text TEXT NOT NULL,
     chat_id INTEGER NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX saved_queries_created ON saved_queries(created_at);
   CREATE TABLE refused_chats (
     chat_id INTEGER PRIMARY KEY,
     refused_at INTEGER NOT NULL
   );`,
  // 2: daily case study: subscriptions, one delivery per chat per local day, and each chat's deck.
  `CREATE TABLE subscriptions (
     chat_id INTEGER PRIMARY KEY,
     thread_id INTEGER,
     time TEXT NOT NULL,
     time_zone TEXT NOT NULL,
     active INTEGER NOT NULL DEFAULT 1,
     created_by INTEGER,
     updated_at INTEGER NOT NULL
   );
   CREATE TABLE deliveries (
     chat_id INTEGER NOT NULL,
     local_date TEXT NOT NULL,
     article_id TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
     message_id INTEGER,
     error TEXT,
     created_at INTEGER NOT NULL,
     sent_at INTEGER,
     PRIMARY KEY (chat_id, local_date)
   );
   CREATE TABLE decks (
     chat_id INTEGER PRIMARY KEY,
     cycle INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE deck_seen (
     chat_id INTEGER NOT NULL,
     article_id TEXT NOT NULL,
     PRIMARY KEY (chat_id, article_id)
   );`,
];

/** Opens (creating if needed) the state database under `dataDir`, in WAL mode, migrated. */
export function openDatabase(dataDir: string, file = 'casebook.sqlite'): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, file));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db, migrations: readonly string[] = MIGRATIONS): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DAILY_SCHEMA } from '../daily/schema.js';
import { INGEST_SCHEMA } from '../ingest/schema.js';

export type Db = Database.Database;

/**
 * Schema migrations, applied in order; `PRAGMA user_version` records the last one applied. Each
 * area keeps its tables' SQL with its code and is registered here, in the order released. Never
 * edit a released migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
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
  // 2: the daily case study's subscriptions, deliveries and decks.
  DAILY_SCHEMA,
  // 3: adding pages: the audit log and uploads waiting for 入库/取消.
  INGEST_SCHEMA,
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

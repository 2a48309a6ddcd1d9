/**
 * The daily case study's tables (migration 2, registered in src/db/db.ts): subscriptions, one
 * delivery per chat per local day (its primary key is what makes a second claim fail), and each
 * chat's deck. Released: never edit; add a new migration instead.
 */
export const DAILY_SCHEMA = `CREATE TABLE subscriptions (
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
   );`;

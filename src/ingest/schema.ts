/**
 * The ingest tables (migration 3, registered in src/db/db.ts): the audit of every add,
 * replacement, removal, fix and page date, and uploads waiting for 入库/取消 (kept in SQLite so
 * that a button pressed after a restart works). Released: never edit; add a new migration instead.
 */
export const INGEST_SCHEMA = `CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     action TEXT NOT NULL CHECK (action IN ('add', 'replace', 'remove', 'fix', 'date')),
     page TEXT,
     article_id TEXT,
     user_id INTEGER,
     user_name TEXT NOT NULL,
     via TEXT NOT NULL CHECK (via IN ('upload', 'folder', 'command')),
     text_hash TEXT,
     detail TEXT NOT NULL
   );
   CREATE INDEX audit_log_page ON audit_log(page, id);
   CREATE TABLE pending_uploads (
     id TEXT PRIMARY KEY,
     chat_id INTEGER NOT NULL,
     user_id INTEGER NOT NULL,
     user_name TEXT NOT NULL,
     file_name TEXT NOT NULL,
     caption TEXT NOT NULL,
     encoding TEXT NOT NULL,
     text TEXT NOT NULL,
     text_hash TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'cancelled')),
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     settled_at INTEGER
   );
   CREATE INDEX pending_uploads_expires ON pending_uploads(expires_at);`;

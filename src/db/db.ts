import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { OperatorError, silentLogger, type Logger } from '../logger.js';
import { DAILY_SCHEMA } from '../daily/schema.js';
import { INGEST_SCHEMA } from '../ingest/schema.js';
import { SAVED_QUERY_MESSAGES } from './savedQueries.js';

export type Db = Database.Database;

/** The state database's file name under DATA_DIR (part of the contract: it does not change). */
export const DATABASE_FILE = 'casebook.sqlite';

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
  // 4: the message each saved query is shown in, and its page (follow-ups by replying).
  SAVED_QUERY_MESSAGES,
];

export interface OpenDatabaseOptions {
  /** The file under `dataDir` (default `casebook.sqlite`). */
  file?: string;
  /** Where a recovery (a damaged file moved aside, a lost WAL) is reported. */
  log?: Logger;
  /** How long to wait for another process's lock (default 5 s). */
  busyTimeoutMs?: number;
  /** A size cap in pages (`PRAGMA max_page_count`); tests reproduce a full disk with it. */
  maxPageCount?: number;
  /** The clock for the moved-aside file's name. */
  now?: () => Date;
}

/**
 * A database problem the operator must fix (read-only, full, locked, newer schema), as one line
 * naming the path and what to do. Entry points print the message alone, without a stack trace.
 */
export class DatabaseError extends OperatorError {
  override name = 'DatabaseError';
  constructor(
    message: string,
    readonly path: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The file is not a usable database: it is moved aside and a fresh one is created. */
class Damaged extends Error {}

/**
 * Opens (creating if needed) the state database under `dataDir`, in WAL mode, migrated and
 * checked. Every entry point opens it here, so all handle trouble alike:
 * - a damaged file (not a database, truncated, failing `quick_check`, tables missing that its
 *   schema version promises) is moved aside within `dataDir` (kept, never deleted) and a fresh
 *   one is created at the same path; the log says so and where the old file is;
 * - a WAL file deleted before the last process was killed (its `-shm` is there, the `-wal` is
 *   not) is reported: changes since the last checkpoint are lost;
 * - a read-only file or folder, a full disk, a lock held longer than the busy timeout, or a
 *   schema newer than this code throw a `DatabaseError` whose message is one clear line.
 */
export function openDatabase(dataDir: string, options: OpenDatabaseOptions = {}): Db {
  const { file = DATABASE_FILE, log = silentLogger } = options;
  const path = join(dataDir, file);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw databaseError(err, path);
  }
  const walLost = lostWal(path);
  for (let attempt = 1; ; attempt++) {
    let db: Db | undefined;
    try {
      db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
      configure(db, options);
      const fresh = schemaVersion(db) === 0;
      migrate(db);
      verifySchema(db);
      probeWrite(db);
      if (walLost) {
        log.warn(
          `数据库 ${path} 的预写日志（${file}-wal）在上次进程异常退出前被删除：最后一次检查点之后的改动` +
            `（订阅、推送记录、翻页按钮）已丢失，` +
            (fresh ? '数据库中已没有任何保存的状态，已重新建表。' : '现在使用检查点时的状态。') +
            '如有备份（npm run backup），可停止机器人后用备份恢复。',
        );
      }
      return db;
    } catch (err) {
      if ((err instanceof Damaged || isDamage(err)) && attempt === 1) {
        // Moved while still open, so that closing cannot tidy away its WAL files by name.
        let aside: string;
        try {
          aside = moveAside(path, options.now?.() ?? new Date());
        } finally {
          closeQuietly(db);
        }
        log.warn(
          `数据库 ${path} 已损坏（${err instanceof Damaged ? err.message : (err as Error).message}），` +
            `已移到 ${aside} 保留，并在原位置新建了数据库（订阅和翻页按钮需重新设置）`,
        );
        continue;
      }
      closeQuietly(db);
      throw databaseError(err, path, options.busyTimeoutMs);
    }
  }
}

function configure(db: Db, options: OpenDatabaseOptions): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  if (options.maxPageCount) db.pragma(`max_page_count = ${Math.floor(options.maxPageCount)}`);
  const check = db.pragma('quick_check', { simple: true }) as string;
  if (check !== 'ok') throw new Damaged(`完整性检查未通过：${check}`);
}

function closeQuietly(db: Db | undefined): void {
  try {
    db?.close();
  } catch {
    // Closing a damaged database may fail too; it is no longer used either way.
  }
}

/** SQLite's verdict that the file itself is bad (as opposed to the folder, the disk or a lock). */
function isDamage(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
}

/** A WAL deleted while a process had the database open, then an unclean stop: `-shm` without `-wal`. */
function lostWal(path: string): boolean {
  try {
    return statSync(path).size > 0 && existsSync(`${path}-shm`) && !existsSync(`${path}-wal`);
  } catch {
    return false;
  }
}

/** The tables each applied migration created must exist (a lost WAL can leave a schema version without them). */
function verifySchema(db: Db, migrations: readonly string[] = MIGRATIONS): void {
  const version = schemaVersion(db);
  if (version > migrations.length) return; // a newer schema: probeWrite refuses it
  const have = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name),
  );
  const missing = migrations
    .slice(0, version)
    .flatMap((sql) => [...sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)].map((m) => m[1]!))
    .filter((name) => !have.has(name));
  if (missing.length) throw new Damaged(`结构版本 ${version} 应有的表不存在：${missing.join('、')}`);
}

/**
 * Takes the write lock and dirties a page, then rolls back: a read-only file or folder, or a lock
 * held by another process, shows at start rather than at the first button press.
 */
function probeWrite(db: Db): void {
  const version = schemaVersion(db);
  if (version > MIGRATIONS.length) {
    throw new DatabaseError(
      `数据库 ${db.name} 的结构版本（${version}）比本程序支持的（${MIGRATIONS.length}）新：请运行新版本的机器人，或停止后用备份恢复。`,
      db.name,
      'SCHEMA_NEWER',
    );
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    db.pragma(`user_version = ${version}`);
  } finally {
    db.exec('ROLLBACK');
  }
}

function stamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-` +
    `${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`
  );
}

/** Moves a damaged database and its WAL files aside in the same folder; returns the new path. */
function moveAside(path: string, now: Date): string {
  let aside = `${path}.damaged-${stamp(now)}`;
  for (let n = 2; existsSync(aside); n++) aside = `${path}.damaged-${stamp(now)}-${n}`;
  try {
    renameSync(path, aside);
    for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, aside + suffix);
  } catch (err) {
    throw databaseError(err, path);
  }
  return aside;
}

/** One clear line for an error opening or writing the database: what is wrong and what to do. */
export function databaseError(err: unknown, path: string, busyTimeoutMs = 5000): DatabaseError {
  if (err instanceof DatabaseError) return err;
  const raw = (err as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' ? raw : '';
  const dir = dirname(path);
  let message: string;
  if (/^SQLITE_READONLY|^SQLITE_CANTOPEN|^SQLITE_PERM|^SQLITE_AUTH|^(EACCES|EPERM|EROFS)$/.test(code)) {
    message =
      `数据库 ${path} 无法写入（只读的文件或目录，${code}）：请让运行机器人的用户对 ${dir} 及其中的文件有读写权限` +
      `（如 chown -R 该用户 ${dir}），或用 DATA_DIR 指向一个可写的目录。`;
  } else if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    message = `数据库 ${path} 写入失败：磁盘已满（${code}）。请清理 ${dir} 所在磁盘的空间，或用 DATA_DIR 指向有空间的目录，然后重启。`;
  } else if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    message =
      `数据库 ${path} 被另一个进程锁住超过 ${Math.round(busyTimeoutMs / 100) / 10} 秒（${code}）：请确认没有另一个机器人实例或 sqlite3 会话在使用它，` +
      '然后重启。';
  } else if (code === 'ENOTDIR' || code === 'EEXIST') {
    message = `数据目录 ${dir} 不是目录（${code}）：请让 DATA_DIR 指向一个目录。`;
  } else if (isDamage(err) || err instanceof Damaged) {
    message = `数据库 ${path} 已损坏，且无法自动替换（${(err as Error).message}）：请停止机器人，把它移走后重启，或用备份恢复。`;
  } else {
    message = `数据库 ${path} 打开失败（${code || (err as Error)?.message}）：请检查磁盘和 ${dir} 的权限。`;
  }
  return new DatabaseError(message, path, code || undefined);
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

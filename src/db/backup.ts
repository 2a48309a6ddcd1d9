import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DATABASE_FILE, databaseError, DatabaseError } from './db.js';

export interface BackupResult {
  /** The copy written. */
  path: string;
  bytes: number;
  /** The copy's schema version (`PRAGMA user_version`). */
  schemaVersion: number;
}

/** `casebook-20261121-083000.sqlite`, in local time. */
export function backupName(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}`;
  return `casebook-${day}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}.sqlite`;
}

/**
 * A consistent copy of the state database with SQLite's online backup, safe while the bot runs:
 * it reads through SQLite (the WAL's committed changes included, a write in progress excluded),
 * never copying the file's bytes. The copy is written beside its destination first, made a single
 * self-contained file (rollback journal, not WAL), checked (`integrity_check`), then renamed into
 * place, so a failed backup leaves no half file.
 */
export async function backupDatabase(dataDir: string, destination: string): Promise<BackupResult> {
  const source = join(dataDir, DATABASE_FILE);
  if (!existsSync(source)) {
    throw new DatabaseError(`没有可备份的数据库：${source} 不存在（DATA_DIR 设对了吗？）`, source, 'ENOENT');
  }
  const tmp = `${destination}.${process.pid}.tmp`;
  let db: Database.Database | undefined;
  try {
    mkdirSync(dirname(destination), { recursive: true });
    db = new Database(source, { fileMustExist: true, timeout: 5000 });
    await db.backup(tmp);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw databaseError(err, (err as { code?: string }).code?.startsWith('SQLITE') ? source : destination);
  } finally {
    db?.close();
  }
  const copy = new Database(tmp);
  try {
    // One self-contained file: no -wal or -shm beside the copy.
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true }) as string;
    if (check !== 'ok')
      throw new DatabaseError(`备份 ${tmp} 未通过完整性检查（${check}），已丢弃`, tmp, 'SQLITE_CORRUPT');
    const schemaVersion = copy.pragma('user_version', { simple: true }) as number;
    copy.close();
    renameSync(tmp, destination);
    return { path: destination, bytes: statSync(destination).size, schemaVersion };
  } catch (err) {
    if (copy.open) copy.close();
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(tmp + suffix, { force: true });
    throw err;
  }
}

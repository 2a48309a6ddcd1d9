import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE, DatabaseError, openDatabase } from '../../src/db/db.js';
import { backupDatabase, backupName } from '../../src/db/backup.js';
import { SubscriptionStore } from '../../src/daily/store.js';
import { tempDir } from '../helpers.js';
import { alive, entryEnv, runScript, type Running } from '../processes.js';

const writers: Running[] = [];
afterEach(async () => {
  for (const w of writers.splice(0)) {
    if (alive(w.child.pid!)) w.child.kill('SIGKILL');
    await w.exited;
  }
});

function subscriptions(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM subscriptions').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('npm run backup', () => {
  it('copies the database consistently while another process has it open, WAL included', async () => {
    const data = tempDir('backup-data-');
    const writer = runScript('test/db/walWriter.ts', [data], entryEnv());
    writers.push(writer);
    await writer.waitForLog((l) => l.msg === 'written');
    // Copying the file's bytes would miss what is still in the WAL.
    const naive = join(tempDir('backup-naive-'), 'copy.sqlite');
    copyFileSync(join(data, DATABASE_FILE), naive);
    expect(() => subscriptions(naive)).toThrow();

    const out = join(tempDir('backup-out-'), 'nightly.sqlite');
    const backup = runScript('tools/cli/backup.ts', ['--out', out], entryEnv({ DATA_DIR: data }));
    const { code } = await backup.exited;
    expect(code, backup.stderr()).toBe(0);
    const printed = JSON.parse(backup.stdout()) as { backup: string; bytes: number; schemaVersion: number };
    expect(printed.backup).toBe(out);
    expect(printed.schemaVersion).toBeGreaterThanOrEqual(2);
    expect(subscriptions(out)).toBe(5);
    expect(alive(writer.child.pid!)).toBe(true);
    expect(readdirSync(join(out, '..'))).toEqual(['nightly.sqlite']);

    // Restoring as the README says: the copy in place of casebook.sqlite in an empty DATA_DIR.
    const restored = tempDir('backup-restored-');
    copyFileSync(out, join(restored, DATABASE_FILE));
    const db = openDatabase(restored);
    expect(new SubscriptionStore(db).listActive().map((s) => s.chatId)).toEqual([1, 2, 3, 4, 5]);
    db.close();
  });

  it('names its copies by date and time', () => {
    expect(backupName(new Date(2026, 10, 21, 8, 5, 9))).toBe('casebook-20261121-080509.sqlite');
  });

  it('without a database: a DatabaseError naming the file, and nothing written', async () => {
    const data = tempDir('backup-none-');
    const out = join(data, 'backups', 'x.sqlite');
    await expect(backupDatabase(data, out)).rejects.toThrow(DatabaseError);
    await expect(backupDatabase(data, out)).rejects.toThrow(join(data, DATABASE_FILE));
    expect(existsSync(join(data, 'backups'))).toBe(false);
  });
});

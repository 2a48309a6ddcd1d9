import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE, openDatabase } from '../../src/db/db.js';
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

  it('writes to DATA_DIR/backups by default', async () => {
    const data = tempDir('backup-default-');
    openDatabase(data).close();
    const backup = runScript('tools/cli/backup.ts', [], entryEnv({ DATA_DIR: data }));
    expect((await backup.exited).code, backup.stderr()).toBe(0);
    const files = readdirSync(join(data, 'backups'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^casebook-\d{8}-\d{6}\.sqlite$/);
  });

  it('without a database: one clear line and exit code 1', async () => {
    const data = tempDir('backup-none-');
    const backup = runScript('tools/cli/backup.ts', [], entryEnv({ DATA_DIR: data }));
    expect((await backup.exited).code).toBe(1);
    expect(backup.stdout()).toBe('');
    const errors = backup.logs().filter((l) => l.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.msg).toContain(join(data, DATABASE_FILE));
    expect(existsSync(join(data, 'backups'))).toBe(false);
  });
});

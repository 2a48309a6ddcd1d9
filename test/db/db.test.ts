import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { MIGRATIONS, migrate, openDatabase, schemaVersion } from '../../src/db/db.js';
import { Refusals, SavedQueries } from '../../src/db/savedQueries.js';
import { SubscriptionStore } from '../../src/daily/store.js';
import { tempDir } from '../helpers.js';

const FILE = 'casebook.sqlite';

/** A database file as an older release left it: only its first `version` migrations applied. */
function olderDatabase(version: number): string {
  const dir = tempDir('data-');
  const db = new Database(join(dir, FILE));
  migrate(db, MIGRATIONS.slice(0, version));
  expect(schemaVersion(db)).toBe(version);
  new Refusals(db).first(-100999);
  db.prepare('INSERT INTO saved_queries (id, kind, text, chat_id, created_at) VALUES (?, ?, ?, ?, ?)').run(
    'fixedId1',
    'county',
    '金乡县',
    -100123,
    Date.now(),
  );
  db.close();
  return dir;
}

describe('migrations', () => {
  it('upgrade a database from the first release to the latest schema, keeping what it held', () => {
    const dir = olderDatabase(1);
    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    // The old state is still there…
    expect(new SavedQueries(db).get('fixedId1')).toMatchObject({ kind: 'county', text: '金乡县', chatId: -100123 });
    expect(new Refusals(db).first(-100999)).toBe(false);
    // …and every later migration's tables work.
    const store = new SubscriptionStore(db);
    store.upsert({ chatId: -100123, threadId: 7, time: '09:00', timeZone: 'Asia/Shanghai', createdBy: 1 });
    expect(store.get(-100123)).toMatchObject({ time: '09:00', threadId: 7, active: true });
    expect(store.claim(-100123, '2026-11-21', ['aaaaaaaa', 'bbbbbbbb'])).toBeDefined();
    expect(store.claim(-100123, '2026-11-21', ['aaaaaaaa', 'bbbbbbbb'])).toBeUndefined();
    db.close();
  });

  it.each(Array.from({ length: MIGRATIONS.length }, (_, v) => [v]))(
    'a database at version %i reaches the latest schema with the same tables as a fresh one',
    (version) => {
      const dir = tempDir('data-');
      const old = new Database(join(dir, FILE));
      migrate(old, MIGRATIONS.slice(0, version));
      old.close();
      const upgraded = openDatabase(dir);
      const fresh = openDatabase(tempDir('data-'));
      const schema = (db: Database.Database) =>
        db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
      expect(schema(upgraded)).toEqual(schema(fresh));
      expect(schemaVersion(upgraded)).toBe(schemaVersion(fresh));
      upgraded.close();
      fresh.close();
    },
  );

  it('opening an up-to-date database again changes nothing', () => {
    const dir = tempDir('data-');
    openDatabase(dir).close();
    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
  });

  it('a migration that fails is rolled back whole, and the version stays', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 1));
    expect(() => migrate(db, [...MIGRATIONS.slice(0, 1), 'CREATE TABLE half (x); CREATE TABLE broken ('])).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });
});

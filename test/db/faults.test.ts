import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DATABASE_FILE, DatabaseError, databaseError, openDatabase, schemaVersion } from '../../src/db/db.js';
import { SubscriptionStore } from '../../src/daily/store.js';
import { SavedQueries } from '../../src/db/savedQueries.js';
import { createLogger } from '../../src/logger.js';
import { tempDir } from '../helpers.js';
import { entryEnv, runScript, unprivileged } from '../processes.js';

function capture() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as (typeof lines)[0]);
      done();
    },
  });
  return { log: createLogger({ level: 'info', pretty: false, destination: sink }), lines };
}

const NOW = () => new Date(2026, 10, 21, 8, 30, 0);
const ASIDE = `${DATABASE_FILE}.damaged-20261121-083000`;

/** A database with a subscription and enough rows to span many pages. */
function populated(dir: string): string {
  const db = openDatabase(dir);
  new SubscriptionStore(db).upsert({
    chatId: 7,
    threadId: null,
    time: '09:00',
    timeZone: 'Asia/Shanghai',
    createdBy: 1,
  });
  const saved = new SavedQueries(db);
  for (let i = 0; i < 2000; i++) saved.save('ask', `问题 ${i} `.repeat(10), 7);
  db.close();
  return join(dir, DATABASE_FILE);
}

function expectFresh(dir: string): void {
  const db = openDatabase(dir);
  expect(schemaVersion(db)).toBeGreaterThanOrEqual(2);
  expect(new SubscriptionStore(db).listActive()).toEqual([]);
  db.close();
}

describe('F4: a damaged database is moved aside, kept, and replaced by a fresh one', () => {
  it('garbage bytes', () => {
    const dir = tempDir('db-garbage-');
    const garbage = Buffer.from('这不是数据库 not a database '.repeat(400));
    writeFileSync(join(dir, DATABASE_FILE), garbage);
    const { log, lines } = capture();
    const db = openDatabase(dir, { log, now: NOW });
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(2);
    db.close();
    expect(readFileSync(join(dir, ASIDE)).equals(garbage)).toBe(true);
    const warning = lines.find((l) => l.level === 40)!;
    expect(warning.msg).toContain(join(dir, DATABASE_FILE));
    expect(warning.msg).toContain(join(dir, ASIDE));
    expect(warning.msg).toContain('已损坏');
    expectFresh(dir);
  });

  it('a truncated file, with its WAL files moved along', () => {
    const dir = tempDir('db-truncated-');
    const path = populated(dir);
    truncateSync(path, Math.floor(statSync(path).size / 3));
    writeFileSync(`${path}-wal`, Buffer.alloc(0));
    const { log, lines } = capture();
    openDatabase(dir, { log, now: NOW }).close();
    expect(existsSync(join(dir, ASIDE))).toBe(true);
    expect(existsSync(join(dir, `${ASIDE}-wal`))).toBe(true);
    expect(lines.some((l) => l.msg.includes(join(dir, ASIDE)))).toBe(true);
    expectFresh(dir);
  });

  it('a second damaged file the same second gets its own name', () => {
    const dir = tempDir('db-twice-');
    for (let i = 0; i < 2; i++) {
      writeFileSync(join(dir, DATABASE_FILE), `garbage ${i}`.repeat(500));
      openDatabase(dir, { now: NOW }).close();
    }
    expect(
      readdirSync(dir)
        .filter((f) => f.includes('.damaged-'))
        .sort(),
    ).toEqual([ASIDE, `${ASIDE}-2`]);
  });

  it('F9: tables missing that the schema version promises are damage, not "no subscriptions"', () => {
    const dir = tempDir('db-missing-');
    const path = populated(dir);
    const raw = new Database(path);
    raw.exec('DROP TABLE subscriptions');
    raw.close();
    const { log, lines } = capture();
    const db = openDatabase(dir, { log, now: NOW });
    db.close();
    const warning = lines.find((l) => l.level === 40)!;
    expect(warning.msg).toContain('subscriptions');
    expect(existsSync(join(dir, ASIDE))).toBe(true);
  });

  it('a schema newer than this code is refused, and the file left where it is', () => {
    const dir = tempDir('db-newer-');
    const path = populated(dir);
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openDatabase(dir)).toThrow(DatabaseError);
    expect(() => openDatabase(dir)).toThrow(/结构版本（99）比本程序支持的/);
    expect(readdirSync(dir).some((f) => f.includes('.damaged-'))).toBe(false);
  });
});

describe('F9: a WAL deleted before the process was killed', () => {
  it('is reported at the next start, naming the file, instead of silently starting empty', async () => {
    const dir = tempDir('db-wal-');
    // A real process writes subscriptions (they stay in the WAL), then is killed after the WAL is deleted.
    const writer = runScript('test/db/walWriter.ts', [dir], entryEnv());
    await writer.waitForLog((l) => l.msg === 'written');
    rmSync(join(dir, `${DATABASE_FILE}-wal`));
    writer.child.kill('SIGKILL');
    await writer.exited;
    const { log, lines } = capture();
    const db = openDatabase(dir, { log });
    const warning = lines.find((l) => l.level === 40);
    expect(warning?.msg).toContain(join(dir, DATABASE_FILE));
    expect(warning?.msg).toContain('预写日志');
    expect(warning?.msg).toContain('已丢失');
    expect(new SubscriptionStore(db).listActive()).toEqual([]);
    db.close();
    // Once reported, the next start is clean.
    const again = capture();
    openDatabase(dir, { log: again.log }).close();
    expect(again.lines.filter((l) => l.level >= 40)).toEqual([]);
  });
});

describe('F4: problems the operator must fix are one clear line, naming the path and what to do', () => {
  it('a full disk (PRAGMA max_page_count): SQLITE_FULL at start', () => {
    const dir = tempDir('db-full-');
    let error: unknown;
    try {
      openDatabase(dir, { maxPageCount: 2 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DatabaseError);
    const message = (error as Error).message;
    expect(message).toContain(join(dir, DATABASE_FILE));
    expect(message).toContain('磁盘已满');
    expect(message).not.toContain('\n');
    expect((error as DatabaseError).code).toBe('SQLITE_FULL');
  });

  it('a full disk while running: the same line for a failing write', () => {
    const dir = tempDir('db-full-later-');
    const db = openDatabase(dir);
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 1}`);
    let error: unknown;
    try {
      const saved = new SavedQueries(db);
      for (let i = 0; i < 1000; i++) saved.save('ask', '问题'.repeat(200), 1);
    } catch (err) {
      error = err;
    }
    db.close();
    expect((error as { code?: string }).code).toBe('SQLITE_FULL');
    expect(databaseError(error, join(dir, DATABASE_FILE)).message).toMatch(/磁盘已满.*请清理/);
  });

  it('a lock held longer than the busy timeout', () => {
    const dir = tempDir('db-locked-');
    openDatabase(dir).close();
    const holder = new Database(join(dir, DATABASE_FILE));
    holder.exec('BEGIN IMMEDIATE');
    try {
      expect(() => openDatabase(dir, { busyTimeoutMs: 200 })).toThrow(DatabaseError);
      expect(() => openDatabase(dir, { busyTimeoutMs: 200 })).toThrow(/被另一个进程锁住超过 0\.2 秒.*另一个机器人实例/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    openDatabase(dir).close();
  });

  it('DATA_DIR that is a file', () => {
    const file = join(tempDir('db-notdir-'), 'data');
    writeFileSync(file, 'x');
    expect(() => openDatabase(file)).toThrow(/不是目录/);
  });
});

describe('entry points handle the database alike', () => {
  it('npm run chat: a garbage database is moved aside, the answer still comes, stdout is only JSON', async () => {
    const data = tempDir('entry-garbage-');
    writeFileSync(join(data, DATABASE_FILE), 'garbage '.repeat(1000));
    const chat = runScript('tools/cli/chat.ts', ['--json', '/help'], entryEnv({ DATA_DIR: data }));
    const { code } = await chat.exited;
    expect(code, chat.stderr()).toBe(0);
    const reply = JSON.parse(chat.stdout()) as { replies: { text: string }[] };
    expect(reply.replies[0]?.text).toContain('案例库');
    const warning = chat.logs().find((l) => l.msg.includes('已损坏'));
    const aside = readdirSync(data).find((f) => f.startsWith(`${DATABASE_FILE}.damaged-`));
    expect(aside).toBeDefined();
    expect(warning?.msg).toContain(join(data, aside!));
  });

  const who = unprivileged();
  const skip = 'reason' in who ? who.reason : false;

  it.skipIf(skip)('read-only folder and read-only file: one error line, exit 1, no stack trace', async () => {
    const parent = tempDir('entry-ro-');
    chmodSync(parent, 0o755);
    // A folder the bot's user may not write, holding a database…
    const folder = join(parent, 'ro-folder');
    mkdirSync(folder);
    openDatabase(folder).close();
    chmodSync(folder, 0o555);
    chmodSync(join(folder, DATABASE_FILE), 0o444);
    // …and a writable folder holding a read-only database file.
    const writable = join(parent, 'ro-file');
    mkdirSync(writable);
    openDatabase(writable).close();
    chmodSync(writable, 0o777);
    chmodSync(join(writable, DATABASE_FILE), 0o444);
    const runs = [folder, writable].map((data) => {
      const env = entryEnv({ DATA_DIR: data });
      // What every entry point does on opening the database (the chat test above runs a whole one).
      const chat = runScript('test/db/openOnly.ts', [], env, 'reason' in who ? {} : who);
      return { data, chat };
    });
    for (const { data, chat } of runs) {
      const { code } = await chat.exited;
      expect(code, chat.stderr()).toBe(1);
      expect(chat.stdout()).toBe('');
      const errors = chat.logs().filter((l) => l.level >= 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]!.msg).toContain(join(data, DATABASE_FILE));
      expect(errors[0]!.msg).toContain('读写权限');
      expect(chat.stderr()).not.toMatch(/\n\s+at /);
      expect(chat.stderr()).not.toContain('"stack"');
    }
  });
});

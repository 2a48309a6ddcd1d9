import { randomBytes } from 'node:crypto';
import type { Db } from './db.js';

export type SavedKind = 'ask' | 'county' | 'topic';

export interface SavedQuery {
  id: string;
  kind: SavedKind;
  text: string;
  chatId: number;
  createdAt: number;
  /** The message that shows the list, once sent (null for queries saved before migration 4). */
  messageId: number | null;
  /** The page that message shows now. */
  page: number;
}

/**
 * Migration 4 (registered in src/db/db.ts): the message each saved query is shown in, and the page
 * it shows, so that a reply to any answer or list (`还有吗`, `导出`, `只看金乡`) finds what it
 * refines, after a restart too. Released: never edit; add a new migration instead.
 */
export const SAVED_QUERY_MESSAGES = `ALTER TABLE saved_queries ADD COLUMN message_id INTEGER;
   ALTER TABLE saved_queries ADD COLUMN page INTEGER NOT NULL DEFAULT 0;
   CREATE INDEX saved_queries_message ON saved_queries(chat_id, message_id);`;

const COLUMNS = 'id, kind, text, chat_id AS chatId, created_at AS createdAt, message_id AS messageId, page';

/** How long page buttons keep working. */
const KEEP_MS = 30 * 24 * 3600 * 1000;

/**
 * The query behind a message (an answer, a county's or a topic's cases), kept server-side under a
 * short id so that its buttons survive a restart and callback data stays within Telegram's 64
 * bytes, and under the chat and message id, so that replies to the message can refine it.
 */
export class SavedQueries {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  save(kind: SavedKind, text: string, chatId: number, page = 0): string {
    const id = randomBytes(6).toString('base64url');
    this.db
      .prepare('INSERT INTO saved_queries (id, kind, text, chat_id, created_at, page) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, kind, text, chatId, this.now(), page);
    return id;
  }

  /** The saved query, or undefined when the id is unknown (forged) or expired. */
  get(id: string): SavedQuery | undefined {
    return this.fresh(this.db.prepare(`SELECT ${COLUMNS} FROM saved_queries WHERE id = ?`).get(id));
  }

  /** Records the message a saved query was sent in. */
  attach(id: string, messageId: number): void {
    this.db.prepare('UPDATE saved_queries SET message_id = ? WHERE id = ?').run(messageId, id);
  }

  /** Records the page a query's message shows now (a page button edited it). */
  setPage(id: string, page: number): void {
    this.db.prepare('UPDATE saved_queries SET page = ? WHERE id = ?').run(page, id);
  }

  /** The query shown in a chat's message, or undefined (not a list, unknown or expired). */
  byMessage(chatId: number, messageId: number): SavedQuery | undefined {
    return this.fresh(
      this.db
        .prepare(
          `SELECT ${COLUMNS} FROM saved_queries WHERE chat_id = ? AND message_id = ? ORDER BY rowid DESC LIMIT 1`,
        )
        .get(chatId, messageId),
    );
  }

  /** The query of the list last sent in a chat, or undefined. */
  latest(chatId: number): SavedQuery | undefined {
    return this.fresh(
      this.db
        .prepare(
          `SELECT ${COLUMNS} FROM saved_queries WHERE chat_id = ? AND message_id IS NOT NULL ORDER BY created_at DESC, rowid DESC LIMIT 1`,
        )
        .get(chatId),
    );
  }

  private fresh(row: unknown): SavedQuery | undefined {
    const q = row as SavedQuery | undefined;
    if (!q || this.now() - q.createdAt > KEEP_MS) return undefined;
    return q;
  }

  /** Drops expired entries; returns how many. */
  prune(): number {
    return this.db.prepare('DELETE FROM saved_queries WHERE created_at < ?').run(this.now() - KEEP_MS).changes;
  }
}

/** Chats told once that they are not served, so they are not told again. */
export class Refusals {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the refusal; true the first time for this chat. */
  first(chatId: number): boolean {
    return (
      this.db.prepare('INSERT OR IGNORE INTO refused_chats (chat_id, refused_at) VALUES (?, ?)').run(chatId, this.now())
        .changes > 0
    );
  }
}

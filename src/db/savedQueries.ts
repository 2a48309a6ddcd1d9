import { randomBytes } from 'node:crypto';
import type { Db } from './db.js';

export type SavedKind = 'ask' | 'county' | 'latest' | 'pages' | 'fixes';

export interface SavedQuery {
  id: string;
  kind: SavedKind;
  text: string;
  chatId: number;
  createdAt: number;
}

/** How long page buttons keep working. */
const KEEP_MS = 30 * 24 * 3600 * 1000;

/**
 * The query behind a message's page buttons, kept server-side under a short id so that the
 * buttons survive a restart and callback data stays within Telegram's 64 bytes.
 */
export class SavedQueries {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  save(kind: SavedKind, text: string, chatId: number): string {
    const id = randomBytes(6).toString('base64url');
    this.db
      .prepare('INSERT INTO saved_queries (id, kind, text, chat_id, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, kind, text, chatId, this.now());
    return id;
  }

  /** The saved query, or undefined when the id is unknown (forged) or expired. */
  get(id: string): SavedQuery | undefined {
    const row = this.db
      .prepare('SELECT id, kind, text, chat_id AS chatId, created_at AS createdAt FROM saved_queries WHERE id = ?')
      .get(id) as SavedQuery | undefined;
    if (!row || this.now() - row.createdAt > KEEP_MS) return undefined;
    return row;
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

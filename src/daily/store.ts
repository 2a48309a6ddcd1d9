import { createHash } from 'node:crypto';
import type { Db } from '../db/db.js';

export interface Subscription {
  chatId: number;
  /** Forum topic to deliver to, or null for the chat itself. */
  threadId: number | null;
  time: string;
  timeZone: string;
  active: boolean;
  createdBy: number | null;
  updatedAt: number;
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface Delivery {
  chatId: number;
  localDate: string;
  articleId: string;
  status: DeliveryStatus;
  messageId: number | null;
  error: string | null;
}

interface SubRow {
  chat_id: number;
  thread_id: number | null;
  time: string;
  time_zone: string;
  active: number;
  created_by: number | null;
  updated_at: number;
}

const toSub = (r: SubRow): Subscription => ({
  chatId: r.chat_id,
  threadId: r.thread_id,
  time: r.time,
  timeZone: r.time_zone,
  active: r.active === 1,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
});

/**
 * A chat's deck: every current case once, in a shuffled order of its own, before any repeats.
 * The order is a hash of chat, cycle and article id, so it is stable across restarts, a new
 * case joins at a random place, and a case that is gone simply drops out.
 */
export function deckOrder(chatId: number, cycle: number, articleId: string): string {
  return createHash('sha1').update(`${chatId}:${cycle}:${articleId}`).digest('hex');
}

/** Subscriptions, deliveries and decks in SQLite. */
export class SubscriptionStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  upsert(sub: Omit<Subscription, 'active' | 'updatedAt'>): Subscription {
    this.db
      .prepare(
        `INSERT INTO subscriptions (chat_id, thread_id, time, time_zone, active, created_by, updated_at)
         VALUES (?, ?, ?, ?, 1, ?, ?)
         ON CONFLICT(chat_id) DO UPDATE SET thread_id = excluded.thread_id, time = excluded.time,
           time_zone = excluded.time_zone, active = 1, created_by = excluded.created_by, updated_at = excluded.updated_at`,
      )
      .run(sub.chatId, sub.threadId, sub.time, sub.timeZone, sub.createdBy, this.now());
    return this.get(sub.chatId)!;
  }

  get(chatId: number): Subscription | undefined {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE chat_id = ?').get(chatId) as SubRow | undefined;
    return row ? toSub(row) : undefined;
  }

  listActive(): Subscription[] {
    return (this.db.prepare('SELECT * FROM subscriptions WHERE active = 1').all() as SubRow[]).map(toSub);
  }

  deactivate(chatId: number): boolean {
    return (
      this.db
        .prepare('UPDATE subscriptions SET active = 0, updated_at = ? WHERE chat_id = ? AND active = 1')
        .run(this.now(), chatId).changes > 0
    );
  }

  /** A group upgraded to a supergroup: its subscription, deliveries and deck move to the new id. */
  migrateChat(from: number, to: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM subscriptions WHERE chat_id = ?').run(to);
      this.db
        .prepare('UPDATE subscriptions SET chat_id = ?, updated_at = ? WHERE chat_id = ?')
        .run(to, this.now(), from);
      this.db.prepare('UPDATE OR IGNORE deliveries SET chat_id = ? WHERE chat_id = ?').run(to, from);
      this.db.prepare('UPDATE OR IGNORE decks SET chat_id = ? WHERE chat_id = ?').run(to, from);
      this.db.prepare('UPDATE OR IGNORE deck_seen SET chat_id = ? WHERE chat_id = ?').run(to, from);
    })();
  }

  delivery(chatId: number, localDate: string): Delivery | undefined {
    const r = this.db
      .prepare('SELECT * FROM deliveries WHERE chat_id = ? AND local_date = ?')
      .get(chatId, localDate) as
      | {
          chat_id: number;
          local_date: string;
          article_id: string;
          status: DeliveryStatus;
          message_id: number | null;
          error: string | null;
        }
      | undefined;
    return (
      r && {
        chatId: r.chat_id,
        localDate: r.local_date,
        articleId: r.article_id,
        status: r.status,
        messageId: r.message_id,
        error: r.error,
      }
    );
  }

  /** Dates that already have a delivery (any status), for the given chats and date. */
  deliveredOn(localDate: string): Set<number> {
    const rows = this.db.prepare('SELECT chat_id FROM deliveries WHERE local_date = ?').all(localDate) as {
      chat_id: number;
    }[];
    return new Set(rows.map((r) => r.chat_id));
  }

  /** Deliveries left `pending` by a process that stopped mid-send: their outcome is unknown. */
  pending(): Delivery[] {
    return (
      this.db.prepare("SELECT chat_id, local_date, article_id FROM deliveries WHERE status = 'pending'").all() as {
        chat_id: number;
        local_date: string;
        article_id: string;
      }[]
    ).map((r) => ({
      chatId: r.chat_id,
      localDate: r.local_date,
      articleId: r.article_id,
      status: 'pending',
      messageId: null,
      error: null,
    }));
  }

  /** The next case of the chat's deck among `articleIds`, starting a new cycle when all were shown. */
  nextCard(chatId: number, articleIds: readonly string[]): { articleId: string; remaining: number } | undefined {
    if (articleIds.length === 0) return undefined;
    const { cycle, unseen } = this.unseen(chatId, articleIds);
    let pool = unseen;
    let c = cycle;
    if (pool.length === 0) {
      c = cycle + 1;
      this.db
        .prepare(
          'INSERT INTO decks (chat_id, cycle) VALUES (?, ?) ON CONFLICT(chat_id) DO UPDATE SET cycle = excluded.cycle',
        )
        .run(chatId, c);
      this.db.prepare('DELETE FROM deck_seen WHERE chat_id = ?').run(chatId);
      pool = [...articleIds];
    }
    let best = pool[0]!;
    let bestKey = deckOrder(chatId, c, best);
    for (const id of pool) {
      const key = deckOrder(chatId, c, id);
      if (key < bestKey) [best, bestKey] = [id, key];
    }
    this.db.prepare('INSERT OR IGNORE INTO deck_seen (chat_id, article_id) VALUES (?, ?)').run(chatId, best);
    return { articleId: best, remaining: pool.length - 1 };
  }

  /** How many current cases the chat has not seen in this cycle. */
  remaining(chatId: number, articleIds: readonly string[]): number {
    const { unseen } = this.unseen(chatId, articleIds);
    return unseen.length === 0 ? articleIds.length : unseen.length;
  }

  private unseen(chatId: number, articleIds: readonly string[]): { cycle: number; unseen: string[] } {
    const cycle =
      (this.db.prepare('SELECT cycle FROM decks WHERE chat_id = ?').get(chatId) as { cycle: number } | undefined)
        ?.cycle ?? 0;
    const seen = new Set(
      (
        this.db.prepare('SELECT article_id FROM deck_seen WHERE chat_id = ?').all(chatId) as { article_id: string }[]
      ).map((r) => r.article_id),
    );
    return { cycle, unseen: articleIds.filter((id) => !seen.has(id)) };
  }

  /**
   * Claims today's delivery for a chat and draws its case, in one transaction. The primary key
   * (chat, local date) makes a second claim fail, whichever process tries it: never two a day.
   */
  claim(chatId: number, localDate: string, articleIds: readonly string[]): { articleId: string } | undefined {
    return this.db
      .transaction(() => {
        const exists = this.db
          .prepare('SELECT 1 FROM deliveries WHERE chat_id = ? AND local_date = ?')
          .get(chatId, localDate);
        if (exists) return undefined;
        const card = this.nextCard(chatId, articleIds);
        if (!card) return undefined;
        const inserted = this.db
          .prepare(
            "INSERT OR IGNORE INTO deliveries (chat_id, local_date, article_id, status, created_at) VALUES (?, ?, ?, 'pending', ?)",
          )
          .run(chatId, localDate, card.articleId, this.now()).changes;
        return inserted ? { articleId: card.articleId } : undefined;
      })
      .immediate();
  }

  markSent(chatId: number, localDate: string, messageId: number | null): void {
    this.db
      .prepare(
        "UPDATE deliveries SET status = 'sent', message_id = ?, sent_at = ?, error = NULL WHERE chat_id = ? AND local_date = ?",
      )
      .run(messageId, this.now(), chatId, localDate);
  }

  markFailed(chatId: number, localDate: string, error: string): void {
    this.db
      .prepare("UPDATE deliveries SET status = 'failed', error = ? WHERE chat_id = ? AND local_date = ?")
      .run([...error].slice(0, 500).join(''), chatId, localDate);
  }
}

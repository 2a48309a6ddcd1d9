import { silentLogger, type Logger } from '../logger.js';
import type { Clock } from './clock.js';
import { DeliveryError, type OutgoingQueue } from './queue.js';
import { nextSlot, type Slot } from './schedule.js';
import type { Subscription, SubscriptionStore } from './store.js';

/** What a daily delivery needs sent; the bot layer renders and sends it. */
export interface DailyJob {
  chatId: number;
  threadId: number | null;
  articleId: string;
  localDate: string;
}

export interface Transport {
  /** Sends the day's case; throws DeliveryError. Returns the message id. */
  send(job: DailyJob): Promise<number | null>;
}

export interface SchedulerOptions {
  store: SubscriptionStore;
  queue: OutgoingQueue;
  clock: Clock;
  transport: Transport;
  /** The current cases, for the decks. */
  articleIds: () => readonly string[];
  /** After a restart, a slot missed by less than this is delivered late; default 6 h. */
  catchUpMs?: number;
  log?: Logger;
}

/** The longest the timer sleeps before looking again (clock jumps, zone changes). */
const MAX_SLEEP_MS = 60 * 60 * 1000;

/**
 * Daily deliveries. One timer drives all chats: it is set for the earliest next slot of any active
 * subscription, and when it fires every due chat is queued. Each delivery is claimed in SQLite
 * before it is sent (one per chat per local day, whatever process tries), so a restart delivers
 * what was missed within the catch-up window and never anything twice.
 */
export class DailyScheduler {
  private timer: unknown;
  private queued = new Set<number>();
  private stopped = true;
  private readonly catchUpMs: number;
  private readonly log: Logger;

  constructor(private readonly o: SchedulerOptions) {
    this.catchUpMs = o.catchUpMs ?? 6 * 3600 * 1000;
    this.log = o.log ?? silentLogger;
  }

  start(): void {
    this.stopped = false;
    const unknown = this.o.store.pending();
    if (unknown.length) {
      this.log.warn(
        `上次停止时有 ${unknown.length} 条每日推送正在发送、结果未知（不会重发，以免重复）：${unknown.map((d) => d.chatId).join('、')}`,
      );
    }
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.o.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  /** Re-reads the subscriptions (after one was added, changed or removed). */
  reschedule(): void {
    if (!this.stopped) this.tick();
  }

  /** The next slot for a subscription, as the scheduler sees it now. */
  nextSlot(sub: Subscription): Slot {
    const now = this.o.clock.now();
    const today = nextSlot(sub.time, sub.timeZone, now, false, this.catchUpMs).date;
    return nextSlot(
      sub.time,
      sub.timeZone,
      now,
      this.o.store.delivery(sub.chatId, today) !== undefined,
      this.catchUpMs,
    );
  }

  /** Queues every due chat, then sets the timer for the earliest next slot. */
  private tick(): void {
    if (this.timer !== undefined) this.o.clock.clearTimer(this.timer);
    this.timer = undefined;
    if (this.stopped) return;
    const now = this.o.clock.now().getTime();
    let earliest = now + MAX_SLEEP_MS;
    for (const sub of this.o.store.listActive()) {
      const slot = this.nextSlot(sub);
      if (slot.at.getTime() <= now) this.enqueue(sub, slot.date);
      else earliest = Math.min(earliest, slot.at.getTime());
    }
    this.timer = this.o.clock.setTimer(earliest - now, () => this.tick());
  }

  private enqueue(sub: Subscription, localDate: string): void {
    if (this.queued.has(sub.chatId)) return;
    this.queued.add(sub.chatId);
    let chatId = sub.chatId;
    // Claimed once, when the message's turn comes (so a crash leaves at most one claim in
    // flight); retries only re-send.
    let claimed: { articleId: string } | undefined | null = null;
    const send = async () => {
      if (claimed === null) claimed = this.o.store.claim(chatId, localDate, this.o.articleIds());
      if (!claimed) return; // already delivered today, by this or another process
      const current = this.o.store.get(chatId);
      if (!current?.active) return;
      try {
        const messageId = await this.o.transport.send({
          chatId,
          threadId: current.threadId,
          articleId: claimed.articleId,
          localDate,
        });
        this.o.store.markSent(chatId, localDate, messageId);
      } catch (err) {
        if (err instanceof DeliveryError && err.kind === 'migrated' && err.newChatId) {
          this.log.info(`群 ${chatId} 已升级为超级群 ${err.newChatId}，订阅随之迁移`);
          this.o.store.migrateChat(chatId, err.newChatId);
          chatId = err.newChatId;
          throw new DeliveryError('network', '群已升级，改发到新的群 ID');
        }
        throw err;
      }
    };
    const onError = (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof DeliveryError && err.kind === 'gone') {
        this.o.store.deactivate(chatId);
        this.log.warn(`会话 ${chatId} 已无法送达（${message}），已停用其订阅`);
      } else {
        this.log.warn(`会话 ${chatId} 今日推送失败：${message}`);
      }
      if (claimed) this.o.store.markFailed(chatId, localDate, message);
    };
    this.o.queue.push(chatId, send, onError, () => this.queued.delete(sub.chatId));
  }
}

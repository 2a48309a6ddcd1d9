import type { Clock } from './clock.js';
import { silentLogger, type Logger } from '../logger.js';

/** Why a send failed, as far as the queue's retry policy is concerned. */
export type FailureKind =
  /** Flood limit (429): wait `retryAfter` seconds, then try again. */
  | 'retryAfter'
  /** Network trouble: retry with backoff. */
  | 'network'
  /** Blocked, kicked, chat not found (403/400): stop delivering to this chat. */
  | 'gone'
  /** The group became a supergroup: deliver to `newChatId` instead. */
  | 'migrated'
  /** Anything else: give up on this message. */
  | 'other';

export class DeliveryError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly retryAfter?: number,
    readonly newChatId?: number,
  ) {
    super(message);
  }
}

export interface QueueOptions {
  clock: Clock;
  /** Messages per second overall (Telegram allows about 30). */
  perSecond?: number;
  /** Messages per minute to one group (Telegram allows about 20). */
  perChatPerMinute?: number;
  /** Network retries before a message is given up. */
  networkRetries?: number;
  /** 429 answers obeyed for one message before it is given up. */
  floodRetries?: number;
  log?: Logger;
}

interface Task {
  chatId: number;
  run: () => Promise<void>;
}

/**
 * The outgoing queue: one message at a time, paced below Telegram's limits (overall and per
 * chat), obeying `retry_after` on 429 and retrying network errors with backoff. Sending one at a
 * time also means that a crash leaves at most one message in flight.
 */
export class OutgoingQueue {
  private readonly tasks: Task[] = [];
  private readonly perChat = new Map<number, number[]>();
  private lastSend = -Infinity;
  private running: Promise<void> | undefined;
  private readonly o: Required<QueueOptions>;

  constructor(options: QueueOptions) {
    this.o = {
      perSecond: 25,
      perChatPerMinute: 20,
      networkRetries: 5,
      floodRetries: 10,
      log: silentLogger,
      ...options,
    };
  }

  get size(): number {
    return this.tasks.length;
  }

  /**
   * Queues `send` for `chatId`. `send` is retried per the policy; its final error goes to
   * `onError`; `onDone` runs after the final outcome either way. Neither callback may throw.
   */
  push(
    chatId: number,
    send: () => Promise<void>,
    onError: (err: unknown) => void,
    onDone: () => void = () => {},
  ): void {
    this.tasks.push({
      chatId,
      run: async () => {
        try {
          await this.attempt(chatId, send);
        } catch (err) {
          onError(err);
        } finally {
          onDone();
        }
      },
    });
    this.running ??= this.loop().finally(() => (this.running = undefined));
  }

  /** Resolves when everything queued has been sent or given up. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    for (let task = this.tasks.shift(); task; task = this.tasks.shift()) await task.run();
  }

  private async pace(chatId: number): Promise<void> {
    const { clock } = this.o;
    const gap = 1000 / this.o.perSecond;
    const wait = this.lastSend + gap - clock.now().getTime();
    if (wait > 0) await clock.sleep(wait);
    if (chatId < 0) {
      const minuteAgo = clock.now().getTime() - 60_000;
      const recent = (this.perChat.get(chatId) ?? []).filter((t) => t > minuteAgo);
      if (recent.length >= this.o.perChatPerMinute) await clock.sleep(recent[0]! + 60_000 - clock.now().getTime());
      recent.push(clock.now().getTime());
      this.perChat.set(chatId, recent);
    }
    this.lastSend = clock.now().getTime();
  }

  private async attempt(chatId: number, send: () => Promise<void>): Promise<void> {
    let network = 0;
    let flood = 0;
    for (;;) {
      await this.pace(chatId);
      try {
        await send();
        return;
      } catch (err) {
        if (err instanceof DeliveryError && err.kind === 'retryAfter' && flood++ < this.o.floodRetries) {
          const seconds = Math.max(1, err.retryAfter ?? 1);
          this.o.log.warn(`Telegram 限流（429），按 retry_after 等待 ${seconds} 秒`);
          await this.o.clock.sleep(seconds * 1000);
          continue;
        }
        if (err instanceof DeliveryError && err.kind === 'network' && network < this.o.networkRetries) {
          const backoff = Math.min(60_000, 1000 * 2 ** network++);
          this.o.log.warn(`网络错误，${backoff / 1000} 秒后重试：${err.message}`);
          await this.o.clock.sleep(backoff);
          continue;
        }
        throw err;
      }
    }
  }
}

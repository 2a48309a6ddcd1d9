import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { freePort } from './servers.js';
import type { Bot } from 'grammy';
import { createBot } from '../../src/bot/createBot.js';
import { menuCommands } from '../../src/bot/commands.js';
import { silentLogger } from '../../src/logger.js';
import { startTelegram, type Running } from '../../src/bot/runtime.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/db.js';
import { casebook, tempDir, testDeps } from '../helpers.js';
import { ManualClock } from '../../src/testing/clock.js';
import { SubscriptionStore } from '../../src/daily/store.js';
import { DailyScheduler } from '../../src/daily/scheduler.js';
import { OutgoingQueue } from '../../src/daily/queue.js';
import { telegramTransport } from '../../src/bot/features/daily.js';

const TOKEN = '123456:e2e-test-token';
/** The emulator answers getUpdates at once: a short floor keeps the loop from spinning, and exchanges quick. */
const POLL_FLOOR_MS = 50;

interface BotMessage {
  messageId: number;
  message: {
    text: string;
    chat_id: number | string;
    reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] };
  };
}

/**
 * The real bot over real HTTP long polling against a local Telegram Bot API emulator
 * (telegram-test-api) on 127.0.0.1.
 */
describe('end to end over long polling', () => {
  let server: TelegramServer;
  let running: Running;
  let bot: Bot;
  let getUpdatesCalls = 0;
  let menu: unknown;
  let client: ReturnType<TelegramServer['getClient']>;
  let clock: ManualClock;
  let scheduler: DailyScheduler;
  const ADMIN = 43;

  beforeAll(async () => {
    const port = await freePort();
    server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 60 });
    await server.start();
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: server.config.apiURL,
      DATA_DIR: tempDir('e2e-data-'),
    });
    const db = openDatabase(config.dataDir);
    clock = new ManualClock(new Date('2026-11-21T08:00:00+08:00'));
    const store = new SubscriptionStore(db, () => clock.now().getTime());
    scheduler = new DailyScheduler({
      store,
      clock,
      queue: new OutgoingQueue({ clock }),
      transport: telegramTransport(() => bot.api, casebook(), 'Asia/Shanghai', clock),
      articleIds: () => casebook().articles.map((a) => a.id),
    });
    const deps = testDeps(db, { adminUserIds: [ADMIN], daily: { store, scheduler, clock } });
    bot = createBot(TOKEN, deps, { apiRoot: config.apiRoot });
    bot.api.config.use((prev, method, payload, signal) => {
      if (method === 'getUpdates') getUpdatesCalls++;
      if (method === 'setMyCommands') menu = payload;
      return prev(method, payload, signal);
    });
    running = await startTelegram(bot, config, silentLogger, { pollFloorMs: POLL_FLOOR_MS });
    scheduler.start();
    client = server.getClient(TOKEN, {
      userId: 42,
      chatId: 42,
      firstName: '组工干部',
      userName: 'zugong',
      type: 'private',
      timeout: 8000,
      interval: 50,
    });
  });

  afterAll(async () => {
    scheduler?.stop();
    await running?.stop();
    await server?.stop();
  });

  /** Waits for the bot's next message(s) to the client's chat. */
  async function replies(min = 1, timeoutMs = 8000, from = client): Promise<BotMessage[]> {
    const got: BotMessage[] = [];
    const until = Date.now() + timeoutMs;
    while (got.length < min && Date.now() < until) {
      const r = (await from.getUpdates()) as unknown as { result: BotMessage[] };
      got.push(...r.result);
      if (got.length < min) await new Promise((res) => setTimeout(res, 50));
    }
    return got;
  }

  it('logs in with getMe, registers the command table, and survives the emulator lacking setMyCommands', () => {
    expect(bot.botInfo.username).toBe('TestNameBot');
    expect(menu).toEqual({ commands: menuCommands() });
  });

  it('/start is answered with the help text and example buttons', async () => {
    await client.sendCommand(client.makeCommand('/start'));
    const [m] = await replies();
    expect(m?.message.text).toContain('案例库');
    expect(m?.message.reply_markup?.inline_keyboard.flat().length).toBeGreaterThanOrEqual(3);
  });

  it('/county 金乡 lists its cases', async () => {
    await client.sendCommand(client.makeCommand('/county 金乡'));
    const [m] = await replies();
    expect(m?.message.text).toContain(`共 ${casebook().byCounty('金乡县').length} 篇案例`);
    expect(m?.message.text).toContain('金乡县建好党代表工作室');
  });

  it('a free-text question is answered with the quoted figure first', async () => {
    await client.sendMessage(client.makeMessage('金乡党代表工作室接待了多少党员群众'));
    const [m] = await replies();
    const text = m!.message.text;
    expect(text).toContain('接待党员群众1200余人');
    expect(text.indexOf('1200余人')).toBeLessThan(text.indexOf('1. '));
  });

  it('pressing a page button edits the message to the next page', async () => {
    await client.sendMessage(client.makeMessage('干部'));
    const [m] = await replies();
    const next = m!.message.reply_markup!.inline_keyboard.flat().find((b) => b.text.includes('下一页'))!;
    expect(next).toBeDefined();
    const edited = server.waitBotEdits();
    await client.sendCallback(
      client.makeCallbackQuery(next.callback_data, {
        message: { message_id: m!.messageId, chat: { id: 42, type: 'private' } } as never,
      }),
    );
    await edited;
    const history = (await client.getUpdatesHistory()) as unknown as BotMessage[];
    const after = history.find((u) => u.messageId === m!.messageId);
    expect(after?.message.text).toContain('4. ');
  });

  it('an idle poll loop does not spin the CPU against an emulator that ignores the timeout', async () => {
    const before = getUpdatesCalls;
    const window = 20 * POLL_FLOOR_MS;
    await new Promise((res) => setTimeout(res, window));
    // The emulator answers in about a millisecond: without the floor, hundreds of calls.
    const calls = getUpdatesCalls - before;
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(calls).toBeLessThanOrEqual(window / POLL_FLOOR_MS + 2);
  });

  it('daily case: subscribe in a forum topic, advance the clock, and the case arrives there', async () => {
    const group = server.getClient(TOKEN, {
      userId: ADMIN,
      chatId: -100777,
      type: 'supergroup',
      chatTitle: '组织部',
      timeout: 8000,
      interval: 50,
    });
    const topic = { message_thread_id: 9, is_topic_message: true };
    await group.sendCommand(group.makeCommand('/subscribe 08:30', topic));
    const [ok] = await replies(1, 8000, group);
    expect(ok?.message.text).toContain('已订阅');
    await clock.advance(31 * 60_000);
    const [daily] = await replies(1, 8000, group);
    expect(daily?.message.text).toContain('每日案例');
    expect(Number(daily?.message.chat_id)).toBe(-100777);
    expect((daily?.message as { message_thread_id?: number }).message_thread_id).toBe(9);
  });
});

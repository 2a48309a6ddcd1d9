import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/createBot.js';
import { telegramTransport } from '../../src/bot/features/daily.js';
import { ChatHarness, CONSOLE_BOT, GROUP_CHAT } from '../../src/testing/harness.js';
import { openDatabase } from '../../src/db/db.js';
import { ManualClock } from '../../src/testing/clock.js';
import { OutgoingQueue } from '../../src/daily/queue.js';
import { DailyScheduler } from '../../src/daily/scheduler.js';
import { describeSlot, dueAt, localDate, nextSlot, parseTime } from '../../src/daily/schedule.js';
import { SubscriptionStore } from '../../src/daily/store.js';
import { casebook, tempDir, testDeps } from '../helpers.js';

const TZ = 'Asia/Shanghai';
const HOUR = 3600_000;
const cb = casebook();

/** One bot process: clock, SQLite store, scheduler and the real bot over the harness. */
function processOn(dataDir: string, clock: ManualClock, options: { ids?: () => string[]; catchUpMs?: number } = {}) {
  const db = openDatabase(dataDir);
  const store = new SubscriptionStore(db, () => clock.now().getTime());
  let harness: ChatHarness | undefined = undefined;
  const scheduler = new DailyScheduler({
    store,
    clock,
    queue: new OutgoingQueue({ clock }),
    transport: telegramTransport(() => harness!.bot.api, cb, TZ, clock),
    articleIds: options.ids ?? (() => cb.articles.map((a) => a.id)),
    catchUpMs: options.catchUpMs,
  });
  const deps = testDeps(db, { daily: { store, scheduler, clock } });
  harness = new ChatHarness(createBot('0:test', deps, { botInfo: CONSOLE_BOT }));
  const h = harness;
  const sendTimes: number[] = [];
  const baseFail = h.fail;
  h.fail = (m, p) => {
    if (m === 'sendMessage') sendTimes.push(clock.now().getTime());
    return baseFail(m, p);
  };
  const dailies = () =>
    h.calls.filter((c) => c.method === 'sendMessage' && String(c.payload.text).includes('每日案例'));
  return {
    db,
    store,
    scheduler,
    h,
    dailies,
    sendTimes,
    close: () => {
      scheduler.stop();
      db.close();
    },
  };
}

const at = (iso: string) => new Date(iso);

describe('schedule arithmetic', () => {
  it('parses 9:30 and 09:30, rejects 25:00, 早上九点, 9点半', () => {
    expect(parseTime('9:30')).toBe('09:30');
    expect(parseTime('09:30')).toBe('09:30');
    expect(parseTime('21：05')).toBe('21:05');
    for (const bad of ['25:00', '早上九点', '9点半', '9', '09:60', '']) expect(parseTime(bad)).toBeUndefined();
  });

  it('finds the due time across midnight and month and year ends, in two time zones', () => {
    // Shanghai, 23:50 on 31 January: 00:30 is tomorrow, 1 February.
    let slot = nextSlot('00:30', TZ, at('2026-01-31T23:50:00+08:00'), false, 0);
    expect(slot.date).toBe('2026-02-01');
    expect(slot.at.toISOString()).toBe('2026-01-31T16:30:00.000Z');
    // New York, 23:45 on 31 December: 23:30 passed, so 1 January next year.
    slot = nextSlot('23:30', 'America/New_York', at('2027-01-01T04:45:00Z'), false, 0);
    expect(slot.date).toBe('2027-01-01');
    expect(slot.at.toISOString()).toBe('2027-01-02T04:30:00.000Z');
    // The same instant is a different local date in each zone.
    expect(localDate(at('2026-02-28T20:00:00Z'), TZ)).toBe('2026-03-01');
    expect(localDate(at('2026-02-28T20:00:00Z'), 'America/New_York')).toBe('2026-02-28');
    expect(dueAt('2026-03-01', '09:00', 'America/New_York').toISOString()).toBe('2026-03-01T14:00:00.000Z');
    // Delivered today: tomorrow, even before today's time.
    expect(nextSlot('09:00', TZ, at('2026-11-21T08:00:00+08:00'), true, 0).date).toBe('2026-11-22');
  });

  it('describes the next delivery in zh-CN', () => {
    const now = at('2026-11-21T20:00:00+08:00');
    expect(describeSlot(nextSlot('09:00', TZ, now, false, 0), now, TZ)).toBe('明天 09:00（11月22日 星期日）');
  });
});

describe('daily deliveries', () => {
  it('subscribe, then the case arrives at the time, in the right chat and forum topic', async () => {
    const clock = new ManualClock(at('2026-11-21T08:00:00+08:00'));
    const p = processOn(tempDir('daily-'), clock);
    p.scheduler.start();
    const forum = { ...GROUP_CHAT, is_forum: true as const };
    p.h.memberStatus = () => 'administrator';
    const [ok] = await p.h.send('/subscribe 08:30', { chat: forum, threadId: 9 });
    expect(ok!.text).toContain('已订阅');
    expect(ok!.text).toContain('今天 08:30');
    await clock.advance(29 * 60_000);
    expect(p.dailies()).toHaveLength(0);
    await clock.advance(2 * 60_000);
    const [sent] = p.dailies();
    expect(sent?.payload.chat_id).toBe(forum.id);
    expect(sent?.payload.message_thread_id).toBe(9);
    expect(String(sent?.payload.text)).toContain('2026年11月21日 星期六');
    expect(String(sent?.payload.text)).toMatch(/#\S+/);
    const rows = (sent?.payload.reply_markup as { inline_keyboard: { text: string; copy_text?: { text: string } }[][] })
      .inline_keyboard;
    expect(rows[0]!.map((b) => b.text)).toEqual(['阅读全文', '换一篇']);
    // Then the case's copy button: a quoted sentence with its citation.
    expect(
      rows
        .slice(1)
        .flat()
        .every((b) => b.copy_text?.text.endsWith('（《济宁日报》（日期未录入））')),
    ).toBe(true);
    // Never twice a day; again the next day.
    await clock.advance(12 * HOUR);
    expect(p.dailies()).toHaveLength(1);
    await clock.advance(12 * HOUR);
    expect(p.dailies()).toHaveLength(2);
    p.close();
  });

  it('after a restart, a passed slot is caught up within the window, once', async () => {
    const dir = tempDir('daily-');
    let clock = new ManualClock(at('2026-11-21T07:00:00+08:00'));
    let p = processOn(dir, clock);
    p.store.upsert({ chatId: 1, threadId: null, time: '09:00', timeZone: TZ, createdBy: 1 });
    p.store.upsert({ chatId: 2, threadId: null, time: '09:00', timeZone: TZ, createdBy: 2 });
    p.close(); // down from 07:00 to 11:00

    clock = new ManualClock(at('2026-11-21T11:00:00+08:00'));
    p = processOn(dir, clock);
    p.scheduler.start();
    await clock.advance(1000);
    expect(
      p
        .dailies()
        .map((c) => c.payload.chat_id)
        .sort(),
    ).toEqual([1, 2]);
    p.close();

    clock = new ManualClock(at('2026-11-21T12:00:00+08:00'));
    p = processOn(dir, clock);
    p.scheduler.start();
    await clock.advance(HOUR);
    expect(p.dailies()).toHaveLength(0); // restarted again: no duplicate
    p.close();
  });

  it('a slot missed by more than the catch-up window waits for the next day', async () => {
    const dir = tempDir('daily-');
    const clock = new ManualClock(at('2026-11-21T16:00:00+08:00'));
    const p = processOn(dir, clock, { catchUpMs: 6 * HOUR });
    p.store.upsert({ chatId: 1, threadId: null, time: '09:00', timeZone: TZ, createdBy: 1 });
    p.scheduler.start();
    await clock.advance(HOUR);
    expect(p.dailies()).toHaveLength(0);
    await clock.advance(16 * HOUR + 60_000); // 09:01 next day
    expect(p.dailies()).toHaveLength(1);
    p.close();
  });

  it('two instances on one database deliver once', async () => {
    const dir = tempDir('daily-');
    const clock = new ManualClock(at('2026-11-21T09:00:00+08:00'));
    const a = processOn(dir, clock);
    const b = processOn(dir, clock);
    a.store.upsert({ chatId: 5, threadId: null, time: '09:00', timeZone: TZ, createdBy: 1 });
    a.scheduler.start();
    b.scheduler.start();
    await clock.advance(60_000);
    expect(a.dailies().length + b.dailies().length).toBe(1);
    a.close();
    b.close();
  });

  it('the deck shows every case once before any repeats, then starts over', () => {
    const p = processOn(tempDir('daily-'), new ManualClock(at('2026-11-21T09:00:00+08:00')));
    const ids = cb.articles.map((a) => a.id);
    const first = ids.map(() => p.store.nextCard(7, ids)!.articleId);
    expect(new Set(first).size).toBe(ids.length);
    expect(p.store.remaining(7, ids)).toBe(ids.length);
    const second = ids.map(() => p.store.nextCard(7, ids)!.articleId);
    expect(new Set(second).size).toBe(ids.length);
    expect(second).not.toEqual(first); // a new shuffle
    expect(p.store.nextCard(8, ids)!.articleId).not.toBe(undefined);
    p.close();
  });

  it('a new case joins the deck and a removed one drops out', () => {
    const p = processOn(tempDir('daily-'), new ManualClock(at('2026-11-21T09:00:00+08:00')));
    const ids = cb.articles.map((a) => a.id);
    const drawn = new Set<string>();
    for (let i = 0; i < 10; i++) drawn.add(p.store.nextCard(3, ids)!.articleId);
    const gone = ids.find((id) => !drawn.has(id))!;
    const now = [...ids.filter((id) => id !== gone), 'new00001'];
    expect(p.store.remaining(3, now)).toBe(ids.length - 10);
    const rest: string[] = [];
    for (let i = 0; i < ids.length - 10; i++) rest.push(p.store.nextCard(3, now)!.articleId);
    expect(rest).toContain('new00001');
    expect(rest).not.toContain(gone);
    expect(new Set([...drawn, ...rest]).size).toBe(ids.length);
    p.close();
  });

  it('403 (blocked or kicked) deactivates the subscription and the others still get theirs', async () => {
    const clock = new ManualClock(at('2026-11-21T09:00:00+08:00'));
    const p = processOn(tempDir('daily-'), clock);
    p.store.upsert({ chatId: 11, threadId: null, time: '09:00', timeZone: TZ, createdBy: 1 });
    p.store.upsert({ chatId: 12, threadId: null, time: '09:00', timeZone: TZ, createdBy: 1 });
    const fail = p.h.fail;
    p.h.fail = (m, payload) =>
      fail(m, payload) ??
      (m === 'sendMessage' && payload.chat_id === 11
        ? { error_code: 403, description: 'Forbidden: bot was blocked by the user' }
        : undefined);
    p.scheduler.start();
    await clock.advance(5000);
    expect(p.store.get(11)?.active).toBe(false);
    expect(p.store.delivery(11, '2026-11-21')?.status).toBe('failed');
    expect(p.store.get(12)?.active).toBe(true);
    expect(p.store.delivery(12, '2026-11-21')?.status).toBe('sent');
    p.close();
  });

  it('429 retry_after is honoured, not hammered', async () => {
    const clock = new ManualClock(at('2026-11-21T09:00:00+08:00'));
    const p = processOn(tempDir('daily-'), clock);
    p.store.upsert({ chatId: 21, threadId: null, time: '09:00', timeZone: TZ, createdBy: 1 });
    let calls = 0;
    const fail = p.h.fail;
    p.h.fail = (m, payload) => {
      const base = fail(m, payload);
      if (m !== 'sendMessage') return base;
      return ++calls === 1
        ? { error_code: 429, description: 'Too Many Requests: retry after 30', parameters: { retry_after: 30 } }
        : base;
    };
    p.scheduler.start();
    await clock.advance(10_000);
    expect(calls).toBe(1);
    await clock.advance(25_000);
    expect(calls).toBe(2);
    expect(p.sendTimes[1]! - p.sendTimes[0]!).toBeGreaterThanOrEqual(30_000);
    expect(p.store.delivery(21, '2026-11-21')?.status).toBe('sent');
    p.close();
  });

  it('a group upgraded to a supergroup moves its subscription to the new id', async () => {
    const clock = new ManualClock(at('2026-11-21T09:00:00+08:00'));
    const p = processOn(tempDir('daily-'), clock);
    p.store.upsert({ chatId: -321, threadId: null, time: '09:00', timeZone: TZ, createdBy: 1 });
    const fail = p.h.fail;
    p.h.fail = (m, payload) =>
      fail(m, payload) ??
      (m === 'sendMessage' && payload.chat_id === -321
        ? {
            error_code: 400,
            description: 'Bad Request: group chat was upgraded to a supergroup chat',
            parameters: { migrate_to_chat_id: -100321 },
          }
        : undefined);
    p.scheduler.start();
    await clock.advance(10_000);
    expect(p.store.get(-321)).toBeUndefined();
    expect(p.store.get(-100321)?.active).toBe(true);
    // The first attempt is answered with the migration; the case then goes to the new id.
    expect(p.dailies().map((c) => c.payload.chat_id)).toEqual([-321, -100321]);
    expect(p.store.delivery(-100321, '2026-11-21')?.status).toBe('sent');
    p.close();
  });

  it('in groups only administrators may subscribe, change or unsubscribe; anyone may look', async () => {
    const clock = new ManualClock(at('2026-11-21T09:00:00+08:00'));
    const p = processOn(tempDir('daily-'), clock);
    p.h.memberStatus = () => 'member';
    const [refused] = await p.h.send('/subscribe 10:00', { chat: GROUP_CHAT });
    expect(refused!.text).toContain('只有群管理员');
    expect(p.store.get(GROUP_CHAT.id)).toBeUndefined();
    p.h.memberStatus = () => 'administrator';
    await p.h.send('/subscribe 10:00', { chat: GROUP_CHAT });
    expect(p.store.get(GROUP_CHAT.id)?.time).toBe('10:00');
    p.h.memberStatus = () => 'member';
    const [look] = await p.h.send('/subscription', { chat: GROUP_CHAT });
    expect(look!.text).toContain('每天 10:00');
    expect(look!.text).toMatch(/本轮还有 \d+ 篇/);
    const [no] = await p.h.send('/unsubscribe', { chat: GROUP_CHAT });
    expect(no!.text).toContain('只有群管理员');
    expect(p.store.get(GROUP_CHAT.id)?.active).toBe(true);
    const [bad] = await p.h.send('/subscribe 早上九点');
    expect(bad!.text).toContain('例如 /subscribe 09:00');
    p.close();
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import type { Message } from 'grammy/types';
import { createBot } from '../../src/bot/createBot.js';
import type { BotDeps } from '../../src/bot/deps.js';
import {
  ChatHarness,
  CONSOLE_BOT,
  CONSOLE_USER,
  GROUP_CHAT,
  PRIVATE_CHAT,
  type Button,
} from '../../src/testing/harness.js';
import { openDatabase } from '../../src/db/db.js';
import { ManualClock } from '../../src/testing/clock.js';
import { SubscriptionStore } from '../../src/daily/store.js';
import { DailyScheduler } from '../../src/daily/scheduler.js';
import { OutgoingQueue } from '../../src/daily/queue.js';
import { casebook, tempDir, testDeps } from '../helpers.js';
import { callbackData } from '../../src/bot/callbackData.js';
import { memoryLogger } from '../../src/testing/logger.js';

/** A lone surrogate: half an emoji, shown as � (or refused by Telegram). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** The daily case study over a database, with a clock standing still. */
function dailyDeps(db: ReturnType<typeof openDatabase>) {
  const clock = new ManualClock(new Date('2026-11-21T08:00:00+08:00'));
  const store = new SubscriptionStore(db, () => clock.now().getTime());
  const scheduler = new DailyScheduler({
    store,
    clock,
    queue: new OutgoingQueue({ clock }),
    transport: { send: () => Promise.resolve(1) },
    articleIds: () => casebook().articles.map((a) => a.id),
  });
  return { store, scheduler, clock };
}

function setup(overrides: Partial<BotDeps> = {}, dataDir = tempDir('data-')) {
  const db = openDatabase(dataDir);
  const deps = testDeps(db, { random: () => 0.5, ...overrides });
  const h = new ChatHarness(createBot('0:test', deps, { botInfo: CONSOLE_BOT }));
  return { h, deps, db, dataDir };
}

describe('commands', () => {
  let h: ChatHarness;
  beforeEach(() => ({ h } = setup()));

  it('/start and /help explain the bot with clickable examples', async () => {
    for (const cmd of ['/start', '/help']) {
      const [r] = await h.send(cmd);
      expect(r!.text).toContain('案例库');
      expect(r!.text).toContain('/county');
      expect(r!.buttons.flat().length).toBeGreaterThanOrEqual(3);
      const answer = await h.press(r!.buttons[0]![0]!.data);
      expect(answer.find((x) => x.method === 'sendMessage')?.text).toContain('1200余人');
    }
  });

  it('every message is sent as HTML', async () => {
    await h.send('/help');
    await h.send('/county 金乡');
    for (const c of h.calls.filter((x) => x.method === 'sendMessage')) expect(c.payload.parse_mode).toBe('HTML');
  });

  it('/county without a name lists every county with its count as buttons', async () => {
    const [r] = await h.send('/county');
    const labels = r!.buttons.flat().map((b) => b.label);
    expect(labels).toContain('金乡县（3）');
    expect(labels).toHaveLength(14);
    const pressed = await h.press(r!.buttons.flat().find((b) => b.label.startsWith('金乡县'))!.data);
    expect(pressed[0]!.text).toContain('共 3 篇案例');
  });

  it.each(['金乡', '金乡县', '蒜都'])(
    '/county %s lists the three 金乡县 cases in page order, with figures',
    async (name) => {
      const [r] = await h.send(`/county ${name}`);
      expect(r!.text).toContain('共 3 篇案例');
      const order = ['金乡县坚持“点线面体”齐发力', '金乡：推行党员量化积分管理', '金乡县建好党代表工作室'].map((t) =>
        r!.text.indexOf(t),
      );
      expect(order.every((x) => x >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(r!.html).toContain('#金乡县');
      expect(r!.text).toContain('投资70余万元');
      expect(r!.buttons[0]!.map((b) => b.label)).toEqual(['全文 1', '全文 2', '全文 3']);
      expect(r!.buttons.at(-1)!.map((b) => b.label)).toEqual(['📄 导出Word']);
    },
  );

  it('/county 北京 gets a helpful refusal with the list', async () => {
    const [r] = await h.send('/county 北京');
    expect(r!.text).toContain('没有找到“北京”');
    expect(r!.buttons.flat().length).toBe(14);
    const [near] = await h.send('/county 金香');
    expect(near!.text).toContain('金乡县');
  });

  it('/random sends a case with 阅读全文 and 换一篇', async () => {
    const [r] = await h.send('/random');
    expect(r!.text).toContain('随机案例');
    expect(r!.buttons.flat().map((b) => b.label)).toEqual(['阅读全文', '换一篇']);
    const again = await h.press(callbackData.random());
    expect(again[0]!.text).toContain('随机案例');
  });

  it('/case ID and the 全文 button send the whole article, split under 4096 characters', async () => {
    const id = casebook().articles[0]!.id;
    const parts = await h.send(`/case ${id}`);
    expect(parts.length).toBeGreaterThanOrEqual(1);
    const whole = parts.map((p) => p.text).join('');
    expect(whole).toContain('调处矛盾纠纷2986件');
    for (const p of parts) expect(p.html.length).toBeLessThanOrEqual(4096);
    const viaButton = await h.press(callbackData.full(id));
    expect(viaButton.map((p) => p.text).join('')).toBe(whole);
    const [missing] = await h.send('/case zzzz');
    expect(missing!.text).toContain('没有编号');
  });

  it('/stats shows pages, articles, per-county counts and the build time', async () => {
    const [r] = await h.send('/stats');
    expect(r!.text).toContain('版面 5 个，文章 34 篇');
    expect(r!.text).toContain('金乡县 3');
    expect(r!.text).toMatch(/索引建立于 \d{4}年/);
  });
});

describe('questions and pages', () => {
  it('answers free text in private chats with the quoted figure first', async () => {
    const { h } = setup();
    const [r] = await h.send('金乡党代表工作室接待了多少党员群众');
    expect(r!.text.indexOf('接待党员群众1200余人')).toBeLessThan(r!.text.indexOf('1. '));
    expect(r!.html).toContain('<blockquote>');
    expect(r!.text).toContain('《金乡县建好党代表工作室 用心办实事解民忧》');
    expect(h.calls.some((c) => c.method === 'sendChatAction')).toBe(true);
  });

  it('pages results 3 at a time with ‹ i/N › buttons that survive a restart', async () => {
    const dataDir = tempDir('data-');
    const first = setup({}, dataDir);
    const total = casebook().ask('干部', { limit: 15 }).results.length;
    const pages = Math.ceil(total / 3);
    expect(pages).toBeGreaterThan(1);
    const [r] = await first.h.send('/ask 干部');
    const navOf = (buttons: Button[][]) => buttons.find((row) => row.some((b) => b.label.includes('/')))!;
    const nav = navOf(r!.buttons);
    expect(nav.map((b) => b.label)).toContain(`1/${pages}`);
    const next = nav.find((b) => b.label.includes('下一页'))!;
    first.db.close();

    const second = setup({}, dataDir); // a fresh process over the same SQLite file
    const message = { message_id: r!.messageId, chat: PRIVATE_CHAT, date: 0 } as Message;
    const [edited] = await second.h.press(next.data, message);
    expect(edited!.method).toBe('editMessageText');
    expect(edited!.text).toContain('4. ');
    expect(navOf(edited!.buttons).map((b) => b.label)).toContain(`2/${pages}`);
  });

  it('forged or stale button data gets a polite 已过期', async () => {
    const { h } = setup();
    for (const data of ['p:AAAAAAAA:1', 'p:bad', 'f:00000000', 'zzz', 'c:北京市', 'e:99']) {
      h.calls.length = 0;
      await h.press(data);
      const answer = h.calls.find((c) => c.method === 'answerCallbackQuery');
      expect(answer?.payload.text, data).toMatch(/已过期/);
      expect(h.calls.some((c) => c.method === 'sendMessage')).toBe(false);
    }
  });

  it('escapes HTML from the user and never breaks the markup', async () => {
    const { h } = setup();
    const [r] = await h.send('<b>党代表</b> & <script>alert(1)</script>');
    expect(r!.html).not.toContain('<script>');
    expect(r!.html).toContain('&lt;b&gt;党代表&lt;/b&gt; &amp;');
  });

  it.each([
    ['an empty /ask', '/ask', /请在 \/ask 后面写上问题/],
    ['3,000 characters', '党建'.repeat(1500), /只按前 300 字检索/],
    ['emoji', '😀😀😀', /没有找到/],
    ['punctuation', '？？？', /没有找到/],
  ])('%s gets a clear answer', async (_name, text, want) => {
    const { h } = setup();
    const replies = await h.send(text);
    expect(replies.length).toBe(1);
    expect(replies[0]!.text).toMatch(want);
    expect(replies[0]!.html.length).toBeLessThanOrEqual(4096);
  });

  it('a sticker or photo gets a hint; an edited message is answered again', async () => {
    const { h } = setup();
    const [sticker] = await h.sendMessage({
      sticker: {
        file_id: 's',
        file_unique_id: 's',
        type: 'regular',
        width: 1,
        height: 1,
        is_animated: false,
        is_video: false,
      },
    });
    expect(sticker!.text).toContain('只能回答文字问题');
    const [photo] = await h.sendMessage({ photo: [{ file_id: 'p', file_unique_id: 'p', width: 1, height: 1 }] });
    expect(photo!.text).toContain('只能回答文字问题');
    const [edited] = await h.send('红帆驿站', { edited: true });
    expect(edited!.text).toContain('红帆驿站');
  });

  it('a failing Telegram call is logged, apologised for where the chat can be reached, and the bot goes on', async () => {
    const { log, lines } = memoryLogger();
    const { h } = setup({ log });
    // Blocked by the user: logged, and no apology (it could not be delivered either).
    h.fail = (method) =>
      method === 'sendMessage' ? { error_code: 403, description: 'Forbidden: bot was blocked by the user' } : undefined;
    await h.send('/help');
    expect(lines.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([
      expect.stringMatching(/处理更新 \d+ 时出错/),
    ]);
    expect(h.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(1);
    // A server error on the first send: logged, and the user gets the apology.
    let failures = 1;
    h.fail = (method) =>
      method === 'sendMessage' && failures-- > 0
        ? { error_code: 500, description: 'Internal Server Error' }
        : undefined;
    const replies = await h.send('/help');
    expect(replies.map((r) => r.text)).toEqual([expect.any(String), '抱歉，处理这条消息时出了点问题，请稍后再试。']);
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(2);
    h.fail = () => undefined;
    const [r] = await h.send('/help');
    expect(r!.text).toContain('案例库');
  });
});

describe('cutting user text (F5)', () => {
  // 19 letters, then an emoji: the 20th UTF-16 unit is the emoji's first half.
  const name = 'a'.repeat(19) + '😀' + 'b'.repeat(10);

  it.each([
    ['/county', `/county ${name}`, '没有找到'],
    ['/case', `/case ${name}`, '没有编号'],
    ['/subscribe', `/subscribe ${name}`, '时间格式不对'],
  ])('%s quotes a long argument cut by characters, never half an emoji', async (_cmd, text, want) => {
    const db = openDatabase(tempDir('data-'));
    const { h } = setup({ daily: dailyDeps(db) });
    const [r] = await h.send(text);
    expect(r!.text).toContain(want);
    expect(r!.html).not.toMatch(LONE_SURROGATE);
    expect(r!.text).toContain('a'.repeat(19));
    expect(r!.text).toContain('…');
  });
});

describe('membership checks (F8)', () => {
  it('a member refused because getChatMember failed once is served at the next message', async () => {
    const { h } = setup({ allowedChatIds: [GROUP_CHAT.id] });
    let failures = 1;
    h.fail = (method) =>
      method === 'getChatMember' && failures-- > 0 ? { error_code: 502, description: 'Bad Gateway' } : undefined;
    const [first] = await h.send('/county 金乡');
    expect(first!.text).not.toContain('仅供指定的组织工作群');
    expect(first!.text).toContain('稍后再试');
    const [second] = await h.send('/county 金乡');
    expect(second!.text).toContain('共 3 篇案例');
  });

  it('a group administrator whose status could not be checked is asked to try again, not refused', async () => {
    const db = openDatabase(tempDir('data-'));
    const daily = dailyDeps(db);
    const { h } = setup({ daily });
    h.memberStatus = () => 'administrator';
    h.fail = (method) => (method === 'getChatMember' ? { error_code: 502, description: 'Bad Gateway' } : undefined);
    const [first] = await h.send('/subscribe 10:00', { chat: GROUP_CHAT });
    expect(first!.text).toContain('稍后再试');
    expect(first!.text).not.toContain('只有群管理员');
    h.fail = () => undefined;
    const [second] = await h.send('/subscribe 10:00', { chat: GROUP_CHAT });
    expect(second!.text).toContain('已订阅');
    expect(daily.store.get(GROUP_CHAT.id)?.time).toBe('10:00');
  });

  it('a definite refusal is still cached, and told once', async () => {
    const { h } = setup({ allowedChatIds: [GROUP_CHAT.id] });
    h.memberStatus = () => 'left';
    const [refused] = await h.send('/county 金乡');
    expect(refused!.text).toContain('仅供指定的组织工作群');
    h.memberStatus = () => 'member';
    expect(await h.send('/county 金乡')).toEqual([]);
    expect(h.calls.filter((c) => c.method === 'getChatMember')).toHaveLength(1);
  });
});

describe('buttons on inline messages (F12)', () => {
  it.each([
    ['全文', () => callbackData.full(casebook().articles[0]!.id)],
    ['换一篇', () => callbackData.random()],
    ['an example', () => callbackData.example(0)],
    ['a county', () => callbackData.county('金乡县')],
    ['a page', () => callbackData.page('AAAAAAAA', 1)],
    ['the page counter', () => callbackData.noop()],
    ['forged', () => 'zzz'],
  ])('%s is answered, with nothing sent and nothing logged as an error', async (_name, data) => {
    for (const allowedChatIds of [[], [GROUP_CHAT.id]]) {
      const { log, lines } = memoryLogger();
      const { h } = setup({ log, allowedChatIds });
      await h.pressInline(data());
      expect(h.calls.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
      expect(h.calls.some((c) => c.method === 'sendMessage')).toBe(false);
      expect(lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    }
  });
});

describe('groups', () => {
  it('stay quiet on plain chatter, answer /ask, @mentions and replies to the bot', async () => {
    const { h } = setup();
    expect(await h.send('今天中午吃什么', { chat: GROUP_CHAT })).toEqual([]);
    expect(await h.send('哪些地方有红帆驿站', { chat: GROUP_CHAT })).toEqual([]);
    const [ask] = await h.send('/ask 哪些地方有红帆驿站', { chat: GROUP_CHAT });
    expect(ask!.text).toContain('梁山县');
    const [mention] = await h.send(`@${CONSOLE_BOT.username} 红帆驿站`, { chat: GROUP_CHAT });
    expect(mention!.text).toContain('红帆驿站');
    const botMessage = h.lastSent(GROUP_CHAT.id)!;
    const [reply] = await h.send('金乡党代表工作室投资多少钱', { chat: GROUP_CHAT, replyTo: botMessage });
    expect(reply!.text).toContain('70余万元');
  });

  it('with ANSWER_ALL_GROUP_MESSAGES, answer question-like messages only', async () => {
    const { h } = setup({ answerAllGroupMessages: true });
    expect(await h.send('大家好', { chat: GROUP_CHAT })).toEqual([]);
    const [r] = await h.send('哪些地方有红帆驿站？', { chat: GROUP_CHAT });
    expect(r!.text).toContain('曲阜市');
  });

  it('/cmd@ThisBot works and /cmd@OtherBot is ignored', async () => {
    const { h } = setup();
    const [mine] = await h.send(`/county@${CONSOLE_BOT.username} 金乡`, { chat: GROUP_CHAT });
    expect(mine!.text).toContain('共 3 篇案例');
    expect(await h.send('/county@other_bot 金乡', { chat: GROUP_CHAT })).toEqual([]);
    expect(await h.send('/help@other_bot')).toEqual([]);
  });

  it('replies go to the forum topic they came from', async () => {
    const { h } = setup();
    const [r] = await h.send('/ask 红帆驿站', { chat: { ...GROUP_CHAT, is_forum: true }, threadId: 77 });
    expect(r!.threadId).toBe(77);
    const [c] = await h.send('/county 金乡', { chat: { ...GROUP_CHAT, is_forum: true }, threadId: 77 });
    expect(c!.threadId).toBe(77);
  });
});

describe('allowlist', () => {
  const allowed = GROUP_CHAT.id;

  it('serves the allowed group, its members in private, and admins; refuses others once', async () => {
    const { h } = setup({ allowedChatIds: [allowed], adminUserIds: [9] });
    const [inGroup] = await h.send('/county 金乡', { chat: GROUP_CHAT });
    expect(inGroup!.text).toContain('共 3 篇案例');

    h.memberStatus = () => 'member';
    const [member] = await h.send('/county 金乡');
    expect(member!.text).toContain('共 3 篇案例');

    const stranger = { ...CONSOLE_USER, id: 5 };
    const strangerChat = { ...PRIVATE_CHAT, id: 5 };
    h.memberStatus = (_c, user) => (user === 5 ? 'left' : 'member');
    const [refused] = await h.send('/county 金乡', { chat: strangerChat, from: stranger });
    expect(refused!.text).toContain('仅供指定的组织工作群');
    expect(await h.send('/help', { chat: strangerChat, from: stranger })).toEqual([]);

    const admin = { ...CONSOLE_USER, id: 9 };
    const [adminReply] = await h.send('/stats', { chat: { ...PRIVATE_CHAT, id: 9 }, from: admin });
    expect(adminReply!.text).toContain('案例库统计');

    const otherGroup = { ...GROUP_CHAT, id: -100999 };
    const [groupRefused] = await h.send('/ask 红帆驿站', { chat: otherGroup });
    expect(groupRefused!.text).toContain('仅供指定');
    expect(await h.send('/ask 红帆驿站', { chat: otherGroup })).toEqual([]);
  });
});

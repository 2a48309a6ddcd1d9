import { beforeEach, describe, expect, it } from 'vitest';
import type { Message } from 'grammy/types';
import { createBot } from '../../src/bot/createBot.js';
import type { BotDeps } from '../../src/bot/deps.js';
import { ChatHarness, CONSOLE_BOT, CONSOLE_USER, GROUP_CHAT, PRIVATE_CHAT } from '../../src/testing/harness.js';
import { openDatabase } from '../../src/db/db.js';
import { casebook, tempDir, testDeps } from '../helpers.js';

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
      expect(r!.buttons.flat().map((b) => b.label)).toEqual(['全文 1', '全文 2', '全文 3']);
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
    const again = await h.press('r');
    expect(again[0]!.text).toContain('随机案例');
  });

  it('/case ID and the 全文 button send the whole article, split under 4096 characters', async () => {
    const id = casebook().articles[0]!.id;
    const parts = await h.send(`/case ${id}`);
    expect(parts.length).toBeGreaterThanOrEqual(1);
    const whole = parts.map((p) => p.text).join('');
    expect(whole).toContain('调处矛盾纠纷2986件');
    for (const p of parts) expect(p.html.length).toBeLessThanOrEqual(4096);
    const viaButton = await h.press(`f:${id}`);
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
    const nav = r!.buttons.at(-1)!;
    expect(nav.map((b) => b.label)).toContain(`1/${pages}`);
    const next = nav.find((b) => b.label.includes('下一页'))!;
    first.db.close();

    const second = setup({}, dataDir); // a fresh process over the same SQLite file
    const message = { message_id: r!.messageId, chat: PRIVATE_CHAT, date: 0 } as Message;
    const [edited] = await second.h.press(next.data, message);
    expect(edited!.method).toBe('editMessageText');
    expect(edited!.text).toContain('4. ');
    expect(edited!.buttons.at(-1)!.map((b) => b.label)).toContain(`2/${pages}`);
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

  it('a failing Telegram call is caught and the bot keeps going', async () => {
    const { h } = setup();
    h.fail = (method) =>
      method === 'sendMessage' ? { error_code: 403, description: 'Forbidden: bot was blocked by the user' } : undefined;
    await expect(h.send('/help')).resolves.toBeDefined();
    h.fail = () => undefined;
    const [r] = await h.send('/help');
    expect(r!.text).toContain('案例库');
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

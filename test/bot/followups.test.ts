import { beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message } from 'grammy/types';
import { createBot } from '../../src/bot/createBot.js';
import type { BotDeps } from '../../src/bot/deps.js';
import { parseFollowUp, readNumber } from '../../src/bot/features/followup.js';
import { comparisonQuestion, narrowQuestion } from '../../src/bot/lists.js';
import { casebookTopics } from '../../src/casebook/topics.js';
import { openDatabase } from '../../src/db/db.js';
import { ChatHarness, CONSOLE_BOT, GROUP_CHAT, PRIVATE_CHAT, type Reply } from '../../src/testing/harness.js';
import { casebook, tempDir, testDeps } from '../helpers.js';
import { docxText } from './files.js';

function setup(overrides: Partial<BotDeps> = {}, dataDir = tempDir('data-')) {
  const db = openDatabase(dataDir);
  const h = new ChatHarness(createBot('0:test', testDeps(db, overrides), { botInfo: CONSOLE_BOT }));
  return { h, db, dataDir };
}

/** The message a reply was, as Telegram puts it in `reply_to_message`. */
function asMessage(r: Reply, chat: Chat = PRIVATE_CHAT): Message {
  return {
    message_id: r.messageId,
    date: 0,
    chat,
    from: { id: CONSOLE_BOT.id, is_bot: true, first_name: CONSOLE_BOT.first_name },
    text: r.text,
  };
}

beforeAll(() => {
  // As the app does soon after it starts: answers then use the topics.
  casebookTopics(casebook());
});

describe('which messages are follow-ups', () => {
  it.each([
    ['只看金乡', { kind: 'county', county: '金乡县' }],
    ['只看金乡县的案例', { kind: 'county', county: '金乡县' }],
    ['就要泗水的', { kind: 'county', county: '泗水县' }],
    ['仅看微山', { kind: 'county', county: '微山县' }],
    ['第二个的全文', { kind: 'open', number: 2 }],
    ['第2篇全文', { kind: 'open', number: 2 }],
    ['打开第十二个', { kind: 'open', number: 12 }],
    ['看第一个', { kind: 'open', number: 1 }],
    ['第三个', { kind: 'open', number: 3 }],
    ['还有吗', { kind: 'more' }],
    ['还有吗？', { kind: 'more' }],
    ['还有其他的吗', { kind: 'more' }],
    ['下一页', { kind: 'more' }],
    ['导出', { kind: 'export' }],
    ['导出Word', { kind: 'export' }],
    ['请导出为word文档。', { kind: 'export' }],
    ['比较一下', { kind: 'compare' }],
    ['对比一下各县', { kind: 'compare' }],
  ])('%s', (text, expected) => {
    expect(parseFollowUp(text)).toEqual(expected);
  });

  it.each([
    '比较一下各县平时考核的做法',
    '还有哪些县建了红帆驿站',
    '还有哪些地方推行了积分制',
    '第一书记怎么驻村帮扶',
    '第一书记',
    '第二',
    '只看',
    '只看北京',
    '导出数据怎么统计',
    '金乡',
    '金乡党代表工作室接待了多少党员群众',
    '下一步工作打算',
    '继续推进基层治理的做法',
  ])('%s is a new question', (text) => {
    expect(parseFollowUp(text)).toBeUndefined();
  });

  it('reads numbers in digits and in Chinese', () => {
    expect([readNumber('2'), readNumber('二'), readNumber('两'), readNumber('十'), readNumber('十二')]).toEqual([
      2, 2, 2, 10, 12,
    ]);
    expect([readNumber('二十'), readNumber('二十三'), readNumber('十十'), readNumber('')]).toEqual([
      20,
      23,
      undefined,
      undefined,
    ]);
  });

  it('narrows and compares questions by what they are about', () => {
    expect(narrowQuestion('比较一下各县平时考核的做法', '金乡县')).toBe('金乡县 平时考核的做法');
    expect(narrowQuestion('泗水的第一书记', '金乡县')).toBe('金乡县 第一书记');
    expect(comparisonQuestion('金乡的平时考核做法')).toBe('比较一下各县平时考核做法');
    expect(comparisonQuestion('比较一下各县平时考核的做法')).toBe('比较一下各县平时考核的做法');
    expect(comparisonQuestion('金乡')).toBeUndefined();
  });
});

describe('replying to an answer', () => {
  it('还有吗 sends the next page as a new message, then says when there is no more', async () => {
    const { h } = setup();
    const [answer] = await h.send('干部');
    expect(answer!.text).toContain('1. ');
    const [second] = await h.send('还有吗', { replyTo: asMessage(answer!) });
    expect(second!.method).toBe('sendMessage');
    expect(second!.messageId).not.toBe(answer!.messageId);
    expect(second!.text).toContain('4. ');
    expect(second!.text).not.toContain('1. ');
    // Replying to the second page goes on from there; in a private chat the phrase alone does too.
    const [third] = await h.send('还有吗', { replyTo: asMessage(second!) });
    expect(third!.text).toContain('7. ');
    let last: Reply | undefined;
    for (let i = 0; i < 5; i++) [last] = await h.send('还有吗');
    expect(last!.text).toMatch(/没有更多了：这个列表共 15 个案例/);
  });

  it('第二个的全文 opens the second case of the list replied to', async () => {
    const { h } = setup();
    const [answer] = await h.send('干部');
    const second = answer!.buttons[0]![1]!;
    expect(second.label).toBe('全文 2');
    const parts = await h.send('第二个的全文', { replyTo: asMessage(answer!) });
    const viaButton = await h.press(second.data);
    expect(parts.map((p) => p.text).join('')).toBe(viaButton.map((p) => p.text).join(''));
    const [none] = await h.send('第二十个的全文', { replyTo: asMessage(answer!) });
    expect(none!.text).toContain('这个列表只有 15 个案例');
  });

  it('只看金乡 narrows an answer to one county, and a county list to another county', async () => {
    const { h } = setup();
    const [answer] = await h.send('干部');
    const [narrowed] = await h.send('只看金乡', { replyTo: asMessage(answer!) });
    expect(narrowed!.text).toContain('问：金乡县 干部');
    expect(narrowed!.html).toContain('#金乡县');
    expect(narrowed!.html).not.toMatch(/#(微山|邹城|鱼台)/u);
    const [county] = await h.send('/county 泗水');
    const [other] = await h.send('只看金乡', { replyTo: asMessage(county!) });
    expect(other!.text).toContain('金乡县 #金乡县 共 3 篇案例');
  });

  it('比较一下 turns the answer into a comparison across counties', async () => {
    const { h } = setup();
    const [answer] = await h.send('金乡的平时考核');
    const [compared] = await h.send('比较一下', { replyTo: asMessage(answer!) });
    expect(compared!.text).toContain('问：比较一下各县平时考核');
    // The topic the question names brings every county's case.
    for (const county of ['#微山县', '#邹城市']) expect(compared!.html).toContain(county);
    const [county] = await h.send('/county 泗水');
    const [refused] = await h.send('比较一下', { replyTo: asMessage(county!) });
    expect(refused!.text).toContain('没有可比较的对象');
  });

  it('导出 as a reply to a comparison sends every case with its citation and figures', async () => {
    const { h } = setup();
    const [answer] = await h.send('比较一下各县平时考核的做法');
    const [doc] = await h.send('导出', { replyTo: asMessage(answer!) });
    expect(doc!.method).toBe('sendDocument');
    const text = docxText(doc!.file!.bytes!);
    for (const headline of ['微山县 “1+N”模式 做优做实平时考核', '邹城市 以数字赋能 构建平时考核“云模式”'])
      expect(text).toContain(headline);
    expect(text).toContain('出处：《济宁日报》（日期未录入）');
    expect(text).toContain('邹城提拔重用干部832名');
  });

  it('works after a restart: the question behind the message is in SQLite', async () => {
    const dataDir = tempDir('data-');
    const first = setup({}, dataDir);
    const [answer] = await first.h.send('干部');
    first.db.close();
    const second = setup({}, dataDir); // a fresh process over the same file
    const [next] = await second.h.send('还有吗', { replyTo: asMessage(answer!) });
    expect(next!.text).toContain('4. ');
    const [doc] = await second.h.send('导出', { replyTo: asMessage(answer!) });
    expect(doc!.method).toBe('sendDocument');
    expect(docxText(doc!.file!.bytes!)).toContain('鱼台“四个突出” 抓实干部档案信息管理');
  });

  it('in a private chat, a follow-up without the reply gesture applies to the last answer', async () => {
    const { h } = setup();
    const [none] = await h.send('导出');
    expect(none!.text).toContain('还没有可以继续的答案');
    await h.send('/county 金乡');
    await h.send('/help'); // not a list: the last list stays the county's
    const [doc] = await h.send('导出');
    expect(doc!.method).toBe('sendDocument');
    expect(doc!.file!.fileName).toMatch(/^金乡县-素材汇编-\d{8}\.docx$/u);
  });

  it('in a group, only replies to the bot are follow-ups; a mention without one gets a hint', async () => {
    const { h } = setup({ answerAllGroupMessages: true });
    const [answer] = await h.send('/ask 干部', { chat: GROUP_CHAT });
    const [next] = await h.send('还有吗', { chat: GROUP_CHAT, replyTo: asMessage(answer!, GROUP_CHAT) });
    expect(next!.text).toContain('4. ');
    const [hint] = await h.send(`@${CONSOLE_BOT.username} 导出`, { chat: GROUP_CHAT });
    expect(hint!.text).toContain('选“回复”');
    // A member's reply to someone else is not the bot's business.
    const other = { ...asMessage(answer!, GROUP_CHAT), from: { id: 7, is_bot: false, first_name: '同事' } } as Message;
    expect(await h.send('导出', { chat: GROUP_CHAT, replyTo: other })).toEqual([]);
  });

  it('an ordinary new question in reply to an answer is answered as a question', async () => {
    const { h } = setup();
    const [answer] = await h.send('干部');
    const [fresh] = await h.send('金乡党代表工作室接待了多少党员群众', { replyTo: asMessage(answer!) });
    expect(fresh!.text).toContain('接待党员群众1200余人');
  });
});

/**
 * Adding pages from the chat, through the real bot and the console's wiring (handleUpdate, the
 * harness answering getFile and serving the file route, the production download code in
 * between), over real folders, SQLite on disk and background rebuilds: uploads and refusals, the
 * preview, 入库 answered once answerable, duplicates, replacements, GBK, buttons across a
 * restart, /pages, /date, /fix, /fixes, /removepage, /latest, editors told of dropped files,
 * copy buttons with dated citations, time questions.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCasebook } from '../../src/casebook/casebook.js';
import { CasebookHolder } from '../../src/casebook/holder.js';
import { BackgroundRebuilder } from '../../src/casebook/background.js';
import { openDatabase } from '../../src/db/db.js';
import { IngestService } from '../../src/ingest/service.js';
import type { BotDeps } from '../../src/bot/deps.js';
import { consoleHarness } from '../../src/console/open.js';
import { ConsoleSession } from '../../src/console/repl.js';
import { folderNotifier } from '../../src/bot/features/upload.js';
import { setEditorMenus } from '../../src/bot/runtime.js';
import { editorMenuCommands } from '../../src/bot/commands.js';
import { isNoop, parseCallback } from '../../src/bot/callbackData.js';
import { CONSOLE_USER, GROUP_CHAT, type ChatHarness, type Reply } from '../../src/testing/harness.js';
import { ManualClock } from '../../src/testing/clock.js';
import { memoryLogger } from '../../src/testing/logger.js';
import { renderPage, seededRandom, type PageArticle } from '../../src/testing/pageRenderer.js';
import { FIXTURES, PAGES, tempDir, testDeps } from '../helpers.js';

const INGEST = join(FIXTURES, 'ingest');
const EDITOR = CONSOLE_USER.id;
const STRANGER = { id: 7, is_bot: false, first_name: '路人' };
const STRANGER_CHAT = { id: 7, type: 'private' as const, first_name: '路人' };
const NEW_Q = '微山船头党课开展了多少场宣讲';
const GBK_Q = '嘉祥石匠党支部带动多少群众就业';

/** A deployment: pages, index and state folders, SQLite, the holder, the service and the bot's deps. */
function deployment() {
  const seedsDir = tempDir('seeds-bot-');
  for (const name of ['001_2176c611aad20f57.txt', '002_b9557d118b1bdbfd.txt'])
    copyFileSync(join(PAGES, name), join(seedsDir, name));
  const folders = { seedsDir, indexDir: tempDir('index-bot-'), dataDir: tempDir('data-bot-') };
  const clock = new ManualClock(new Date('2024-06-01T02:00:00Z'));
  const holder = new CasebookHolder(openCasebook(folders), new BackgroundRebuilder(folders));
  const { log, lines } = memoryLogger();
  const open = () => {
    const db = openDatabase(folders.dataDir);
    const ingest = new IngestService({ ...folders, db, holder, editors: [EDITOR], now: () => clock.now() });
    const deps: BotDeps = testDeps(db, { ingest, adminUserIds: [EDITOR], now: () => clock.now(), log });
    Object.defineProperty(deps, 'casebook', { get: () => holder.current });
    return { db, ingest, deps, h: consoleHarness(deps) };
  };
  return { ...folders, clock, holder, log, lines, open, pages: () => readdirSync(seedsDir).sort() };
}

const texts = (replies: readonly Reply[]) => replies.map((r) => r.text).join('\n');
const labels = (r: Reply | undefined) => (r?.buttons ?? []).map((row) => row.map((b) => b.label));
/** The buttons' callback data by label. */
const button = (r: Reply | undefined, label: string) => r!.buttons.flat().find((b) => b.label === label)!.data;

async function upload(h: ChatHarness, file: string, caption?: string, fileName?: string): Promise<Reply[]> {
  return h.sendDocument({ path: join(INGEST, file), fileName }, caption);
}

describe('adding pages from the chat', () => {
  const d = deployment();
  let { h, ingest, db } = d.open();
  const original = d.pages();
  let firstPreview: Reply;

  it('someone who is not an editor gets a polite answer, and nothing is downloaded', async () => {
    const [r] = await h.sendDocument({ path: join(INGEST, '2024-05-21_07.txt') }, undefined, {
      from: STRANGER,
      chat: STRANGER_CHAT,
    });
    expect(r!.text).toContain('只有编辑');
    expect(r!.text).toContain('7');
    expect(h.calls.some((c) => c.method === 'getFile')).toBe(false);
    // In a group: a hint when the document is meant for the bot, silence otherwise.
    const meant = await h.sendDocument({ path: join(INGEST, '2024-05-21_07.txt') }, '@jining_casebook_bot 新版面', {
      chat: GROUP_CHAT,
    });
    expect(texts(meant)).toContain('私聊');
    expect(await h.sendDocument({ path: join(INGEST, '2024-05-21_07.txt') }, undefined, { chat: GROUP_CHAT })).toEqual(
      [],
    );
    expect(d.pages()).toEqual(original);
  });

  it('a binary, a PDF, a Word file and a file over the limit are refused with the reason; nothing is written', async () => {
    expect(texts(await upload(h, 'binary.txt'))).toMatch(/不是|二进制|无法/u);
    expect(texts(await upload(h, 'fake-pdf.txt', '2024-05-21 第7版', '版面.pdf'))).toContain('另存为');
    expect(texts(await upload(h, 'page.docx'))).toMatch(/Word|WPS/u);
    const getFiles = h.calls.filter((c) => c.method === 'getFile').length;
    const big = await h.sendDocument({ bytes: new Uint8Array(3 * 1024 * 1024).fill(0x41), fileName: 'big.txt' });
    expect(texts(big)).toContain('文件过大');
    expect(texts(big)).not.toContain('另存为');
    const bigPdf = await h.sendDocument({ bytes: new Uint8Array(3 * 1024 * 1024), fileName: '第7版.pdf' });
    expect(texts(bigPdf)).toContain('另存为');
    // Refused by its declared size, before any download.
    expect(h.calls.filter((c) => c.method === 'getFile').length).toBe(getFiles);
    expect(d.pages()).toEqual(original);
  });

  it('an editor’s page comes back as a preview: articles, captions, the date from the caption, 入库/取消', async () => {
    const replies = await upload(h, '2024-05-21_07.txt', '2024年5月21日 7版', '党建版.txt');
    expect(replies).toHaveLength(1);
    const r = replies[0]!;
    expect(r.text).toContain('新版面：2024年5月21日 第7版，3 篇文章');
    expect(r.text).toContain('党建版.txt（UTF-8） → 保存为 2024-05-21_07.txt');
    expect(r.text).toContain('引用：《济宁日报》2024年5月21日 第7版（来自说明）');
    expect(r.text).toContain('党建引领 汶上“红心管家”激活小区治理 #汶上县');
    expect(r.text).toContain('通讯员 刘晓、陈思远 · 4 段 · 6 个数字');
    expect(r.text).toContain('微山“船头党课”开进湖区渔村 #微山县');
    expect(r.text).toContain('经开区“链上党建”助企纾困解难 #经开区');
    expect(r.text).toContain('图片说明（1）');
    expect(r.text).toContain('汶上县一小区党支部书记与物业人员一起走访居民。 ■王涛 摄');
    expect(r.html.length).toBeLessThanOrEqual(4096);
    expect(labels(r)).toEqual([['入库', '取消']]);
    // Downloaded through getFile and the file route.
    const getFile = h.calls.filter((c) => c.method === 'getFile').at(-1)!;
    expect(String(getFile.payload.file_id)).toMatch(/^doc\d+\.txt$/);
    expect(d.pages()).toEqual(original);
    firstPreview = r;
  });

  it('入库 is answered once the page is answerable; the case comes first with its figure and dated citation', async () => {
    const before = d.holder.current;
    const accepted = await h.press(button(firstPreview, '入库'));
    expect(texts(accepted)).toContain('已入库：2024年5月21日 第7版，3 篇文章，现在可以查询了');
    expect(d.holder.current).not.toBe(before);
    expect(d.pages()).toContain('2024-05-21_07.txt');
    // The preview's buttons were taken off.
    expect(h.calls.some((c) => c.method === 'editMessageReplyMarkup')).toBe(true);

    const [answer] = await h.send(NEW_Q);
    expect(answer!.text).toContain('680余场次');
    expect(answer!.text.indexOf('微山“船头党课”开进湖区渔村')).toBeLessThan(answer!.text.indexOf('2. ') >>> 0);
    expect(answer!.text).toContain('《微山“船头党课”开进湖区渔村》，《济宁日报》2024年5月21日 第7版');
    // The first copy button: the answer's figure, quoted with the dated citation.
    const copy = answer!.buttons.flat().find((b) => b.copy !== undefined)!;
    expect(copy.label).toContain('680余场次');
    expect(copy.copy).toContain('680余场次');
    expect(copy.copy).toMatch(/（《济宁日报》2024年5月21日 第7版）$/u);
    expect(copy.copy!.length).toBeLessThanOrEqual(256);
  });

  it('the same page sent again is a duplicate, named, with no buttons', async () => {
    const [r] = await upload(h, 'page-a-bom-crlf.txt');
    expect(r!.text).toContain('重复：该版面已入库（2024年5月21日 第7版）');
    expect(r!.buttons).toEqual([]);
  });

  it('a revised page with the same date is offered as a replacement; 取消 writes nothing, and the buttons then say so', async () => {
    const [r] = await upload(h, 'page-a-revised.txt', '2024-05-21 第7版');
    expect(r!.text).toContain('替换：');
    expect(r!.text).toContain('将替换：2024年5月21日 第7版（2024-05-21_07.txt，3 篇文章）');
    expect(labels(r)).toEqual([['替换', '取消']]);
    const cancelled = await h.press(button(r, '取消'));
    expect(texts(cancelled)).toContain('已取消，没有写入任何文件');
    const late = await h.press(button(r, '替换'));
    expect(texts(late)).toContain('已经取消了');
    expect(readFileSync(join(d.seedsDir, '2024-05-21_07.txt'), 'utf8')).not.toBe(
      readFileSync(join(INGEST, 'page-a-revised.txt'), 'utf8'),
    );
  });

  it('a GBK page is read, previewed with a note on its encoding, and answerable after 入库', async () => {
    const [r] = await upload(h, 'page-b-gbk.txt', '2024-06-04 第5版');
    expect(r!.text).toContain('GBK');
    expect(r!.text).toContain('嘉祥“石匠党支部”雕出致富路');
    const accepted = await h.press(button(r, '入库'));
    expect(texts(accepted)).toContain('已入库：2024年6月4日 第5版');
    const [answer] = await h.send(GBK_Q);
    expect(answer!.text).toContain('1800余名');
    expect(answer!.text).toContain('《济宁日报》2024年6月4日 第5版');
    expect(readFileSync(join(d.seedsDir, '2024-06-04_05.txt'), 'utf8')).toContain('石匠党支部');
  });

  it('preview buttons keep working after a restart, and an upload left too long expires politely', async () => {
    const [r] = await upload(h, 'page-a-revised.txt', '2024-05-21 第7版');
    // A restart: SQLite closed and opened again, a new service and a new bot.
    db.close();
    ({ h, ingest, db } = d.open());
    const cancelled = await h.press(button(r, '取消'));
    expect(texts(cancelled)).toContain('已取消');

    const [again] = await upload(h, 'page-a-revised.txt', '2024-05-21 第7版');
    await d.clock.advance(25 * 3600 * 1000);
    const late = await h.press(button(again, '替换'));
    expect(texts(late)).toContain('已超过 24 小时未处理，已失效');
    // A button for an upload the bot never had.
    const forged = await h.press('u:a:AAAAAAAA');
    expect(texts(forged)).toContain('这个上传已失效');
    expect(parseCallback('u:a:AAAAAAAA')).toMatchObject({ kind: 'upload', action: 'accept' });
  });

  it('/pages lists every page, newest first, with articles, who added it and when; anyone may list', async () => {
    const [r] = await h.send('/pages', { from: STRANGER, chat: STRANGER_CHAT });
    expect(r!.text).toContain('共 4 个');
    const lines = r!.text.split('\n');
    const first = lines.findIndex((l) => l.includes('2024年6月4日 第5版'));
    const second = lines.findIndex((l) => l.includes('2024年5月21日 第7版'));
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(lines[second]).toContain('3 篇文章');
    expect(lines[second + 1]).toMatch(/2024-05-21_07\.txt · 组工干部 发送文件添加于 6月1日 10:\d\d/u);
    expect(r!.text).toContain('001_2176c611aad20f57.txt · 启动前已在目录中');
    expect(r!.text).toContain('日期未录入');
  });

  it('/date dates a page already in the casebook: its cases then cite the date, and /latest puts them in order', async () => {
    const stranger = await h.send('/date 001 2023-06-06 第7版', { from: STRANGER, chat: STRANGER_CHAT });
    expect(texts(stranger)).toContain('只有编辑');
    const usage = await h.send('/date');
    expect(texts(usage)).toContain('用法：/date');
    const dated = await h.send('/date 001 2023-06-06 第7版');
    expect(texts(dated)).toContain('已更新：001_2176c611aad20f57.txt 的日期为 2023年6月6日 第7版');
    const article = d.holder.current.articles.find((a) => a.source === '001_2176c611aad20f57.txt')!;
    expect(article.date).toBe('2023-06-06');
    const full = await h.send(`/case ${article.id}`);
    expect(texts(full)).toContain('《济宁日报》2023年6月6日 第7版');
    expect(full.at(-1)!.buttons.flat()[0]!.copy).toMatch(/（《济宁日报》2023年6月6日 第7版）$/u);

    // Newest first: the 2 cases of 6月4日, the 3 of 5月21日, then (next page) 2023年6月6日's.
    const [latest] = await h.send('/latest');
    const order = ['2024年6月4日 第5版', '2024年5月21日 第7版'].map((c) => latest!.text.indexOf(c));
    expect(order.every((x) => x > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(latest!.text).not.toContain('2023年');
    expect(latest!.text).toContain('版面未录入日期的 6 篇排在最后');
    expect(labels(latest)[0]).toEqual(['全文 1', '全文 2', '全文 3', '全文 4', '全文 5']);
    const [next] = await h.press(button(latest, '下一页 ›'));
    expect(next!.method).toBe('editMessageText');
    expect(next!.text).toContain('6. ');
    expect(next!.text).toContain('《济宁日报》2023年6月6日 第7版');
  });

  it('a time in a question filters the dated cases and keeps the undated ones after them', async () => {
    // Now: 2024年6月4日 and 5月21日 dated, 001 dated 2023年6月6日 (its cases speak of 党建引领 too), 002 undated.
    const [r] = await h.send('2024年以来的党建引领');
    const cites = r!.text.split('\n').filter((l) => l.startsWith('《济宁日报》'));
    expect(cites[0]).toBe('《济宁日报》2024年5月21日 第7版');
    expect(cites.some((c) => c.includes('2023年'))).toBe(false);
    const undated = cites.findIndex((c) => c.includes('日期未录入'));
    expect(undated).toBeGreaterThan(0);
    expect(cites.slice(undated).every((c) => c.includes('日期未录入'))).toBe(true);
    expect(r!.text).toMatch(/只列出2024年以来的案例（另有 \d+ 篇其他时间的相关案例未列出）/u);
    expect(r!.text).toContain('未录入日期，无法判断时间，列在后面');
    // Without the time, the 2023 case is there.
    const [all] = await h.send('党建引领');
    expect(all!.text).toContain('《济宁日报》2023年6月6日 第7版');
  });

  it('/fix changes a county, which /county shows at once; /fixes lists it; others are refused', async () => {
    const target = d.holder.current.articles.find((a) => a.headline.includes('防汛一线'))!;
    expect(target.county).toBe('微山县');
    const refused = await h.send(`/fix ${target.id} 县区 经开区`, { from: STRANGER, chat: STRANGER_CHAT });
    expect(texts(refused)).toContain('只有编辑');
    const bad = await h.send(`/fix ${target.id} 县区 北京`);
    expect(texts(bad)).toContain('不认识县区');
    const fixed = await h.send(`/fix ${target.id} 县区 经开区`);
    expect(texts(fixed)).toContain(`已修改：${target.id} 的县区由“微山县”改为“经开区”`);
    const [county] = await h.send('/county 经开区');
    expect(county!.text).toContain('激励干部在防汛一线担当作为');
    const [fixes] = await h.send('/fixes');
    expect(fixes!.text).toContain(target.id);
    expect(fixes!.text).toContain('县区：“微山县” → “经开区”');
    expect(fixes!.text).toContain('组工干部');
  });

  it('/removepage asks first; 取消 keeps the page, 确认移除 moves it to the trash and takes its cases out', async () => {
    const usage = await h.send('/removepage');
    expect(texts(usage)).toContain('用法：/removepage');
    const [ask] = await h.send('/removepage 2024-06-04 第5版');
    expect(ask!.text).toContain('确定要移除这个版面吗？');
    expect(ask!.text).toContain('2024年6月4日 第5版（2024-06-04_05.txt，2 篇文章）');
    expect(labels(ask)).toEqual([['确认移除', '取消']]);
    const kept = await h.press(button(ask, '取消'));
    expect(texts(kept)).toContain('已取消，2024年6月4日 第5版 保持不变');
    expect(d.pages()).toContain('2024-06-04_05.txt');

    const [again] = await h.send('/removepage 2024-06-04_05');
    const removed = await h.press(button(again, '确认移除'));
    expect(texts(removed)).toContain('已移除：2024年6月4日 第5版（2 篇文章）');
    expect(d.pages()).not.toContain('2024-06-04_05.txt');
    expect(readdirSync(join(d.dataDir, 'trash')).some((n) => n.endsWith('_2024-06-04_05.txt'))).toBe(true);
    expect(d.holder.current.articles.some((a) => a.source === '2024-06-04_05.txt')).toBe(false);
    // The button again: the page is gone.
    const stale = await h.press(button(again, '确认移除'));
    expect(texts(stale)).toContain('已经不在页面目录中');
    const unknown = await h.send('/removepage 2030-01-01');
    expect(texts(unknown)).toContain('没有找到');
  });

  it('a page dropped into the folder reaches the editors’ private chats, with its warnings', async () => {
    const told: Reply[] = [];
    h.onUnsolicited = (reply) => told.push(reply);
    const stop = ingest.onFolderEvent(folderNotifier(() => h.bot.api, [EDITOR], d.log));
    copyFileSync(join(INGEST, 'page-c-gb18030.txt'), join(d.seedsDir, 'dropped.txt'));
    await ingest.takeFolderChanges({ added: ['dropped.txt'], changed: [], removed: [] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    expect(told.length).toBeGreaterThan(0);
    expect(told[0]!.chatId).toBe(EDITOR);
    expect(told[0]!.text).toContain('新放入的 dropped.txt');
    expect(told[0]!.text).toContain('邹城“银龄先锋”志愿队发挥余热');
    // No date in its name: the editor is told, with how to fix it.
    expect(told[0]!.text).toContain('文件名中没有日期');
    const [answer] = await h.send('邹城银龄先锋志愿队有多少离退休党员');
    expect(answer!.text).toContain('860名');
  });

  it('a local Bot API server’s absolute file paths are read from disk', async () => {
    h.localFilePaths = true;
    try {
      const [r] = await upload(h, '2024-05-21_07.txt');
      expect(r!.text).toContain('重复：该版面已入库（2024年5月21日 第7版）');
      const getFile = h.calls.filter((c) => c.method === 'getFile').at(-1)!;
      expect(getFile).toBeDefined();
    } finally {
      h.localFilePaths = false;
    }
  });

  it('a page with very many articles: the preview is split under 4096 characters, every warning shown, buttons under the last part', async () => {
    const articles: PageArticle[] = Array.from({ length: 45 }, (_, i) => ({
      dateline: i % 3 === 0 ? '济宁' : '金乡',
      reporters: ['张三', '李四'],
      headline: `第${i + 1}个党建品牌“红${i + 1}驿站”服务群众`,
      paragraphs: [
        `${i % 3 === 0 ? '市里' : '金乡县'}打造“红${i + 1}驿站”党建品牌，组织党员志愿者开展服务。`,
        `驿站全年服务群众${1000 + i}人次，解决问题${20 + i}个。`,
      ],
    }));
    const text = renderPage(articles, [], { width: 17, random: seededRandom(12) });
    const replies = await h.sendDocument(
      { bytes: Buffer.from(text, 'utf8'), fileName: '大版面.txt' },
      '2024-07-02 第3版',
    );
    expect(replies.length).toBeGreaterThan(1);
    for (const r of replies) expect(r.html.length).toBeLessThanOrEqual(4096);
    const all = texts(replies);
    for (let i = 1; i <= 45; i++) expect(all).toContain(`第${i}个党建品牌`);
    expect(all).toContain('县区未识别');
    expect(replies.slice(0, -1).every((r) => r.buttons.length === 0)).toBe(true);
    expect(labels(replies.at(-1))).toEqual([['入库', '取消']]);
    const data = parseCallback(button(replies.at(-1), '取消'));
    const preview = ingest.preview(data?.kind === 'upload' ? data.id : '');
    expect(preview.kind).toBe('preview');
    if (preview.kind === 'preview') for (const w of preview.preview.warnings) expect(all).toContain(w.slice(0, 30));
    await h.press(button(replies.at(-1), '取消'));
  });

  it('the console numbers only the pressable buttons; a copy button shows what it copies', async () => {
    const session = new ConsoleSession(h, { id: EDITOR, type: 'private', first_name: '组工干部' });
    const { view, replies } = await session.input(NEW_Q);
    const shown = replies.flatMap((r) => r.buttons.flat());
    // Page counters and blank slots are not numbered; everything else is, in order.
    const live = shown.filter(
      (b) => b.copy !== undefined || (b.label.trim() !== '' && b.data !== '' && !isNoop(b.data)),
    );
    expect(view.buttons.map((b) => b.label)).toEqual(live.map((b) => b.label));
    expect(view.buttons.some((b) => !b.label.trim() || /^\d+\/\d+$/u.test(b.label))).toBe(false);
    expect(view.buttons[0]!.label).toBe('全文 1');
    const copyAt = view.buttons.findIndex((b) => b.copy !== undefined);
    expect(copyAt).toBeGreaterThan(0);
    const copied = await session.input(String(copyAt + 1));
    expect(copied.copied).toMatch(/（《济宁日报》2024年5月21日 第7版）$/u);
    expect(copied.view.text).toContain('（已复制到剪贴板）“');
    const upload = await session.input(`/upload ${join(INGEST, 'page-b-gbk.txt')} 2024-06-04 第5版`);
    expect(upload.view.text).toContain('新版面：2024年6月4日 第5版');
    expect(upload.view.buttons.map((b) => b.label)).toEqual(['入库', '取消']);
    const cancel = await session.input('2');
    expect(cancel.view.text).toContain('已取消');
    const missing = await session.input('/upload /no/such/file.txt');
    expect(missing.problem).toContain('找不到文件');
  });

  it('/latest is a list of cases like an answer: 还有吗, 只看金乡 and 导出 work on it; /pages is not one', async () => {
    const [latest] = await h.send('/latest');
    expect(latest!.buttons.flat().map((b) => b.label)).toContain('📄 导出Word');
    expect(latest!.buttons.flat().some((b) => /（《济宁日报》\d{4}年\d+月\d+日 第\d+版）$/u.test(b.copy ?? ''))).toBe(
      true,
    );
    const more = await h.send('还有吗', { replyTo: h.sentMessage(EDITOR, latest!.messageId) });
    expect(texts(more)).toMatch(/第 2\/\d+ 页/u);
    const jinxiang = await h.send('只看金乡', { replyTo: h.sentMessage(EDITOR, latest!.messageId) });
    expect(texts(jinxiang)).toContain('金乡县的最新案例');
    const doc = await h.send('导出', { replyTo: h.sentMessage(EDITOR, latest!.messageId) });
    expect(doc.at(-1)!.method).toBe('sendDocument');
    expect(doc.at(-1)!.file?.fileName).toContain('最新案例');

    const [pages] = await h.send('/pages');
    const onPages = await h.send('导出', { replyTo: h.sentMessage(EDITOR, pages!.messageId) });
    expect(texts(onPages)).toContain('不是案例列表');
    // Without the reply gesture, a private chat's follow-up goes to the last list of cases, not /pages.
    const last = await h.send('导出');
    expect(last.at(-1)!.method).toBe('sendDocument');
    expect(last.at(-1)!.file?.fileName).toContain('金乡县最新案例');
  });

  it('editors get their commands in their private chats’ menus; a refusal for one is logged and the rest go on', async () => {
    h.fail = (method, payload) =>
      method === 'setMyCommands' && (payload.scope as { chat_id?: number } | undefined)?.chat_id === 99
        ? { error_code: 400, description: 'Bad Request: chat not found' }
        : undefined;
    await setEditorMenus(h.bot, [99, EDITOR], d.log);
    h.fail = () => undefined;
    const calls = h.calls.filter((c) => c.method === 'setMyCommands');
    expect(calls.map((c) => c.payload.scope)).toEqual([
      { type: 'chat', chat_id: 99 },
      { type: 'chat', chat_id: EDITOR },
    ]);
    expect(calls[1]!.payload.commands).toEqual(editorMenuCommands());
    expect(d.lines.some((l) => l.level === 'warn' && l.msg.includes('99'))).toBe(true);
    expect(existsSync(join(d.dataDir, 'casebook.sqlite'))).toBe(true);
  });
});

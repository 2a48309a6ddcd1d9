import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Message } from 'grammy/types';
import { createBot } from '../../src/bot/createBot.js';
import { callbackData } from '../../src/bot/callbackData.js';
import { EXPORT_LABEL } from '../../src/bot/keyboards/pagedList.js';
import { casebookTopics } from '../../src/casebook/topics.js';
import { citation } from '../../src/corpus/citation.js';
import { figureLines } from '../../src/export/fromArticle.js';
import { openDatabase } from '../../src/db/db.js';
import { ChatHarness, CONSOLE_BOT, GROUP_CHAT, type Reply } from '../../src/testing/harness.js';
import { PAGES, ROOT, casebook, tempDir, testDeps } from '../helpers.js';
import { assertWellFormed, paragraphs } from '../export/docx.js';
import { docxParts, docxText } from './files.js';

function setup() {
  const db = openDatabase(tempDir('data-'));
  return new ChatHarness(createBot('0:test', testDeps(db), { botInfo: CONSOLE_BOT }));
}

const exportButton = (r: Reply) => r.buttons.flat().find((b) => b.label === EXPORT_LABEL);

/** Presses 导出Word under a reply and returns the document sent. */
async function pressExport(h: ChatHarness, r: Reply): Promise<Reply> {
  const button = exportButton(r);
  expect(button, r.text.slice(0, 40)).toBeDefined();
  const sent = await h.press(button!.data);
  const doc = sent.find((x) => x.method === 'sendDocument');
  expect(doc).toBeDefined();
  return doc!;
}

beforeAll(() => {
  casebookTopics(casebook());
});

describe('导出Word', () => {
  it('under an answer: a GB/T 9704 .docx with every case, its citation, figures and the quotes', async () => {
    const h = setup();
    const [answer] = await h.send('平时考核怎么做的');
    const doc = await pressExport(h, answer!);
    expect(doc.file!.fileName).toMatch(/^平时考核怎么做的-素材汇编-\d{8}\.docx$/u);
    expect(doc.html.length).toBeLessThanOrEqual(1024);
    expect(doc.text).toContain('平时考核怎么做的');
    const parts = docxParts(doc.file!.bytes!);
    const xml = parts['word/document.xml']!;
    assertWellFormed(xml);
    const paras = paragraphs(xml);
    const text = paras.map((p) => p.text).join('\n');
    const result = casebook().ask('平时考核怎么做的', { limit: 15, topics: casebookTopics(casebook()) });
    expect(result.results.length).toBeGreaterThanOrEqual(3);
    for (const r of result.results) {
      const article = casebook().article(r.id)!;
      expect(text).toContain(article.headline);
      for (const f of figureLines(article)) expect(text).toContain(f);
      for (const q of r.quotes) expect(text).toContain(q);
    }
    expect(paras.filter((p) => p.text === `出处：${citation({ date: null, edition: null })}`)).toHaveLength(
      result.results.length,
    );
    // The layout: A4, the title in 小标宋 二号, headings in 黑体, body in 仿宋 三号, page numbers.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/u);
    expect(paras[0]).toMatchObject({ text: '平时考核怎么做的', font: '方正小标宋简体', size: 44 });
    expect(paras.find((p) => p.text.startsWith('一、'))).toMatchObject({ font: '黑体' });
    expect(paras.find((p) => p.text === casebook().article(result.results[0]!.id)!.lead)).toMatchObject({
      font: '仿宋_GB2312',
      size: 32,
    });
    expect(Object.entries(parts).some(([name, x]) => name.startsWith('word/footer') && x.includes('PAGE'))).toBe(true);
  });

  it('under a county list and a topic list: that list, whatever page is shown', async () => {
    const h = setup();
    const [county] = await h.send('/county 金乡');
    const countyDoc = await pressExport(h, county!);
    expect(countyDoc.file!.fileName).toMatch(/^金乡县-素材汇编-/u);
    const countyText = docxText(countyDoc.file!.bytes!);
    for (const a of casebook().byCounty('金乡县')) expect(countyText).toContain(a.headline);
    expect(countyText).toContain('投资70余万元');

    const [picker] = await h.send('/topics');
    const topicButton = picker!.buttons.flat().find((b) => b.label.startsWith('平时考核'))!;
    const [list] = await h.press(topicButton.data);
    const topicDoc = await pressExport(h, list!);
    const topicText = docxText(topicDoc.file!.bytes!);
    expect(topicText.split('\n')[0]).toBe('平时考核');
    const topic = casebookTopics(casebook()).find((t) => t.name === '平时考核')!;
    for (const id of topic.caseIds) expect(topicText).toContain(casebook().article(id)!.headline);
  });

  it('/export takes a case id, a question, a county or a topic; as a reply, the list replied to', async () => {
    const h = setup();
    const [q] = await h.send('/export 红帆驿站');
    expect(q!.method).toBe('sendDocument');
    expect(docxText(q!.file!.bytes!)).toContain('红帆驿站');
    const [c] = await h.send('/export 泗水');
    expect(c!.file!.fileName).toMatch(/^泗水县-/u);
    const [t] = await h.send('/export 第一书记');
    expect(docxText(t!.file!.bytes!).split('\n')[0]).toBe('第一书记');
    const one = casebook().articles[3]!;
    const [byId] = await h.send(`/export ${one.id.toUpperCase()}`);
    const byIdText = docxText(byId!.file!.bytes!);
    expect(byIdText.split('\n')[0]).toBe(one.headline);
    expect(byIdText).toContain(one.lead);
    const others = casebook().articles.filter((a) => a.id !== one.id && !one.headline.includes(a.headline));
    for (const a of others) expect(byIdText).not.toContain(a.headline);
    const [usage] = await h.send('/export', { chat: GROUP_CHAT });
    expect(usage!.text).toContain('用法');
    const [list] = await h.send('/county 梁山', { chat: GROUP_CHAT });
    const replyTo = { message_id: list!.messageId, date: 0, chat: GROUP_CHAT, from: CONSOLE_BOT } as Message;
    const [replied] = await h.send('/export', { chat: GROUP_CHAT, replyTo });
    expect(replied!.file!.fileName).toMatch(/^梁山县-/u);
    const [nothing] = await h.send('/export <b>火星</b>');
    expect(nothing!.method).toBe('sendMessage');
    expect(nothing!.html).toContain('&lt;b&gt;火星');
    expect(nothing!.text).toContain('没有可以导出的案例');
  });

  it('a forged, old or other chat’s export button is 已过期', async () => {
    const h = setup();
    const [answer] = await h.send('/county 金乡');
    const data = exportButton(answer!)!.data;
    h.calls.length = 0;
    await h.press(data, undefined, { chat: GROUP_CHAT });
    await h.press(callbackData.export('AAAAAAAA'));
    const answers = h.calls.filter((c) => c.method === 'answerCallbackQuery').map((c) => c.payload.text);
    expect(answers).toEqual([expect.stringMatching(/已过期/u), expect.stringMatching(/已过期/u)]);
    expect(h.calls.some((c) => c.method === 'sendDocument')).toBe(false);
  });

  it('npm run export writes the same document as the bot', async () => {
    const h = setup();
    const question = '比较一下各县平时考核的做法';
    const [answer] = await h.send(question);
    const fromBot = docxParts((await pressExport(h, answer!)).file!.bytes!)['word/document.xml'];
    const indexDir = tempDir('index-');
    cpSync(inject('indexDir'), indexDir, { recursive: true });
    const out = join(tempDir('export-'), 'cmp.docx');
    const stdout = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tools', 'cli', 'export.ts'), question, '--out', out, '--json'],
      {
        cwd: ROOT,
        env: { ...process.env, SEEDS_DIR: PAGES, INDEX_DIR: indexDir, DATA_DIR: tempDir('data-'), TZ: 'Asia/Shanghai' },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // Stdout is the command's output only: one JSON line.
    expect(JSON.parse(stdout)).toEqual({ file: out, title: question, cases: 3 });
    expect(docxParts(readFileSync(out))['word/document.xml']).toBe(fromBot);
  }, 60_000);
});

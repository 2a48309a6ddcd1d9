import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { freePort } from './servers.js';
import type { InlineQueryResultArticle } from 'grammy/types';
import { createBot } from '../../src/bot/createBot.js';
import { EXPORT_LABEL } from '../../src/bot/keyboards/pagedList.js';
import { silentLogger } from '../../src/logger.js';
import { startTelegram, type Running } from '../../src/bot/runtime.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/db.js';
import { casebookTopics } from '../../src/casebook/topics.js';
import { BotApiFront, type UploadedFile } from '../../src/testing/botApiFront.js';
import { casebook, tempDir, testDeps } from '../helpers.js';
import { decodePng, ink } from '../charts/png.js';
import { STATS_CHART } from '../../src/charts/stats.js';
import { docxText } from './files.js';

const TOKEN = '123456:e2e-media-token';
const POLL_FLOOR_MS = 50;
/** The emulator's bot (its getMe). */
const EMULATED_BOT = { id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot' };
const USER = { id: 42, is_bot: false, first_name: '组工干部', username: 'zugong' };

interface BotMessage {
  messageId: number;
  message: {
    text: string;
    chat_id: number | string;
    reply_markup?: { inline_keyboard: { text: string; callback_data?: string }[][] };
  };
}

/**
 * The real bot over HTTP long polling against the `telegram-test-api` emulator, fronted by a small
 * Bot API server on 127.0.0.1 (src/testing/botApiFront.ts) that injects inline queries and
 * implements answerInlineQuery, sendDocument and sendPhoto, which the emulator lacks.
 */
describe('end to end: inline queries, documents and photos', () => {
  let server: TelegramServer;
  let front: BotApiFront;
  let running: Running;
  let client: ReturnType<TelegramServer['getClient']>;

  beforeAll(async () => {
    casebookTopics(casebook());
    server = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 60 });
    await server.start();
    front = new BotApiFront(server.config.apiURL);
    const apiRoot = await front.start();
    const config = loadConfig({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, DATA_DIR: tempDir('e2e-media-') });
    const bot = createBot(TOKEN, testDeps(openDatabase(config.dataDir)), { apiRoot: config.apiRoot });
    running = await startTelegram(bot, config, silentLogger, { pollFloorMs: POLL_FLOOR_MS });
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
    await running?.stop();
    await front?.stop();
    await server?.stop();
  });

  async function replies(min = 1, timeoutMs = 8000): Promise<BotMessage[]> {
    const got: BotMessage[] = [];
    const until = Date.now() + timeoutMs;
    while (got.length < min && Date.now() < until) {
      const r = (await client.getUpdates()) as unknown as { result: BotMessage[] };
      got.push(...r.result);
      if (got.length < min) await new Promise((res) => setTimeout(res, 50));
    }
    return got;
  }

  const nextUpload = (method: UploadedFile['method'], after: number) =>
    front.waitFor(() => front.uploads.slice(after).find((u) => u.method === method));

  it('an inline query is answered with personal, briefly cached case cards', async () => {
    const id = front.injectInlineQuery(USER, '金乡 党代表');
    const answer = await front.waitFor(() => front.inlineAnswers.find((a) => a.inlineQueryId === id));
    expect(answer.fields.is_personal).toBe(true);
    expect(answer.fields.cache_time).toBe(30);
    expect(answer.results.length).toBeGreaterThanOrEqual(1);
    expect(answer.results.length).toBeLessThanOrEqual(10);
    const card = answer.results[0] as InlineQueryResultArticle;
    expect(card.title).toBe('金乡县建好党代表工作室 用心办实事解民忧');
    const content = card.input_message_content as { message_text: string; parse_mode: string };
    expect(content.parse_mode).toBe('HTML');
    expect(content.message_text).toContain('《济宁日报》（日期未录入）');
    const [link] = card.reply_markup!.inline_keyboard[0]!;
    expect((link as { url: string }).url).toBe(`https://t.me/${EMULATED_BOT.username}?start=case_${card.id}`);
  });

  it('/stats sends its summary, then the chart as a PNG photo', async () => {
    const before = front.uploads.length;
    await client.sendCommand(client.makeCommand('/stats'));
    const [summary] = await replies();
    expect(summary?.message.text).toContain('文章 34 篇');
    const photo = await nextUpload('sendPhoto', before);
    expect(photo.chatId).toBe(42);
    expect(photo.caption).toContain('各县区案例数');
    const bitmap = decodePng(photo.bytes);
    expect(bitmap.width).toBe(STATS_CHART.width);
    expect(
      ink(bitmap, 8, STATS_CHART.header, STATS_CHART.labels - 10, STATS_CHART.header + STATS_CHART.row),
    ).toBeGreaterThan(50);
  });

  it('a comparison, then 导出 as a reply: a .docx with every county’s case, citation and figures', async () => {
    await client.sendMessage(client.makeMessage('比较一下各县平时考核的做法'));
    const [answer] = await replies();
    expect(answer?.message.text).toContain('平时考核');
    const before = front.uploads.length;
    await client.sendMessage(
      client.makeMessage('导出', {
        reply_to_message: {
          message_id: answer!.messageId,
          from: EMULATED_BOT,
          chat: { id: 42, type: 'private' },
          date: 0,
          text: answer!.message.text,
        },
      }),
    );
    const doc = await nextUpload('sendDocument', before);
    expect(doc.fileName).toMatch(/^比较一下各县平时考核的做法-素材汇编-\d{8}\.docx$/u);
    expect(doc.fields.parse_mode).toBe('HTML');
    const text = docxText(doc.bytes);
    for (const headline of ['微山县 “1+N”模式 做优做实平时考核', '邹城市 以数字赋能 构建平时考核“云模式”'])
      expect(text).toContain(headline);
    expect(text).toContain('出处：《济宁日报》（日期未录入）');
    expect(text).toContain('累计表扬5个科室19人');

    // The 导出Word button under the answer sends the same document.
    const button = answer!.message.reply_markup!.inline_keyboard.flat().find((b) => b.text === EXPORT_LABEL)!;
    const again = front.uploads.length;
    await client.sendCallback(
      client.makeCallbackQuery(button.callback_data!, {
        message: { message_id: answer!.messageId, chat: { id: 42, type: 'private' } } as never,
      }),
    );
    const pressed = await nextUpload('sendDocument', again);
    expect(docxText(pressed.bytes)).toBe(text);
  });
});

/**
 * Adding a page end to end over real HTTP: the telegram-test-api emulator on 127.0.0.1, fronted by
 * BotApiFront (src/testing/botApiFront.ts: getFile and the file route, which the emulator lacks),
 * and the real bot over long polling through an HTTP proxy on 127.0.0.1, with the production
 * download code (proxy.ts's downloadFile) and a real ingest service, folders, SQLite and background
 * rebuild.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import type { Bot } from 'grammy';
import { createBot } from '../../src/bot/createBot.js';
import type { BotDeps } from '../../src/bot/deps.js';
import { startTelegram, type Running } from '../../src/bot/runtime.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/db.js';
import { openCasebook } from '../../src/casebook/casebook.js';
import { CasebookHolder } from '../../src/casebook/holder.js';
import { BackgroundRebuilder } from '../../src/casebook/background.js';
import { IngestService } from '../../src/ingest/service.js';
import { silentLogger } from '../../src/logger.js';
import { BotApiFront } from '../../src/testing/botApiFront.js';
import { FIXTURES, PAGES, tempDir, testDeps } from '../helpers.js';
import { freePort, startHttpProxy, type RecordingProxy } from './servers.js';

const TOKEN = '123456:e2e-upload-token';

const EDITOR = 42;

interface Button {
  text: string;
  callback_data?: string;
  copy_text?: { text: string };
}
interface BotMessage {
  messageId: number;
  message: { text: string; chat_id: number | string; reply_markup?: { inline_keyboard: Button[][] } };
}

describe('adding a page end to end, over the emulator with a file route in front of it', () => {
  let server: TelegramServer;
  let front: BotApiFront;
  let proxy: RecordingProxy;
  let frontRoot: string;
  let running: Running;
  let bot: Bot;
  let client: ReturnType<TelegramServer['getClient']>;
  let holder: CasebookHolder;
  const seedsDir = tempDir('seeds-e2e-');

  beforeAll(async () => {
    server = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 120 });
    await server.start();
    front = new BotApiFront(server.config.apiURL);
    const apiRoot = await front.start();
    frontRoot = apiRoot;
    proxy = await startHttpProxy();

    copyFileSync(join(PAGES, '001_2176c611aad20f57.txt'), join(seedsDir, '001_2176c611aad20f57.txt'));
    const folders = { seedsDir, indexDir: tempDir('index-e2e-'), dataDir: tempDir('data-e2e-') };
    holder = new CasebookHolder(openCasebook(folders), new BackgroundRebuilder(folders));
    const db = openDatabase(folders.dataDir);
    const ingest = new IngestService({ ...folders, db, holder, editors: [EDITOR] });
    const deps: BotDeps = testDeps(db, { ingest, adminUserIds: [EDITOR] });
    Object.defineProperty(deps, 'casebook', { get: () => holder.current });
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      HTTPS_PROXY: proxy.url,
      DATA_DIR: folders.dataDir,
    });
    // No fetchFile given: the production fetcher downloads from the front, through the proxy.
    bot = createBot(TOKEN, deps, { telegram: config.telegram });
    running = await startTelegram(bot, config, silentLogger, { pollFloorMs: 50 });
    client = server.getClient(TOKEN, {
      userId: EDITOR,
      chatId: EDITOR,
      firstName: '组工干部',
      userName: 'zugong',
      type: 'private',
      timeout: 100_000,
      interval: 50,
    });
  });

  afterAll(async () => {
    await running?.stop();
    await front?.stop();
    await proxy?.close();
    await server?.stop();
  });

  /**
   * The bot's next message(s) to the client's chat. The client polls until one comes (or its
   * timeout); a poll given up on would go on in the background and swallow a later message, so
   * there is one wait, long enough for a background rebuild on a busy machine.
   */
  async function replies(): Promise<BotMessage[]> {
    return ((await client.getUpdates()) as unknown as { result: BotMessage[] }).result;
  }

  it(
    'a document is downloaded through getFile and the file route, previewed, and 入库 makes it answerable',
    { timeout: 120_000 },
    async () => {
      const bytes = readFileSync(join(FIXTURES, 'ingest', 'page-b-gbk.txt'));
      const document = { ...front.addFile(bytes), file_name: '第5版.txt', mime_type: 'text/plain' };
      await client.sendMessage(client.makeMessage(undefined as never, { document, caption: '2024年6月4日 第5版' }));
      const [preview] = await replies();
      expect(preview?.message.text).toContain('新版面：2024年6月4日 第5版');
      expect(preview?.message.text).toContain('嘉祥“石匠党支部”雕出致富路');
      expect(front.downloads).toEqual([`/file/bot${TOKEN}/documents/${document.file_id}`]);
      // API calls and the download went through the proxy (TELEGRAM_API_ROOT's host, nothing else).
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(proxy.tunnels.every((t) => t === new URL(frontRoot).host)).toBe(true);
      const accept = preview!.message.reply_markup!.inline_keyboard.flat().find((b) => b.text === '入库')!;

      await client.sendCallback(
        client.makeCallbackQuery(accept.callback_data!, {
          message: { message_id: preview!.messageId, chat: { id: EDITOR, type: 'private' } } as never,
        }),
      );
      const [done] = await replies();
      expect(done?.message.text).toContain('已入库：2024年6月4日 第5版');

      await client.sendMessage(client.makeMessage('嘉祥石匠党支部带动多少群众就业'));
      const [answer] = await replies();
      expect(answer?.message.text).toContain('1800余名');
      expect(answer?.message.text).toContain('《济宁日报》2024年6月4日 第5版');
      // The copy button reached the emulator as Telegram would receive it.
      const copy = answer!.message.reply_markup!.inline_keyboard.flat().find((b) => b.copy_text)!;
      expect(copy.copy_text!.text).toMatch(/（《济宁日报》2024年6月4日 第5版）$/u);
    },
  );
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { createBot } from '../../src/bot/createBot.js';
import { clientOptions } from '../../src/bot/proxy.js';
import { startTelegram, type Running } from '../../src/bot/runtime.js';
import { MAX_WEBHOOK_BODY } from '../../src/bot/webhook.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/db.js';
import { silentLogger } from '../../src/logger.js';
import { tempDir, testDeps } from '../helpers.js';
import { freePort, startEmulator } from './servers.js';

const TOKEN = '123456:webhook-test-token';
const SECRET = 'webhook_secret_0123456789';

interface Answer {
  status: number;
  body: string;
}

/**
 * Webhook mode over real HTTP: the bot's webhook server on 127.0.0.1 receives updates the way
 * Telegram posts them, and answers through the Bot API emulator.
 */
describe('webhook mode', () => {
  let emulator: TelegramServer;
  let running: Running;
  let port: number;
  let client: ReturnType<TelegramServer['getClient']>;

  beforeAll(async () => {
    emulator = await startEmulator();
    port = await freePort();
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emulator.config.apiURL,
      WEBHOOK_URL: 'https://bot.example.org/hook',
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_HOST: '127.0.0.1',
      WEBHOOK_PORT: String(port),
    });
    const bot = createBot(TOKEN, testDeps(openDatabase(tempDir('webhook-data-'))), {
      client: clientOptions(config.telegram),
    });
    running = await startTelegram(bot, config, silentLogger);
    client = emulator.getClient(TOKEN, { userId: 42, chatId: 42, type: 'private', timeout: 8000, interval: 50 });
  });

  afterAll(async () => {
    await running?.stop();
    await emulator?.stop();
  });

  function post(body: string | Buffer, headers: Record<string, string> = {}, method = 'POST'): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/hook', method, headers: { 'Content-Type': 'application/json', ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const withSecret = { 'X-Telegram-Bot-Api-Secret-Token': SECRET };
  const update = (id: number, text: string) =>
    JSON.stringify({
      update_id: id,
      message: {
        message_id: id,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 42, type: 'private', first_name: '组工干部' },
        from: { id: 42, is_bot: false, first_name: '组工干部' },
        text,
        ...(text.startsWith('/')
          ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] }
          : {}),
      },
    });

  it('registers the webhook with its secret and the update types it handles', () => {
    const hook = (emulator as unknown as { webhooks: Record<string, Record<string, unknown>> }).webhooks[TOKEN];
    expect(hook?.url).toBe('https://bot.example.org/hook');
    expect(hook?.secret_token).toBe(SECRET);
    expect(hook?.allowed_updates).toContain('callback_query');
  });

  it('answers an update posted with the secret: the reply reaches the chat', async () => {
    const answer = await post(update(1001, '/start'), withSecret);
    expect(answer.status).toBe(200);
    let got: { message: { text: string } }[] = [];
    for (const end = Date.now() + 8000; !got.length && Date.now() < end;) {
      got = ((await client.getUpdates()) as unknown as { result: typeof got }).result;
      if (!got.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(got[0]?.message.text).toContain('案例库');
  });

  it('refuses a missing or wrong secret with 401, and anything but POST with 405', async () => {
    expect((await post(update(1002, '/start'))).status).toBe(401);
    expect(
      (await post(update(1003, '/start'), { 'X-Telegram-Bot-Api-Secret-Token': 'wrong_secret_0123456789' })).status,
    ).toBe(401);
    expect((await post('', withSecret, 'GET')).status).toBe(405);
  });

  it('refuses bodies that are not an update with 400, not 500 (which Telegram would retry)', async () => {
    for (const body of ['{not json', 'null', '[]', '{}', '{"update_id":"x"}']) {
      const answer = await post(body, withSecret);
      expect(answer.status, body).toBe(400);
    }
  });

  it('F11: refuses an oversized body by its Content-Length with 413', async () => {
    const answer = await post(Buffer.alloc(MAX_WEBHOOK_BODY + 1, 0x20), withSecret);
    expect(answer.status).toBe(413);
  });

  it('F11: a chunked body without a length is cut off at the cap, while the client is still sending', async () => {
    const answer = await new Promise<{ status: number; sentWhenAnswered: number }>((resolve, reject) => {
      let sent = 0;
      let stop = false;
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/hook',
          method: 'POST',
          headers: { ...withSecret, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          stop = true;
          res.resume();
          resolve({ status: res.statusCode!, sentWhenAnswered: sent });
          req.destroy();
        },
      );
      req.on('error', (err) => (stop ? undefined : reject(err)));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      // Up to 64 MB, one chunk at a time: a server that reads to the end never answers in time.
      const pump = () => {
        if (stop || sent >= 64 * 1024 * 1024) return void req.end();
        sent += chunk.length;
        if (req.write(chunk)) setImmediate(pump);
        else req.once('drain', pump);
      };
      pump();
    });
    expect(answer.status).toBe(413);
    expect(answer.sentWhenAnswered).toBeLessThan(16 * MAX_WEBHOOK_BODY);
  });

  it('still answers a good update after the refusals', async () => {
    expect((await post(update(1004, '/stats'), withSecret)).status).toBe(200);
  });
});

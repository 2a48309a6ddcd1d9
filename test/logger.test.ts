import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { Bot } from 'grammy';
import { createLogger, redactTokens } from '../src/logger.js';
import { freePort } from './bot/servers.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

function output(pretty: boolean) {
  let text = '';
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { log: createLogger({ level: 'info', pretty, destination }), text: () => text };
}

describe('logs never hold the bot token', () => {
  it('a failed Bot API call logged with its error (whose message and stack hold the URL) shows no token', async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: `http://127.0.0.1:${await freePort()}` } });
    const err = await bot.api.sendMessage(1, '你好').catch((e: unknown) => e);
    expect(
      JSON.stringify(err, Object.getOwnPropertyNames(err)) + String((err as { error?: Error }).error?.stack),
    ).toContain(TOKEN);
    for (const pretty of [false, true]) {
      const { log, text } = output(pretty);
      log.error({ err }, `处理失败：${String((err as { error?: Error }).error?.message)}`);
      expect(text()).toContain('sendMessage');
      expect(text()).not.toContain(TOKEN.split(':')[1]);
      expect(text()).toContain('<令牌>');
    }
  });

  it('redacts tokens in URLs and free text, and leaves times and ids alone', () => {
    expect(redactTokens(`https://api.telegram.org/bot${TOKEN}/getMe`)).toBe('https://api.telegram.org/bot<令牌>/getMe');
    expect(redactTokens('15:56:24 chat -1001234567890:42')).toBe('15:56:24 chat -1001234567890:42');
  });
});

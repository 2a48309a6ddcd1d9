import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, NODE_FLAGS, ROOT } from '../src/config.js';
import { entryEnv, runScript } from './processes.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  return [];
}

describe('configuration', () => {
  it('an empty environment is the console chat with defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      botToken: undefined,
      allowedChatIds: [],
      adminUserIds: [],
      timeZone: 'Asia/Shanghai',
      answerAllGroupMessages: false,
      catchUpHours: 6,
      webhook: undefined,
      telegram: { apiRoot: 'https://api.telegram.org', proxy: {} },
    });
    expect(config.dataDir).toMatch(/data$/);
  });

  it('reads every setting', () => {
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      ALLOWED_CHAT_IDS: '-1001234567890, 42',
      ADMIN_USER_IDS: '7 8',
      TZ: 'Asia/Urumqi',
      DATA_DIR: '/var/lib/casebook',
      ANSWER_ALL_GROUP_MESSAGES: 'yes',
      CATCH_UP_HOURS: '2',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      HTTPS_PROXY: 'socks5://127.0.0.1:1080',
      NO_PROXY: 'localhost',
      WEBHOOK_URL: 'https://bot.example.org/hook',
      WEBHOOK_SECRET: 'a'.repeat(20),
      WEBHOOK_PORT: '',
    });
    expect(config).toMatchObject({
      allowedChatIds: [-1001234567890, 42],
      adminUserIds: [7, 8],
      timeZone: 'Asia/Urumqi',
      dataDir: '/var/lib/casebook',
      answerAllGroupMessages: true,
      catchUpHours: 2,
      apiRoot: 'http://127.0.0.1:8081',
      webhook: { url: 'https://bot.example.org/hook', host: '127.0.0.1', port: 8080 },
    });
    expect(config.telegram.proxy.url?.href).toBe('socks5://127.0.0.1:1080');
  });

  it('names every bad variable at once, and never prints the token', () => {
    const env = {
      BOT_TOKEN: 'not-a-token',
      ALLOWED_CHAT_IDS: `-100123, abc, ${TOKEN}`,
      ADMIN_USER_IDS: '1;2',
      TZ: 'Mars/Olympus',
      ANSWER_ALL_GROUP_MESSAGES: 'sometimes',
      CATCH_UP_HOURS: '30',
      HTTPS_PROXY: 'ftp://user:hunter2@proxy:21',
      LOG_LEVEL: 'loud',
      LOG_FORMAT: 'xml',
      WEBHOOK_URL: 'http://bot.example.org/hook',
      WEBHOOK_SECRET: 'short',
      WEBHOOK_PORT: '70000',
    };
    const found = problems(env);
    for (const name of [
      'BOT_TOKEN',
      'ALLOWED_CHAT_IDS',
      'ADMIN_USER_IDS',
      'TZ',
      'ANSWER_ALL_GROUP_MESSAGES',
      'CATCH_UP_HOURS',
      'HTTPS_PROXY',
      'LOG_LEVEL',
      'LOG_FORMAT',
      'WEBHOOK_URL',
      'WEBHOOK_SECRET',
      'WEBHOOK_PORT',
    ]) {
      expect(
        found.filter((p) => p.startsWith(name)),
        name,
      ).toHaveLength(1);
    }
    const text = found.join('\n');
    expect(text).not.toContain('not-a-token');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('hunter2');
  });

  it('the token is not printed even when it is the one that is wrong', () => {
    const bad = `${TOKEN.slice(0, 20)}!`;
    expect(problems({ BOT_TOKEN: bad }).join('\n')).not.toContain(bad);
  });

  it('TELEGRAM_API_ROOT: http:// or https:// (a local Bot API server), not with the token in it', () => {
    expect(loadConfig({ TELEGRAM_API_ROOT: 'http://127.0.0.1:9' }).telegram.apiRoot).toBe('http://127.0.0.1:9');
    expect(problems({ TELEGRAM_API_ROOT: 'ftp://x' })[0]).toMatch(/^TELEGRAM_API_ROOT/);
    expect(problems({ TELEGRAM_API_ROOT: '127.0.0.1:8081' })[0]).toMatch(/^TELEGRAM_API_ROOT/);
    const withToken = problems({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: `https://api.telegram.org/bot${TOKEN}` });
    expect(withToken[0]).toMatch(/^TELEGRAM_API_ROOT.*不要带 \/bot/);
    expect(withToken.join()).not.toContain(TOKEN.split(':')[1]);
  });

  it('a webhook without a token or secret is refused', () => {
    const found = problems({ WEBHOOK_URL: 'https://bot.example.org/hook' });
    expect(found.some((p) => p.startsWith('WEBHOOK_SECRET'))).toBe(true);
    expect(found.some((p) => p.includes('没有 BOT_TOKEN'))).toBe(true);
  });

  it('proxy variables set around the test run do not reach the tests', () => {
    expect(loadConfig(process.env).telegram.proxy).toEqual({});
  });

  it('npm start with a bad configuration: every problem on stderr, exit code 1, no token, no stack trace', async () => {
    const main = runScript(
      'src/main.ts',
      [],
      entryEnv({
        BOT_TOKEN: TOKEN,
        TZ: 'Nowhere/City',
        WEBHOOK_URL: 'https://x.example.org/h',
        WEBHOOK_SECRET: 'short',
      }),
    );
    expect((await main.exited).code).toBe(1);
    expect(main.stdout()).toBe('');
    const errors = main.logs().filter((l) => l.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.msg).toMatch(/TZ[\s\S]*WEBHOOK_SECRET/);
    expect(main.stderr()).not.toContain(TOKEN.split(':')[1]);
    expect(main.stderr()).not.toMatch(/\n\s+at /);
  });
});

describe('how the bot is started', () => {
  it('npm start and the systemd unit run node with the bot’s Node options, before the entry point', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const unit = readFileSync(join(ROOT, 'deploy', 'casebook-bot.service'), 'utf8');
    const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1];
    for (const command of [pkg.scripts.start, execStart]) {
      const args = (command ?? '').split(/\s+/);
      const entry = args.indexOf('src/main.ts');
      expect(entry).toBeGreaterThan(0);
      for (const flag of NODE_FLAGS) {
        expect(args).toContain(flag);
        expect(args.indexOf(flag)).toBeLessThan(entry);
      }
    }
  });
});

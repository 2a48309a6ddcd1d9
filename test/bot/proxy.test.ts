import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import type { Bot } from 'grammy';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { createBot } from '../../src/bot/createBot.js';
import {
  clientOptions,
  describeEndpoint,
  downloadFile,
  matchesNoProxy,
  networkReason,
  proxyFor,
  showUrl,
  telegramEndpoint,
} from '../../src/bot/proxy.js';
import { startTelegram, type Running } from '../../src/bot/runtime.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/db.js';
import { createLogger } from '../../src/logger.js';
import { tempDir, testDeps } from '../helpers.js';
import {
  startEmulator,
  startFileServer,
  startHttpProxy,
  startSocks5,
  type FileServer,
  type RecordingProxy,
} from './servers.js';

const TOKEN = '123456:proxy-test-token';

describe('which proxy a request to Telegram takes', () => {
  const target = 'https://api.telegram.org';

  it('HTTPS_PROXY first, then https_proxy, ALL_PROXY, all_proxy; HTTP_PROXY is not read', () => {
    expect(proxyFor(target, {}).url).toBeUndefined();
    expect(proxyFor(target, { HTTP_PROXY: 'http://p:1' }).url).toBeUndefined();
    expect(proxyFor(target, { all_proxy: 'socks5://s:1080' }).variable).toBe('all_proxy');
    expect(proxyFor(target, { ALL_PROXY: 'socks5://s:1080', all_proxy: 'http://x:1' }).url?.href).toBe(
      'socks5://s:1080',
    );
    expect(proxyFor(target, { https_proxy: 'http://a:1', ALL_PROXY: 'socks5://s:1' }).variable).toBe('https_proxy');
    expect(proxyFor(target, { HTTPS_PROXY: 'http://A:1', https_proxy: 'http://a:1' }).variable).toBe('HTTPS_PROXY');
  });

  it('applies to an http:// API root too, and takes host:port without a scheme as an HTTP proxy', () => {
    const choice = proxyFor('http://10.0.0.5:8081', { HTTPS_PROXY: '127.0.0.1:7890' });
    expect(choice.url?.href).toBe('http://127.0.0.1:7890/');
  });

  it('refuses unknown schemes and unparseable values', () => {
    expect(() => proxyFor(target, { HTTPS_PROXY: 'ftp://p:21' })).toThrow(/不支持的代理协议/);
    expect(() => proxyFor(target, { HTTPS_PROXY: 'http://' })).toThrow();
  });

  it('NO_PROXY: *, exact hosts, domains with or without a leading dot or *., ports, IPs', () => {
    const url = (u: string) => new URL(u);
    expect(matchesNoProxy(url('https://api.telegram.org'), '*')).toBe(true);
    expect(matchesNoProxy(url('https://api.telegram.org'), 'telegram.org')).toBe(false);
    expect(matchesNoProxy(url('https://api.telegram.org'), '.telegram.org')).toBe(true);
    expect(matchesNoProxy(url('https://api.telegram.org'), 'localhost, *.telegram.org')).toBe(true);
    expect(matchesNoProxy(url('https://telegram.org'), '.telegram.org')).toBe(true);
    expect(matchesNoProxy(url('https://nottelegram.org'), '.telegram.org')).toBe(false);
    expect(matchesNoProxy(url('http://127.0.0.1:8081'), '127.0.0.1')).toBe(true);
    expect(matchesNoProxy(url('http://127.0.0.1:8081'), '127.0.0.1:8081')).toBe(true);
    expect(matchesNoProxy(url('http://127.0.0.1:8081'), '127.0.0.1:9')).toBe(false);
    expect(matchesNoProxy(url('https://api.telegram.org'), 'api.telegram.org:443')).toBe(true);
    expect(matchesNoProxy(url('http://[::1]:8081'), '::1')).toBe(true);
    expect(matchesNoProxy(url('http://[::1]:8081'), '[::1]:8081')).toBe(true);
    const bypassed = proxyFor('http://127.0.0.1:8081', { HTTPS_PROXY: 'http://p:1', no_proxy: 'localhost,127.0.0.1' });
    expect(bypassed).toEqual({ variable: 'HTTPS_PROXY', bypassed: true });
  });

  it('shows scheme, host and port, never credentials', () => {
    expect(showUrl('http://127.0.0.1:9')).toBe('http://127.0.0.1:9');
    expect(showUrl('https://api.telegram.org')).toBe('https://api.telegram.org:443');
    expect(showUrl('socks5://user:secret@127.0.0.1')).toBe('socks5://127.0.0.1:1080');
    const endpoint = telegramEndpoint(undefined, { ALL_PROXY: 'socks5://user:secret@127.0.0.1:1080' });
    const shown = describeEndpoint(endpoint);
    expect(shown).toBe('https://api.telegram.org:443（代理：socks5://127.0.0.1:1080，来自 ALL_PROXY）');
    expect(describeEndpoint(telegramEndpoint('http://127.0.0.1:9/', {}))).toBe('http://127.0.0.1:9（未使用代理）');
  });

  it('names a network failure by its code, never by a message that holds the URL and token', () => {
    const fetchError = Object.assign(new Error(`request to http://127.0.0.1:9/bot${TOKEN}/getMe failed`), {
      code: 'ECONNREFUSED',
    });
    expect(networkReason({ error: fetchError })).toBe('连接被拒绝（ECONNREFUSED）');
    const socks = new Error(`request to http://x/bot${TOKEN}/getMe failed, reason: connect ECONNREFUSED 127.0.0.1:1`);
    expect(networkReason(socks)).toBe('连接被拒绝（ECONNREFUSED）');
    const odd = new Error(`request to http://x/bot${TOKEN}/getMe failed, reason: something new`);
    expect(networkReason(odd)).not.toContain(TOKEN);
  });
});

/** A logger whose lines the test reads. */
function capture(): { log: ReturnType<typeof createLogger>; text: () => string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: createLogger({ level: 'info', pretty: false, destination: sink }), text: () => lines.join('') };
}

interface BotMessage {
  message: { text: string };
}

/**
 * The real bot against the emulator with every request through a real proxy on 127.0.0.1: the
 * proxy must have opened tunnels to the emulator and carried its answers.
 */
describe.each([
  ['an HTTP CONNECT proxy with a password', () => startHttpProxy('casebook:s3cret')],
  ['a SOCKS5 proxy', () => startSocks5()],
])('end to end through %s', (_name, startProxy) => {
  let emulator: TelegramServer;
  let proxy: RecordingProxy;
  let running: Running | undefined;
  let bot: Bot;
  let files: FileServer;
  const logs = capture();

  afterAll(async () => {
    await running?.stop();
    await emulator?.stop();
    await proxy?.close();
    await files?.close();
  });

  it('logs in and answers /start, all through the proxy', async () => {
    emulator = await startEmulator();
    proxy = await startProxy();
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emulator.config.apiURL,
      HTTPS_PROXY: proxy.url,
      DATA_DIR: tempDir('proxy-data-'),
    });
    expect(config.telegram.proxy.url?.host).toBe(new URL(proxy.url).host);
    bot = createBot(TOKEN, testDeps(openDatabase(config.dataDir)), { client: clientOptions(config.telegram) });
    running = await startTelegram(bot, config, logs.log);
    const port = new URL(emulator.config.apiURL).port;
    expect(proxy.tunnels).toContain(`127.0.0.1:${port}`);
    expect(logs.text()).toContain(`代理：${showUrl(proxy.url)}`);
    expect(logs.text()).not.toContain('s3cret');

    const client = emulator.getClient(TOKEN, { userId: 42, chatId: 42, type: 'private', timeout: 8000, interval: 50 });
    const before = proxy.bytes();
    await client.sendCommand(client.makeCommand('/start'));
    const got: BotMessage[] = [];
    for (const until = Date.now() + 8000; got.length === 0 && Date.now() < until;) {
      got.push(...((await client.getUpdates()) as unknown as { result: BotMessage[] }).result);
      if (!got.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(got[0]?.message.text).toContain('案例库');
    // The update came to the bot, and its reply went out, through the proxy.
    expect(proxy.bytes()).toBeGreaterThan(before);
    expect(proxy.tunnels.every((t) => t === `127.0.0.1:${port}`)).toBe(true);
  });

  it('downloads a file through the same proxy, and refuses one over the size cap', async () => {
    const body = Buffer.from('第一页\n'.repeat(1000));
    files = await startFileServer(TOKEN, { 'documents/page.txt': body });
    const endpoint = telegramEndpoint(files.root, { ALL_PROXY: proxy.url });
    const got = await downloadFile(endpoint, TOKEN, 'documents/page.txt');
    expect(got.equals(body)).toBe(true);
    expect(proxy.tunnels).toContain(new URL(files.root).host);
    expect(files.paths).toEqual([`/file/bot${TOKEN}/documents/page.txt`]);
    const tooBig = downloadFile(endpoint, TOKEN, 'documents/page.txt', { maxBytes: 100 });
    await expect(tooBig).rejects.toThrow(/超过上限/);
    const missing = downloadFile(endpoint, TOKEN, 'documents/none.txt');
    await expect(missing).rejects.toMatchObject({ status: 404 });
    await expect(missing).rejects.not.toThrow(TOKEN);
  });
});

describe('NO_PROXY in practice', () => {
  let emulator: TelegramServer | undefined;
  let proxy: RecordingProxy | undefined;
  afterEach(async () => {
    await emulator?.stop();
    await proxy?.close();
  });

  it('a host in NO_PROXY is reached directly: the proxy sees nothing', async () => {
    emulator = await startEmulator();
    proxy = await startHttpProxy();
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emulator.config.apiURL,
      HTTPS_PROXY: proxy.url,
      NO_PROXY: '127.0.0.1',
    });
    const bot = createBot(TOKEN, testDeps(openDatabase(tempDir('noproxy-'))), {
      client: clientOptions(config.telegram),
    });
    const me = await bot.api.getMe();
    expect(me.username).toBe('TestNameBot');
    expect(proxy.tunnels).toEqual([]);
    expect(describeEndpoint(config.telegram)).toContain('NO_PROXY');
  });
});

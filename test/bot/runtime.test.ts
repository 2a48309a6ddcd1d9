import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { Bot } from 'grammy';
import { clientOptions } from '../../src/bot/proxy.js';
import { connectivityLog, startTelegram } from '../../src/bot/runtime.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { freePort, startHttpProxy } from './servers.js';

const TOKEN = '987654:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

function capture() {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  return { log: createLogger({ level: 'info', pretty: false, destination: sink }), lines };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; !check();) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function botFor(config: Config): Bot {
  return new Bot(config.botToken!, { client: clientOptions(config.telegram) });
}

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('F2: start-up when the Bot API cannot be reached', () => {
  it('says so at the first failure, naming the API root and proxy but never the token, and backs off visibly', async () => {
    const closed = await freePort();
    const proxyPort = await freePort();
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: `http://127.0.0.1:${closed}`,
      ALL_PROXY: `socks5://user:pw@127.0.0.1:${proxyPort}`,
    });
    const { log, lines } = capture();
    const stop = new AbortController();
    const started = startTelegram(botFor(config), config, log, { signal: stop.signal, retryDelaysMs: [50, 100, 200] });
    const failures = () => lines.filter((l) => l.msg.startsWith('无法连接'));
    await until(() => failures().length >= 3);
    stop.abort();
    await expect(started).rejects.toThrow();
    const [first, second, third] = failures();
    expect(first!.level).toBe(40);
    expect(first!.msg).toContain(`http://127.0.0.1:${closed}`);
    expect(first!.msg).toContain(`代理：socks5://127.0.0.1:${proxyPort}，来自 ALL_PROXY`);
    expect(first!.msg).toContain('连接被拒绝');
    expect(first!.msg).toContain('50 毫秒后第 2 次尝试');
    expect(second!.msg).toContain('100 毫秒后第 3 次尝试');
    expect(third!.msg).toContain('200 毫秒后第 4 次尝试');
    const all = JSON.stringify(lines);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(TOKEN.split(':')[1]);
    expect(all).not.toContain('user:pw');
  });

  it('says when the API root accepts the connection but does not answer, and times the attempt out', async () => {
    const sockets = new Set<Socket>();
    const silent = createNetServer((s) => sockets.add(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    closers.push(() => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => silent.close(r));
    });
    const port = (silent.address() as AddressInfo).port;
    const config = loadConfig({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${port}` });
    const { log, lines } = capture();
    const stop = new AbortController();
    const started = startTelegram(botFor(config), config, log, {
      signal: stop.signal,
      slowAfterMs: 100,
      attemptTimeoutMs: 400,
      retryDelaysMs: [50],
    });
    await until(() => lines.some((l) => l.msg.startsWith('无法连接')));
    stop.abort();
    await expect(started).rejects.toThrow();
    const slow = lines.find((l) => l.msg.includes('还没有应答'));
    expect(slow?.msg).toContain(`http://127.0.0.1:${port}（未使用代理）`);
    expect(lines.find((l) => l.msg.startsWith('无法连接'))?.msg).toContain('400 毫秒内没有应答');
    // The hint for an operator without a proxy.
    expect(lines.find((l) => l.msg.startsWith('无法连接'))?.msg).toContain('HTTPS_PROXY');
  });

  it('an HTTP proxy that refuses the tunnel is named as the reason: a wrong password, an unreachable target', async () => {
    const proxy = await startHttpProxy('casebook:right-password');
    closers.push(() => proxy.close());
    const closed = await freePort();
    for (const [proxyUrl, reason] of [
      [proxy.url.replace('right-password', 'wrong-password'), /用户名、密码不对（代理返回 HTTP 407/],
      [proxy.url, /代理无法连到此地址（代理返回 HTTP 5\d\d/],
    ] as const) {
      const config = loadConfig({
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: `http://127.0.0.1:${closed}`,
        HTTPS_PROXY: proxyUrl,
      });
      const { log, lines } = capture();
      const stop = new AbortController();
      const started = startTelegram(botFor(config), config, log, { signal: stop.signal, retryDelaysMs: [50] });
      await until(() => lines.some((l) => l.msg.startsWith('无法连接')));
      stop.abort();
      await expect(started).rejects.toThrow();
      const failed = lines.find((l) => l.msg.startsWith('无法连接'))!;
      expect(failed.msg).toMatch(reason);
      expect(failed.msg).not.toContain('password');
    }
  });

  it('a token the Bot API rejects stops the start with a clear message, not retries', async () => {
    const server = createServer((_req, res) =>
      res
        .writeHead(401, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' })),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => server.close(r)));
    const port = (server.address() as AddressInfo).port;
    const config = loadConfig({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${port}` });
    const { log } = capture();
    await expect(startTelegram(botFor(config), config, log, { retryDelaysMs: [10] })).rejects.toThrow(
      /拒绝了 BOT_TOKEN/,
    );
  });
});

describe('after start-up: lost and regained connection', () => {
  it('logs the first failure at once, not every retry, and the recovery', async () => {
    let down: false | 'network' | 'gateway' = false;
    const server: Server = createServer((req, res) => {
      if (down === 'network') return void req.socket.destroy();
      if (down === 'gateway')
        return void res
          .writeHead(502, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ ok: false, error_code: 502, description: 'Bad Gateway' }));
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ ok: true, result: { id: 1, is_bot: true, first_name: 'b', username: 'b_bot' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    });
    const port = (server.address() as AddressInfo).port;
    const config = loadConfig({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${port}` });
    const { log, lines } = capture();
    const bot = botFor(config);
    bot.api.config.use(connectivityLog(config, log, 60_000));
    await bot.api.getMe();
    down = 'network';
    for (let i = 0; i < 3; i++) await expect(bot.api.getMe()).rejects.toThrow();
    down = 'gateway';
    await expect(bot.api.getMe()).rejects.toThrow(/502/);
    down = false;
    await bot.api.getMe();
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toContain(`连接中断：http://127.0.0.1:${port}`);
    expect(lines.at(-1)!.msg).toMatch(/已恢复.*失败 4 次/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { DATABASE_FILE } from '../src/db/db.js';
import { ROOT, tempDir } from './helpers.js';
import { alive, descendants, entryEnv, run, runScript, type Running } from './processes.js';
import { freePort, startEmulator } from './bot/servers.js';

const TOKEN = '123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

async function gone(pids: number[], ms: number): Promise<number> {
  const started = Date.now();
  while (pids.some(alive)) {
    if (Date.now() - started > ms) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - started;
}

/** The bot as the operator runs it: real processes, the emulator as Telegram, signals from outside. */
describe('the bot process', () => {
  let emulator: TelegramServer;
  const started: Running[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    // Whatever a failed test left running.
    for (const r of started)
      for (const pid of [r.child.pid!, ...descendants(r.child.pid!)].filter(alive)) process.kill(pid, 'SIGKILL');
    await emulator?.stop();
  });

  function botEnv(extra: Record<string, string> = {}) {
    return entryEnv({
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emulator.config.apiURL,
      DATA_DIR: tempDir('main-data-'),
      ...extra,
    });
  }

  it('F1: SIGTERM to `npm start` stops npm, node and polling within a second', async () => {
    const npm = run('npm', ['start'], botEnv());
    started.push(npm);
    await npm.waitForLog((l) => l.msg.startsWith('长轮询模式'), 60_000);
    const chain = [npm.child.pid!, ...descendants(npm.child.pid!)];
    expect(chain.length).toBeGreaterThanOrEqual(2);
    npm.child.kill('SIGTERM');
    const took = await gone(chain, 3000);
    expect(chain.filter(alive), `still running after ${took} ms`).toEqual([]);
    expect(took).toBeLessThan(1000);
    expect(npm.logs().some((l) => l.msg.startsWith('收到 SIGTERM'))).toBe(true);
  });

  it('F1, F4: the systemd unit runs node directly; a garbage database is moved aside, the bot answers, SIGTERM stops it within a second', async () => {
    const unit = readFileSync(join(ROOT, 'deploy', 'casebook-bot.service'), 'utf8');
    const [program, ...args] = /^ExecStart=(.+)$/m.exec(unit)![1]!.split(/\s+/);
    expect(program).toMatch(/\/node$/);
    expect(/^KillMode=mixed$/m.test(unit) && /^KillSignal=SIGTERM$/m.test(unit)).toBe(true);
    const env = botEnv();
    writeFileSync(join(env.DATA_DIR!, DATABASE_FILE), 'not a database '.repeat(500));
    // As systemd runs it: this machine's node, from the project folder, SIGTERM to the main process.
    const bot = run(process.execPath, args, env);
    started.push(bot);
    await bot.waitForLog((l) => l.msg.startsWith('长轮询模式'), 60_000);
    const aside = readdirSync(env.DATA_DIR!).find((f) => f.startsWith(`${DATABASE_FILE}.damaged-`));
    expect(aside).toBeDefined();
    expect(bot.logs().find((l) => l.msg.includes('已损坏'))?.msg).toContain(join(env.DATA_DIR!, aside!));
    const client = emulator.getClient(TOKEN, { userId: 77, chatId: 77, type: 'private', timeout: 8000, interval: 50 });
    await client.sendCommand(client.makeCommand('/start'));
    let got: { message: { text: string } }[] = [];
    for (const end = Date.now() + 10_000; !got.length && Date.now() < end;) {
      got = ((await client.getUpdates()) as unknown as { result: typeof got }).result;
      if (!got.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(got[0]?.message.text).toContain('案例库');

    const pids = [bot.child.pid!, ...descendants(bot.child.pid!)];
    bot.child.kill('SIGTERM');
    const took = await gone(pids, 3000);
    expect(pids.filter(alive)).toEqual([]);
    expect(took).toBeLessThan(1000);
    expect((await bot.exited).code).toBe(0);
  });

  it('systemd accepts the unit file', (ctx) => {
    const verify = spawnSync('systemd-analyze', ['verify', join(ROOT, 'deploy', 'casebook-bot.service')], {
      encoding: 'utf8',
    });
    if (verify.error) return ctx.skip('systemd-analyze is not installed here');
    expect(verify.stderr.trim()).toBe('');
    expect(verify.status).toBe(0);
  });

  it('F2: an unreachable Bot API is reported within 5 s, naming root and proxy, not the token; SIGTERM still stops it', async () => {
    const proxyPort = await freePort();
    const bot = runScript(
      'src/main.ts',
      [],
      botEnv({ TELEGRAM_API_ROOT: 'http://127.0.0.1:9', ALL_PROXY: `socks5://127.0.0.1:${proxyPort}` }),
    );
    started.push(bot);
    const connecting = await bot.waitForLog((l) => l.msg.startsWith('正在连接'), 60_000);
    const failed = await bot.waitForLog((l) => l.msg.startsWith('无法连接'), 10_000);
    expect((failed.time as number) - (connecting.time as number)).toBeLessThan(5000);
    expect(failed.level).toBe(40);
    expect(failed.msg).toContain('http://127.0.0.1:9');
    expect(failed.msg).toContain(`socks5://127.0.0.1:${proxyPort}`);
    expect(failed.msg).toMatch(/\d+ 秒后第 2 次尝试/);
    expect(bot.stderr()).not.toContain(TOKEN.split(':')[1]);
    const pid = bot.child.pid!;
    bot.child.kill('SIGTERM');
    const took = await gone([pid], 3000);
    expect(took).toBeLessThan(1000);
    expect((await bot.exited).code).toBe(0);
  });
});

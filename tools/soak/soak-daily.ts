/**
 * Soak test for the daily broadcast: 2,000 chats subscribed for the same minute, a local Bot API
 * emulator, the bot process killed with SIGKILL mid-broadcast and restarted. Logs its progress,
 * the delivered, duplicated and missed counts and the send rate to stderr; stdout carries one JSON
 * object {"chats", "delivered", "duplicated", "missed", "inFlightAtKill", "perSecond"}.
 *
 *   npm run soak:daily            (CHATS=500 npm run soak:daily for a shorter run)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { openDatabase, type Db } from '../../src/db/db.js';
import { createLogger, exitOnStartupError } from '../../src/logger.js';
import { SubscriptionStore } from '../../src/daily/store.js';
import { ROOT } from '../../src/config.js';

const CHATS = Number(process.env.CHATS ?? 2000);
const TZ = 'Asia/Shanghai';
const TOKEN = '424242:soak-test-token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = createLogger();

function open(dir: string): Db {
  try {
    return openDatabase(dir, { log });
  } catch (err) {
    exitOnStartupError(err, log);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 24 * 3600 });
await server.start();
const dataDir = mkdtempSync(join(tmpdir(), 'soak-daily-'));

// 2,000 subscriptions, half private chats and half groups, all due this very minute.
const now = new Date();
const hhmm = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
}).format(now);
const chatIds = Array.from({ length: CHATS }, (_, i) => (i % 2 ? -1000000000000 - i : 100000 + i));
{
  const db = open(dataDir);
  const store = new SubscriptionStore(db);
  db.transaction(() => {
    for (const chatId of chatIds) store.upsert({ chatId, threadId: null, time: hhmm, timeZone: TZ, createdBy: 1 });
  })();
  db.close();
}
log.info(`已为 ${CHATS} 个会话订阅 ${hhmm}（${TZ}）的每日案例；模拟器 ${server.config.apiURL}`);

type Stored = { time: number; message: { chat_id: number | string } };
const botMessages = (): Stored[] => (server as unknown as { storage: { botMessages: Stored[] } }).storage.botMessages;

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tools', 'soak', 'soak-worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: server.config.apiURL, DATA_DIR: dataDir, TZ },
    // The worker's output is log lines: stderr, like ours.
    stdio: ['ignore', 2, 2],
  });
  return child;
}

// Run, and kill hard halfway through the broadcast.
let worker = startWorker();
const killAt = Math.floor(CHATS / 2);
const started = Date.now();
while (botMessages().length < killAt && Date.now() - started < 10 * 60_000) await sleep(20);
worker.kill('SIGKILL');
await new Promise((r) => worker.once('exit', r));
const atKill = botMessages().length;
const killedDb = open(dataDir);
const inFlightAtKill = new SubscriptionStore(killedDb).pending().length;
killedDb.close();
log.info(`在发出 ${atKill} 条后用 SIGKILL 终止进程；数据库中状态未知（发送中）的推送：${inFlightAtKill} 条`);

// Restart and let it finish: stop when every chat has a message or nothing new comes for 15 s.
worker = startWorker();
let last = botMessages().length;
let quietSince = Date.now();
while (Date.now() - quietSince < 15_000) {
  await sleep(250);
  const n = botMessages().length;
  if (n !== last) {
    last = n;
    quietSince = Date.now();
  }
  if (new Set(botMessages().map((m) => Number(m.message.chat_id))).size >= CHATS) break;
}
worker.kill('SIGTERM');
await new Promise((r) => worker.once('exit', r));

const counts = new Map<number, number>();
for (const m of botMessages()) counts.set(Number(m.message.chat_id), (counts.get(Number(m.message.chat_id)) ?? 0) + 1);
const delivered = chatIds.filter((id) => (counts.get(id) ?? 0) > 0).length;
const duplicated = chatIds.reduce((sum, id) => sum + Math.max(0, (counts.get(id) ?? 0) - 1), 0);
const missed = CHATS - delivered;
const times = botMessages()
  .map((m) => m.time)
  .sort((a, b) => a - b);
const spanS = times.length > 1 ? (times[times.length - 1]! - times[0]!) / 1000 : 1;
// The rate while sending: messages over the time spent sending, less the restart gap.
const gaps = times
  .slice(1)
  .map((t, i) => t - times[i]!)
  .sort((a, b) => b - a);
const sendingS = Math.max(0.001, spanS - (gaps[0] ?? 0) / 1000);
const perSecond = Math.round((times.length / sendingS) * 10) / 10;

log.info(
  `会话 ${CHATS}，送达 ${delivered}，重复 ${duplicated}，漏发 ${missed}（其中终止时在途 ${inFlightAtKill} 条），发送速率 ${perSecond} 条/秒`,
);
const ok = duplicated === 0 && missed <= inFlightAtKill;
if (ok) log.info('结论：无重复；除终止时在途的那一条外无漏发。');
else log.error('结论：未达标！');
await server.stop();
process.stdout.write(JSON.stringify({ chats: CHATS, delivered, duplicated, missed, inFlightAtKill, perSecond }) + '\n');
process.exit(ok ? 0 : 1);

import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { OperatorError } from './logger.js';
import { PROXY_VARIABLES, scrubbed, telegramEndpoint, type TelegramEndpoint } from './bot/proxy.js';

/** The project root (the folder holding `package.json`). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Node's options for the bot's process: `npm start` and deploy/casebook-bot.service pass them
 * (a test checks both), and so do the bench's measurements.
 *
 * `--v8-pool-size=1` gives V8's background work (garbage collection, optimizing compilation) one
 * thread instead of four. The bot has two JavaScript threads of its own: the answering thread and
 * the build thread that adds pages. With four more, a major collection of the answering thread's
 * heap marked on all four at once, and on two cores the answering thread was left about half of
 * one for a quarter of a second: questions due then waited up to 120 ms.
 */
export const NODE_FLAGS = ['--v8-pool-size=1'] as const;

/** Where pages are read from: `--seeds DIR`, else `SEEDS_DIR`, else `seeds/`. */
export function seedsDir(flag?: string): string {
  const dir = flag ?? process.env.SEEDS_DIR;
  return dir ? resolve(dir) : join(ROOT, 'seeds');
}

/** Where the index snapshot lives: `INDEX_DIR`, else `index/`. */
export function indexDir(): string {
  return process.env.INDEX_DIR ? resolve(process.env.INDEX_DIR) : join(ROOT, 'index');
}

/** Where state lives (SQLite, editors' corrections, the trash): `DATA_DIR`, else `data/`. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.DATA_DIR?.trim() || resolve(ROOT, 'data'));
}

/** Runtime settings, read from the environment (and `.env`) once at start-up. */
export interface Config {
  /** Telegram bot token; absent means the local console chat. */
  botToken?: string;
  /** Chats served; empty serves every chat. */
  allowedChatIds: number[];
  /** Users always served in private chats (and allowed to manage subscriptions). */
  adminUserIds: number[];
  /** IANA time zone for dates shown to users and daily deliveries. */
  timeZone: string;
  /** Where state lives: SQLite, the editors' corrections (edits.json) and the trash. */
  dataDir: string;
  /** Answer every question-like group message (needs privacy mode off in BotFather). */
  answerAllGroupMessages: boolean;
  /** Another Bot API server (a local Bot API server, or the test emulator). */
  apiRoot?: string;
  /** How the Bot API is reached: the API root and the proxy from `HTTPS_PROXY`/`ALL_PROXY`/`NO_PROXY`. */
  telegram: TelegramEndpoint;
  /** After a restart, a daily delivery missed by less than this many hours is sent late. */
  catchUpHours: number;
  /** Webhook mode behind a reverse proxy; absent means long polling. */
  webhook?: { url: string; secret: string; host: string; port: number };
}

export class ConfigError extends OperatorError {
  constructor(readonly problems: string[]) {
    super(`配置有误：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function ids(name: string, value: string | undefined, problems: string[]): number[] {
  if (!value?.trim()) return [];
  const out: number[] = [];
  const bad: string[] = [];
  for (const part of value.split(/[,\s]+/).filter(Boolean)) {
    if (/^-?\d+$/.test(part)) out.push(Number(part));
    else bad.push(`“${part}”`);
  }
  if (bad.length) problems.push(`${name} 应为以逗号分隔的数字 ID，${bad.join('、')}不是`);
  return out;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads and validates the configuration; every problem is reported at once, in Chinese, naming
 * the variable. The token itself never appears in a message.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const token = env.BOT_TOKEN?.trim() || undefined;
  const apiRoot = env.TELEGRAM_API_ROOT?.trim().replace(/\/+$/, '') || undefined;
  if (token && !apiRoot && !/^\d+:[A-Za-z0-9_-]{30,}$/.test(token)) {
    problems.push('BOT_TOKEN 格式不对：应形如 123456789:AA…（从 @BotFather 获取）');
  }
  if (apiRoot && (!/^https?:\/\/[^/?#]/i.test(apiRoot) || !URL.canParse(apiRoot)))
    problems.push('TELEGRAM_API_ROOT 应为 http:// 或 https:// 地址，如 http://127.0.0.1:8081');
  else if (apiRoot && /\/bot\d+:/.test(apiRoot))
    problems.push('TELEGRAM_API_ROOT 只写服务器地址（如 http://127.0.0.1:8081），不要带 /bot 和令牌');
  let telegram: TelegramEndpoint = { apiRoot: apiRoot ?? 'https://api.telegram.org', proxy: {} };
  try {
    if (!problems.some((p) => p.startsWith('TELEGRAM_API_ROOT'))) telegram = telegramEndpoint(apiRoot, env);
  } catch (err) {
    const variable = PROXY_VARIABLES.find((name) => env[name]?.trim());
    problems.push(`${variable ?? '代理变量'} 不是有效的代理地址：${(err as Error).message}`);
  }

  const level = env.LOG_LEVEL?.trim();
  if (level && !LOG_LEVELS.includes(level)) problems.push(`LOG_LEVEL 应为 ${LOG_LEVELS.join('、')} 之一`);
  const format = env.LOG_FORMAT?.trim();
  if (format && !['json', 'pretty'].includes(format)) problems.push('LOG_FORMAT 应为 json 或 pretty');

  const timeZone = env.TZ?.trim() || 'Asia/Shanghai';
  if (!isTimeZone(timeZone)) problems.push(`TZ “${timeZone}” 不是有效的时区名，例如 Asia/Shanghai`);

  const flag = (env.ANSWER_ALL_GROUP_MESSAGES ?? '').trim().toLowerCase();
  if (flag && !['true', 'false', '1', '0', 'yes', 'no'].includes(flag)) {
    problems.push('ANSWER_ALL_GROUP_MESSAGES 应为 true 或 false');
  }

  const catchUpHours = Number(env.CATCH_UP_HOURS?.trim() || 6);
  if (!Number.isFinite(catchUpHours) || catchUpHours < 0 || catchUpHours > 23)
    problems.push('CATCH_UP_HOURS 应为 0–23 之间的小时数');

  let webhook: Config['webhook'];
  const url = env.WEBHOOK_URL?.trim();
  if (url) {
    const secret = env.WEBHOOK_SECRET?.trim() ?? '';
    if (!/^https:\/\//.test(url)) problems.push('WEBHOOK_URL 必须是 https:// 地址');
    if (!/^[A-Za-z0-9_-]{16,256}$/.test(secret)) problems.push('WEBHOOK_SECRET 必须是 16–256 位字母、数字、_ 或 -');
    const port = Number(env.WEBHOOK_PORT?.trim() || 8080);
    if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push('WEBHOOK_PORT 应为 1–65535 的端口号');
    webhook = { url, secret, host: env.WEBHOOK_HOST?.trim() || '127.0.0.1', port };
    if (!token) problems.push('设置了 WEBHOOK_URL 但没有 BOT_TOKEN');
  }

  const config: Config = {
    botToken: token,
    allowedChatIds: ids('ALLOWED_CHAT_IDS', env.ALLOWED_CHAT_IDS, problems),
    adminUserIds: ids('ADMIN_USER_IDS', env.ADMIN_USER_IDS, problems),
    timeZone,
    dataDir: dataDir(env),
    answerAllGroupMessages: ['true', '1', 'yes'].includes(flag),
    apiRoot,
    telegram,
    catchUpHours,
    webhook,
  };
  // Whatever a message quotes, the token (or anything shaped like one) never shows: pasted into
  // the wrong variable, say.
  if (problems.length)
    throw new ConfigError(problems.map((p) => scrubbed(token ? p.split(token).join('<BOT_TOKEN>') : p)));
  return config;
}

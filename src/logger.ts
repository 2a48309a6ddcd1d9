/**
 * Logging for every entry point: pino, always to stderr (stdout carries only a command's output).
 * On a terminal, or with LOG_FORMAT=pretty, lines are human-readable; otherwise one JSON object a
 * line, for journald and log collectors. `LOG_LEVEL` (default `info`) picks the level.
 */
import { pino, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';
import type { Writable } from 'node:stream';

export type Logger = PinoLogger;

export interface LoggerOptions {
  /** `debug`, `info`, `warn`, `error` or `silent`; default `LOG_LEVEL` or `info`. */
  level?: string;
  /** Human-readable lines instead of JSON; default: when stderr is a terminal, or LOG_FORMAT=pretty. */
  pretty?: boolean;
  /** Where lines go (tests); default stderr. */
  destination?: Writable;
}

/**
 * Bot tokens (`123456789:AA…`, also inside `…/bot<token>/method` URLs) blanked out. grammY's
 * network errors carry the request URL, token included, in their message and stack.
 */
export function redactTokens(text: string): string {
  return text.replace(TOKEN, '<令牌>');
}

const TOKEN = /\d{5,}:[A-Za-z0-9_-]{20,}/g;

function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactTokens(value);
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
  return out;
}

/** Every line passes through here: messages and serialised errors lose any token they hold. */
const safety = {
  serializers: { err: (err: Error) => redactDeep(pino.stdSerializers.err(err)) },
  hooks: {
    logMethod(this: PinoLogger, args: unknown[], method: (...a: unknown[]) => void) {
      method.apply(
        this,
        args.map((a) => (typeof a === 'string' ? redactTokens(a) : a)),
      );
    },
  },
};

/** The one place a logger is configured. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const wanted = options.level ?? process.env.LOG_LEVEL?.trim() ?? 'info';
  // An unknown level is reported by the configuration check; logging still works meanwhile.
  const level = wanted === 'silent' || wanted in pino.levels.values ? wanted : 'info';
  const readable =
    options.pretty ??
    (process.env.LOG_FORMAT === 'pretty' || (process.env.LOG_FORMAT !== 'json' && process.stderr.isTTY));
  const destination = options.destination ?? pino.destination({ fd: 2, sync: true });
  if (!readable) return pino({ level, base: undefined, ...safety }, destination);
  const stream = pretty({
    destination,
    sync: true,
    colorize: !options.destination && process.stderr.isTTY,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    singleLine: true,
  });
  return pino({ level, base: undefined, ...safety }, stream);
}

/** A logger that drops everything (tests, and tools that must stay quiet). */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * A progress bar on stderr for long builds: silent for the first two seconds (small corpora),
 * then redrawn at most ten times a second on a terminal, or one line per 10% elsewhere (logs).
 */
export function progressBar(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): (done: number, total: number) => void {
  const started = Date.now();
  let last = 0;
  let lastTenth = -1;
  return (done, total) => {
    const now = Date.now();
    const finished = done >= total;
    if (now - started < 2000) return;
    const pct = total ? done / total : 1;
    if (stream.isTTY) {
      if (!finished && now - last < 100) return;
      last = now;
      const width = 30;
      const bar = '█'.repeat(Math.round(pct * width)).padEnd(width, '░');
      stream.write(`\r${label} ${bar} ${done}/${total} 篇 ${(pct * 100).toFixed(0)}%${finished ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(pct * 10);
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    stream.write(`${label}：${done}/${total} 篇（${(pct * 100).toFixed(0)}%）\n`);
  };
}

/**
 * An error whose message alone tells the operator what is wrong and what to do (a bad setting, a
 * read-only or full disk): shown as one line, without a stack trace.
 */
export class OperatorError extends Error {}

/**
 * For entry points: a start-up problem the operator can fix is one log line and exit code 1;
 * anything else is logged with its stack.
 */
export function exitOnStartupError(err: unknown, log: Logger): never {
  if (err instanceof OperatorError) log.error(err.message);
  else log.error({ err }, `启动失败：${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
}

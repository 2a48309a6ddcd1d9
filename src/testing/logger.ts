import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../logger.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  msg: string;
  [key: string]: unknown;
}

const LEVELS: Record<number, LogLine['level']> = { 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** A real pino logger whose lines are kept in memory, for tests that assert what was logged. */
export function memoryLogger(level = 'debug'): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (!text.trim()) continue;
        const raw = JSON.parse(text) as { level: number; msg?: string };
        lines.push({ ...raw, level: LEVELS[raw.level] ?? 'info', msg: raw.msg ?? '' });
      }
      done();
    },
  });
  return { log: createLogger({ level, pretty: false, destination }), lines };
}

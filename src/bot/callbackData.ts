import type { Composer, Context, Filter } from 'grammy';
import { ARTICLE_ID } from '../corpus/page.js';

/**
 * Every inline button's data, as handlers see it. This module is the only place that knows how
 * it is written into Telegram's callback data (at most 64 bytes) and read back; handlers register
 * with `onCallback` and get the parsed value. Data that does not parse (forged, or from an older
 * version of the bot) reaches no handler: the fallback feature answers it as expired.
 */
export type CallbackData =
  /** A page of a saved list (an answer, a county's cases…); `query` is the saved query's id. */
  | { kind: 'page'; query: string; page: number }
  /** A county's cases. */
  | { kind: 'county'; county: string }
  /** A case in full. */
  | { kind: 'full'; id: string }
  /** One of the example questions under /help, by index. */
  | { kind: 'example'; index: number }
  /** Another random case. */
  | { kind: 'random' }
  /** A button that does nothing (the page counter, blank navigation slots). */
  | { kind: 'noop' }
  /** A topic's cases, by the topic's stable key (see casebook/topics.ts). */
  | { kind: 'topic'; key: string }
  /** The Word 素材汇编 of a saved list (an answer, a county's or a topic's cases). */
  | { kind: 'export'; query: string }
  /** 入库 / 替换 / 取消 under an upload's preview; `id` is the pending upload's. */
  | { kind: 'upload'; action: 'accept' | 'replace' | 'cancel'; id: string }
  /** 确认移除 / 取消 under /removepage; `key` names the page file (pageKey). */
  | { kind: 'removePage'; confirm: boolean; key: string };

export type CallbackKind = CallbackData['kind'];
export type CallbackOf<K extends CallbackKind> = Extract<CallbackData, { kind: K }>;

/** The longest callback data Telegram accepts, in bytes. */
const MAX_BYTES = 64;

interface Format<K extends CallbackKind> {
  write(data: CallbackOf<K>): string;
  /** Anchored: the whole data must match, so a prefix alone never passes. */
  pattern: RegExp;
  read(match: RegExpExecArray): CallbackOf<K>;
}

const FORMATS: { [K in CallbackKind]: Format<K> } = {
  page: {
    write: (d) => `p:${d.query}:${d.page}`,
    pattern: /^p:([A-Za-z0-9_-]{4,16}):(\d{1,3})$/,
    read: (m) => ({ kind: 'page', query: m[1]!, page: Number(m[2]) }),
  },
  county: {
    write: (d) => `c:${d.county}`,
    pattern: /^c:(\p{Script=Han}{2,8})$/u,
    read: (m) => ({ kind: 'county', county: m[1]! }),
  },
  full: {
    write: (d) => `f:${d.id}`,
    pattern: new RegExp(`^f:(${ARTICLE_ID})$`),
    read: (m) => ({ kind: 'full', id: m[1]! }),
  },
  example: {
    write: (d) => `e:${d.index}`,
    pattern: /^e:(\d{1,2})$/,
    read: (m) => ({ kind: 'example', index: Number(m[1]) }),
  },
  random: { write: () => 'r', pattern: /^r$/, read: () => ({ kind: 'random' }) },
  noop: { write: () => 'x', pattern: /^x$/, read: () => ({ kind: 'noop' }) },
  topic: {
    write: (d) => `t:${d.key}`,
    pattern: /^t:([0-9a-f]{10})$/,
    read: (m) => ({ kind: 'topic', key: m[1]! }),
  },
  export: {
    write: (d) => `w:${d.query}`,
    pattern: /^w:([A-Za-z0-9_-]{4,16})$/,
    read: (m) => ({ kind: 'export', query: m[1]! }),
  },
  upload: {
    write: (d) => `u:${d.action[0]}:${d.id}`,
    pattern: /^u:([arc]):([A-Za-z0-9_-]{8})$/,
    read: (m) => ({
      kind: 'upload',
      action: ({ a: 'accept', r: 'replace', c: 'cancel' } as const)[m[1] as 'a' | 'r' | 'c'],
      id: m[2]!,
    }),
  },
  removePage: {
    write: (d) => `rm:${d.confirm ? 'y' : 'n'}:${d.key}`,
    pattern: /^rm:([yn]):([0-9a-f]{12})$/,
    read: (m) => ({ kind: 'removePage', confirm: m[1] === 'y', key: m[2]! }),
  },
};

export class CallbackDataError extends Error {
  override name = 'CallbackDataError';
}

/** Writes callback data; throws CallbackDataError for a value that would not read back as itself. */
export function packCallback(data: CallbackData): string {
  const format = FORMATS[data.kind] as Format<CallbackKind>;
  const text = format.write(data);
  if (Buffer.byteLength(text) > MAX_BYTES || !format.pattern.test(text))
    throw new CallbackDataError(`按钮数据无效：${JSON.stringify(data)}`);
  return text;
}

/** Reads callback data; undefined for anything this bot did not write (or no longer writes). */
export function parseCallback(text: string | undefined): CallbackData | undefined {
  if (!text || text.length > MAX_BYTES) return undefined;
  for (const kind of Object.keys(FORMATS) as CallbackKind[]) {
    const format = FORMATS[kind] as Format<CallbackKind>;
    const m = format.pattern.exec(text);
    if (m) return format.read(m);
  }
  return undefined;
}

/** Builders for each kind of button, for keyboards. */
export const callbackData = {
  page: (query: string, page: number) => packCallback({ kind: 'page', query, page }),
  county: (county: string) => packCallback({ kind: 'county', county }),
  full: (id: string) => packCallback({ kind: 'full', id }),
  example: (index: number) => packCallback({ kind: 'example', index }),
  random: () => packCallback({ kind: 'random' }),
  noop: () => packCallback({ kind: 'noop' }),
  topic: (key: string) => packCallback({ kind: 'topic', key }),
  export: (query: string) => packCallback({ kind: 'export', query }),
  upload: (action: CallbackOf<'upload'>['action'], id: string) => packCallback({ kind: 'upload', action, id }),
  removePage: (confirm: boolean, key: string) => packCallback({ kind: 'removePage', confirm, key }),
};

/** Whether a button does nothing (the console hides such buttons). */
export function isNoop(text: string | undefined): boolean {
  return parseCallback(text)?.kind === 'noop';
}

export type CallbackContext = Filter<Context, 'callback_query:data'>;

/**
 * Handles button presses of one kind, with their data parsed. A handler may call `next` to let a
 * later one have the press (e.g. a page of another feature's list).
 */
export function onCallback<K extends CallbackKind>(
  composer: Composer<Context>,
  kind: K,
  handler: (ctx: CallbackContext, data: CallbackOf<K>, next: () => Promise<void>) => unknown,
): void {
  composer.on('callback_query:data', async (ctx, next) => {
    const data = parseCallback(ctx.callbackQuery.data);
    if (data?.kind !== kind) return next();
    await handler(ctx, data as CallbackOf<K>, next);
  });
}

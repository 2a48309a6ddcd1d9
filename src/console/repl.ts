import { createInterface } from 'node:readline';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import type { Chat } from 'grammy/types';
import type { Button, ChatHarness, InlineAnswer, Reply, SentFile } from '../testing/harness.js';
import { isNoop } from '../bot/callbackData.js';

/** A document or photo the bot sent, as written to the console's folder. */
export interface ShownFile {
  kind: SentFile['kind'];
  /** Where the console wrote it. */
  path: string;
  fileName: string;
}

interface ReplyView {
  text: string;
  /** The pressable buttons, in the order of their numbers. */
  buttons: Button[];
}

/** Renders replies for the terminal: the text, files as their paths, then the buttons as numbered labels. */
export function renderReplies(replies: readonly Reply[], files: ReadonlyMap<Reply, ShownFile> = new Map()): ReplyView {
  const out: string[] = [];
  const buttons: Button[] = [];
  for (const r of replies) {
    const file = files.get(r);
    if (file) out.push(`${file.kind === 'photo' ? '🖼 图片' : '📎 文件'}：${file.path}`);
    if (r.text || !file) out.push((r.method === 'editMessageText' ? '（消息已更新）\n' : '') + r.text);
    const labels: string[] = [];
    for (const row of r.buttons) {
      const line = row
        .filter((b) => b.label.trim() && !isNoop(b.data))
        .map((b) => {
          buttons.push(b);
          return `[${buttons.length}] ${b.label}`;
        });
      if (line.length) labels.push(line.join('  '));
    }
    if (labels.length) out.push(labels.join('\n'));
    out.push('─'.repeat(30));
  }
  return { text: out.join('\n'), buttons };
}

/** Renders an inline answer for the terminal: each result offered, and the card it would post. */
export function renderInline(answer: InlineAnswer | undefined): string {
  if (!answer) return '（机器人没有回应这个内联查询）';
  const out: string[] = [];
  if (answer.button) out.push(`〔${answer.button.text}〕`);
  if (answer.results.length === 0) out.push('（没有内联结果）');
  answer.results.forEach((r, i) => {
    out.push(`【${i + 1}】${r.title}\n    ${r.description}`);
    out.push(
      r.text
        .split('\n')
        .map((l) => `    ┃ ${l}`)
        .join('\n'),
    );
    const labels = r.buttons.flat().map((b) => b.label);
    if (labels.length) out.push(`    ${labels.map((l) => `[${l}]`).join(' ')}`);
  });
  out.push('─'.repeat(30));
  return out.join('\n');
}

/** What one line of input produced. */
export interface ConsoleTurn {
  replies: Reply[];
  /** The files among the replies, as written to the console's folder. */
  files: Map<Reply, ShownFile>;
  /** For an inline query (`@@ 金乡 党代表`): the bot's answer. */
  inline?: InlineAnswer;
  /** For a copy button: what it copied. */
  copied?: string;
  view: ReplyView;
}

/** `@@ 金乡 党代表` in the console is what typing `@机器人名 金乡 党代表` in Telegram shows: inline results. */
export const INLINE_PREFIX = '@@';
/** `> 导出` replies to the bot's last answer, as the reply gesture does in Telegram. */
export const REPLY_PREFIX = '>';

/**
 * A console conversation with the bot: a line is sent as a message, except a number, which presses
 * that button of the latest reply that had buttons (a copy button shows what it copied, a link to
 * the bot opens it as Telegram would: `/start …`); `> 文字` replies to the bot's last answer; `@@
 * 文字` is an inline query. Documents and photos the bot sends are written to a temporary folder.
 */
export class ConsoleSession {
  private buttons: Button[] = [];
  private folder: string | undefined;
  private readonly byFileId = new Map<string, ShownFile>();

  constructor(
    private readonly harness: ChatHarness,
    readonly chat: Chat,
    private readonly mediaDir?: string,
  ) {}

  async input(text: string): Promise<ConsoleTurn> {
    const trimmed = text.trim();
    const n = /^\d{1,2}$/.test(trimmed) ? Number(trimmed) : 0;
    if (n >= 1 && n <= this.buttons.length) return this.press(this.buttons[n - 1]!);
    if (trimmed.startsWith(INLINE_PREFIX)) {
      const inline = await this.harness.inline(trimmed.slice(INLINE_PREFIX.length).trim());
      return { replies: [], files: new Map(), inline, view: { text: renderInline(inline), buttons: [] } };
    }
    if (trimmed.startsWith(REPLY_PREFIX)) {
      const replyTo = this.harness.lastText(this.chat.id);
      return this.turn(
        await this.harness.send(trimmed.slice(REPLY_PREFIX.length).trim(), { chat: this.chat, replyTo }),
      );
    }
    return this.turn(await this.harness.send(text, { chat: this.chat }));
  }

  private async press(button: Button): Promise<ConsoleTurn> {
    if (button.copy !== undefined) {
      const text = `（已复制到剪贴板）${button.copy}`;
      return { replies: [], files: new Map(), copied: button.copy, view: { text, buttons: [] } };
    }
    const start = button.url && new URL(button.url).searchParams.get('start');
    if (start) return this.turn(await this.harness.send(`/start ${start}`, { chat: this.chat }));
    if (button.url) return { replies: [], files: new Map(), view: { text: `（打开链接）${button.url}`, buttons: [] } };
    return this.turn(await this.harness.press(button.data, this.harness.lastSent(this.chat.id), { chat: this.chat }));
  }

  private turn(replies: Reply[]): ConsoleTurn {
    const files = this.files(replies);
    return { replies, files, view: this.view(replies, files) };
  }

  /** Writes the documents and photos among replies to the console's folder. */
  files(replies: readonly Reply[]): Map<Reply, ShownFile> {
    const shown = new Map<Reply, ShownFile>();
    for (const r of replies) {
      const file = r.file;
      if (!file) continue;
      const known = file.fileId ? this.byFileId.get(file.fileId) : undefined;
      if (known) {
        shown.set(r, known);
        continue;
      }
      if (!file.bytes) continue;
      const path = this.freePath(file.fileName || (file.kind === 'photo' ? 'photo.png' : 'document'));
      writeFileSync(path, file.bytes);
      const entry = { kind: file.kind, path, fileName: basename(path) };
      if (file.fileId) this.byFileId.set(file.fileId, entry);
      shown.set(r, entry);
    }
    return shown;
  }

  private freePath(name: string): string {
    this.folder ??= this.mediaDir ?? mkdtempSync(join(tmpdir(), 'casebook-console-'));
    const safe = basename(name);
    const ext = extname(safe);
    const stem = safe.slice(0, safe.length - ext.length);
    let path = join(this.folder, safe);
    for (let i = 2; existsSync(path); i++) path = join(this.folder, `${stem}-${i}${ext}`);
    return path;
  }

  /** Renders replies and remembers their buttons for the next numbered input. */
  view(replies: readonly Reply[], files: ReadonlyMap<Reply, ShownFile> = this.files(replies)): ReplyView {
    const view = renderReplies(replies, files);
    if (view.buttons.length) this.buttons = view.buttons;
    return view;
  }
}

/**
 * The interactive console chat: type as in Telegram; a number presses a button, `> 文字` replies to
 * the last answer, `@@ 文字` shows the inline results.
 */
export async function runRepl(harness: ChatHarness, chat: Chat): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '你> ' });
  const session = new ConsoleSession(harness, chat);
  harness.onUnsolicited = (reply) => {
    console.log(`\n${session.view([reply]).text}`);
    rl.prompt();
  };
  rl.prompt();
  for await (const line of rl) {
    const input = line.trim();
    if (input) {
      try {
        const { view } = await session.input(input);
        console.log(view.text || '（机器人没有回复：在群里要用 /ask 或 @机器人 提问）');
      } catch (err) {
        console.error('出错了：', (err as Error).message);
      }
    }
    rl.prompt();
  }
}

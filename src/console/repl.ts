import { createInterface } from 'node:readline';
import { existsSync, statSync } from 'node:fs';
import type { Chat } from 'grammy/types';
import type { Button, ChatHarness, Reply } from '../testing/harness.js';
import { isNoop } from '../bot/callbackData.js';

interface ReplyView {
  text: string;
  /** The pressable buttons, in the order of their numbers, with the message each is under. */
  buttons: (Button & { messageId: number })[];
}

/** A button a number presses: it sends callback data, and not the do-nothing kind. */
export function isPressable(b: Button): boolean {
  return Boolean(b.data) && Boolean(b.label.trim()) && !isNoop(b.data);
}

/**
 * Renders replies for the terminal: the text, then the pressable buttons as numbered labels
 * (numbered across the replies, in order), then copy buttons with the text they copy.
 */
export function renderReplies(replies: readonly Reply[]): ReplyView {
  const out: string[] = [];
  const buttons: ReplyView['buttons'] = [];
  for (const r of replies) {
    out.push((r.method === 'editMessageText' ? '（消息已更新）\n' : '') + r.text);
    const labels: string[] = [];
    const copies: string[] = [];
    for (const row of r.buttons) {
      const line = row.filter(isPressable).map((b) => {
        buttons.push({ ...b, messageId: r.messageId });
        return `[${buttons.length}] ${b.label}`;
      });
      if (line.length) labels.push(line.join('  '));
      for (const b of row) if (b.copyText !== undefined) copies.push(`〔复制按钮〕${b.label}：${b.copyText}`);
    }
    if (labels.length) out.push(labels.join('\n'));
    if (copies.length) out.push(copies.join('\n'));
    out.push('─'.repeat(30));
  }
  return { text: out.join('\n'), buttons };
}

/** `/upload PATH [caption]`: PATH may be quoted when it holds spaces. */
export function parseUpload(text: string): { path: string; caption?: string } | undefined {
  const m = /^\/upload(?:@\S+)?(?:\s+(?:"([^"]+)"|'([^']+)'|(\S+))(?:\s+([\s\S]*))?)?\s*$/u.exec(text.trim());
  if (!m) return undefined;
  const path = m[1] ?? m[2] ?? m[3] ?? '';
  const caption = m[4]?.trim();
  return { path, ...(caption ? { caption } : {}) };
}

/**
 * A console conversation with the bot: a line is sent as a message, except a number, which presses
 * that button of the latest reply that had buttons, and `/upload PATH [caption]`, which sends the
 * file at PATH as a document (the bot downloads it through getFile and the harness's file route).
 */
export class ConsoleSession {
  private buttons: ReplyView['buttons'] = [];

  constructor(
    private readonly harness: ChatHarness,
    readonly chat: Chat,
  ) {}

  async input(text: string): Promise<{ replies: Reply[]; view: ReplyView; problem?: string }> {
    const trimmed = text.trim();
    const n = /^\d{1,2}$/.test(trimmed) ? Number(trimmed) : 0;
    const upload = parseUpload(trimmed);
    if (upload) {
      if (!upload.path || !existsSync(upload.path) || !statSync(upload.path).isFile()) {
        const problem = upload.path
          ? `找不到文件：${upload.path}`
          : '用法：/upload 文件路径 [说明，如 2024-05-21 第7版]';
        return { replies: [], view: { text: problem, buttons: [] }, problem };
      }
      const replies = await this.harness.sendDocument({ path: upload.path }, upload.caption, { chat: this.chat });
      return { replies, view: this.view(replies) };
    }
    const button = n >= 1 ? this.buttons[n - 1] : undefined;
    const replies = button
      ? await this.harness.press(
          button.data,
          this.harness.sentMessage(this.chat.id, button.messageId) ?? this.harness.lastSent(this.chat.id),
          { chat: this.chat },
        )
      : await this.harness.send(text, { chat: this.chat });
    return { replies, view: this.view(replies) };
  }

  /** Renders replies and remembers their buttons for the next numbered input. */
  view(replies: readonly Reply[]): ReplyView {
    const view = renderReplies(replies);
    if (view.buttons.length) this.buttons = view.buttons;
    return view;
  }
}

/** The interactive console chat: type as in Telegram; a number presses a button. */
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

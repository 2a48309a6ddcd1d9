import { createInterface } from 'node:readline';
import type { Chat } from 'grammy/types';
import type { Button, ChatHarness, Reply } from '../testing/harness.js';
import { isNoop } from '../bot/callbackData.js';

interface ReplyView {
  text: string;
  /** The pressable buttons, in the order of their numbers. */
  buttons: Button[];
}

/** Renders replies for the terminal: the text, then the buttons as numbered labels. */
export function renderReplies(replies: readonly Reply[]): ReplyView {
  const out: string[] = [];
  const buttons: Button[] = [];
  for (const r of replies) {
    out.push((r.method === 'editMessageText' ? '（消息已更新）\n' : '') + r.text);
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

/**
 * A console conversation with the bot: a line is sent as a message, except a number, which presses
 * that button of the latest reply that had buttons.
 */
export class ConsoleSession {
  private buttons: Button[] = [];

  constructor(
    private readonly harness: ChatHarness,
    readonly chat: Chat,
  ) {}

  async input(text: string): Promise<{ replies: Reply[]; view: ReplyView }> {
    const trimmed = text.trim();
    const n = /^\d{1,2}$/.test(trimmed) ? Number(trimmed) : 0;
    const replies =
      n >= 1 && n <= this.buttons.length
        ? await this.harness.press(this.buttons[n - 1]!.data, this.harness.lastSent(this.chat.id), { chat: this.chat })
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

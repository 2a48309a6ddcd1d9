import { createInterface } from 'node:readline';
import type { Chat } from 'grammy/types';
import type { ChatHarness, Reply } from './harness.js';

/** Renders replies for the terminal: the text, then the buttons as numbered labels. */
export function renderReplies(replies: readonly Reply[]): { text: string; buttons: { label: string; data: string }[] } {
  const out: string[] = [];
  const buttons: { label: string; data: string }[] = [];
  for (const r of replies) {
    out.push((r.method === 'editMessageText' ? '（消息已更新）\n' : '') + r.text);
    const labels: string[] = [];
    for (const row of r.buttons) {
      const line = row.filter((b) => b.label.trim() && b.data !== 'x').map((b) => {
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

/** The interactive console chat: type as in Telegram; a number presses a button. */
export async function runRepl(harness: ChatHarness, chat: Chat): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '你> ' });
  let buttons: { label: string; data: string }[] = [];
  harness.onUnsolicited = (reply) => {
    const view = renderReplies([reply]);
    buttons = view.buttons;
    console.log(`\n${view.text}`);
    rl.prompt();
  };
  rl.prompt();
  for await (const line of rl) {
    const input = line.trim();
    if (input) {
      try {
        const n = /^\d{1,2}$/.test(input) ? Number(input) : 0;
        const replies = n >= 1 && n <= buttons.length
          ? await harness.press(buttons[n - 1]!.data, harness.lastSent(chat.id), { chat })
          : await harness.send(input, { chat });
        const view = renderReplies(replies);
        if (view.buttons.length) buttons = view.buttons;
        console.log(view.text || '（机器人没有回复：在群里要用 /ask 或 @机器人 提问）');
      } catch (err) {
        console.error('出错了：', (err as Error).message);
      }
    }
    rl.prompt();
  }
}

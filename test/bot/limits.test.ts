import { beforeAll, describe, expect, it } from 'vitest';
import type { InlineQueryResultArticle } from 'grammy/types';
import { createBot } from '../../src/bot/createBot.js';
import { casebookTopics } from '../../src/casebook/topics.js';
import { openDatabase } from '../../src/db/db.js';
import { ChatHarness, CONSOLE_BOT, GROUP_CHAT, type OutgoingCall } from '../../src/testing/harness.js';
import { casebook, tempDir, testDeps } from '../helpers.js';

type Markup = {
  inline_keyboard: { text: string; callback_data?: string; url?: string; copy_text?: { text: string } }[][];
};

/** A call's text or caption. */
const textOf = (c: OutgoingCall): string =>
  typeof c.payload.text === 'string' ? c.payload.text : typeof c.payload.caption === 'string' ? c.payload.caption : '';

/** Telegram's limits on what a bot sends (https://core.telegram.org/bots/api). */
function expectWithinLimits(call: OutgoingCall): void {
  const p = call.payload;
  const where = `${call.method} ${textOf(call).slice(0, 30)}`;
  if (typeof p.text === 'string') expect(p.text.length, where).toBeLessThanOrEqual(4096);
  if (typeof p.caption === 'string') expect(p.caption.length, where).toBeLessThanOrEqual(1024);
  const markups = [p.reply_markup as Markup | undefined];
  if (call.method === 'answerInlineQuery') {
    const results = p.results as InlineQueryResultArticle[];
    expect(results.length, where).toBeLessThanOrEqual(50);
    for (const r of results) {
      expect(Buffer.byteLength(r.id)).toBeLessThanOrEqual(64);
      expect((r.input_message_content as { message_text: string }).message_text.length).toBeLessThanOrEqual(4096);
      markups.push(r.reply_markup);
    }
    const button = p.button as { text: string; start_parameter: string } | undefined;
    if (button) expect(button.start_parameter).toMatch(/^[A-Za-z0-9_-]{1,64}$/u);
  }
  for (const m of markups)
    for (const b of m?.inline_keyboard.flat() ?? []) {
      expect(b.text.trim().length || b.text === ' ', where).toBeTruthy();
      if (b.callback_data !== undefined) expect(Buffer.byteLength(b.callback_data), where).toBeLessThanOrEqual(64);
      if (b.copy_text) expect(b.copy_text.text.length, where).toBeLessThanOrEqual(256);
      if (b.url) expect(new URL(b.url).searchParams.get('start') ?? '').toMatch(/^[A-Za-z0-9_-]{0,64}$/u);
    }
}

beforeAll(() => {
  casebookTopics(casebook());
});

describe('every new reply fits Telegram’s limits and escapes what it quotes', () => {
  it('topics, exports, follow-ups, inline cards and the stats photo', async () => {
    const h = new ChatHarness(createBot('0:test', testDeps(openDatabase(tempDir('data-'))), { botInfo: CONSOLE_BOT }));
    const [picker] = await h.send('/topics');
    for (const b of picker!.buttons.flat()) {
      const [list] = await h.press(b.data);
      for (const x of list!.buttons.flat().filter((x) => x.data && !x.data.startsWith('f:'))) await h.press(x.data);
    }
    for (const q of ['干部', '比较一下各县平时考核的做法', '金乡党代表工作室接待了多少党员群众', '<script>&"\'']) {
      await h.send(q);
      for (const f of ['还有吗', '只看金乡', '比较一下', '第一个的全文', '导出']) await h.send(f);
      await h.inline(q);
    }
    await h.send('/export <i>&amp;</i>');
    await h.send('/topics <b>x</b>');
    await h.send('/stats');
    for (const q of ['金乡', '干部', '第一书记', 'a'.repeat(256)]) await h.inline(q);
    await h.send('/ask 干部', { chat: GROUP_CHAT });
    expect(h.calls.filter((c) => c.method === 'sendDocument').length).toBeGreaterThan(3);
    for (const call of h.calls) expectWithinLimits(call);
    // What users typed comes back escaped, never as markup.
    const sent = h.calls.map(textOf).join('\n');
    expect(sent).not.toMatch(/<script>|<i>&amp;|<b>x<\/b>/u);
    expect(sent).toContain('&lt;script&gt;');
  });
});

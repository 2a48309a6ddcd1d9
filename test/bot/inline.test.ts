import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createBot } from '../../src/bot/createBot.js';
import type { BotDeps } from '../../src/bot/deps.js';
import { caseLink } from '../../src/bot/deepLinks.js';
import { INLINE_CACHE_SECONDS } from '../../src/bot/features/inline.js';
import { openDatabase } from '../../src/db/db.js';
import { ChatHarness, CONSOLE_BOT, CONSOLE_USER, GROUP_CHAT } from '../../src/testing/harness.js';
import { PAGES, ROOT, casebook, tempDir, testDeps } from '../helpers.js';

function setup(overrides: Partial<BotDeps> = {}) {
  const deps = testDeps(openDatabase(tempDir('data-')), overrides);
  return new ChatHarness(createBot('0:test', deps, { botInfo: CONSOLE_BOT }));
}

const STRANGER = { ...CONSOLE_USER, id: 777, first_name: '外人' };

describe('inline mode', () => {
  it('offers up to 10 case cards: headline, county tag, approach, two figures, citation, 全文 and copy buttons', async () => {
    const h = setup();
    const answer = (await h.inline('金乡 党代表'))!;
    expect(answer.isPersonal).toBe(true);
    expect(answer.cacheTime).toBe(INLINE_CACHE_SECONDS);
    expect(answer.cacheTime).toBeLessThanOrEqual(60);
    expect(answer.results.length).toBeGreaterThanOrEqual(1);
    expect(answer.results.length).toBeLessThanOrEqual(10);
    const [card] = answer.results;
    const article = casebook().articles.find((a) => a.headline === '金乡县建好党代表工作室 用心办实事解民忧')!;
    expect(card).toMatchObject({ id: article.id, title: article.headline });
    expect(card!.description).toMatch(/^#金乡县 /u);
    const lines = card!.text.split('\n');
    expect(lines[0]).toBe(`${article.headline} #金乡县`);
    expect(lines.filter((l) => l.startsWith('📊 “'))).toHaveLength(2);
    expect(lines.at(-1)).toBe('《济宁日报》（日期未录入）');
    expect(card!.html.length).toBeLessThanOrEqual(4096);
    const buttons = card!.buttons.flat();
    expect(buttons[0]).toMatchObject({ label: '📖 全文', url: caseLink(CONSOLE_BOT.username, article.id) });
    expect(buttons[0]!.url).toBe(`https://t.me/jining_casebook_bot?start=case_${article.id}`);
    const copies = buttons.filter((b) => b.copy);
    expect(copies).toHaveLength(2);
    for (const c of copies) {
      expect(c.copy).toMatch(/^“.+”（《济宁日报》（日期未录入））$/u);
      expect(c.copy!.length).toBeLessThanOrEqual(256);
      expect(card!.text).toContain(c.copy!.slice(1, c.copy!.indexOf('”')));
    }
    // Every result is a different case, and none carries callback data (buttons on inline messages).
    expect(new Set(answer.results.map((r) => r.id)).size).toBe(answer.results.length);
    for (const r of answer.results) for (const b of r.buttons.flat()) expect(b.data).toBe('');
    expect((await h.inline('干部'))!.results).toHaveLength(10);
  });

  it('the 全文 link opens the case in a private chat through /start', async () => {
    const h = setup();
    const id = casebook().articles[0]!.id;
    const parts = await h.send(`/start case_${id}`);
    expect(parts.map((p) => p.text).join('')).toContain('调处矛盾纠纷2986件');
    const [gone] = await h.send('/start case_ffffffff');
    expect(gone!.text).toContain('已不在案例库');
    const [help] = await h.send('/start inline');
    expect(help!.text).toContain('案例库');
  });

  it('an empty query or one without cases gets no results and a hint', async () => {
    const h = setup();
    const empty = (await h.inline('  '))!;
    expect(empty.results).toEqual([]);
    expect(empty.button?.text).toContain('金乡 党代表');
    const none = (await h.inline('<b>火星</b>'))!;
    expect(none.results).toEqual([]);
    expect(none.button?.text).toContain('没有找到');
    expect(none.isPersonal).toBe(true);
  });

  it('respects the allowlist: members of allowed chats and editors get results, others a hint', async () => {
    const h = setup({ allowedChatIds: [GROUP_CHAT.id], adminUserIds: [99] });
    h.memberStatus = (_chat, user) => (user === CONSOLE_USER.id ? 'member' : 'left');
    expect((await h.inline('金乡 党代表'))!.results.length).toBeGreaterThan(0);
    const refused = (await h.inline('金乡 党代表', { from: STRANGER }))!;
    expect(refused.results).toEqual([]);
    expect(refused.isPersonal).toBe(true);
    expect(refused.button?.text).toContain('仅供指定工作群的成员使用');
    h.calls.length = 0;
    const editor = (await h.inline('金乡 党代表', { from: { ...STRANGER, id: 99 } }))!;
    expect(editor.results.length).toBeGreaterThan(0);
    expect(h.calls.some((c) => c.method === 'getChatMember')).toBe(false);
    // Telegram could not be asked: not a refusal, and said so.
    h.fail = (method) => (method === 'getChatMember' ? { error_code: 500, description: 'Internal' } : undefined);
    const unknown = (await h.inline('金乡', { from: { ...STRANGER, id: 778 } }))!;
    expect(unknown.results).toEqual([]);
    expect(unknown.button?.text).toContain('暂时无法确认');
  });

  it('with ALLOWED_CHAT_IDS empty, everyone gets results', async () => {
    const h = setup();
    expect((await h.inline('金乡 党代表', { from: STRANGER }))!.results.length).toBeGreaterThan(0);
    expect(h.calls.some((c) => c.method === 'getChatMember')).toBe(false);
  });

  it('npm run chat -- --json --inline prints the results that would be sent', () => {
    const indexDir = tempDir('index-');
    cpSync(inject('indexDir'), indexDir, { recursive: true });
    const stdout = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'tools', 'cli', 'chat.ts'), '--json', '--inline', '金乡 党代表'],
      {
        cwd: ROOT,
        env: { ...process.env, SEEDS_DIR: PAGES, INDEX_DIR: indexDir, DATA_DIR: tempDir('data-'), BOT_TOKEN: '' },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const out = JSON.parse(stdout) as { inline: { title: string; description: string; text: string }[] };
    expect(Object.keys(out)).toEqual(['inline']);
    expect(out.inline[0]).toEqual({
      title: '金乡县建好党代表工作室 用心办实事解民忧',
      description: expect.stringMatching(/^#金乡县 /u) as string,
      text: expect.stringContaining('《济宁日报》（日期未录入）') as string,
    });
  }, 60_000);
});

import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { consoleHarness } from '../../src/console/open.js';
import { ConsoleSession, renderReplies } from '../../src/console/repl.js';
import { casebookTopics } from '../../src/casebook/topics.js';
import { openDatabase } from '../../src/db/db.js';
import { PRIVATE_CHAT } from '../../src/testing/harness.js';
import { casebook, tempDir, testDeps } from '../helpers.js';
import { docxText } from '../bot/files.js';
import { decodePng } from '../charts/png.js';

function session(folder = tempDir('console-')) {
  return new ConsoleSession(consoleHarness(testDeps(openDatabase(tempDir('data-')))), PRIVATE_CHAT, folder);
}

beforeAll(() => {
  casebookTopics(casebook());
});

describe('the console shows what Telegram would', () => {
  it('writes documents and photos the bot sends to its folder and prints their paths', async () => {
    const folder = tempDir('console-');
    const s = session(folder);
    const stats = await s.input('/stats');
    const photo = stats.replies.find((r) => r.method === 'sendPhoto')!;
    const shown = stats.files.get(photo)!;
    expect(shown).toMatchObject({ kind: 'photo', fileName: 'stats.png' });
    expect(dirname(shown.path)).toBe(folder);
    expect(decodePng(readFileSync(shown.path)).width).toBeGreaterThan(0);
    expect(stats.view.text).toContain(`🖼 图片：${shown.path}`);
    // The same photo sent again by Telegram's file id is the same file.
    const again = await s.input('/stats');
    expect([...again.files.values()][0]?.path).toBe(shown.path);

    await s.input('比较一下各县平时考核的做法');
    const exported = await s.input('> 导出');
    const doc = [...exported.files.values()][0]!;
    expect(doc.kind).toBe('document');
    expect(existsSync(doc.path)).toBe(true);
    expect(docxText(readFileSync(doc.path))).toContain('微山县 “1+N”模式 做优做实平时考核');
    expect(exported.view.text).toContain(`📎 文件：${doc.path}`);
  });

  it('`> ` replies to the last answer, `@@ ` is an inline query, a copy button shows what it copies', async () => {
    const s = session();
    await s.input('干部');
    const next = await s.input('> 还有吗');
    expect(next.replies[0]!.text).toContain('4. ');
    const inline = await s.input('@@ 金乡 党代表');
    expect(inline.inline?.results[0]?.title).toBe('金乡县建好党代表工作室 用心办实事解民忧');
    expect(inline.view.text).toContain('【1】金乡县建好党代表工作室');

    const county = await s.input('/county 金乡');
    const labels = renderReplies(county.replies).buttons;
    const copy = labels.findIndex((b) => b.copy);
    expect(copy).toBeGreaterThanOrEqual(0);
    const copied = await s.input(String(copy + 1));
    expect(copied.copied).toMatch(/（《济宁日报》（日期未录入））$/u);
    expect(copied.replies).toEqual([]);
  });
});

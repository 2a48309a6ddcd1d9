import { describe, expect, it } from 'vitest';
import { createBot } from '../../src/bot/createBot.js';
import { STATS_CHART, statsChartInput, statsChartSize } from '../../src/charts/stats.js';
import { openDatabase } from '../../src/db/db.js';
import { ChatHarness, CONSOLE_BOT } from '../../src/testing/harness.js';
import { casebook, tempDir, testDeps } from '../helpers.js';
import { decodePng, ink } from '../charts/png.js';

describe('/stats', () => {
  it('keeps its text summary and adds the chart as a photo whose labels are drawn', async () => {
    const h = new ChatHarness(createBot('0:test', testDeps(openDatabase(tempDir('data-'))), { botInfo: CONSOLE_BOT }));
    const [text, photo] = await h.send('/stats');
    expect(text!.method).toBe('sendMessage');
    expect(text!.text).toContain('版面 5 个，文章 34 篇');
    expect(photo!.method).toBe('sendPhoto');
    expect(photo!.text).toBe('📊 各县区案例数（共 34 篇）');
    expect(photo!.html.length).toBeLessThanOrEqual(1024);
    expect(photo!.file!.fileName).toBe('stats.png');
    const bitmap = decodePng(photo!.file!.bytes!);
    const size = statsChartSize(statsChartInput(casebook().articles));
    expect([bitmap.width, bitmap.height]).toEqual([size.width, size.height]);
    // Every county's name is drawn left of its bar (the sample pages have no dates: no month panel).
    const L = STATS_CHART;
    for (let i = 0; i < 14; i++)
      expect(ink(bitmap, 8, L.header + i * L.row, L.labels - 10, L.header + (i + 1) * L.row)).toBeGreaterThan(50);

    // Asked again, the same casebook's chart is not drawn or uploaded again: Telegram's file id is re-sent.
    const [, again] = await h.send('/stats');
    expect(again!.method).toBe('sendPhoto');
    expect(again!.file).toMatchObject({ kind: 'photo', fileId: photo!.file!.fileId });
    expect(again!.file!.bytes).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { packLines, previewMessages, shortTime } from '../../../src/bot/views/upload.js';
import type { UploadPreview } from '../../../src/ingest/service.js';

function preview(overrides: Partial<UploadPreview> = {}): UploadPreview {
  return {
    uploadId: 'Ab_-1234',
    fileName: '<b>版面</b>&.txt',
    encoding: 'utf-8',
    encodingLabel: 'UTF-8',
    date: '2024-05-21',
    edition: '7',
    dateSource: 'caption',
    citation: '《济宁日报》2024年5月21日 第7版',
    target: '2024-05-21_07.txt',
    articles: [
      { id: '0badc0de', headline: '金乡<县>“红色”驿站', county: null, reporters: [], paragraphs: 3, figures: 0 },
    ],
    captions: [{ text: '一位<老>党员', county: null, photographers: ['王&涛'] }],
    warnings: ['第 3 行：<无法识别>的电头'],
    status: 'new',
    headline: '新版面：2024年5月21日 第7版，1 篇文章',
    replaces: [],
    actions: ['accept', 'cancel'],
    expiresAt: Date.parse('2024-06-02T02:00:00Z'),
    ...overrides,
  };
}

describe('the upload preview', () => {
  it('escapes everything that came from the file or the user', () => {
    const [html] = previewMessages(preview(), 'Asia/Shanghai');
    expect(html).toContain('&lt;b&gt;版面&lt;/b&gt;&amp;.txt');
    expect(html).toContain('金乡&lt;县&gt;“红色”驿站');
    expect(html).toContain('一位&lt;老&gt;党员 ■王&amp;涛 摄');
    expect(html).toContain('第 3 行：&lt;无法识别&gt;的电头');
    expect(html).not.toMatch(/<(?!\/?(b|i|code)>)/u);
  });

  it('says what is missing and how to fix it: no county, no reporters; and until when the buttons work', () => {
    const [html] = previewMessages(preview(), 'Asia/Shanghai');
    expect(html).toContain('<b>县区未识别</b>（入库后可用 /fix 0badc0de 县区 XX 指定）');
    expect(html).toContain('未读出通讯员');
    expect(html).toContain('6月2日 10:00 前有效');
  });

  it('a duplicate names the stored file and offers nothing to press', () => {
    const [html] = previewMessages(
      preview({
        status: 'duplicate',
        headline: '重复：该版面已入库（2024年5月21日 第7版）',
        duplicateOf: { page: '2024-05-21_07.txt', date: '2024-05-21', edition: '7', label: '2024年5月21日 第7版' },
        actions: [],
        uploadId: undefined,
      }),
      'Asia/Shanghai',
    );
    expect(html).toContain('重复：该版面已入库（2024年5月21日 第7版）');
    expect(html).toContain('已入库的文件：2024-05-21_07.txt');
    expect(html).not.toContain('保存为');
    expect(html).toContain('不需要再次添加');
  });
});

describe('packing lines into messages', () => {
  it('keeps every line, whole, each message under the limit, and numbers the parts', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `第${i}行 ${'字'.repeat(30)}`);
    const parts = packLines(lines, 1000);
    expect(parts.length).toBeGreaterThan(5);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(1000);
    for (const line of lines) expect(parts.some((p) => p.includes(line))).toBe(true);
    expect(parts[0]).toMatch(/（1\/\d+）<\/i>$/u);
    expect(parts[1]).toMatch(/^<i>（续）<\/i>/u);
  });

  it('one message needs no numbering', () => {
    expect(packLines(['a', 'b'])).toEqual(['a\nb']);
  });

  it('times are shown in the zone', () => {
    expect(shortTime(Date.parse('2024-06-01T16:30:00Z'), 'Asia/Shanghai')).toBe('6月2日 00:30');
  });
});

import { join } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  chineseNumeral,
  cleanText,
  compilationFileName,
  mmToTwip,
  writeCompilation,
  type Compilation,
  type CompilationCase,
} from '../../src/export/compilation.js';
import { compilationCase, figureLines } from '../../src/export/fromArticle.js';
import { GBT_9704 } from '../../src/export/layout.js';
import { casebook, tempDir } from '../helpers.js';
import { assertWellFormed, paragraphs, readDocx } from './docx.js';

const cb = casebook();
const DATED = '《济宁日报》2024年5月21日 第7版';
const UNDATED = '《济宁日报》（日期未录入）';
const MADE = new Date('2024-05-21T16:30:00Z'); // 2024-05-22 in Shanghai

async function written(input: Compilation) {
  const file = join(tempDir('docx-'), compilationFileName(input));
  await writeCompilation(input, file);
  const parts = readDocx(file);
  return { file, parts, doc: parts['word/document.xml']!, paras: paragraphs(parts['word/document.xml']!) };
}

describe('a 素材汇编 read back from the written file', () => {
  const asked = cb.ask('平时考核怎么做的');
  const cases = asked.results.map((r, i) =>
    compilationCase(cb.article(r.id)!, { citation: i === 0 ? DATED : UNDATED, quotes: r.quotes }),
  );
  const input: Compilation = { title: '平时考核怎么做的', madeAt: MADE, cases };

  it('holds every headline, county, citation, figure and quote, verbatim', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(2);
    const { paras, doc } = await written(input);
    assertWellFormed(doc);
    const texts = paras.map((p) => p.text);
    const all = texts.join('\n');
    cases.forEach((c, i) => {
      expect(texts).toContain(`${chineseNumeral(i + 1)}、${c.headline}`);
      expect(texts).toContain(`县区：${c.county}`);
      for (const s of c.sections) expect(all).toContain(s);
      for (const f of c.figures) expect(all).toContain(f);
      for (const q of c.quotes) expect(all).toContain(q);
      expect(all).toContain(c.approach);
    });
    expect(texts).toContain(`出处：${DATED}`);
    expect(texts.filter((t) => t === `出处：${UNDATED}`)).toHaveLength(cases.length - 1);
    // Figures really are the article's numbers: each line is verbatim article text with a digit.
    const first = cb.article(asked.results[0]!.id)!;
    for (const f of cases[0]!.figures) expect(first.paragraphs.some((p) => p.includes(f))).toBe(true);
  });

  it('has the title, the date it was made and the number of cases', async () => {
    const { paras, parts } = await written(input);
    expect(paras[0]!.text).toBe('平时考核怎么做的');
    expect(paras[1]!.text).toBe('典型经验素材汇编');
    expect(paras.some((p) => p.text === `（2024年5月22日整理，共${cases.length}个案例）`)).toBe(true);
    expect(parts['docProps/core.xml']).toContain('<dc:title>平时考核怎么做的</dc:title>');
  });

  it('names the GB/T 9704 fonts and sizes: 小标宋 二号 title, 黑体 and 楷体 headings, 仿宋 三号 body', async () => {
    const { paras, doc } = await written(input);
    expect(paras[0]).toMatchObject({ font: '方正小标宋简体', size: 44 });
    const heading = paras.find((p) => p.text.startsWith('一、'))!;
    expect(heading).toMatchObject({ font: '黑体', size: 32 });
    expect(paras.find((p) => p.text === '（一）主要做法')).toMatchObject({ font: '楷体_GB2312', size: 32 });
    const body = paras.find((p) => p.text === cases[0]!.approach)!;
    expect(body).toMatchObject({ font: '仿宋_GB2312', size: 32 });
    // Fixed line spacing: 28.95 pt for body and headings alike, first line indented two characters.
    expect(body.xml).toMatch(/<w:spacing [^>]*w:line="579" w:lineRule="exact"/u);
    expect(heading.xml).toMatch(/w:lineRule="exact"/u);
    expect(body.xml).toContain('<w:ind w:firstLine="640"/>');
    // Every run names its Chinese font with the eastAsia hint; digits and Latin in Times New Roman.
    for (const run of doc.match(/<w:rFonts [^>]*\/>/gu)!) {
      expect(run).toMatch(/w:eastAsia="(方正小标宋简体|黑体|楷体_GB2312|仿宋_GB2312)"/u);
      expect(run).toContain('w:hint="eastAsia"');
    }
  });

  it('is A4 with the GB/T 9704 margins, and numbers its pages — 1 — at the foot', async () => {
    const { doc, parts } = await written(input);
    const sect = /<w:sectPr>[\s\S]*<\/w:sectPr>/u.exec(doc)![0];
    expect(sect).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    const margin: Record<string, number> = Object.fromEntries(
      [.../<w:pgMar ([^>]*)\/>/u.exec(sect)![1]!.matchAll(/w:(\w+)="(\d+)"/gu)].map((m) => [m[1]!, Number(m[2])]),
    );
    // 37, 35, 28 and 26 mm, in twips.
    expect(margin).toMatchObject({ top: 2098, bottom: 1984, left: 1587, right: 1474 });
    expect(mmToTwip(GBT_9704.margin.top)).toBe(2098);
    expect(sect).toMatch(/<w:footerReference w:type="default"/u);
    expect(sect).toMatch(/<w:footerReference w:type="even"/u);
    expect(parts['word/settings.xml']).toContain('<w:evenAndOddHeaders/>');
    const footers = Object.entries(parts).filter(([name]) => /^word\/footer\d+\.xml$/u.test(name));
    expect(footers).toHaveLength(2);
    for (const [, xml] of footers) {
      assertWellFormed(xml);
      expect(xml).toMatch(/PAGE/u);
      expect(paragraphs(xml)[0]!.text.replace(/\s/gu, '')).toBe('——'); // — PAGE — around the field
      expect(xml).toContain('w:eastAsia="宋体"');
      expect(xml).toContain('<w:sz w:val="28"/>');
    }
    const aligns = footers.map(([, xml]) => /<w:jc w:val="(\w+)"/u.exec(xml)![1]).sort();
    expect(aligns).toEqual(['left', 'right']);
  });
});

describe('odd input', () => {
  const odd: CompilationCase = {
    headline: 'A&B <党建> "引领" \'工程\' ]]> 𠀀字 😀',
    county: null,
    citation: UNDATED,
    approach: '第一段\u0001有控制符\u0007。\r\n第二段\t有制表符\uD800，还有孤立代理。\n\n',
    sections: ['', '  ', '&amp; 已转义的文字原样保留'],
    figures: ['达到100%以上'],
    quotes: [],
  };

  it('escapes exactly once, drops what XML cannot hold and keeps every other character', async () => {
    const { doc, paras } = await written({ title: '<script>&</script>', madeAt: MADE, cases: [odd] });
    assertWellFormed(doc);
    const texts = paras.map((p) => p.text);
    expect(texts[0]).toBe('<script>&</script>');
    expect(texts).toContain('一、A&B <党建> "引领" \'工程\' ]]> 𠀀字 😀');
    expect(texts).toContain('县区：未定');
    expect(texts).toContain('第一段有控制符。');
    expect(texts).toContain('第二段 有制表符，还有孤立代理。');
    expect(texts).toContain('1．&amp; 已转义的文字原样保留');
    expect(texts).not.toContain('1．');
    // Nothing was said about quotes, so there is no empty section for them.
    expect(texts).not.toContain('（三）相关原文');
    expect(doc).toContain('&lt;script&gt;&amp;&lt;/script&gt;');
  });

  it('writes an empty collection as a document that says so', async () => {
    const { paras } = await written({ title: '没有的东西', madeAt: MADE, cases: [] });
    expect(paras.map((p) => p.text)).toContain('没有找到相关案例。');
  });

  it('handles a long collection: every case of the casebook, three times over', async () => {
    const many = [...cb.articles, ...cb.articles, ...cb.articles].map((a) => compilationCase(a, { citation: UNDATED }));
    const { doc, paras } = await written({ title: '全部案例', madeAt: MADE, cases: many });
    assertWellFormed(doc);
    const headings = paras.filter((p) => p.font === '黑体');
    expect(headings).toHaveLength(many.length);
    expect(headings.at(-1)!.text.startsWith(`${chineseNumeral(many.length)}、`)).toBe(true);
    expect(chineseNumeral(many.length)).toBe('一百零二');
  });

  it('writes atomically: only the finished file is left in the folder', async () => {
    const dir = tempDir('docx-');
    const file = join(dir, 'out.docx');
    await writeCompilation({ title: 'x', madeAt: MADE, cases: [odd] }, file);
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(dir)).toEqual(['out.docx']);
  });
});

describe('helpers', () => {
  it('numbers headings in Chinese', () => {
    expect([1, 9, 10, 11, 20, 21, 99, 100, 101, 110, 1000, 1001].map(chineseNumeral)).toEqual([
      '一',
      '九',
      '十',
      '十一',
      '二十',
      '二十一',
      '九十九',
      '一百',
      '一百零一',
      '一百一十',
      '一千',
      '一千零一',
    ]);
  });

  it('cleans text for Word without escaping it', () => {
    expect(cleanText(' a\u0000b\tc\n d  e ')).toBe('ab c d e');
    expect(cleanText('&lt;')).toBe('&lt;');
    expect(cleanText('😀\uDC00')).toBe('😀');
  });

  it('names the file after the title and date, safe for any file system', () => {
    expect(compilationFileName({ title: '平时考核', madeAt: MADE })).toBe('平时考核-素材汇编-20240522.docx');
    const name = compilationFileName({ title: '../a/b:c*?"<>|\n很长的标题'.repeat(5), madeAt: MADE });
    expect(name).not.toMatch(/[\\/:*?"<>|\n]|\.\./u);
    expect([...name.replace(/-素材汇编-\d{8}\.docx$/u, '')].length).toBeLessThanOrEqual(24);
    expect(compilationFileName({ title: '///', madeAt: MADE })).toBe('案例-素材汇编-20240522.docx');
  });

  it('quotes figures verbatim from the article, in order, each line once', () => {
    for (const a of cb.articles) {
      const lines = figureLines(a, 6);
      expect(lines.length).toBeLessThanOrEqual(6);
      let last = -1;
      for (const line of lines) {
        expect(a.paragraphs.some((p) => p.includes(line))).toBe(true);
        expect(line).toMatch(/[\d一二两三四五六七八九十百千万]/u);
        const at = a.paragraphs.join('\n').indexOf(line);
        expect(at).toBeGreaterThan(last);
        last = at;
      }
      for (const x of lines) for (const y of lines) if (x !== y) expect(x.includes(y)).toBe(false);
    }
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../src/corpus/page.js';
import { FIXTURES, fixture } from '../helpers.js';

interface ExpectedArticle {
  headline: string;
  county: string;
  dateline: string;
  reporters: string[];
  sections: string[];
  /** How the body's last paragraph ends. */
  ends: string;
  /** Text the body must hold whole. */
  contains?: string[];
  /** Figures that must be among the article's figures. */
  figures?: string[];
}
interface ExpectedPage {
  file: string;
  articles: ExpectedArticle[];
  captions: { text: string; county: string; photographers: string[] }[];
}

/** Held-out pages in layouts the seeds do not show (written before the parser was changed). */
const DIR = join(FIXTURES, 'pages-layout');
const expected = fixture<{ pages: ExpectedPage[] }>('pages-layout/expected.json');

describe('held-out layout-stress pages', () => {
  for (const page of expected.pages) {
    const parsed = parsePage(readFileSync(join(DIR, page.file), 'utf8'), page.file);

    it(`${page.file}: every article with headline, county, dateline and reporters`, () => {
      expect(
        parsed.articles.map((a) => ({
          headline: a.headline,
          county: a.county,
          dateline: a.dateline,
          reporters: a.reporters,
        })),
      ).toEqual(
        page.articles.map((a) => ({
          headline: a.headline,
          county: a.county,
          dateline: a.dateline,
          reporters: a.reporters,
        })),
      );
    });

    it(`${page.file}: bodies whole, no caption, headline or furniture inside`, () => {
      page.articles.forEach((want, i) => {
        const body = parsed.articles[i]!.paragraphs.join('\n');
        expect(body.endsWith(want.ends), `${want.headline} ends with ${want.ends}`).toBe(true);
        for (const text of want.contains ?? []) expect(body).toContain(text);
        expect(body).not.toMatch(/摄|供图|责任编辑|星期|组工动态|党建之窗/u);
      });
    });

    it(`${page.file}: section leads`, () => {
      expect(parsed.articles.map((a) => a.sections)).toEqual(page.articles.map((a) => a.sections));
    });

    it(`${page.file}: every caption whole, with county and photographers`, () => {
      expect(parsed.captions.map((c) => ({ text: c.text, county: c.county, photographers: c.photographers }))).toEqual(
        page.captions,
      );
    });

    it(`${page.file}: read without doubt`, () => {
      expect(parsed.warnings).toEqual([]);
    });
  }

  it('finds figures on a page printed in full-width digits, in half-width clean text', () => {
    const page = expected.pages.find((p) => p.file.includes('fullwidth'))!;
    const parsed = parsePage(readFileSync(join(DIR, page.file), 'utf8'), page.file);
    page.articles.forEach((want, i) => {
      const got = parsed.articles[i]!;
      expect(got.paragraphs.join('')).not.toMatch(/[０-９Ａ-Ｚａ-ｚ％＋]/u);
      expect(got.figures.map((f) => f.text)).toEqual(expect.arrayContaining(want.figures ?? []));
    });
    expect(parsed.articles[1]!.figures.find((f) => f.text === '5860件')?.clause).toBe('累计代办事项5860件');
  });

  it('reads a close call the likelier way and reports it once, naming the file, the article and the lines', () => {
    const text = [
      '本报济宁讯（通讯员 王明）今年以来，任城区坚持党建引领，推动基层治理提质增效，',
      '取得明显成效。',
      '',
      '强化组织建设。建立健全组织体系，选优配强',
      '干部队伍，累计培训党员干部320人次。',
      '',
      '任城区',
      '党建引领聚合力',
      '服务群众见实效',
      '志愿者走进社区开展',
      '便民服务活动。',
      '（通讯员 王明 摄）',
    ].join('\n');
    const page = parsePage(text, '099_close.txt');
    expect(page.articles.map((a) => a.headline)).toEqual(['任城区 党建引领聚合力 服务群众见实效']);
    expect(page.captions.map((c) => c.text)).toEqual(['志愿者走进社区开展便民服务活动。']);
    expect(page.warnings).toHaveLength(1);
    expect(page.warnings[0]!.source).toBe('099_close.txt');
    expect(page.warnings[0]!.message).toMatch(/^第1篇（本报济宁讯，《任城区 党建引领聚合力 服务群众见实效》）：/u);
    expect(page.warnings[0]!.message).toContain('“服务群众见实效”按标题处理，也可能是图片说明');
  });
});

import { describe, expect, it } from 'vitest';
import {
  compareNewestFirst,
  dateFromFileName,
  pageFileName,
  parseDateEdition,
  type PageDate,
} from '../../src/corpus/dates.js';
import { citation, COPY_TEXT_LIMIT, pageLabel, quoteWithCitation } from '../../src/corpus/citation.js';

describe('page dates', () => {
  it('reads the caption forms uploaders write', () => {
    const want = { date: '2024-05-21', edition: '7', problems: [] };
    for (const caption of [
      '2024-05-21 第7版',
      '2024年5月21日 7版',
      '2024年05月21日第07版',
      '2024/5/21 第 7 版',
      '2024.5.21 7版',
      '20240521 第7版',
      '二〇二四年五月二十一日 第七版',
      '本周党建版：2024-05-21，第7版',
      '2024-05-21 07',
    ])
      expect(parseDateEdition(caption), caption).toEqual(want);
    expect(parseDateEdition('2024-05-21 A3版')).toEqual({ date: '2024-05-21', edition: 'A3', problems: [] });
    expect(parseDateEdition('第3版')).toEqual({ edition: '3', problems: [] });
    expect(parseDateEdition('本周的党建版')).toEqual({ problems: [] });
  });

  it('never invents a date: impossible days and page 0 are problems', () => {
    expect(parseDateEdition('2024-02-30 第7版').date).toBeUndefined();
    expect(parseDateEdition('2024-02-30 第7版').problems[0]).toMatch(/不存在/);
    expect(parseDateEdition('2024-13-01').problems).toHaveLength(1);
    expect(parseDateEdition('2023-02-29').date).toBeUndefined();
    expect(parseDateEdition('2024-02-29').date).toBe('2024-02-29');
    expect(parseDateEdition('2024-05-21 第0版')).toMatchObject({ date: '2024-05-21', problems: [expect.any(String)] });
  });

  it('reads dates from file names, and none from the sample pages', () => {
    expect(dateFromFileName('2024-05-21_07.txt')).toEqual({ date: '2024-05-21', edition: '7' });
    expect(dateFromFileName('济宁日报20240521第07版.txt')).toEqual({ date: '2024-05-21', edition: '7' });
    expect(dateFromFileName('2024-05-21.txt')).toEqual({ date: '2024-05-21', edition: null });
    expect(dateFromFileName('000_0baefce5c4f81754.txt')).toEqual({ date: null, edition: null });
    // Eight digits inside a hash are not a date.
    expect(dateFromFileName('003_e20240521a.txt')).toEqual({ date: null, edition: null });
  });

  it('names stored pages by date and page, and sorts newest first', () => {
    expect(pageFileName('2024-05-21', '7')).toBe('2024-05-21_07.txt');
    expect(pageFileName('2024-05-21', 'A3')).toBe('2024-05-21_A03.txt');
    expect(pageFileName('2024-05-21', null)).toBe('2024-05-21.txt');
    expect(dateFromFileName(pageFileName('2024-05-21', 'A3'))).toEqual({ date: '2024-05-21', edition: 'A3' });
    const pages: PageDate[] = [
      { date: null, edition: null },
      { date: '2024-05-21', edition: '7' },
      { date: '2024-05-28', edition: '7' },
      { date: '2024-05-21', edition: '3' },
    ];
    expect(pages.sort(compareNewestFirst).map((p) => `${p.date}/${p.edition}`)).toEqual([
      '2024-05-28/7',
      '2024-05-21/3',
      '2024-05-21/7',
      'null/null',
    ]);
  });
});

describe('citations', () => {
  it('cites the paper, date and page, and says when the date is unknown', () => {
    expect(citation({ date: '2024-05-21', edition: '7' })).toBe('《济宁日报》2024年5月21日 第7版');
    expect(citation({ date: '2024-05-21', edition: null })).toBe('《济宁日报》2024年5月21日');
    expect(citation({ date: null, edition: null })).toBe('《济宁日报》（日期未录入）');
    expect(citation({ date: null, edition: '7' })).toBe('《济宁日报》（日期未录入）');
    expect(pageLabel({ date: null, edition: null }, '000_x.txt')).toBe('日期未录入的版面（000_x.txt）');
  });

  it('fits a quote and its citation in a copy button, cut at a clause', () => {
    const ref = { date: '2024-05-21', edition: '7' };
    const short = '全县组建宣讲队23支，全年开展宣讲680余场次。';
    expect(quoteWithCitation(short, ref)).toBe(`“${short}”（《济宁日报》2024年5月21日 第7版）`);
    const clause = '建立问题清单、资源清单、项目清单“三张清单”，';
    const long = clause.repeat(12) + '促成合作项目35个。';
    const cut = quoteWithCitation(long, ref)!;
    expect(cut.length).toBeLessThanOrEqual(COPY_TEXT_LIMIT);
    expect(cut).toMatch(/“建立问题清单.*“三张清单”……”（《济宁日报》2024年5月21日 第7版）$/u);
    // A single clause longer than the button leaves the button out.
    expect(quoteWithCitation('很'.repeat(300) + '。', ref)).toBeUndefined();
    expect(quoteWithCitation(short, { date: null, edition: null })).toBe(`“${short}”（《济宁日报》（日期未录入））`);
  });
});

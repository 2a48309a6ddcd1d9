import { describe, expect, it } from 'vitest';
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { applyTimeScope, readTime, todayIn, type TimeScope } from '../../src/casebook/timeScope.js';
import { openCasebook } from '../../src/casebook/casebook.js';
import { PAGES, tempDir } from '../helpers.js';

const TODAY = '2026-03-10';

function range(question: string): { from: string | null; to: string | null; label: string } | null {
  const { scope } = readTime(question, TODAY);
  if (scope?.kind !== 'range') return null;
  return { from: scope.from, to: scope.to, label: scope.label };
}

describe('reading the time a question names', () => {
  it.each([
    ['2024年以来金乡有哪些党建做法', '2024-01-01', null, '2024年以来'],
    ['2024年起的网格化管理', '2024-01-01', null, '2024年以来'],
    ['２０２４年以来的案例', '2024-01-01', null, '2024年以来'],
    ['2023年的第一书记案例', '2023-01-01', '2023-12-31', '2023年'],
    ['二〇二三年的案例', '2023-01-01', '2023-12-31', '2023年'],
    ['2023年以前的做法', null, '2022-12-31', '2023年以前'],
    ['2022年至2023年的驻村帮扶', '2022-01-01', '2023-12-31', '2022年至2023年'],
    ['2022-2023年的案例', '2022-01-01', '2023-12-31', '2022年至2023年'],
    ['2024年5月的版面', '2024-05-01', '2024-05-31', '2024年5月'],
    ['2024年2月以来', '2024-02-01', null, '2024年2月以来'],
    ['今年有哪些乡村振兴的案例', '2026-01-01', '2026-12-31', '今年（2026年）'],
    ['今年以来红帆驿站接待了多少人', '2026-01-01', '2026-12-31', '今年（2026年）'],
    ['去年的党建联盟', '2025-01-01', '2025-12-31', '去年（2025年）'],
    ['去年以来的党建联盟', '2025-01-01', null, '去年（2025年）以来'],
    ['前年的案例', '2024-01-01', '2024-12-31', '前年（2024年）'],
    ['近三年的人才工作', '2024-01-01', null, '近三年（2024年以来）'],
    ['近3年来的人才工作', '2024-01-01', null, '近3年（2024年以来）'],
  ])('%s → %s … %s', (question, from, to, label) => {
    expect(range(question)).toEqual({ from, to, label });
  });

  it.each(['近年来金乡有什么新做法', '最近的第一书记案例', '这两年的党建联盟', '近期有哪些新经验', '最新的案例'])(
    '%s is vague: newer first, nothing filtered',
    (question) => {
      expect(readTime(question, TODAY).scope?.kind).toBe('recent');
    },
  );

  it('takes the time phrase off the question, so that its digits are not searched for', () => {
    expect(readTime('2024年以来金乡有哪些党建做法', TODAY).rest).toBe('金乡有哪些党建做法');
    expect(readTime('近年来泗水的第一书记', TODAY).rest).toBe('泗水的第一书记');
  });

  it.each([
    '金乡党代表工作室接待了多少党员群众',
    '1200年的古树',
    '培养青年工匠150名',
    '三年行动计划',
    '上年纪的老党员',
  ])('%s names no time', (question) => {
    const reading = readTime(question, TODAY);
    expect(reading.scope).toBeNull();
    expect(reading.rest).toBe(question);
  });

  it('today is the day in the given zone', () => {
    const instant = new Date('2025-12-31T17:00:00Z');
    expect(todayIn('Asia/Shanghai', instant)).toBe('2026-01-01');
    expect(todayIn('UTC', instant)).toBe('2025-12-31');
    expect(range('今年的案例')?.label).toBe('今年（2026年）');
  });
});

interface Case {
  id: string;
  date: string | null;
}

const ranked: Case[] = [
  { id: 'a', date: '2023-06-01' },
  { id: 'u1', date: null },
  { id: 'b', date: '2024-05-21' },
  { id: 'c', date: '2025-01-07' },
  { id: 'u2', date: null },
  { id: 'd', date: '2024-05-21' },
];
const ids = (items: Case[]) => items.map((c) => c.id);
const scope = (question: string): TimeScope => readTime(question, TODAY).scope!;

describe('applying a time scope to ranked cases', () => {
  it('a period keeps the dated cases in it in rank order, then every undated case, with a note', () => {
    const out = applyTimeScope(ranked, (c) => c.date, scope('2024年以来'));
    expect(ids(out.items)).toEqual(['b', 'c', 'd', 'u1', 'u2']);
    expect(out).toMatchObject({ excluded: 1, undated: 2 });
    expect(out.note).toContain('2024年以来');
    expect(out.note).toContain('2 篇案例的版面未录入日期');
    expect(out.note).toContain('另有 1 篇其他时间的相关案例未列出');
  });

  it('a single year', () => {
    expect(ids(applyTimeScope(ranked, (c) => c.date, scope('2023年')).items)).toEqual(['a', 'u1', 'u2']);
    expect(ids(applyTimeScope(ranked, (c) => c.date, scope('去年')).items)).toEqual(['c', 'u1', 'u2']);
  });

  it('nothing dated in the period: the undated cases, said to be undated', () => {
    const out = applyTimeScope(ranked, (c) => c.date, scope('2020年'));
    expect(ids(out.items)).toEqual(['u1', 'u2']);
    expect(out.note).toMatch(/没有找到2020年的相关案例.*未录入日期/u);
  });

  it('nothing at all in the period: empty, and the note says how to see the others', () => {
    const dated = ranked.filter((c) => c.date);
    const out = applyTimeScope(dated, (c) => c.date, scope('2020年'));
    expect(out.items).toEqual([]);
    expect(out.note).toContain('去掉时间限定');
  });

  it('only dated cases, all in the period: no note', () => {
    const out = applyTimeScope(
      ranked.filter((c) => c.date?.startsWith('2024')),
      (c) => c.date,
      scope('2024年'),
    );
    expect(ids(out.items)).toEqual(['b', 'd']);
    expect(out.note).toBeNull();
  });

  it('a vague time only orders: newest first, rank order within a day, undated last', () => {
    const out = applyTimeScope(ranked, (c) => c.date, scope('最近'));
    expect(ids(out.items)).toEqual(['c', 'b', 'd', 'a', 'u1', 'u2']);
    expect(out.excluded).toBe(0);
    expect(out.note).toContain('未录入日期');
  });

  it('a vague time over undated cases only says it cannot order them', () => {
    const undated = ranked.filter((c) => !c.date);
    const out = applyTimeScope(undated, (c) => c.date, scope('近年来'));
    expect(ids(out.items)).toEqual(['u1', 'u2']);
    expect(out.note).toContain('无法按时间先后排列');
  });

  it('no scope changes nothing', () => {
    expect(applyTimeScope(ranked, (c) => c.date, null)).toEqual({
      items: ranked,
      excluded: 0,
      undated: 0,
      note: null,
    });
  });
});

describe('time questions over a casebook with dated and undated pages', () => {
  // Three of the fixture pages dated by their file names, two left undated.
  const seedsDir = tempDir('seeds-dated-');
  const DATED: Record<string, string> = {
    '001_2176c611aad20f57.txt': '2023-06-06_07.txt',
    '002_b9557d118b1bdbfd.txt': '2024-05-21_07.txt',
    '004_8054713186ebe3de.txt': '2025-01-07_05.txt',
  };
  for (const name of readdirSync(PAGES)) copyFileSync(join(PAGES, name), join(seedsDir, DATED[name] ?? name));
  const book = openCasebook({ seedsDir, indexDir: tempDir('index-dated-') });
  const ask = (q: string) => book.ask(q, { today: TODAY, limit: 10 });
  const dates = (q: string) => ask(q).results.map((r) => r.date);

  it('a period filters the dated cases and keeps the undated ones after them, with a note', () => {
    const r = ask('2024年以来的第一书记');
    expect(r.time).toMatchObject({ kind: 'range', from: '2024-01-01', to: null });
    const got = r.results.map((x) => x.date);
    expect(got.length).toBeGreaterThanOrEqual(3);
    const firstUndated = got.indexOf(null);
    expect(firstUndated).toBeGreaterThan(0);
    expect(got.slice(0, firstUndated).every((d) => d! >= '2024-01-01')).toBe(true);
    expect(got.slice(firstUndated).every((d) => d === null)).toBe(true);
    expect(got).not.toContain('2023-06-06');
    expect(r.note).toContain('未录入日期');
    // The first-secretary cases of 2024 and 2025 lead, each with its dated citation.
    expect(r.results[0]!.headline).toMatch(/第一书记/u);
    expect(r.results[0]!.citation).toMatch(/^《济宁日报》2025年1月7日 第5版$|^《济宁日报》2024年5月21日 第7版$/u);
    expect(r.results.at(-1)!.citation).toBe('《济宁日报》（日期未录入）');
    // Without the period the 2023 case is there.
    expect(dates('第一书记')).toContain('2023-06-06');
  });

  it('a year: only that year among the dated cases', () => {
    const got = dates('2023年的第一书记');
    expect(got[0]).toBe('2023-06-06');
    expect(got.filter((d) => d !== null).every((d) => d === '2023-06-06')).toBe(true);
  });

  it('今年 and 去年 follow the injected day', () => {
    const days = (got: (string | null)[]) => [...new Set(got.filter(Boolean))];
    expect(days(dates('去年的第一书记'))).toEqual(['2025-01-07']);
    const thisYear = book.ask('今年的第一书记', { today: '2024-08-01', limit: 10 });
    expect(days(thisYear.results.map((r) => r.date))).toEqual(['2024-05-21']);
  });

  it('a vague time only orders: newest first, undated last, nothing dropped', () => {
    const plain = dates('第一书记');
    const recent = dates('最近的第一书记');
    expect([...recent].sort()).toEqual([...plain].sort());
    const dated = recent.filter((d): d is string => d !== null);
    expect(dated).toEqual([...dated].sort().reverse());
    expect(recent.indexOf(null)).toBe(dated.length);
  });

  it('a county and a period together', () => {
    const r = ask('泗水2024年以来的第一书记');
    expect(r.county).toBe('泗水县');
    expect(r.results.every((x) => x.county === '泗水县')).toBe(true);
    expect(
      r.results
        .map((x) => x.date)
        .filter(Boolean)
        .every((d) => d! >= '2024-01-01'),
    ).toBe(true);
  });

  it('only a time: the cases of that period', () => {
    const r = ask('2024年以来有哪些案例');
    expect(r.results.length).toBeGreaterThan(0);
    expect(r.results.filter((x) => x.date).every((x) => x.date! >= '2024-01-01')).toBe(true);
  });
});

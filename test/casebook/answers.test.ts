import { describe, expect, it } from 'vitest';
import { evaluate, type EvalQuestion } from '../../src/casebook/evaluate.js';
import { casebook, jsonl } from '../helpers.js';

const cb = casebook();
const headline = (q: string) => cb.ask(q).results[0]?.headline ?? '';

describe('sample questions', () => {
  it('meet the targets: top-1 ≥ 0.97, figure hit rate ≥ 0.95', () => {
    const report = evaluate(cb, jsonl<EvalQuestion>('questions.jsonl'));
    expect(report.top1).toBeGreaterThanOrEqual(0.97);
    expect(report.figureInAnswer).toBeGreaterThanOrEqual(0.95);
    expect(report.mrr5).toBeGreaterThanOrEqual(0.97);
    expect(report.countyF1).toBeGreaterThanOrEqual(0.9);
  });

  it('generalise to held-out questions written from the articles, not the sample', () => {
    const report = evaluate(cb, jsonl<EvalQuestion>('questions-heldout.jsonl'));
    expect(report.top1).toBeGreaterThanOrEqual(0.95);
    expect(report.figureInAnswer).toBeGreaterThanOrEqual(0.9);
    expect(report.countyF1).toBeGreaterThanOrEqual(0.8);
  });
});

describe('count questions', () => {
  it('quote the clause verbatim, with its source, before the cases', () => {
    const r = cb.ask('金乡党代表工作室接待了多少党员群众');
    expect(r.answer?.text).toContain('接待党员群众1200余人');
    expect(r.answer?.headline).toBe('金乡县建好党代表工作室 用心办实事解民忧');
    expect(r.results[0]?.id).toBe(r.answer?.id);
  });

  it('take the number that belongs to the noun asked about', () => {
    expect(cb.ask('鱼台推选出多少名巷长').answer?.figure).toBe('5097名');
    expect(cb.ask('鱼台推选出多少名单元长').answer?.figure).toBe('2391名');
  });

  it.each([
    ['嘉祥开展干部谈心谈话多少人次', '人次'],
    ['微山县划分了多少个网格', '个'],
    ['金乡党代表工作室投资多少钱', '元'],
    ['鱼台县每名巷长包保多少户群众', '户'],
    ['嘉祥县选拔了多少名考察员', '名'],
  ])('%s answers in %s', (q, unit) => {
    const r = cb.ask(q);
    expect(r.answer).not.toBeNull();
    expect(r.answer!.figure.endsWith(unit)).toBe(true);
    expect(r.answer!.text).toContain(r.answer!.figure);
  });
});

describe('list questions', () => {
  it('name only the counties whose cases match', () => {
    const r = cb.ask('哪些地方有红帆驿站');
    expect(r.counties?.map((c) => c.county).sort()).toEqual(['任城区', '曲阜市', '梁山县'].sort());
    for (const c of r.counties!) expect(cb.article(c.id)!.paragraphs.join('')).toContain('红帆驿站');
  });
});

describe('short and partial queries', () => {
  it.each([
    ['调解', '兖州探索建立“第一书记调解室”'],
    ['积分', '金乡：推行党员量化积分管理'],
    ['头雁', '邹城：坚持“四抓四有” 打造过硬头雁队伍'],
    ['蒜都', '金乡县坚持“点线面体”齐发力 确保“本色家园”示范党组织创建取得实效'],
    ['红帆驿站', ''],
  ])('%s finds its case', (q, want) => {
    const r = cb.ask(q);
    expect(r.results.length).toBeGreaterThan(0);
    if (want) expect(r.results.map((x) => x.headline)).toContain(want);
  });

  it('a bare county name lists that county’s cases', () => {
    const r = cb.ask('金乡');
    expect(r.county).toBe('金乡县');
    expect(r.results.map((x) => x.county)).toEqual(['金乡县', '金乡县', '金乡县']);
  });

  it('a county in the question filters the cases', () => {
    const r = cb.ask('泗水的第一书记');
    expect(r.results.length).toBeGreaterThan(0);
    for (const x of r.results) expect(x.county).toBe('泗水县');
  });

  it('traditional characters find the simplified text', () => {
    expect(headline('黨代表工作室')).toBe('金乡县建好党代表工作室 用心办实事解民忧');
  });
});

describe('odd input', () => {
  it.each([
    ['empty', ''],
    ['punctuation only', '？？！。，、'],
    ['emoji', '😀🎉👍'],
    ['script', '<script>alert(1)</script>'],
    ['digits only', '20240101'],
    ['very long', '党建引领基层治理'.repeat(250)],
    ['control characters', '\u0000\u0007党员\u001b'],
  ])('%s never throws and gives results or a clear nothing-found', (_name, q) => {
    const r = cb.ask(q);
    expect(Array.isArray(r.results)).toBe(true);
    expect(r.tookMs).toBeGreaterThanOrEqual(0);
    if (r.results.length === 0) expect(r.answer).toBeNull();
  });

  it('a miss says so and suggests close terms from the index', () => {
    const r = cb.ask('帆红驿');
    expect(r.results).toEqual([]);
    expect(r.suggestions).toContain('红帆驿站');
    expect(cb.ask('宇宙飞船').results).toEqual([]);
  });
});

describe('each hit', () => {
  it('carries headline, county, a summary with the section leads, and quotes that match', () => {
    const r = cb.ask('红线风筝 流动党员');
    const hit = r.results[0]!;
    expect(hit.headline).toContain('红线风筝');
    expect(hit.county).toBe('鱼台县');
    expect(hit.summary).toContain('• 抓牢“制度线”，让“风筝”系得紧。');
    expect(hit.summary.split('\n')[0]).not.toMatch(/^今年以来/);
    expect(hit.quotes.length).toBeGreaterThan(0);
    for (const q of hit.quotes) expect(q).toMatch(/流动|风筝|党员/);
  });
});

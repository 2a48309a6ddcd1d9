import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openCasebook, NO_MATCH, type Casebook } from '../../src/casebook/casebook.js';
import { changedAnswers, evaluate, pagesFolder, readQuestionFile } from '../../src/casebook/evaluate.js';
import { FIXTURES, tempDir } from '../helpers.js';

/**
 * The blind evaluation's failure classes, on questions written for them before tuning, over the
 * seed pages, pages-new, pages-topics and pages-more (a page nobody tuned on).
 */
const file = readQuestionFile(join(FIXTURES, 'questions-classes.jsonl'));
let cb: Casebook;

beforeAll(() => {
  cb = openCasebook({ seedsDir: pagesFolder(file.pages), indexDir: tempDir('index-classes-') });
});

const headlines = (q: string) => cb.ask(q).results.map((r) => r.headline);

describe('questions-classes.jsonl', () => {
  it('holds up as a whole, and the speed-up changes no answer', () => {
    const r = evaluate(cb, file.questions);
    expect(r.kindAccuracy).toBe(1);
    expect(r.offCorpusHonest).toBe(1);
    expect(r.top1).toBeGreaterThanOrEqual(0.95);
    expect(r.figureInAnswer).toBeGreaterThanOrEqual(0.95);
    expect(r.countyF1).toBeGreaterThanOrEqual(0.9);
    expect(r.compareF1).toBeGreaterThanOrEqual(0.95);
    expect(r.passed / r.questions).toBeGreaterThanOrEqual(0.9);
    const ask = (skipCommonWords: boolean) => (q: string) => cb.ask(q, { tuning: { skipCommonWords } });
    expect(changedAnswers(file.questions, ask(true), ask(false))).toEqual([]);
  });

  it('request words (做法, 借鉴, 成效, 具体, 见报) do not make a long how-question only partly related', () => {
    const r = cb.ask('嘉祥那个五心工作法具体是怎么推进的，有哪些做法值得借鉴、成效如何？');
    expect(r.note ?? '').not.toContain(NO_MATCH);
    expect(r.results[0]?.headline).toContain('五心');
    expect(r.results.every((x) => !x.related)).toBe(true);
  });

  it('framing glued by jieba (`我要写个`, `帮我列一下`) is no topic either', () => {
    const r = cb.ask('兖州老兵驿站的具体做法和成效，我要写个经验材料');
    expect(r.note).toBeNull();
    expect(r.results[0]?.headline).toContain('老兵驿站');
    const browse = cb.ask('高新区见报的经验有哪些，核心数据帮我列一下');
    expect(browse.kind).toBe('county');
    expect(browse.results.map((x) => x.id)).toEqual(cb.byCounty('高新区').map((a) => a.id));
    // …while a glued stretch that says where the figure is stays (`代办点建了` → 点建).
    expect(cb.ask('红色代办点建了几个').answer?.figure).toBe('392个');
  });

  it('asked to count a noun, a figure that plainly counts another one is no answer', () => {
    // The case has 活动场所31个 and 宣讲1180次 but no count of its 第一书记.
    const r = cb.ask('泗水有几个第一书记');
    expect(r.answer?.text ?? '').not.toMatch(/场所31个|宣讲1180次/u);
    if (r.answer) expect(r.answer.text).toContain('第一书记');
  });

  it('a verb glued before the question phrase (`网格员有多少` → 员有) is no topic word', () => {
    // Word order must not matter: the same figure either way round, never a false no-match.
    const before = cb.ask('微山网格员有多少');
    const after = cb.ask('微山有多少网格员');
    expect(before.note ?? '').not.toContain(NO_MATCH);
    expect(before.answer?.figure).toBeDefined();
    expect(before.answer?.figure).toBe(after.answer?.figure);
    expect(before.answer?.text).toContain('网格员');
  });

  it.each([
    ['金乡最近有哪些党建方面的经验上了报纸，分别有什么数据？', '金乡县'],
    ['经开区在基层党建上有啥典型做法被报道过', '经开区'],
    ['经济技术开发区这两年党建工作有哪些亮点，见报的那种', '经开区'],
    ['济宁高新区的案例', '高新区'],
  ])('%s is county browsing: every case of %s, never “no cases”', (q, county) => {
    const r = cb.ask(q);
    expect(r.kind).toBe('county');
    expect(r.answer).toBeNull();
    expect(r.note ?? '').not.toMatch(/没有/u);
    expect(r.results.map((x) => x.id)).toEqual(cb.byCounty(county).map((a) => a.id));
    expect(r.results.length).toBeGreaterThan(0);
  });

  it('lists include cases where the topic is central, not mentioned in passing', () => {
    // 小程序 is the headline of one case and one sentence of three others.
    const mentions = cb.articles.filter((a) => a.paragraphs.join('').includes('小程序'));
    expect(mentions.length).toBeGreaterThan(1);
    expect(cb.ask('哪些县用了小程序').counties?.map((c) => c.county)).toEqual(['泗水县']);
    // 驿站 as a coinage's head (老兵驿站, 红心驿站) counts; 红帆驿站 named once in passing does not.
    const stations = cb.ask('哪些县区在搞驿站').counties?.map((c) => c.county) ?? [];
    expect(stations).toEqual(expect.arrayContaining(['兖州区', '太白湖新区', '鱼台县', '经开区']));
    expect(stations).not.toContain('梁山县');
  });

  it('a comparison says which named county has no case on the topic', () => {
    const r = cb.ask('嘉祥和泗水的网格化比较一下');
    expect(r.kind).toBe('compare');
    expect(r.compare?.map((e) => e.county)).toEqual(['嘉祥县']);
    expect(r.note).toContain('泗水县');
  });

  it('class units (几大类, 几个方面, 几类) are answered by counts of kinds, never of people', () => {
    expect(cb.ask('卧龙山街道把群众诉求分成了几大类').answer?.figure).toBe('6大类');
    expect(cb.ask('五心工作法从几个方面推进小区改造').answer?.figure).toBe('三个');
    expect(cb.ask('链上党建联盟按产业链分为几类').answer?.figure).toBe('三大类');
    expect(cb.ask('梁山心理健康问卷围绕几大方面').answer?.figure).toBe('5大方面');
    // A case with no count of kinds states no figure at all.
    const r = cb.ask('红心驿站分成几大类');
    expect(r.answer).toBeNull();
    expect(headlines('红心驿站分成几大类')[0]).toContain('红心驿站');
  });
});

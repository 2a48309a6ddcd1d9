import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openCasebook, NO_MATCH, type Casebook } from '../../src/casebook/casebook.js';
import { defaultAnswerOptions } from '../../src/casebook/defaults.js';
import { evaluate, pagesFolder, readQuestionFile } from '../../src/casebook/evaluate.js';
import { FIXTURES, tempDir } from '../helpers.js';

/**
 * The judge (judge.ts) on the two classes of round 3, over questions written before tuning
 * (questions-depth.jsonl): long, specific how-questions whose case stands out without covering
 * every word, and lists that must hold every case whose topic the question's is.
 */
const file = readQuestionFile(join(FIXTURES, 'questions-depth.jsonl'));
let cb: Casebook;

beforeAll(() => {
  cb = openCasebook({ seedsDir: pagesFolder(file.pages), indexDir: tempDir('index-depth-') });
});

const noStandOut = { standOut: { ...defaultAnswerOptions.standOut, words: 1000 } };

describe('questions-depth.jsonl', () => {
  it('holds up as a whole: off-corpus long questions stay honest', () => {
    const r = evaluate(cb, file.questions);
    expect(r.offCorpusHonest).toBe(1);
    expect(r.kindAccuracy).toBe(1);
    expect(r.passed / r.questions).toBeGreaterThanOrEqual(0.65);
  });
});

describe('long, specific how-questions (Judge.standsOut)', () => {
  it.each([
    ['新入职的年轻干部怎么安排老同志一对一带，带的过程中怎么压担子，最后怎么跟踪考察他们的成长情况？', '导师帮带'],
    ['群众到便民服务中心办事来回跑，怎么建代办员队伍、规范代办流程，又怎么激励代办员长期干下去？', '红色代办'],
    ['退役军人党员回村以后，怎么建站点让他们有归属、组织他们参与志愿服务、帮他们解决实际困难？', '老兵驿站'],
  ])('%s: the case that stands out is on point (%s)', (q, headline) => {
    const r = cb.ask(q);
    expect(r.note ?? '').not.toContain(NO_MATCH);
    expect(r.results[0]?.headline).toContain(headline);
    expect(r.results[0]?.related).toBe(false);
    // Judged by the share of every word alone, the same case was only partly related.
    const strict = cb.ask(q, { tuning: noStandOut });
    expect(strict.note ?? '').toContain(NO_MATCH);
    expect(strict.results[0]?.headline).toContain(headline);
  });

  it.each([
    '民主生活会上开展批评和自我批评怎么才能动真碰硬，基层干部有没有好经验可以借鉴？',
    '基层党组织在推进农村垃圾分类工作中，怎样发动党员干部带头示范，有没有分类准确率之类的数据？',
    '城市老城区停车难，社区党组织怎么协调各方增加车位，有没有新增停车位的数据？',
  ])('%s: padded with generic words, an off-corpus question still gets the no-match note', (q) => {
    const r = cb.ask(q);
    expect(r.note ?? '').toContain(NO_MATCH);
    expect(r.results.every((x) => x.related)).toBe(true);
  });

  it('a case that only mentions the words here and there does not stand out, however far ahead', () => {
    // 金乡's 量化积分 case covers 民主(评议) and 批评 well ahead of the rest, but is not about them.
    const q = '民主生活会上开展批评和自我批评怎么才能动真碰硬，基层干部有没有好经验可以借鉴？';
    const loose = cb.ask(q, { tuning: { standOut: { ...defaultAnswerOptions.standOut, central: 0 } } });
    expect(loose.note ?? '').not.toContain(NO_MATCH);
    expect(cb.ask(q).note ?? '').toContain(NO_MATCH);
  });

  it('pronouns (他们, 自己) are no topic words', () => {
    const a = cb.ask('退役军人党员回村以后，怎么帮他们解决实际困难');
    const b = cb.ask('退役军人党员回村以后，怎么帮解决实际困难');
    expect(a.results.map((x) => x.id)).toEqual(b.results.map((x) => x.id));
  });
});

describe('lists hold every case the topic is central to (Casebook.central)', () => {
  const counties = (q: string, tuning = {}) => (cb.ask(q, { tuning }).counties ?? []).map((c) => c.county).sort();

  it.each([
    ['哪些县区在把快递员、外卖骑手组织起来', ['太白湖新区', '邹城市', '鱼台县']],
    ['哪些地方在组织送外卖的骑手参与基层治理', ['太白湖新区', '邹城市', '鱼台县']],
    ['哪些县区在探索联盟抱团发展', ['梁山县', '泗水县', '高新区']],
  ])('%s: a case that words the topic differently (红色骑手, 第一书记联盟) is on the list', (q, want) => {
    for (const c of want) expect(counties(q)).toContain(c);
    // Without the share of the best case's centrality, the case that words it differently drops out.
    expect(counties(q, { centralShare: 1 }).length).toBeLessThan(counties(q).length);
  });

  it('a case naming the topic by its compound head is found and listed (第一书记联盟 for 党建联盟)', () => {
    expect(counties('哪些县区建了党建联盟')).toEqual(['太白湖新区', '梁山县', '泗水县', '高新区'].sort());
    // Retrieval by the word alone never finds it: 泗水's case does not use 党建联盟.
    expect(counties('哪些县区建了党建联盟', { subwordWeight: 0 })).not.toContain('泗水县');
    // A comparison of named counties still says which one has no case on the topic.
    const r = cb.ask('嘉祥和泗水的网格化比较一下');
    expect(r.compare?.map((c) => c.county)).toEqual(['嘉祥县']);
    expect(r.note ?? '').toContain('泗水县');
  });

  it('passing mentions stay off the list', () => {
    // 鱼台's 红线风筝 names 快递 and 外卖 once; 泗水's 第一书记 case says 动起来, not 组织起来.
    const r = cb.ask('哪些县区在把快递员、外卖骑手组织起来');
    expect(r.counties?.map((c) => c.county)).not.toContain('泗水县');
    expect(cb.ask('哪些县区在服务退役军人党员').counties?.map((c) => c.county)).toEqual(['兖州区']);
    expect(cb.ask('哪些县区在发挥老党员余热').counties?.map((c) => c.county)).toEqual(['汶上县']);
  });

  it('an off-corpus list stays empty', () => {
    const r = cb.ask('哪些县区在搞垃圾分类');
    expect(r.counties).toEqual([]);
    expect(r.note ?? '').toContain(NO_MATCH);
  });
});

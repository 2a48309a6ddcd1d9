import { describe, expect, it } from 'vitest';
import { evaluate, readQuestionFile } from '../../src/casebook/evaluate.js';
import { NO_MATCH } from '../../src/casebook/casebook.js';
import { keyFigures, leadPoint } from '../../src/casebook/present.js';
import { casebook, FIXTURES, restoreQueryDictionary, tempDir } from '../helpers.js';
import { openCasebook } from '../../src/casebook/open.js';
import { renderPage, seededRandom, type PageArticle } from '../../src/testing/pageRenderer.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const cb = casebook();
const headline = (q: string) => cb.ask(q).results[0]?.headline ?? '';
/** The one article whose headline holds `key`. */
const article = (key: string) => {
  const found = cb.articles.filter((a) => a.headline.includes(key));
  expect(found).toHaveLength(1);
  return found[0]!;
};
const questions = (name: string) => readQuestionFile(join(FIXTURES, name)).questions;

describe('question sets over the fixture pages', () => {
  it('the sample: top-1 ≥ 0.97, figures ≥ 0.95, county-set F1 ≥ 0.9', () => {
    const report = evaluate(cb, questions('questions.jsonl'));
    expect(report.top1).toBeGreaterThanOrEqual(0.97);
    expect(report.figureInAnswer).toBeGreaterThanOrEqual(0.95);
    expect(report.mrr5).toBeGreaterThanOrEqual(0.97);
    expect(report.countyF1).toBeGreaterThanOrEqual(0.9);
  });

  it('held-out questions written from the articles, not the sample', () => {
    const report = evaluate(cb, questions('questions-heldout.jsonl'));
    expect(report.top1).toBeGreaterThanOrEqual(0.95);
    expect(report.figureInAnswer).toBeGreaterThanOrEqual(0.95);
    expect(report.countyF1).toBeGreaterThanOrEqual(0.9);
  });

  it('the failures issue 9 lists: honest no-match, kinds, comparisons, browsing', () => {
    const report = evaluate(cb, questions('questions-issue.jsonl'));
    expect(report.kindAccuracy).toBe(1);
    expect(report.figureInAnswer).toBe(1);
    expect(report.compareF1).toBeGreaterThanOrEqual(0.9);
    expect(report.offCorpusHonest).toBeGreaterThanOrEqual(0.8);
    expect(report.passed / report.questions).toBeGreaterThanOrEqual(0.85);
  });
});

describe('quantity questions', () => {
  it('quote the clause verbatim, with its source, before the cases', () => {
    const r = cb.ask('金乡党代表工作室接待了多少党员群众');
    expect(r.kind).toBe('figure');
    expect(r.answer?.text).toContain('接待党员群众1200余人');
    expect(r.answer?.headline).toBe('金乡县建好党代表工作室 用心办实事解民忧');
    expect(r.results[0]?.id).toBe(r.answer?.id);
  });

  it('take the number that belongs to the noun asked about', () => {
    expect(cb.ask('鱼台推选出多少名巷长').answer?.figure).toBe('5097名');
    expect(cb.ask('鱼台推选出多少名单元长').answer?.figure).toBe('2391名');
    expect(cb.ask('鱼台城市社区推选了多少名楼长').answer?.figure).toBe('786名');
  });

  it('read the unit from the question, whatever the measure word', () => {
    expect(cb.ask('梁山乡镇干部心理健康调查问卷设计了几道题').answer?.figure).toBe('42道');
    expect(cb.ask('泗水第一书记硬化村内地面多大面积').answer?.figure).toMatch(/平方米$/);
    expect(cb.ask('邹城组工干部平时考核分几个档次').kind).toBe('figure');
  });

  it("never give the size of one thing for another's", () => {
    // The fixtures' only figure in 平方米 measures 泗水's hardened village roads.
    for (const q of ['鱼台的活动场所有多少平方米', '泗水的党员活动室面积多少平方米']) {
      const r = cb.ask(q);
      expect(r.kind, q).toBe('figure');
      expect(r.answer, q).toBeNull();
    }
    expect(cb.ask('泗水第一书记硬化村内地面多少平方米').answer?.figure).toBe('249880.9平方米');
  });

  it('still give a size whose clause names only the measure (建筑面积1200平方米)', () => {
    const seeds = tempDir('seeds-size-');
    const articles: PageArticle[] = [
      {
        dateline: '金乡',
        reporters: ['张三'],
        headline: '金乡县建好党群服务中心 打造为民服务阵地',
        paragraphs: [
          '金乡县在城区新建党群服务中心，建筑面积1200平方米，设有议事厅、图书室和志愿服务站。',
          '中心开放以来，累计开展各类活动300余场，服务群众1.5万人次。',
        ],
      },
      {
        dateline: '汶上',
        reporters: ['李四'],
        headline: '汶上县推进村内道路硬化 改善群众出行条件',
        paragraphs: ['汶上县统筹资金推进村内道路硬化，全县硬化村内地面52000平方米，惠及群众3万余人。'],
      },
    ];
    writeFileSync(join(seeds, '2024-06-04_05.txt'), renderPage(articles, [], { width: 17, random: seededRandom(5) }));
    const own = openCasebook({ seedsDir: seeds, indexDir: tempDir('index-size-'), force: true });
    expect(own.ask('金乡党群服务中心有多少平方米').answer?.figure).toBe('1200平方米');
    expect(own.ask('金乡的活动场所有多少平方米').answer).toBeNull();
    restoreQueryDictionary();
  });

  it('answer every quantity a question asks', () => {
    const r = cb.ask('回引了多少名人才，落地资金多少');
    expect(r.answers.map((a) => a.figure)).toEqual(['303名', '7310万元']);
    expect(r.answer).toEqual(r.answers[0]);
  });

  it('state no number when the case gives none, and quote the closest sentences', () => {
    const r = cb.ask('金乡党代表工作室有多少名女代表');
    expect(r.kind).toBe('figure');
    expect(r.answer).toBeNull();
    expect(r.note).toContain('没有找到');
    expect(r.results[0]?.headline).toContain('党代表工作室');
    expect(r.results[0]?.quotes.length).toBeGreaterThan(0);
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

describe('kinds that are not quantity questions have no answer line', () => {
  it.each([
    ['给我找几个基层治理的案例', 'request'],
    ['写第一书记驻村帮扶的材料，给我几个有数据的例子', 'request'],
    ['比较一下各县平时考核的做法', 'compare'],
    ['梁山有什么亮点', 'county'],
    ['哪些地方有红帆驿站', 'list'],
    ['这几个地方的红帆驿站怎么建的', 'plain'],
  ])('%s is a %s question', (q, kind) => {
    const r = cb.ask(q);
    expect(r.kind).toBe(kind);
    expect(r.answer).toBeNull();
    expect(r.answers).toEqual([]);
  });
});

describe('no match', () => {
  it.each(['垃圾分类有什么经验', '河长制怎么落实', '党费收缴有什么经验'])(
    '%s says so plainly; loosely related cases, if any, are labelled',
    (q) => {
      const r = cb.ask(q);
      expect(r.note).toContain(NO_MATCH);
      expect(r.answer).toBeNull();
      expect(r.results.length).toBeLessThanOrEqual(3);
      for (const x of r.results) expect(x.related).toBe(true);
    },
  );

  it('an on-topic question is never told there is no match', () => {
    for (const q of ['年轻干部培训怎么搞才能不走过场', '红帆驿站', '两长每月工作补助多少钱']) {
      const r = cb.ask(q);
      expect(r.note ?? '').not.toContain(NO_MATCH);
      expect(r.results[0]?.related).toBe(false);
    }
  });
});

describe('county browsing', () => {
  it.each([
    ['金乡的案例有哪些数据', '金乡县'],
    ['梁山有什么亮点', '梁山县'],
    ['金乡县的案例有哪些', '金乡县'],
    ['金乡', '金乡县'],
  ])('%s lists every %s case in page order, each with its key figures', (q, county) => {
    const r = cb.ask(q);
    expect(r.kind).toBe('county');
    expect(r.note).toBeNull();
    expect(r.results.map((x) => x.id)).toEqual(cb.byCounty(county).map((a) => a.id));
    for (const x of r.results) {
      const a = cb.article(x.id)!;
      expect(x.figures).toEqual(keyFigures(a).map((f) => f.clause));
    }
  });

  it('a town named only in photo captions gets its county’s cases, and says so', () => {
    expect(cb.articles.some((a) => a.paragraphs.join('').includes('尼山镇'))).toBe(false);
    expect(cb.captions.some((c) => c.text.includes('尼山镇'))).toBe(true);
    const r = cb.ask('尼山镇有什么典型经验');
    expect(r.kind).toBe('county');
    expect(r.note).toContain('尼山镇');
    expect(r.note).toContain('图片说明');
    expect(r.results.map((x) => x.id)).toEqual(cb.byCounty('曲阜市').map((a) => a.id));
  });

  it('a county named with a topic filters to its on-point cases', () => {
    const r = cb.ask('泗水的第一书记');
    expect(r.results.length).toBeGreaterThan(0);
    for (const x of r.results) expect(x.county).toBe('泗水县');
  });
});

describe('comparisons', () => {
  it("of counties without a topic show each county's cases side by side and say how to narrow them", () => {
    const cb = casebook();
    for (const q of ['比较一下金乡和嘉祥的做法', '金乡和嘉祥的做法对比']) {
      const r = cb.ask(q);
      expect(r.kind, q).toBe('compare');
      expect(r.note, q).toMatch(/没有说比较哪方面.*加上主题/u);
      expect(new Set(r.compare!.map((e) => e.county))).toEqual(new Set(['金乡县', '嘉祥县']));
      expect(r.results.map((x) => x.id)).toEqual(r.compare!.map((e) => e.id));
      // Each county's cases together, in the order named.
      const seq = r.results.map((x) => x.county);
      expect(seq.indexOf('嘉祥县')).toBeGreaterThan(seq.lastIndexOf('金乡县'));
    }
    const partly = cb.ask('比较一下高新区和金乡的经验');
    expect(partly.note).toContain('还没有高新区的案例');
    expect(partly.results.every((x) => x.county === '金乡县')).toBe(true);
    expect(partly.results.length).toBeGreaterThan(0);
  });

  it('show every county with on-point cases, each case with approach, section leads and figures', () => {
    const r = cb.ask('比较一下各县平时考核的做法');
    expect(r.kind).toBe('compare');
    const counties = new Set(r.compare!.map((e) => e.county));
    expect(counties.has('微山县')).toBe(true);
    expect(counties.has('邹城市')).toBe(true);
    const zoucheng = r.compare!.filter((e) => e.county === '邹城市').map((e) => e.headline);
    expect(zoucheng).toEqual(expect.arrayContaining([article('云模式').headline, article('三看两评一鉴定').headline]));
    for (const e of r.compare!) {
      const a = cb.article(e.id)!;
      expect(e.sections).toEqual(a.sections);
      expect(e.approach).toBe(leadPoint(a.lead, 80));
      expect(e.figures.length).toBeLessThanOrEqual(3);
      for (const f of e.figures) expect(a.paragraphs.join('\n')).toContain(f);
    }
    // Entries of a county stand together.
    const order = r.compare!.map((e) => e.county);
    expect(order.filter((c, i) => order.indexOf(c) !== i && order[i - 1] !== c)).toEqual([]);
    expect(r.results.map((x) => x.id)).toEqual(r.compare!.map((e) => e.id));
  });

  it('a question naming counties covers exactly those', () => {
    const r = cb.ask('把邹城和微山的平时考核比较一下');
    expect(new Set(r.compare!.map((e) => e.county))).toEqual(new Set(['邹城市', '微山县']));
    const three = cb.ask('比较一下任城、嘉祥、太白湖的干部培训');
    expect(new Set(three.compare!.map((e) => e.county))).toEqual(new Set(['任城区', '嘉祥县', '太白湖新区']));
  });

  it('a named county without a match is said to have none, for that county only', () => {
    const r = cb.ask('汶上和梁山的网格化比较一下');
    expect(r.compare!.map((e) => e.county)).toEqual(['汶上县']);
    expect(r.note).toContain('梁山县');
    expect(r.note).not.toContain('汶上县');
    expect(r.note).not.toContain(NO_MATCH);
  });
});

describe('lists', () => {
  it('name only the counties whose cases match', () => {
    const r = cb.ask('哪些地方有红帆驿站');
    expect(r.counties?.map((c) => c.county).sort()).toEqual(['任城区', '曲阜市', '梁山县'].sort());
    for (const c of r.counties!) expect(cb.article(c.id)!.paragraphs.join('')).toContain('红帆驿站');
  });
});

describe('summaries, quotes and key figures', () => {
  it('a summary keeps every section lead: no cap drops the fifth item of a 五X list', () => {
    const a = article('五红模式');
    expect(a.sections.length).toBeGreaterThanOrEqual(5);
    const hit = cb.ask('五红模式').results.find((x) => x.id === a.id)!;
    for (const s of a.sections) expect(hit.summary).toContain(s);
  });

  it('a quote never repeats the lead or a section lead shown above it', () => {
    for (const q of ['红线风筝 流动党员', '五红模式', '第一书记联盟', '平时考核', '心理健康', '网格化管理']) {
      for (const x of cb.ask(q).results) {
        const shown = x.summary.split('\n').map((l) => l.replace(/^• /, '').replace(/[。……]+$/u, ''));
        for (const quote of x.quotes) {
          const core = quote.replace(/^……|……$|[。！？]$/gu, '');
          for (const s of shown) expect(core.includes(s) || s.includes(core)).toBe(false);
        }
      }
    }
  });

  it('key figures are outcomes, never Chinese-numeral structure (四个档次)', () => {
    const kite = keyFigures(article('红线风筝')).map((f) => f.text);
    expect(kite).toEqual(expect.arrayContaining(['303名', '7310万元']));
    for (const a of cb.articles) {
      const figures = keyFigures(a);
      expect(figures.length).toBeLessThanOrEqual(3);
      for (const f of figures) expect(f.text).toMatch(/^[近约逾]?\d/);
    }
  });

  it('each hit carries headline, county, a summary with the section leads, and quotes that match', () => {
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

describe('short and partial queries', () => {
  it.each([
    ['调解', '兖州探索建立“第一书记调解室”'],
    ['积分', '金乡：推行党员量化积分管理'],
    ['头雁', '邹城：坚持“四抓四有” 打造过硬头雁队伍'],
    ['蒜都', '金乡县坚持“点线面体”齐发力 确保“本色家园”示范党组织创建取得实效'],
  ])('%s finds its case', (q, want) => {
    expect(cb.ask(q).results.map((x) => x.headline)).toContain(want);
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
  ])('%s: no cases, no answer, no note, never a throw', (_name, q) => {
    const r = cb.ask(q);
    expect(r.results).toEqual([]);
    expect(r.answer).toBeNull();
    expect(r.compare).toBeNull();
    expect(r.note).toBeNull();
    expect(r.tookMs).toBeGreaterThanOrEqual(0);
  });

  it('a number alone is searched, found nowhere, and said so', () => {
    const r = cb.ask('20240101');
    expect(r.answer).toBeNull();
    expect(r.note).toContain(NO_MATCH);
    for (const x of r.results) expect(x.related).toBe(true);
  });

  it('markup is dropped before searching, and what remains is judged like any text', () => {
    const r = cb.ask('<script>alert(1)</script>');
    expect(r.query).toBe('<script>alert(1)</script>');
    for (const x of r.results) expect(x.related).toBe(true);
  });

  it('a very long question is read from its first 300 characters and still finds its case', () => {
    const r = cb.ask('党建引领基层治理'.repeat(250));
    expect(r.results.length).toBeGreaterThan(0);
    expect(r.results[0]!.related).toBe(false);
    expect(r.results[0]!.headline).toMatch(/治理/);
  });

  it('control characters are dropped: the words between them are searched', () => {
    const plain = cb.ask('红帆驿站');
    const noisy = cb.ask('\u0000\u0007红帆驿站\u001b');
    expect(noisy.results.map((x) => x.id)).toEqual(plain.results.map((x) => x.id));
  });

  it('a miss suggests close terms from the index', () => {
    const r = cb.ask('帆红驿');
    expect(r.results).toEqual([]);
    expect(r.suggestions).toContain('红帆驿站');
  });
});

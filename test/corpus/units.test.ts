import { describe, expect, it } from 'vitest';
import { normalizeSpacing, splitSentences, toHalfWidth } from '../../src/corpus/text.js';
import { extractFigures } from '../../src/corpus/figures.js';
import { COUNTIES, findCounties, resolveCounty } from '../../src/corpus/registry.js';
import { isFurniture, markFurniture } from '../../src/corpus/furniture.js';
import { findCredits, splitNames } from '../../src/corpus/credits.js';

describe('OCR spacing', () => {
  it.each([
    ['硬化村内地面3.4 万平方米', '硬化村内地面3.4万平方米'],
    ['对上一轮 19个帮扶项目', '对上一轮19个帮扶项目'],
    ['销售总额逾 200 万元', '销售总额逾200万元'],
    ['打通党的二十大精神 湖 区 宣 讲 的“最后一公里”', '打通党的二十大精神湖区宣讲的“最后一公里”'],
    ['开展“学习党的二十大 聚力攻坚当先锋”暨改作风', '开展“学习党的二十大 聚力攻坚当先锋”暨改作风'],
    ['（通讯员 张应洲） 为进一步', '（通讯员 张应洲）为进一步'],
    ['累计代办事项５８６０ 件，群众满意率达９８．６％', '累计代办事项5860件，群众满意率达98.6%'],
  ])('%s', (input, want) => expect(normalizeSpacing(input)).toBe(want));

  it.each([
    ['５８６０件', '5860件'],
    ['印发明白纸１．２万份', '印发明白纸1.2万份'],
    ['导入ＰＡＤ电脑设备', '导入PAD电脑设备'],
    ['“党支部＋合作社＋农户”', '“党支部+合作社+农户”'],
    ['“１＋Ｎ”模式，（社区）：', '“1+N”模式，（社区）：'],
  ])('full-width %s becomes half-width', (input, want) => expect(toHalfWidth(input)).toBe(want));

  it('splits sentences keeping closing quotes', () => {
    expect(splitSentences('抓牢“制度线”，让“风筝”系得紧。建立机制。')).toEqual([
      '抓牢“制度线”，让“风筝”系得紧。',
      '建立机制。',
    ]);
  });
});

describe('figures', () => {
  const texts = (p: string) => extractFigures([p]).map((f) => f.text);
  it('keeps numbers with modifiers and units verbatim', () => {
    expect(texts('目前全区共有1800余名人民调解员，调处矛盾纠纷2986件，成功率99%。')).toEqual([
      '1800余名',
      '2986件',
      '99%',
    ]);
    expect(texts('截至目前，已回引303名优秀人才，落地资金7310万元。')).toEqual(['303名', '7310万元']);
    expect(texts('帮助销售农产品60.1万斤，在原有每人每月30元至120元的基础上')).toEqual(['60.1万斤', '30元至120元']);
  });
  it('leaves out years and unit-less numbers', () => {
    expect(texts('2018年以来，推行“12345”工作法和“1+10+N”网络')).toEqual([]);
  });
  it('scales 万 and records the clause', () => {
    const [f] = extractFigures(['惠及党员干部1.3万余人。']);
    expect(f).toMatchObject({ value: 13000, unit: '人', clause: '惠及党员干部1.3万余人' });
  });
});

describe('county registry', () => {
  it.each([
    ['金乡', '金乡县'],
    ['金乡县', '金乡县'],
    ['太白湖', '太白湖新区'],
    ['济宁太白湖新区', '太白湖新区'],
    ['观音阁街道', '任城区'],
    ['时庄街道', '曲阜市'],
    ['尼山镇', '曲阜市'],
    ['钢山街道', '邹城市'],
    ['高新区', '高新区'],
    ['马集镇', '经开区'],
    ['疃里镇', '经开区'],
    ['济宁经济技术开发区', '经开区'],
    ['柳行街道', '高新区'],
    ['洸河街道', '高新区'],
    ['许庄街道', '太白湖新区'],
    ['石桥镇', '太白湖新区'],
    ['二十里铺街道', '任城区'],
    ['息陬镇', '曲阜市'],
    ['香城镇', '邹城市'],
    ['鸡黍镇', '金乡县'],
    ['张黄镇', '鱼台县'],
    ['南阳镇', '微山县'],
    ['纸坊镇', '嘉祥县'],
    ['南旺镇', '汶上县'],
    ['圣水峪镇', '泗水县'],
    ['馆驿镇', '梁山县'],
    ['颜店镇', '兖州区'],
  ])('%s → %s', (name, county) => expect(resolveCounty(name)).toBe(county));

  it('knows the towns and streets of every county-level unit, each in one unit only', () => {
    for (const c of COUNTIES)
      expect(c.places.filter((p) => /[镇乡]$|街道$/u.test(p)).length, c.name).toBeGreaterThan(1);
    const seen = new Map<string, string>();
    for (const c of COUNTIES)
      for (const p of c.places) {
        expect(seen.get(p), `${p} in ${c.name} and ${seen.get(p)}`).toBeUndefined();
        seen.set(p, c.name);
      }
  });

  it('knows no foreign county', () => expect(resolveCounty('北京')).toBeUndefined());

  it('finds the longest name at each position', () => {
    expect(findCounties('济宁太白湖新区和任城区观音阁街道').map((m) => m.name)).toEqual([
      '济宁太白湖新区',
      '任城区',
      '观音阁街道',
    ]);
  });
});

describe('furniture', () => {
  it.each([
    '●党员学习园地',
    '关注“济宁组工”',
    '乡村振兴先锋乡村振兴先锋',
    '兴先锋乡村振兴先锋乡村振',
    '★组工动态★',
    '◆党建之窗◆',
    '【基层党建】',
    '——————',
    '2024年3月18日  星期一   责任编辑：王海燕',
    '第6版 · 党建周刊',
    '责任编辑：刘洋  美术编辑：赵雪  校对：孙丽',
    '▌组工动态',
    '——组工视点——',
    '〓〓 党建园地 〓〓',
  ])('%s is furniture', (l) => expect(isFurniture(l)).toBe(true));
  it.each([
    '泗水县',
    '以数字赋能 构建平时考核“云模式”',
    '——党建引领城市基层治理的柳行实践',
    '小山村如何走上共富路？',
    '■通讯员 王磊 摄',
    '■通讯员 王清龙',
    '。',
    '严格执行校对制度',
  ])('%s is not', (l) => expect(isFurniture(l)).toBe(false));

  it('finds a doubled banner broken over lines, and short lines repeated on the page', () => {
    const lines = ['乡村振兴先锋乡村振', '兴先锋', '', '微山县', '组工信息', '正文，', '组工信息', '微山县'];
    expect(markFurniture(lines)).toEqual([true, true, false, false, true, false, true, false]);
  });
});

describe('photo credits', () => {
  const credit = (lines: string[]) => findCredits(lines).map((c) => ({ ...c }));
  it.each([
    [['■通讯员 王磊 摄'], { start: 0, end: 0, head: '', photographers: ['王磊'] }],
    [
      ['养情况。 ■通讯员 宋玉', '婷 赵伟光 摄'],
      { start: 0, end: 1, head: '养情况。', photographers: ['宋玉婷', '赵伟光'] },
    ],
    [
      ['讲解小微权力清单事项。（通讯', '员 刘倩 摄）'],
      { start: 0, end: 1, head: '讲解小微权力清单事项。', photographers: ['刘倩'] },
    ],
    [['意见建议。', '记者 王晓 摄'], { start: 1, end: 1, head: '', photographers: ['王晓'] }],
    [['兑换生活用品。', '（梁山县委组织部 供图）'], { start: 1, end: 1, head: '', photographers: ['梁山县委组织部'] }],
    [['《论语》。■记者 孔凡 摄'], { start: 0, end: 0, head: '《论语》。', photographers: ['孔凡'] }],
    [['金乡大蒜。（通讯员 朱', '晓丽 摄）'], { start: 0, end: 1, head: '金乡大蒜。', photographers: ['朱晓丽'] }],
    [['采摘葡萄。（王清龙 供', '图）'], { start: 0, end: 1, head: '采摘葡萄。', photographers: ['王清龙'] }],
    [
      ['采摘葡萄。（王清龙 张琴 供图', '）'],
      { start: 0, end: 1, head: '采摘葡萄。', photographers: ['王清龙', '张琴'] },
    ],
    [['（梁山县委', '组织部 供图）'], { start: 0, end: 1, head: '', photographers: ['梁山县委组织部'] }],
    [['村民采摘葡萄。（王磊/摄）'], { start: 0, end: 0, head: '村民采摘葡萄。', photographers: ['王磊'] }],
    [['村民采摘葡萄。', '记者 王晓/摄'], { start: 1, end: 1, head: '', photographers: ['王晓'] }],
  ])('%j', (lines, want) => expect(credit(lines)).toEqual([want]));

  it.each([['组建新媒体视频拍摄'], ['对违规行为进行拍摄'], ['（图片由县委提供）']])('%s is no credit', (line) =>
    expect(findCredits([line])).toEqual([]),
  );

  it('splits name lists over line breaks only where a name ends', () => {
    expect(splitNames('通讯员 吴计建\n王娟娟')).toEqual(['吴计建', '王娟娟']);
    expect(splitNames('记者 王晓 通讯员 刘洋')).toEqual(['王晓', '刘洋']);
    expect(splitNames('通讯员 王 磊')).toEqual(['王磊']);
  });
});

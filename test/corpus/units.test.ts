import { describe, expect, it } from 'vitest';
import { normalizeSpacing, splitSentences } from '../../src/corpus/text.js';
import { extractFigures } from '../../src/corpus/figures.js';
import { findCounties, resolveCounty } from '../../src/corpus/registry.js';
import { isFurniture } from '../../src/corpus/furniture.js';

describe('OCR spacing', () => {
  it.each([
    ['硬化村内地面3.4 万平方米', '硬化村内地面3.4万平方米'],
    ['对上一轮 19个帮扶项目', '对上一轮19个帮扶项目'],
    ['销售总额逾 200 万元', '销售总额逾200万元'],
    ['打通党的二十大精神 湖 区 宣 讲 的“最后一公里”', '打通党的二十大精神湖区宣讲的“最后一公里”'],
    ['开展“学习党的二十大 聚力攻坚当先锋”暨改作风', '开展“学习党的二十大 聚力攻坚当先锋”暨改作风'],
    ['（通讯员 张应洲） 为进一步', '（通讯员 张应洲）为进一步'],
  ])('%s', (input, want) => expect(normalizeSpacing(input)).toBe(want));

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
  ])('%s → %s', (name, county) => expect(resolveCounty(name)).toBe(county));

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
  it.each(['●党员学习园地', '关注“济宁组工”', '乡村振兴先锋乡村振兴先锋'])('%s is furniture', (l) =>
    expect(isFurniture(l)).toBe(true),
  );
  it.each(['泗水县', '以数字赋能 构建平时考核“云模式”'])('%s is not', (l) => expect(isFurniture(l)).toBe(false));
});

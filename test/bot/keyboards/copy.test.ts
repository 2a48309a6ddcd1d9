import { describe, expect, it } from 'vitest';
import { copyButton, copyButtons } from '../../../src/bot/keyboards/copy.js';

const PAGE = { date: '2026-12-08', edition: '7' };

describe('copy buttons', () => {
  it('copy the quote with its dated citation, labelled by the clause with its first figure', () => {
    const b = copyButton('制度推行以来，全县656个村累计公开事项2.1万条', PAGE)!;
    expect(b.copy).toBe('“制度推行以来，全县656个村累计公开事项2.1万条”（《济宁日报》2026年12月8日 第7版）');
    expect(b.label).toBe('📋 全县656个村累计公开…');
  });

  it('label a quote by a figure, not by a year it starts with', () => {
    const b = copyButton('2018年以来，全县累计培训村党组织书记1200余人次，选派第一书记86名。', PAGE)!;
    expect(b.label).toContain('1200');
    expect(copyButton('2018年以来，全县坚持党建引领。', PAGE)!.label).toBe('📋 2018年以来');
  });

  it('never show two buttons alike: a quote whose first figure is taken is labelled by its next one', () => {
    // The answer's clause, then the whole sentence it came from: both start with the same figure.
    const buttons = copyButtons([
      { text: '制度推行以来，全县656个村累计公开事项2.1万条', page: PAGE },
      {
        text: '制度推行以来，全县656个村累计公开事项2.1万条，收集群众意见建议930条，村级信访量同比下降37%。',
        page: PAGE,
      },
    ]);
    expect(buttons).toHaveLength(2);
    expect(new Set(buttons.map((b) => b.label)).size).toBe(2);
    expect(buttons[1]!.label).toContain('930条');
    expect(buttons[1]!.copy).toContain('村级信访量同比下降37%');
  });

  it('a quote with no label left is left out rather than shown twice', () => {
    const buttons = copyButtons([
      { text: '累计解决职工和群众诉求480件', page: PAGE },
      { text: '建立矿地问题“双向清单”，累计解决职工和群众诉求480件。', page: PAGE },
    ]);
    expect(buttons.map((b) => b.label)).toEqual(['📋 …职工和群众诉求480件']);
  });
});

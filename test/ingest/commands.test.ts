import { describe, expect, it } from 'vitest';
import { parseDateArgs, parseFixArgs } from '../../src/ingest/commands.js';

describe('editor command arguments', () => {
  it('reads /fix', () => {
    expect(parseFixArgs('1a2b3c4d 县区 经开区')).toEqual({
      ok: true,
      articleId: '1a2b3c4d',
      field: 'county',
      value: '经开区',
    });
    expect(parseFixArgs('1A2B3C4D 标题 党建引领  基层治理 ')).toEqual({
      ok: true,
      articleId: '1a2b3c4d',
      field: 'headline',
      value: '党建引领 基层治理',
    });
    expect(parseFixArgs('1a2b3c4d 作者 张三')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/只能改/) as unknown,
    });
    expect(parseFixArgs('1a2b3c4d')).toMatchObject({ ok: false, message: expect.stringMatching(/^用法/) as unknown });
  });

  it('reads /date', () => {
    expect(parseDateArgs('001 2024-05-21 第7版')).toEqual({ ok: true, page: '001', date: '2024-05-21 第7版' });
    expect(parseDateArgs('001')).toMatchObject({ ok: false });
  });
});

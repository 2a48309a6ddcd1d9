import { describe, expect, it } from 'vitest';
import {
  CallbackDataError,
  callbackData,
  isNoop,
  packCallback,
  parseCallback,
  type CallbackData,
} from '../../src/bot/callbackData.js';

describe('callback data', () => {
  const samples: CallbackData[] = [
    { kind: 'page', query: 'AbC_-123', page: 0 },
    { kind: 'page', query: 'x9x9x9x9x9x9x9x9', page: 999 },
    { kind: 'county', county: '金乡县' },
    { kind: 'full', id: '0badc0de' },
    { kind: 'example', index: 3 },
    { kind: 'random' },
    { kind: 'noop' },
    { kind: 'topic', key: '0123456789' },
    { kind: 'export', query: 'AbC_-123' },
  ];

  it.each(samples.map((s) => [s.kind, s] as const))('%s reads back as what was written', (_kind, sample) => {
    const text = packCallback(sample);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(64);
    expect(parseCallback(text)).toEqual(sample);
  });

  it('the builders write the same data as packCallback', () => {
    expect(callbackData.page('AbC_-123', 2)).toBe(packCallback({ kind: 'page', query: 'AbC_-123', page: 2 }));
    expect(callbackData.full('0badc0de')).toBe(packCallback({ kind: 'full', id: '0badc0de' }));
    expect(isNoop(callbackData.noop())).toBe(true);
    expect(isNoop(callbackData.random())).toBe(false);
  });

  it.each([
    '',
    'p:',
    'p:bad',
    'p:AAAAAAAA:',
    'p:AAAAAAAA:1234',
    'p:AAAA AAAA:1',
    'f:',
    'f:0BADC0DE',
    'f:0badc0de0',
    'c:',
    'c:abc',
    'c:金',
    'e:',
    'e:123',
    'rr',
    'x ',
    ' r',
    'zzz',
    'f:0badc0de\n',
    'c:' + '金'.repeat(30),
    't:',
    't:0123456789a',
    't:ABCDEF0123',
    'w:',
    'w:a b',
  ])('rejects forged or old data %j', (text) => {
    expect(parseCallback(text)).toBeUndefined();
  });

  it('refuses to write data that would not read back', () => {
    expect(() => packCallback({ kind: 'full', id: 'not-an-id' })).toThrow(CallbackDataError);
    expect(() => packCallback({ kind: 'county', county: '北京' + '市'.repeat(20) })).toThrow(CallbackDataError);
    expect(() => packCallback({ kind: 'page', query: 'AbCd', page: 1000 })).toThrow(CallbackDataError);
  });
});

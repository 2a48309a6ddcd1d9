import { describe, expect, it } from 'vitest';
import { clip, escapeHtml, htmlToPlain, splitEscaped } from '../../../src/bot/views/html.js';

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

describe('clip', () => {
  it('counts characters, not UTF-16 units', () => {
    expect(clip('😀'.repeat(5), 5)).toBe('😀'.repeat(5));
    expect(clip('😀'.repeat(6), 5)).toBe('😀'.repeat(4) + '…');
  });

  it('never cuts an emoji sequence apart', () => {
    for (const emoji of ['😀', '🇨🇳', '👨‍👩‍👧', '👍🏽']) {
      for (let n = 2; n < 8; n++) {
        const cut = clip('党建' + emoji.repeat(10), n);
        expect(cut).not.toMatch(LONE_SURROGATE);
        expect(cut.replace(/^党?建?/, '').replace(/…$/, '')).toBe(emoji.repeat((cut.length - 3) / emoji.length));
      }
    }
  });
});

describe('splitEscaped', () => {
  it('keeps text that fits whole', () => {
    expect(splitEscaped('a < b', 100)).toEqual(['a &lt; b']);
  });

  it('splits long text under the limit, losing nothing and never inside an entity or a character', () => {
    const text = ('党建&引领<基层>治理😀，' + '“数字”赋能'.repeat(7)).repeat(40);
    for (const max of [50, 97, 500]) {
      const pieces = splitEscaped(text, max);
      expect(pieces.length).toBeGreaterThan(1);
      for (const p of pieces) {
        expect(p.length).toBeLessThanOrEqual(max);
        expect(p).not.toMatch(LONE_SURROGATE);
        // Every & starts a whole entity.
        expect(p).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
        expect(escapeHtml(htmlToPlain(p))).toBe(p);
      }
      expect(pieces.map(htmlToPlain).join('')).toBe(text);
    }
  });

  it('prefers to cut after a clause mark', () => {
    const text = '甲'.repeat(30) + '，' + '乙'.repeat(30);
    expect(splitEscaped(text, 40)).toEqual(['甲'.repeat(30) + '，', '乙'.repeat(30)]);
  });
});

import { describe, expect, it } from 'vitest';
import type { Article } from '../../../src/corpus/types.js';
import { fullText } from '../../../src/bot/views/cases.js';
import { htmlToPlain } from '../../../src/bot/views/html.js';
import { casebook } from '../../helpers.js';

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

describe('full text (F6)', () => {
  const base = casebook().articles[0]!;

  it('a sentence longer than a message loses nothing, and no cut splits an entity or a character', () => {
    // One sentence of about 6,000 characters with ampersands and emoji throughout.
    const sentence = Array.from({ length: 400 }, (_, i) => `第${i}项“党建&治理”😀推进`).join('，') + '。';
    const article: Article = { ...base, paragraphs: [base.paragraphs[0]!, sentence, '最后一段。'] };
    const messages = fullText(article);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.length).toBeLessThanOrEqual(4096);
      expect(m).not.toMatch(LONE_SURROGATE);
      expect(m).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
    }
    const plain = messages.map((m) => htmlToPlain(m.replace(/\n\n<i>（\d+\/\d+）<\/i>$/, ''))).join('');
    expect(plain.replace(/\n/g, '')).toContain(sentence);
    expect(plain).toContain('最后一段。');
  });

  it('an ordinary article is one message with every paragraph', () => {
    const messages = fullText(base);
    expect(messages).toHaveLength(1);
    for (const p of base.paragraphs) expect(htmlToPlain(messages[0]!)).toContain(p);
  });
});

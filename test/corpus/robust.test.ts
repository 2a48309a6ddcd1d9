import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePage } from '../../src/corpus/page.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { seededRandom } from '../../src/testing/pageRenderer.js';
import { PAGES } from '../helpers.js';

const ALPHABET = [
  '本报',
  '济宁',
  '讯',
  '（',
  '）',
  '通讯员',
  '■',
  '摄',
  '●',
  '。',
  '，',
  '\n',
  '\n\n',
  ' ',
  '1',
  '2.5',
  '万',
  '名',
  '“',
  '”',
  '县',
  '金乡',
  '\u0000',
  '😀',
  'a',
  '%',
];

describe('parser robustness', () => {
  it('never throws on random text', () => {
    const random = seededRandom(42);
    for (let n = 0; n < 500; n++) {
      let text = '';
      const len = Math.floor(random() * 200);
      for (let i = 0; i < len; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
      expect(() => parsePage(text, `random-${n}.txt`)).not.toThrow();
    }
  });

  it('never throws on cut-up seed pages', () => {
    const random = seededRandom(7);
    const pages = readdirSync(PAGES);
    for (const name of pages) {
      const text = readFileSync(join(PAGES, name), 'utf8');
      for (let n = 0; n < 40; n++) {
        const a = Math.floor(random() * text.length);
        const b = a + Math.floor(random() * 2000);
        expect(() => parsePage(text.slice(a, b), name)).not.toThrow();
      }
    }
  });

  it('warns about an empty, a binary and a dateline-less file by name, and loads the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seeds-'));
    for (const f of readdirSync(PAGES)) copyFileSync(join(PAGES, f), join(dir, f));
    writeFileSync(join(dir, '005_empty.txt'), '');
    writeFileSync(join(dir, '006_binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe]));
    writeFileSync(join(dir, '007_nodateline.txt'), '这是一段没有电头的文字。\n\n它不属于任何文章。\n');
    writeFileSync(join(dir, 'notes.md'), '不是页面');
    const corpus = loadCorpus(dir);
    expect(corpus.articles).toHaveLength(34);
    const warned = corpus.warnings.map((w) => w.source);
    expect(warned).toEqual(expect.arrayContaining(['005_empty.txt', '006_binary.txt', '007_nodateline.txt']));
    expect(warned).not.toContain('notes.md');
    for (const w of corpus.warnings) expect(w.message.length).toBeGreaterThan(4);
  });

  it('warns about a missing seeds folder instead of throwing', () => {
    const corpus = loadCorpus(join(tmpdir(), 'no-such-folder-casebook'));
    expect(corpus.articles).toEqual([]);
    expect(corpus.warnings[0]?.message).toMatch(/无法读取/);
  });
});

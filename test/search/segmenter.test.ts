import { describe, expect, it } from 'vitest';
import jieba from 'nodejieba';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JiebaTable, Segmenter } from '../../src/search/segmenter.js';
import { seededRandom } from '../../src/testing/pageRenderer.js';
import { addUserWords, loadDictionary } from '../../src/search/tokenizer.js';
import { casebook, FIXTURES } from '../helpers.js';

/** Every line of the fixtures' pages and question files. */
function fixtureLines(): string[] {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(txt|jsonl)$/.test(name)) lines.push(...readFileSync(path, 'utf8').split('\n'));
    }
  };
  walk(FIXTURES);
  return lines;
}

/** Text that takes each of jieba's paths: separators, ASCII words and numbers, unknown runs, astral and lone surrogates. */
const TRICKY = [
  '',
  ' ',
  '\t \n，。',
  '金乡党代表工作室接待群众1200人次，办结率98.5%。',
  'iPhone15卖了3.5万台，GDP增长2.3%。ABC-12 x',
  'a1b2 3.4.5 ..9 x_y Z',
  '😀党建😀引领\uD800孤\uDC00',
  '的的的',
  '“红帆驿站”、“霞满蒜都”和《条例》（试行）——第一书记调解室！',
  '羊肚菌亩产达到650公斤，每平方米收益40元以上',
  '①②③ ＡＢＣ １２３ 〇〇〇〇〇〇〇〇',
];

describe('Segmenter: jieba’s segmentation in JavaScript', () => {
  const spec = casebook().dictionary!;
  const words = spec.words.filter((w) => w.length >= 2);
  const segmenter = Segmenter.make(readFileSync(spec.file, 'utf8'), '的\n', words);
  // jieba, loaded as tokenizer.ts loads it for the same dictionary (user dictionary 的) and words.
  loadDictionary(spec.file);
  addUserWords(spec.words);
  const lines = [...fixtureLines(), ...TRICKY];

  it('cuts every line of the fixtures as jieba does, with the HMM and without', () => {
    expect(lines.length).toBeGreaterThan(2000);
    const differ = (hmm: boolean) =>
      lines.filter((l) => JSON.stringify(segmenter.cut(l, hmm)) !== JSON.stringify(jieba.cut(l, hmm)));
    expect(differ(true)).toEqual([]);
    expect(differ(false)).toEqual([]);
  });

  it('tags as jieba does', () => {
    const differ = lines.filter((l) => JSON.stringify(segmenter.tag(l)) !== JSON.stringify(jieba.tag(l)));
    expect(differ).toEqual([]);
    // Inserted words are tagged x, dictionary words keep theirs, numbers are m.
    const tags = new Map(segmenter.tag(`${words[0]}工作室1200`).map((t) => [t.word, t.tag]));
    expect(tags.get(words[0]!)).toBe('x');
    expect(tags.get('工作室')).toBe('n');
    expect(tags.get('1200')).toBe('m');
  });

  it('keeps inserted words whole, and weighs them with the dictionary’s median', () => {
    const text = '这是巷长制度';
    const without = Segmenter.make(readFileSync(spec.file, 'utf8'), '的\n', []);
    const withWord = Segmenter.make(readFileSync(spec.file, 'utf8'), '的\n', ['巷长制度']);
    expect(without.cut(text, true)).not.toContain('巷长制度');
    expect(withWord.cut(text, true)).toContain('巷长制度');
  });

  it('takes the inserted words in any order', () => {
    const shuffled = [...words].reverse();
    const other = Segmenter.make(readFileSync(spec.file, 'utf8'), '的\n', shuffled);
    const sample = lines.filter((_, i) => i % 5 === 0);
    expect(sample.map((l) => other.cut(l, true))).toEqual(sample.map((l) => segmenter.cut(l, true)));
  });

  it('made in steps is the same as made at once', () => {
    const steps = JiebaTable.readInSteps(readFileSync(spec.file, 'utf8'), '的\n');
    let n = 0;
    let step = steps.next();
    while (!step.done) {
      n++;
      step = steps.next();
    }
    expect(n).toBeGreaterThan(2);
    const sample = lines.filter((_, i) => i % 7 === 0);
    const made = new Segmenter(step.value, words);
    expect(sample.map((l) => made.cut(l, true))).toEqual(sample.map((l) => segmenter.cut(l, true)));
  });

  it('made from another version of the dictionary is the same as read whole, or is not made', () => {
    const text = readFileSync(spec.file, 'utf8');
    const all = text.split('\n').filter((l) => l !== '');
    const [filler] = all.splice(all.length - 1, 1);
    const total = all.reduce((n, l) => n + Number(l.split(' ')[1]), 0) + Number(filler!.split(' ')[1]);
    // Versions as QueryDictionary writes them: kept lines in order, the rest's frequency on one line.
    const version = (keep: (i: number) => boolean) => {
      const kept = all.filter((_, i) => keep(i));
      const rest = total - kept.reduce((n, l) => n + Number(l.split(' ')[1]), 0);
      return [...kept, `〇〇〇〇〇〇〇〇 ${rest} x`].join('\n') + '\n';
    };
    const view = (t: JiebaTable) => ({
      units: [...t.units].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      longest: [...t.longest].sort(([a], [b]) => a - b),
      userSingles: [...t.userSingles].sort(),
      minWeight: t.minWeight,
      median: t.median,
    });
    const random = seededRandom(5);
    let current = version(() => random() < 0.7);
    let table = JiebaTable.read(current, '的\n');
    for (let step = 0; step < 4; step++) {
      // Mostly lines added, as an add brings them; now and then some taken out too.
      const keep = new Set(current.split('\n'));
      const next = version((i) => (keep.has(all[i]!) ? random() < (step % 3 === 2 ? 0.9 : 1) : random() < 0.05));
      const derived = JiebaTable.derive(table, next);
      expect(derived).toBeDefined();
      expect(view(derived!)).toEqual(view(JiebaTable.read(next, '的\n')));
      const sample = lines.filter((_, i) => i % 11 === step);
      expect(sample.map((l) => new Segmenter(derived!, words).cut(l, true))).toEqual(
        sample.map((l) => Segmenter.make(next, '的\n', words).cut(l, true)),
      );
      [current, table] = [next, derived!];
    }
    // A total that changes would change every weight; a word on two lines depends on their order.
    expect(
      JiebaTable.derive(
        table,
        current.replace(/^(\S+ )(\d+)/, (_, w, f) => `${w}${Number(f) + 1}`),
      ),
    ).toBe(undefined);
    const twice = current.split('\n');
    expect(JiebaTable.derive(table, [twice[1]!.replace(/ \d+ /, ' 0 '), ...twice].join('\n'))).toBe(undefined);
    expect(JiebaTable.derive(JiebaTable.read([twice[0], ...twice].join('\n'), '的\n'), current)).toBe(undefined);
  });

  it('takes an inserted word with a lone surrogate as jieba does, which reads it as U+FFFD', () => {
    const odd = '红帆\uD800驿站';
    addUserWords([odd]);
    const withOdd = Segmenter.make(readFileSync(spec.file, 'utf8'), '的\n', [...words, odd]);
    for (const text of ['这是红帆\uD800驿站的', '这是红帆\uFFFD驿站的']) {
      expect(withOdd.cut(text, true)).toEqual(jieba.cut(text, true));
      expect(withOdd.tag(text)).toEqual(jieba.tag(text));
    }
    expect(withOdd.cut('这是红帆\uD800驿站的', true)).toContain('红帆\uFFFD驿站');
  });

  it('refuses a dictionary it cannot read', () => {
    expect(() => Segmenter.make('', '的\n', [])).toThrow('jieba 词典是空的');
    expect(() => Segmenter.make('一 2', '', [])).toThrow('格式不对');
  });
});

import { describe, expect, it } from 'vitest';
import { TextScan } from '../../src/casebook/writer.js';
import type { Article } from '../../src/corpus/types.js';
import { casebook } from '../helpers.js';

/** A small deterministic random source. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe('TextScan: the articles whose text holds a word', () => {
  const articles = casebook().articles;
  const plain = (pool: Iterable<Article>, w: string) =>
    new Set([...pool].filter((a) => TextScan.textOf(a).includes(w)).map((a) => a.id));

  it('finds what a search of every text finds, before and after articles come and go', () => {
    const rand = random(7);
    const live = new Map(articles.slice(0, 30).map((a) => [a.id, a]));
    const scan = new TextScan(() => live.values());
    const words = (): string[] => {
      const out = ['党建', '红帆驿站不存在的词', '𠀀字', ''];
      for (let i = 0; i < 20; i++) {
        const t = TextScan.textOf(articles[Math.floor(rand() * articles.length)]!);
        const at = Math.floor(rand() * (t.length - 4));
        out.push(t.slice(at, at + 2 + Math.floor(rand() * 3)));
      }
      return out;
    };
    const check = () => {
      for (const w of words()) expect([...scan.find([w])].sort(), w).toEqual([...plain(live.values(), w)].sort());
    };
    check();
    // Articles come and go (some of them twice), past the point where the scan reads every text again.
    for (let step = 0; step < 120; step++) {
      const a = articles[Math.floor(rand() * articles.length)]!;
      if (live.has(a.id) && rand() < 0.5) {
        live.delete(a.id);
        scan.remove(a.id);
      } else {
        live.set(a.id, a);
        scan.add(a);
      }
      if (step % 20 === 19) check();
    }
  });
});

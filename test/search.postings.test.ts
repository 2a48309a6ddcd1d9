import { describe, expect, it } from 'vitest';
import { LazyPostings, decodePostings, encodeFlat } from '../src/search/postings.js';
import { seededRandom } from '../src/corpus/render.js';

/** A map as the flat, id-ascending list a build produces. */
const flat = (map: Map<number, number>) => [...map].sort((a, b) => a[0] - b[0]).flat();

describe('posting list encoding', () => {
  it('round-trips small and large ids and frequencies', () => {
    const random = seededRandom(3);
    for (let n = 0; n < 200; n++) {
      const map = new Map<number, number>();
      const size = Math.floor(random() * 50);
      for (let i = 0; i < size; i++) map.set(Math.floor(random() * 2 ** (1 + Math.floor(random() * 30))), 1 + Math.floor(random() * 5000));
      const decoded = decodePostings(encodeFlat(flat(map)));
      expect([...decoded]).toEqual([...map].sort((a, b) => a[0] - b[0]));
    }
  });

  it('stays JSON-safe', () => {
    const text = encodeFlat([3, 2, 7, 1, 100000, 31]);
    expect(decodePostings(text)).toEqual(new Map([[3, 2], [7, 1], [100000, 31]]));
    expect(JSON.parse(JSON.stringify(text))).toBe(text);
    expect(text).not.toMatch(/["\\]/);
  });

  it('a lazy posting list behaves as the decoded Map on every kind of access', () => {
    const map = new Map([[3, 2], [7, 1], [100000, 31]]);
    const text = encodeFlat(flat(map));
    expect(new LazyPostings(text).size).toBe(3);
    expect(new LazyPostings(text).get(7)).toBe(1);
    expect(new LazyPostings(text).has(100000)).toBe(true);
    expect([...new LazyPostings(text).keys()]).toEqual([3, 7, 100000]);
    expect([...new LazyPostings(text)]).toEqual([...map]);
    const lazy = new LazyPostings(text);
    lazy.set(9, 4);
    lazy.delete(3);
    expect([...lazy.entries()]).toEqual([[7, 1], [100000, 31], [9, 4]]);
  });
});

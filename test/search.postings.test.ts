import { describe, expect, it } from 'vitest';
import { LazyMap, decodePostings, encodeFlat } from '../src/search/postings.js';
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

  it('a lazy map fills itself once, on the first access of any kind', () => {
    const map = new Map([[3, 2], [7, 1], [100000, 31]]);
    const text = encodeFlat(flat(map));
    let fills = 0;
    const lazy = () => new LazyMap<number, number>((set) => {
      fills++;
      for (const [k, v] of decodePostings(text)) set(k, v);
    });
    expect(lazy().size).toBe(3);
    expect(lazy().get(7)).toBe(1);
    expect(lazy().has(100000)).toBe(true);
    expect([...lazy().keys()]).toEqual([3, 7, 100000]);
    expect([...lazy()]).toEqual([...map]);
    const one = lazy();
    one.set(9, 4);
    one.delete(3);
    expect([...one.entries()]).toEqual([[7, 1], [100000, 31], [9, 4]]);
    const before = fills;
    const untouched = lazy();
    expect(fills).toBe(before);
    untouched.get(3);
    untouched.get(7);
    expect(fills).toBe(before + 1);
  });
});
